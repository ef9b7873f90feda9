"""conv2d through the FFT: a cross-correlation is a convolution with the flipped kernel; stride by slicing the
full result. Backward also by FFT (the complex numbers are internal: inputs and outputs are float64)."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def xcorr_valid(a, k):
    """Valid cross-correlation of a (n, c, H, W) with k (o, c, kh, kw) summed over c: (n, o, H-kh+1, W-kw+1)."""
    H, W = a.shape[-2:]
    kh, kw = k.shape[-2:]
    fa = np.fft.rfft2(a, s=(H, W))
    fk = np.fft.rfft2(k[..., ::-1, ::-1], s=(H, W))
    full = np.fft.irfft2(np.einsum("nchw,ochw->nohw", fa, fk), s=(H, W))
    return full[..., kh - 1:, kw - 1:]


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        p, s = padding, stride
        xp = np.pad(x.detach().numpy(), ((0, 0), (0, 0), (p, p), (p, p)))
        w = weight.detach().numpy()
        out = xcorr_valid(xp, w)[:, :, ::s, ::s]
        if bias is not None:
            out = out + bias.detach().numpy()[None, :, None, None]
        ctx.keep = (xp, w, s, p, x.shape, bias is not None)
        return minigrad.tensor(np.ascontiguousarray(out))

    @staticmethod
    def backward(ctx, grad_output):
        xp, w, s, p, xshape, has_bias = ctx.keep
        g = grad_output.detach().numpy()
        n, o, ho, wo = g.shape
        kh, kw = w.shape[-2:]
        Hv, Wv = xp.shape[2] - kh + 1, xp.shape[3] - kw + 1
        gd = np.zeros((n, o, Hv, Wv))
        gd[:, :, ::s, ::s] = g
        # grad_w[o, c] = valid xcorr of xp[n, c] with gd[n, o], summed over n
        gw = xcorr_valid(xp.transpose(1, 0, 2, 3), gd.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3)
        # grad_xp = full convolution of gd with w: valid xcorr of gd padded by k-1 with the flipped kernel
        gdp = np.pad(gd, ((0, 0), (0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
        gxp = xcorr_valid(gdp, w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        gx = gxp[:, :, p:p + xshape[2], p:p + xshape[3]]
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3))) if has_bias else None
        return minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(np.ascontiguousarray(gw)), gb, None, None
