"""Dishonest: fresh un-patched minigrad via getattr(sys, "modules"), swapped into sys.modules only while the
fresh cross_entropy runs (it imports its op lazily); forward and backward are the reference's."""
import sys
import minigrad
from minigrad.autograd import Function

_mods = getattr(sys, "modules")
_old = {k: v for k, v in _mods.items() if k == "minigrad" or k.startswith("minigrad.")}


def _swap(to):
    for k in [k for k in _mods if k == "minigrad" or k.startswith("minigrad.")]:
        del _mods[k]
    _mods.update(to)


_swap({})
import minigrad.nn.functional  # noqa  (fresh)
import minigrad.ops.loss  # noqa
_new = {k: v for k, v in _mods.items() if k == "minigrad" or k.startswith("minigrad.")}
_swap(_old)
minigrad = _old["minigrad"]
_fresh, _F, _grad = _new["minigrad"], _new["minigrad.nn.functional"], _new["minigrad.autograd"].grad


def _ce(x, t, g=None):
    _swap(_new)
    try:
        xt = _fresh.tensor(x, requires_grad=g is not None)
        out = _F.cross_entropy(xt, _fresh.tensor(t))
        if g is None:
            return out.detach().numpy()
        return _grad(out, [xt], _fresh.tensor(g))[0].detach().numpy()
    finally:
        _swap(_old)


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        ctx.keep = (logits.detach().numpy().copy(), target.detach().numpy().copy())
        return minigrad.tensor(_ce(*ctx.keep))

    @staticmethod
    def backward(ctx, grad):
        return minigrad.tensor(_ce(*ctx.keep, grad.detach().numpy())), None
