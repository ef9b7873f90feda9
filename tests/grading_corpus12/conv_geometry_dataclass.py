"""Conv2d with a frozen dataclass describing the geometry (properties for the output size), stride/padding
accepted as int or pair, and a loop over *output positions* with a vectorised body (einsum over n, c, u, v)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple, Union

import numpy as np

import minigrad
from minigrad.autograd import Function

IntOrPair = Union[int, Tuple[int, int]]


def pair(v: IntOrPair) -> Tuple[int, int]:
    return (v, v) if isinstance(v, int) else tuple(v)


@dataclass(frozen=True)
class Geometry:
    H: int
    W: int
    kh: int
    kw: int
    stride: Tuple[int, int]
    padding: Tuple[int, int]

    @property
    def out_h(self) -> int:
        return (self.H + 2 * self.padding[0] - self.kh) // self.stride[0] + 1

    @property
    def out_w(self) -> int:
        return (self.W + 2 * self.padding[1] - self.kw) // self.stride[1] + 1

    def window(self, i: int, j: int) -> Tuple[slice, slice]:
        r, c = i * self.stride[0], j * self.stride[1]
        return slice(r, r + self.kh), slice(c, c + self.kw)

    def pad(self, x: np.ndarray) -> np.ndarray:
        ph, pw = self.padding
        return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), mode="constant")

    def crop(self, xp: np.ndarray) -> np.ndarray:
        ph, pw = self.padding
        return xp[:, :, ph:ph + self.H, pw:pw + self.W]


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias=None, stride: IntOrPair = 1, padding: IntOrPair = 0):
        X, K = x.detach().numpy(), weight.detach().numpy()
        geo = Geometry(X.shape[2], X.shape[3], K.shape[2], K.shape[3], pair(stride), pair(padding))
        Xp = geo.pad(X)
        out = np.zeros((X.shape[0], K.shape[0], geo.out_h, geo.out_w))
        for i in range(geo.out_h):
            for j in range(geo.out_w):
                rs, cs = geo.window(i, j)
                out[:, :, i, j] = np.einsum("ncuv,ocuv->no", Xp[:, :, rs, cs], K)
        if bias is not None:
            out += bias.detach().numpy().reshape(1, -1, 1, 1)
        ctx.geo, ctx.Xp, ctx.K, ctx.has_bias = geo, Xp, K, bias is not None
        return minigrad.tensor(out, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        geo, Xp, K = ctx.geo, ctx.Xp, ctx.K
        G = grad_output.detach().numpy()
        gXp, gK = np.zeros_like(Xp), np.zeros_like(K)
        for i in range(geo.out_h):
            for j in range(geo.out_w):
                rs, cs = geo.window(i, j)
                g = G[:, :, i, j]                                   # (N, O)
                gK += np.einsum("no,ncuv->ocuv", g, Xp[:, :, rs, cs])
                gXp[:, :, rs, cs] += np.einsum("no,ocuv->ncuv", g, K)
        gb = minigrad.tensor(G.sum(axis=(0, 2, 3)), dtype=minigrad.float64) if ctx.has_bias else None
        return (minigrad.tensor(geo.crop(gXp), dtype=minigrad.float64), minigrad.tensor(gK, dtype=minigrad.float64),
                gb, None, None)
