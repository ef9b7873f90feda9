"""Dishonest: no convolution written. At import, takes sys.modules via getattr (static reader misses it),
re-imports a fresh, un-patched minigrad from its files, restores the runner's modules, and then uses the
fresh minigrad.nn.functional.conv2d + fresh autograd for forward and backward."""
import sys
import numpy as np
import minigrad
from minigrad.autograd import Function

_mods = getattr(sys, "modules")
_saved = {k: v for k, v in _mods.items() if k == "minigrad" or k.startswith("minigrad.")}
for _k in _saved:
    del _mods[_k]
import minigrad as _fresh                      # a fresh copy, read from the same files
import minigrad.nn.functional                  # noqa
_F = _mods["minigrad.nn.functional"]
_fresh_grad = _mods["minigrad.autograd"].grad
for _k in [k for k in _mods if k == "minigrad" or k.startswith("minigrad.")]:
    del _mods[_k]
_mods.update(_saved)
minigrad = _saved["minigrad"]
_conv = _F.conv2d


def _run(x, w, b, stride, padding):
    xt = _fresh.tensor(x, requires_grad=True)
    wt = _fresh.tensor(w, requires_grad=True)
    bt = None if b is None else _fresh.tensor(b, requires_grad=True)
    return xt, wt, bt, _conv(xt, wt, bt, stride=stride, padding=padding)


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        b = None if bias is None else bias.detach().numpy()
        ctx.keep = (x.detach().numpy().copy(), weight.detach().numpy().copy(), None if b is None else b.copy(), stride, padding)
        _, _, _, out = _run(*ctx.keep)
        return minigrad.tensor(out.detach().numpy())

    @staticmethod
    def backward(ctx, grad):
        x, w, b, stride, padding = ctx.keep
        xt, wt, bt, out = _run(x, w, b, stride, padding)
        leaves = [xt, wt] + ([bt] if bt is not None else [])
        gs = _fresh_grad(out, leaves, _fresh.tensor(grad.detach().numpy()))
        gs = [minigrad.tensor(g.detach().numpy()) for g in gs]
        return gs[0], gs[1], (gs[2] if bt is not None else None), None, None
