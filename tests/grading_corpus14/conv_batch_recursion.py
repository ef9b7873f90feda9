"""Recursion over the batch: a batch of more than one image is split in halves, each half convolved recursively,
and the results concatenated; one image is an im2col matrix product. The backward recurses the same way and adds
the halves' weight and bias gradients."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def cols_of(img, kh, kw, s, ho, wo):
    """(C*kh*kw, ho*wo) columns of one padded image (C, Hp, Wp)."""
    c = img.shape[0]
    cols = np.empty((c, kh, kw, ho, wo))
    for u in range(kh):
        for v in range(kw):
            cols[:, u, v] = img[:, u:u + s * ho:s, v:v + s * wo:s][:, :ho, :wo]
    return cols.reshape(c * kh * kw, ho * wo)


def fwd(xp, w, s):
    if len(xp) > 1:
        half = len(xp) // 2
        return np.concatenate([fwd(xp[:half], w, s), fwd(xp[half:], w, s)])
    o, c, kh, kw = w.shape
    ho, wo = (xp.shape[2] - kh) // s + 1, (xp.shape[3] - kw) // s + 1
    return (w.reshape(o, -1) @ cols_of(xp[0], kh, kw, s, ho, wo)).reshape(1, o, ho, wo)


def bwd(xp, w, s, g):
    """(grad of the padded input, grad_weight) for this part of the batch."""
    if len(xp) > 1:
        half = len(xp) // 2
        gx1, gw1 = bwd(xp[:half], w, s, g[:half])
        gx2, gw2 = bwd(xp[half:], w, s, g[half:])
        return np.concatenate([gx1, gx2]), gw1 + gw2
    o, c, kh, kw = w.shape
    ho, wo = g.shape[2:]
    gm = g[0].reshape(o, ho * wo)
    gw = (gm @ cols_of(xp[0], kh, kw, s, ho, wo).T).reshape(w.shape)
    gcols = (w.reshape(o, -1).T @ gm).reshape(c, kh, kw, ho, wo)
    gx = np.zeros(xp.shape[1:])
    for u in range(kh):
        for v in range(kw):
            gx[:, u:u + s * (ho - 1) + 1:s, v:v + s * (wo - 1) + 1:s] += gcols[:, u, v]
    return gx[None], gw


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        p = padding
        xp = np.pad(x.detach().numpy(), ((0, 0), (0, 0), (p, p), (p, p)))
        w = weight.detach().numpy()
        out = fwd(xp, w, stride)
        if bias is not None:
            out = out + bias.detach().numpy()[:, None, None]
        ctx.save_for_backward(weight)
        ctx.xp, ctx.stride, ctx.padding, ctx.with_bias = xp, stride, padding, bias is not None
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        (weight,) = ctx.saved_tensors
        g = grad_output.detach().numpy()
        gxp, gw = bwd(ctx.xp, weight.detach().numpy(), ctx.stride, g)
        p = ctx.padding
        gx = gxp[:, :, p:gxp.shape[2] - p, p:gxp.shape[3] - p]
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3))) if ctx.with_bias else None
        return minigrad.tensor(gx.copy()), minigrad.tensor(gw), gb, None, None
