"""Conv2d with as_strided windows, tensordot forward and a kernel-position loop for grad_x."""
import numpy as np
from numpy.lib.stride_tricks import as_strided

import minigrad
from minigrad.autograd import Function


def windows(xp, kh, kw, s):
    n, c, h, w = xp.shape
    ho, wo = (h - kh) // s + 1, (w - kw) // s + 1
    sn, sc, sh, sw = xp.strides
    return as_strided(xp, (n, c, ho, wo, kh, kw), (sn, sc, sh * s, sw * s, sh, sw), writeable=False)


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, wv = x.detach().numpy(), weight.detach().numpy()
        p = padding
        xp = np.pad(xv, ((0, 0), (0, 0), (p, p), (p, p)))
        win = windows(xp, wv.shape[2], wv.shape[3], stride)
        out = np.tensordot(win, wv, axes=([1, 4, 5], [1, 2, 3]))      # n, ho, wo, o
        out = np.ascontiguousarray(out.transpose(0, 3, 1, 2))
        if bias is not None:
            out += bias.detach().numpy()[None, :, None, None]
        ctx.stuff = (xv.shape, xp, wv, stride, p, bias is not None)
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        xshape, xp, wv, s, p, has_bias = ctx.stuff
        g = grad_output.detach().numpy()
        kh, kw = wv.shape[2:]
        win = windows(xp, kh, kw, s)
        gw = np.tensordot(g, win, axes=([0, 2, 3], [0, 2, 3]))       # o, c, kh, kw
        gxp = np.zeros_like(xp)
        ho, wo = g.shape[2:]
        for u in range(kh):
            for v in range(kw):
                gxp[:, :, u:u + s * ho:s, v:v + s * wo:s] += np.einsum("nohw,oc->nchw", g, wv[:, :, u, v])
        gx = gxp[:, :, p:p + xshape[2], p:p + xshape[3]]
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3))) if has_bias else None
        return minigrad.tensor(gx), minigrad.tensor(gw), gb, None, None
