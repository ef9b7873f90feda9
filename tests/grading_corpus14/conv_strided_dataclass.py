"""A typed Geometry dataclass computes the output size once; windows are an as_strided view built from the padded
array's own strides (so any memory layout works), contracted with np.tensordot; grad_x goes back through the
windows' transpose with one np.add.at per kernel row."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
from numpy.lib.stride_tricks import as_strided

import minigrad
from minigrad.autograd import Function


@dataclass(frozen=True)
class Geometry:
    h: int
    w: int
    kh: int
    kw: int
    stride: int
    padding: int

    @property
    def ho(self) -> int:
        return (self.h + 2 * self.padding - self.kh) // self.stride + 1

    @property
    def wo(self) -> int:
        return (self.w + 2 * self.padding - self.kw) // self.stride + 1

    def windows(self, xp: np.ndarray) -> np.ndarray:
        """(N, C, ho, wo, kh, kw), read-only view of xp."""
        n, c = xp.shape[:2]
        sn, sc, sh, sw = xp.strides
        s = self.stride
        return as_strided(xp, (n, c, self.ho, self.wo, self.kh, self.kw),
                          (sn, sc, sh * s, sw * s, sh, sw), writeable=False)


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x: minigrad.Tensor, weight: minigrad.Tensor, bias: Optional[minigrad.Tensor], stride: int,
                padding: int) -> minigrad.Tensor:
        xv, w = x.detach().numpy(), weight.detach().numpy()
        geo = Geometry(xv.shape[2], xv.shape[3], w.shape[2], w.shape[3], stride, padding)
        p = padding
        xp = np.pad(xv, ((0, 0), (0, 0), (p, p), (p, p)))
        win = geo.windows(xp)
        out = np.tensordot(win, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
        if bias is not None:
            out = out + bias.detach().numpy().reshape(-1, 1, 1)
        ctx.geo, ctx.xp, ctx.w, ctx.has_bias = geo, xp, w, bias is not None
        return minigrad.tensor(np.ascontiguousarray(out))

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor):
        g = grad_output.detach().numpy()
        geo: Geometry = ctx.geo
        xp, w = ctx.xp, ctx.w
        gw = np.tensordot(g, geo.windows(xp), axes=([0, 2, 3], [0, 2, 3]))          # (O, C, kh, kw)
        gwin = np.tensordot(g, w, axes=([1], [0]))                                  # (N, ho, wo, C, kh, kw)
        gxp = np.zeros_like(xp)
        s = geo.stride
        rows = np.arange(geo.ho) * s
        cols = np.arange(geo.wo) * s
        for u in range(geo.kh):
            for v in range(geo.kw):
                part = gwin[:, :, :, :, u, v].transpose(0, 3, 1, 2)                 # (N, C, ho, wo)
                np.add.at(gxp, (slice(None), slice(None), (rows + u)[:, None], (cols + v)[None, :]), part)
        p = geo.padding
        gx = gxp[:, :, p:p + geo.h, p:p + geo.w]
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3))) if ctx.has_bias else None
        return minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(gw), gb, None, None
