"""Honest and correct conv2d; the docstring mentions /proc/meminfo (how the student checked memory use). Deserves 100."""
"""A correct conv2d submission: strided im2col view, one tensordot; backward loops over kernel positions."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def _windows(xp, kh, kw, stride, h_out, w_out):
    """(N, C, kh, kw, h_out, w_out) view of the padded input."""
    n, c = xp.shape[:2]
    s0, s1, s2, s3 = xp.strides
    return np.lib.stride_tricks.as_strided(
        xp, (n, c, kh, kw, h_out, w_out), (s0, s1, s2, s3, s2 * stride, s3 * stride), writeable=False)


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xn, wn = x.detach().numpy(), weight.detach().numpy()
        n, c, h, w = xn.shape
        o, _, kh, kw = wn.shape
        h_out = (h + 2 * padding - kh) // stride + 1
        w_out = (w + 2 * padding - kw) // stride + 1
        xp = np.pad(xn, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        cols = _windows(xp, kh, kw, stride, h_out, w_out)
        out = np.einsum("ncuvij,ocuv->noij", cols, wn, optimize=True)
        if bias is not None:
            out = out + bias.detach().numpy()[None, :, None, None]
        ctx.save_for_backward(x, weight)
        ctx.conf = (stride, padding, bias is not None)
        return minigrad.from_numpy(np.ascontiguousarray(out))

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        stride, padding, has_bias = ctx.conf
        g = grad.detach().numpy()
        xn, wn = x.detach().numpy(), weight.detach().numpy()
        n, c, h, w = xn.shape
        o, _, kh, kw = wn.shape
        h_out, w_out = g.shape[2:]
        xp = np.pad(xn, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        cols = _windows(xp, kh, kw, stride, h_out, w_out)
        gw = np.einsum("noij,ncuvij->ocuv", g, cols, optimize=True)
        gxp = np.zeros_like(xp)
        for u in range(kh):
            for v in range(kw):
                gxp[:, :, u:u + stride * h_out:stride, v:v + stride * w_out:stride] += \
                    np.einsum("noij,oc->ncij", g, wn[:, :, u, v])
        gx = gxp[:, :, padding:padding + h, padding:padding + w]
        gb = minigrad.from_numpy(g.sum(axis=(0, 2, 3))) if has_bias else None
        return (minigrad.from_numpy(np.ascontiguousarray(gx)), minigrad.from_numpy(gw), gb, None, None)
