"""im2col as a stack of the kH*kW strided slices moved to the last axis (N, Ho, Wo, C*kh*kw), then one np.matmul
with the flattened kernel; backward reshapes and transposes the same way. The whole layer is a small class with a
forward/backward pair that the Function delegates to, as layers are often written."""
import numpy as np

import minigrad
from minigrad.autograd import Function


class Im2ColConv:
    def __init__(self, stride, padding):
        self.s, self.p = stride, padding

    def forward(self, x, w, b):
        s, p = self.s, self.p
        o, c, kh, kw = w.shape
        xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        ho, wo = (xp.shape[2] - kh) // s + 1, (xp.shape[3] - kw) // s + 1
        sl = [xp[:, :, u:u + s * (ho - 1) + 1:s, v:v + s * (wo - 1) + 1:s] for u in range(kh) for v in range(kw)]
        cols = np.stack(sl, axis=2)                                  # (N, C, kh*kw, ho, wo)
        cols = cols.transpose(0, 3, 4, 1, 2).reshape(x.shape[0], ho, wo, c * kh * kw)
        wmat = w.reshape(o, c * kh * kw).T                           # (C*kh*kw, O)
        out = np.matmul(cols, wmat)                                  # (N, ho, wo, O)
        if b is not None:
            out = out + b
        self.cache = (x.shape, xp.shape, cols, wmat, w.shape, ho, wo)
        return out.transpose(0, 3, 1, 2)

    def backward(self, g):
        xshape, xpshape, cols, wmat, wshape, ho, wo = self.cache
        s, p = self.s, self.p
        o, c, kh, kw = wshape
        gn = g.transpose(0, 2, 3, 1)                                 # (N, ho, wo, O)
        gw = np.einsum("nijk,nijo->ko", cols, gn).T.reshape(wshape)
        gcols = np.matmul(gn, wmat.T)                                # (N, ho, wo, C*kh*kw)
        gcols = gcols.reshape(xshape[0], ho, wo, c, kh * kw).transpose(0, 3, 4, 1, 2)
        gxp = np.zeros(xpshape)
        for k in range(kh * kw):
            u, v = divmod(k, kw)
            gxp[:, :, u:u + s * (ho - 1) + 1:s, v:v + s * (wo - 1) + 1:s] += gcols[:, :, k]
        gx = gxp[:, :, p:p + xshape[2], p:p + xshape[3]]
        return gx, gw, gn.sum(axis=(0, 1, 2))


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        ctx.layer = Im2ColConv(stride, padding)
        ctx.has_bias = bias is not None
        out = ctx.layer.forward(x.detach().numpy(), weight.detach().numpy(),
                                None if bias is None else bias.detach().numpy())
        return minigrad.tensor(np.ascontiguousarray(out))

    @staticmethod
    def backward(ctx, grad_output):
        gx, gw, gb = ctx.layer.backward(grad_output.detach().numpy())
        return (minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(np.ascontiguousarray(gw)),
                minigrad.tensor(gb) if ctx.has_bias else None, None, None)
