"""conv2d with numpy.lib.stride_tricks.sliding_window_view and einsum(optimize=True); grad_x as the full
correlation of the (dilated) upstream gradient with the flipped kernel, also by sliding windows."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import minigrad
from minigrad.autograd import Function


def windows(a, kh, kw, stride):
    v = sliding_window_view(a, (kh, kw), axis=(2, 3))          # n, c, H-kh+1, W-kw+1, kh, kw
    return v[:, :, ::stride, ::stride]


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, wv = x.detach().numpy(), weight.detach().numpy()
        xp = np.pad(xv, [(0, 0), (0, 0), (padding,) * 2, (padding,) * 2])
        kh, kw = wv.shape[-2:]
        win = windows(xp, kh, kw, stride)
        out = np.einsum("nchwuv,ocuv->nohw", win, wv, optimize=True)
        if bias is not None:
            out = out + bias.detach().numpy()[:, None, None]
        ctx.save = xv, xp, wv, stride, padding, bias is not None
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        xv, xp, wv, s, p, has_bias = ctx.save
        g = grad_output.detach().numpy()
        n, o, ho, wo = g.shape
        kh, kw = wv.shape[-2:]
        gw = np.einsum("nohw,nchwuv->ocuv", g, windows(xp, kh, kw, s), optimize=True)
        # dilate g by the stride into the reachable part of the padded input, then a full correlation
        hr, wr = (ho - 1) * s + 1, (wo - 1) * s + 1
        gd = np.zeros((n, o, hr, wr), dtype=g.dtype)
        gd[:, :, ::s, ::s] = g
        gd = np.pad(gd, [(0, 0), (0, 0), (kh - 1, xp.shape[2] - hr), (kw - 1, xp.shape[3] - wr)])
        gxp = np.einsum("nohwuv,ocuv->nchw", sliding_window_view(gd, (kh, kw), axis=(2, 3)),
                        wv[:, :, ::-1, ::-1], optimize=True)
        gx = gxp[:, :, p:p + xv.shape[2], p:p + xv.shape[3]]
        gb = minigrad.tensor(g.sum((0, 2, 3))) if has_bias else None
        return minigrad.tensor(gx), minigrad.tensor(gw), gb, None, None
