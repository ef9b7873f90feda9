"""Conv2d without a padded copy: every (tap, output position) computes the input row and column it meets,
i*stride + u - padding; positions outside the image are masked to zero. Backward scatters with np.add.at on the
valid positions only. The geometry sits in a small class with helper methods."""
import numpy as np

import minigrad
from minigrad.autograd import Function


class Geometry:
    def __init__(self, xshape, wshape, stride, padding):
        self.N, self.C, self.H, self.W = xshape
        self.O, _, self.kh, self.kw = wshape
        self.s, self.p = stride, padding
        self.ho = (self.H + 2 * padding - self.kh) // stride + 1
        self.wo = (self.W + 2 * padding - self.kw) // stride + 1

    def coords(self):
        u = np.arange(self.kh)[:, None, None, None]
        v = np.arange(self.kw)[None, :, None, None]
        i = np.arange(self.ho)[None, None, :, None]
        j = np.arange(self.wo)[None, None, None, :]
        r = i * self.s + u - self.p + 0 * v + 0 * j
        c = j * self.s + v - self.p + 0 * u + 0 * i
        valid = (r >= 0) & (r < self.H) & (c >= 0) & (c < self.W)
        return np.clip(r, 0, self.H - 1), np.clip(c, 0, self.W - 1), valid       # each (kh, kw, ho, wo)

    def gather(self, x):
        r, c, valid = self.coords()
        return x[:, :, r, c] * valid                                              # (N, C, kh, kw, ho, wo)

    def scatter(self, cols):
        r, c, valid = self.coords()
        gx = np.zeros((self.N, self.C, self.H, self.W))
        np.add.at(gx, (slice(None), slice(None), r[valid], c[valid]), cols[:, :, valid])
        return gx


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        X, Wt = x.detach().numpy(), weight.detach().numpy()
        geo = Geometry(X.shape, Wt.shape, stride, padding)
        cols = geo.gather(X)
        out = np.einsum("ncuvij,ocuv->noij", cols, Wt)
        if bias is not None:
            out = out + bias.detach().numpy().reshape(-1, 1, 1)
        ctx.geo, ctx.cols, ctx.w, ctx.has_bias = geo, cols, Wt, bias is not None
        return minigrad.tensor(out, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        gw = np.einsum("noij,ncuvij->ocuv", g, ctx.cols)
        gx = ctx.geo.scatter(np.einsum("noij,ocuv->ncuvij", g, ctx.w))
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3)), dtype=minigrad.float64) if ctx.has_bias else None
        return minigrad.tensor(gx, dtype=minigrad.float64), minigrad.tensor(gw, dtype=minigrad.float64), gb, None, None
