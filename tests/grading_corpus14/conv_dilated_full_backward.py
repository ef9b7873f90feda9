"""The textbook derivation: grad_x is a full convolution of the dilated upstream gradient (stride - 1 zeros
between entries) with the kernel rotated by 180 degrees and its channels swapped; grad_weight is a correlation of
the padded input with the dilated upstream gradient. One helper, a stride-1 valid correlation over sliding
windows (np.lib.stride_tricks.sliding_window_view + einsum), does all three."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import minigrad
from minigrad.autograd import Function


def correlate(x, k):
    """valid, stride 1: x (N, C, H, W), k (O, C, kh, kw) -> (N, O, H - kh + 1, W - kw + 1)."""
    win = sliding_window_view(x, k.shape[2:], axis=(2, 3))          # (N, C, Ho, Wo, kh, kw)
    return np.einsum("ncijuv,ocuv->noij", win, k, optimize=True)


def dilate(g, s):
    if s == 1:
        return g
    n, o, h, w = g.shape
    out = np.zeros((n, o, (h - 1) * s + 1, (w - 1) * s + 1))
    out[:, :, ::s, ::s] = g
    return out


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        p = padding
        xp = np.pad(x.detach().numpy(), ((0, 0), (0, 0), (p, p), (p, p)))
        w = weight.detach().numpy()
        full = correlate(xp, w)                    # stride 1, then keep every stride-th window
        out = full[:, :, ::stride, ::stride]
        if bias is not None:
            out = out + bias.detach().numpy()[None, :, None, None]
        ctx.xp, ctx.w, ctx.stride, ctx.padding, ctx.bias = xp, w, stride, p, bias is not None
        return minigrad.tensor(np.ascontiguousarray(out))

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        xp, w, s, p = ctx.xp, ctx.w, ctx.stride, ctx.padding
        kh, kw = w.shape[2:]
        gd = dilate(g, s)                           # (N, O, hd, wd)
        # rows/columns of xp that no window reaches (the stride's remainder) are cut before and padded after
        hu, wu = gd.shape[2] + kh - 1, gd.shape[3] + kw - 1
        # grad_weight[o, c] = correlate(xp[:, c], gd[:, o]) summed over n
        gw = np.einsum("ncuvij,noij->ocuv", sliding_window_view(xp[:, :, :hu, :wu], gd.shape[2:], axis=(2, 3)), gd,
                       optimize=True)
        # grad_xp = full convolution: pad gd by k - 1, correlate with the rotated kernel, channels swapped
        gpad = np.pad(gd, ((0, 0), (0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
        gxp_used = correlate(gpad, w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        gxp = np.zeros_like(xp)
        gxp[:, :, :hu, :wu] = gxp_used
        h, wd = xp.shape[2] - 2 * p, xp.shape[3] - 2 * p
        gx = gxp[:, :, p:p + h, p:p + wd]
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3))) if ctx.bias else None
        return minigrad.tensor(gx.copy()), minigrad.tensor(gw), gb, None, None
