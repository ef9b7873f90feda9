"""Conv2d as a subclass of my own abstract "Layer function" base, which fixes the numpy <-> tensor plumbing;
windows from np.lib.stride_tricks.sliding_window_view; grad_x by a loop over kernel offsets (kh * kw slices)."""
import abc

import numpy as np

import minigrad
from minigrad.autograd import Function


class NumpyFunction(Function):
    """Subclasses implement _forward(ctx, *arrays) and _backward(ctx, g) on numpy arrays."""

    @staticmethod
    def to_np(t):
        return None if t is None else t.detach().numpy()

    @staticmethod
    def to_t(a):
        return None if a is None else minigrad.tensor(np.ascontiguousarray(a), dtype=minigrad.float64)


class Conv2d(NumpyFunction):
    __metaclass__ = abc.ABCMeta             # (python 2 habit; harmless)

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        args = [NumpyFunction.to_np(t) for t in (x, weight, bias)]
        return NumpyFunction.to_t(Conv2d._forward(ctx, *args, stride=stride, padding=padding))

    @staticmethod
    def backward(ctx, grad_output):
        grads = Conv2d._backward(ctx, NumpyFunction.to_np(grad_output))
        return tuple(NumpyFunction.to_t(g) for g in grads) + (None, None)

    @staticmethod
    def _forward(ctx, x, w, b, stride, padding):
        kh, kw = w.shape[2:]
        xp = np.pad(x, [(0, 0), (0, 0), (padding, padding), (padding, padding)])
        win = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
        out = np.einsum("nchwuv,ocuv->nohw", win, w)
        if b is not None:
            out = out + b[:, None, None]
        ctx.cache = (xp, w, b is not None, stride, padding, x.shape, out.shape[2:])
        return out

    @staticmethod
    def _backward(ctx, g):
        xp, w, has_b, s, p, xshape, (ho, wo) = ctx.cache
        kh, kw = w.shape[2:]
        gxp = np.zeros_like(xp)
        gw = np.empty_like(w)
        for u in range(kh):
            for v in range(kw):
                rows = slice(u, u + s * (ho - 1) + 1, s)
                cols = slice(v, v + s * (wo - 1) + 1, s)
                gw[:, :, u, v] = np.einsum("nohw,nchw->oc", g, xp[:, :, rows, cols])
                gxp[:, :, rows, cols] += np.einsum("nohw,oc->nchw", g, w[:, :, u, v])
        H, W = xshape[2:]
        return gxp[:, :, p:p + H, p:p + W], gw, (g.sum((0, 2, 3)) if has_b else None)
