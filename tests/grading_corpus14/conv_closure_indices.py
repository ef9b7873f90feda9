"""Gather by index arrays built once with np.indices: rows[i, u] = i*stride + u (and columns likewise); the forward
gathers x_pad[:, :, rows, cols] with broadcasting fancy indexing, and the backward is a closure over those indices
that scatters with np.add.at. The geometry lives in a closure made by a factory function."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def make_geometry(h, w, kh, kw, s, p):
    ho, wo = (h + 2 * p - kh) // s + 1, (w + 2 * p - kw) // s + 1
    i, u = np.indices((ho, kh))
    j, v = np.indices((wo, kw))
    rows = (i * s + u)[:, None, :, None]          # (ho, 1, kh, 1)
    cols = (j * s + v)[None, :, None, :]          # (1, wo, 1, kw)

    def gather(xp):
        return xp[:, :, rows, cols]                 # (N, C, ho, wo, kh, kw)

    def scatter(gpatches, shape):
        out = np.zeros(shape)
        n, c = shape[:2]
        idx_r = np.broadcast_to(rows, (ho, wo, kh, kw))
        idx_c = np.broadcast_to(cols, (ho, wo, kh, kw))
        np.add.at(out, (slice(None), slice(None), idx_r, idx_c), gpatches)
        return out

    return ho, wo, gather, scatter


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, w = x.detach().numpy(), weight.detach().numpy()
        n, c, h, wd = xv.shape
        p = padding
        ho, wo, gather, scatter = make_geometry(h, wd, w.shape[2], w.shape[3], stride, p)
        xp = np.pad(xv, ((0, 0), (0, 0), (p, p), (p, p)))
        patches = gather(xp)
        out = np.einsum("ncijuv,ocuv->noij", patches, w)
        if bias is not None:
            out += bias.detach().numpy()[:, None, None]

        def vjp(g):
            gw = np.einsum("noij,ncijuv->ocuv", g, patches)
            gpatch = np.einsum("noij,ocuv->ncijuv", g, w)
            gxp = scatter(gpatch, xp.shape)
            gb = g.sum(axis=(0, 2, 3)) if bias is not None else None
            return gxp[:, :, p:p + h, p:p + wd], gw, gb

        ctx.vjp = vjp
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        gx, gw, gb = ctx.vjp(grad_output.detach().numpy())
        return (minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(gw),
                None if gb is None else minigrad.tensor(gb), None, None)
