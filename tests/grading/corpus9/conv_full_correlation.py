"""Conv2d as the textbook does it: forward by im2col with fancy indexing, grad_x as a full correlation of
the dilated upstream gradient with the flipped kernel, trimmed to x's size."""
from dataclasses import dataclass

import numpy as np

import minigrad
from minigrad.autograd import Function


@dataclass
class Geometry:
    n: int
    c: int
    h: int
    w: int
    o: int
    kh: int
    kw: int
    stride: int
    pad: int

    @property
    def ho(self):
        return (self.h + 2 * self.pad - self.kh) // self.stride + 1

    @property
    def wo(self):
        return (self.w + 2 * self.pad - self.kw) // self.stride + 1

    def index(self):
        i = (np.arange(self.ho) * self.stride)[:, None, None, None] + np.arange(self.kh)[None, None, :, None]
        j = (np.arange(self.wo) * self.stride)[None, :, None, None] + np.arange(self.kw)[None, None, None, :]
        return i, j             # (ho, 1, kh, 1), (1, wo, 1, kw)


def correlate_valid(a, k):
    """a (n, c, H, W), k (o, c, kh, kw) -> (n, o, H-kh+1, W-kw+1), stride 1, no padding."""
    kh, kw = k.shape[2:]
    H, W = a.shape[2] - kh + 1, a.shape[3] - kw + 1
    out = np.zeros((a.shape[0], k.shape[0], H, W))
    for u in range(kh):
        for v in range(kw):
            out += np.einsum("nchw,oc->nohw", a[:, :, u:u + H, v:v + W], k[:, :, u, v])
    return out


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, wv = x.detach().numpy(), weight.detach().numpy()
        n, c, h, w = xv.shape
        o, _, kh, kw = wv.shape
        geo = Geometry(n, c, h, w, o, kh, kw, stride, padding)
        xp = np.pad(xv, [(0, 0), (0, 0), (padding,) * 2, (padding,) * 2])
        i, j = geo.index()
        cols = xp[:, :, i, j]                         # n, c, ho, wo, kh, kw
        out = np.einsum("nchwuv,ocuv->nohw", cols, wv)
        if bias is not None:
            out = out + bias.detach().numpy().reshape(1, -1, 1, 1)
        ctx.geo, ctx.cols, ctx.wv, ctx.has_bias = geo, cols, wv, bias is not None
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        geo, g = ctx.geo, grad_output.detach().numpy()
        gw = np.einsum("nohw,nchwuv->ocuv", g, ctx.cols)
        # dilate g by the stride, pad by k - 1, correlate with the flipped kernel (channels swapped)
        hp, wp = geo.h + 2 * geo.pad, geo.w + 2 * geo.pad
        d = np.zeros((geo.n, geo.o, hp - geo.kh + 1, wp - geo.kw + 1))
        d[:, :, ::geo.stride, ::geo.stride] = g
        d = np.pad(d, [(0, 0), (0, 0), (geo.kh - 1,) * 2, (geo.kw - 1,) * 2])
        flipped = ctx.wv[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
        gxp = correlate_valid(d, flipped)             # n, c, hp, wp
        gx = gxp[:, :, geo.pad:geo.pad + geo.h, geo.pad:geo.pad + geo.w]
        gb = g.sum((0, 2, 3)) if ctx.has_bias else None
        return (minigrad.tensor(gx), minigrad.tensor(gw), None if gb is None else minigrad.tensor(gb), None, None)
