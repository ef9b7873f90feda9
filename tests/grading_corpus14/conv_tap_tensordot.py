"""A loop over the kH*kW kernel taps: each tap is one np.tensordot of a strided slice of the padded input with
the tap's (C_out, C_in) matrix. The backward loops over the same taps: grad_weight per tap by tensordot, grad_x by
adding each tap's contribution into the padded gradient, cropped at the end."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def taps(kh, kw, s, ho, wo):
    for u in range(kh):
        for v in range(kw):
            yield u, v, slice(u, u + s * (ho - 1) + 1, s), slice(v, v + s * (wo - 1) + 1, s)


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv = x.detach().numpy()
        w = weight.detach().numpy()
        p, s = padding, stride
        xp = np.pad(xv, [(0, 0), (0, 0), (p, p), (p, p)])
        kh, kw = w.shape[2:]
        ho = (xp.shape[2] - kh) // s + 1
        wo = (xp.shape[3] - kw) // s + 1
        out = np.zeros((xv.shape[0], w.shape[0], ho, wo))
        for u, v, r, c in taps(kh, kw, s, ho, wo):
            # (N, C, ho, wo) x (O, C) over C -> (N, ho, wo, O)
            out += np.tensordot(xp[:, :, r, c], w[:, :, u, v], axes=([1], [1])).transpose(0, 3, 1, 2)
        if bias is not None:
            out += bias.detach().numpy()[None, :, None, None]
        ctx.xp, ctx.w, ctx.s, ctx.p = xp, w, s, p
        ctx.x_shape, ctx.has_bias = xv.shape, bias is not None
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        xp, w, s, p = ctx.xp, ctx.w, ctx.s, ctx.p
        kh, kw = w.shape[2:]
        ho, wo = g.shape[2:]
        gxp = np.zeros_like(xp)
        gw = np.zeros_like(w)
        for u, v, r, c in taps(kh, kw, s, ho, wo):
            gw[:, :, u, v] = np.tensordot(g, xp[:, :, r, c], axes=([0, 2, 3], [0, 2, 3]))
            gxp[:, :, r, c] += np.tensordot(g, w[:, :, u, v], axes=([1], [0])).transpose(0, 3, 1, 2)
        n, c, h, wd = ctx.x_shape
        gx = gxp[:, :, p:p + h, p:p + wd]
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3))) if ctx.has_bias else None
        return minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(gw), gb, None, None
