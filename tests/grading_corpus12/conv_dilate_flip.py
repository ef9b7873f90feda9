"""Conv2d the way the lecture derived the backward pass:

* forward: cross-correlation via an as_strided window view and np.tensordot;
* grad_weight: cross-correlate the padded input with grad_output *dilated* by the stride;
* grad_x: a "full" convolution: dilate grad_output by the stride, pad it by k - 1, and
  cross-correlate it with the kernel rotated by 180 degrees (channels in/out swapped), then cut the padding.
"""
import numpy as np
from numpy.lib.stride_tricks import as_strided

import minigrad
from minigrad.autograd import Function


def windows(x, kh, kw, stride=1):
    """(N, C, H, W) -> (N, C, Ho, Wo, kh, kw) view."""
    n, c, h, w = x.shape
    sn, sc, sh, sw = x.strides
    ho, wo = (h - kh) // stride + 1, (w - kw) // stride + 1
    return as_strided(x, (n, c, ho, wo, kh, kw), (sn, sc, sh * stride, sw * stride, sh, sw), writeable=False)


def correlate(x, k, stride=1):
    """x (N, C, H, W), k (O, C, kh, kw) -> (N, O, Ho, Wo)."""
    win = windows(np.ascontiguousarray(x), k.shape[2], k.shape[3], stride)
    return np.tensordot(win, k, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)


def dilate(g, stride):
    """Insert stride - 1 zeros between neighbouring entries of the last two dimensions."""
    if stride == 1:
        return g
    n, o, h, w = g.shape
    d = np.zeros((n, o, (h - 1) * stride + 1, (w - 1) * stride + 1), dtype=g.dtype)
    d[:, :, ::stride, ::stride] = g
    return d


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, wv = x.detach().numpy(), weight.detach().numpy()
        xp = np.pad(xv, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        out = correlate(xp, wv, stride)
        if bias is not None:
            out = out + bias.detach().numpy()[None, :, None, None]
        ctx.save = (xp, wv, stride, padding, xv.shape, bias is not None)
        return minigrad.tensor(out, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        xp, wv, s, p, (N, C, H, W), has_bias = ctx.save
        kh, kw = wv.shape[2:]
        g = dilate(grad_output.detach().numpy(), s)
        # rows/columns of xp that no window reached (the stride's remainder) still need a place
        extra_h = xp.shape[2] - (g.shape[2] + kh - 1)
        extra_w = xp.shape[3] - (g.shape[3] + kw - 1)
        # grad_weight[o, c] = correlate(xp[:, c], g[:, o]) summed over the batch
        xp_used = xp[:, :, :xp.shape[2] - extra_h, :xp.shape[3] - extra_w]
        gw = correlate(xp_used.transpose(1, 0, 2, 3), g.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3)
        # full convolution for grad_x_pad
        gfull = np.pad(g, ((0, 0), (0, 0), (kh - 1, kh - 1 + extra_h), (kw - 1, kw - 1 + extra_w)))
        w_rot = wv[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
        gxp = correlate(gfull, w_rot)
        gx = gxp[:, :, p:p + H, p:p + W]
        gb = grad_output.detach().numpy().sum(axis=(0, 2, 3)) if has_bias else None
        wrap = lambda a: None if a is None else minigrad.tensor(np.ascontiguousarray(a), dtype=minigrad.float64)
        return wrap(gx), wrap(gw), wrap(gb), None, None
