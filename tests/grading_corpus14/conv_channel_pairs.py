"""Per channel pair: a 2-D correlation of one input plane with one kernel plane (a loop over its taps, vectorised
over the batch) summed into each output plane. The backward loops over the same (o, c) pairs. Nested Python loops,
the way it is often written first."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def corr2d(plane, k, s, ho, wo):
    """plane (N, Hp, Wp), k (kh, kw) -> (N, ho, wo)."""
    acc = np.zeros((plane.shape[0], ho, wo))
    for u in range(k.shape[0]):
        for v in range(k.shape[1]):
            acc += k[u, v] * plane[:, u:u + s * (ho - 1) + 1:s, v:v + s * (wo - 1) + 1:s]
    return acc


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, w = x.detach().numpy(), weight.detach().numpy()
        p = padding
        xp = np.pad(xv, ((0, 0), (0, 0), (p, p), (p, p)), mode="constant", constant_values=0.0)
        n, c = xv.shape[:2]
        o, _, kh, kw = w.shape
        ho = (xp.shape[2] - kh) // stride + 1
        wo = (xp.shape[3] - kw) // stride + 1
        out = np.zeros((n, o, ho, wo))
        for oc in range(o):
            for ic in range(c):
                out[:, oc] += corr2d(xp[:, ic], w[oc, ic], stride, ho, wo)
            if bias is not None:
                out[:, oc] += float(bias.detach().numpy()[oc])
        ctx.xp, ctx.w, ctx.cfg = xp, w, (stride, p, xv.shape, bias is not None)
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        xp, w = ctx.xp, ctx.w
        s, p, xshape, has_bias = ctx.cfg
        o, c, kh, kw = w.shape
        ho, wo = g.shape[2:]
        gxp = np.zeros_like(xp)
        gw = np.zeros_like(w)
        for oc in range(o):
            for ic in range(c):
                for u in range(kh):
                    for v in range(kw):
                        r = slice(u, u + s * (ho - 1) + 1, s)
                        q = slice(v, v + s * (wo - 1) + 1, s)
                        gw[oc, ic, u, v] = np.sum(g[:, oc] * xp[:, ic, r, q])
                        gxp[:, ic, r, q] += w[oc, ic, u, v] * g[:, oc]
        gx = gxp[:, :, p:p + xshape[2], p:p + xshape[3]].copy()
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3))) if has_bias else None
        return minigrad.tensor(gx), minigrad.tensor(gw), gb, None, None
