"""Conv2d one output row at a time: the band of kH padded rows under output row i, its windows along the width from
sliding_window_view, one einsum per row. Backward walks the same rows and adds each band's gradient back."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import minigrad
from minigrad.autograd import Function


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xp = np.pad(x.detach().numpy(), [(0, 0), (0, 0), (padding,) * 2, (padding,) * 2])
        w = weight.detach().numpy()
        kh, kw = w.shape[2:]
        ho = (xp.shape[2] - kh) // stride + 1
        wo = (xp.shape[3] - kw) // stride + 1
        rows = []
        for i in range(ho):
            band = xp[:, :, i * stride:i * stride + kh, :]                               # (N, C, kh, Wp)
            win = sliding_window_view(band, kw, axis=3)[:, :, :, ::stride][:, :, :, :wo]  # (N, C, kh, wo, kw)
            rows.append(np.einsum("ncujv,ocuv->noj", win, w))
        out = np.stack(rows, axis=2)
        if bias is not None:
            out += bias.detach().numpy()[:, None, None]
        ctx.save = (xp, w, stride, padding, x.shape, bias is not None)
        return minigrad.tensor(out, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        xp, w, s, p, shape, has_bias = ctx.save
        g = grad_output.detach().numpy()
        kh, kw = w.shape[2:]
        ho, wo = g.shape[2:]
        gxp = np.zeros_like(xp)
        gw = np.zeros_like(w)
        cols = [slice(v, v + s * (wo - 1) + 1, s) for v in range(kw)]
        for i in range(ho):
            gi = g[:, :, i, :]                                                          # (N, O, wo)
            band = xp[:, :, i * s:i * s + kh, :]
            for v, c in enumerate(cols):
                gw[:, :, :, v] += np.einsum("noj,ncuj->ocu", gi, band[:, :, :, c])
                gxp[:, :, i * s:i * s + kh, c] += np.einsum("noj,ocu->ncuj", gi, w[:, :, :, v])
        H, W = shape[2:]
        out = [minigrad.tensor(gxp[:, :, p:p + H, p:p + W].copy(), dtype=minigrad.float64),
               minigrad.tensor(gw, dtype=minigrad.float64),
               minigrad.tensor(g.sum(axis=(0, 2, 3)), dtype=minigrad.float64) if has_bias else None]
        return (*out, None, None)
