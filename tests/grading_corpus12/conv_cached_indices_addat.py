"""im2col with index arrays computed once per geometry (functools.lru_cache), itertools.product for the kernel
offsets, np.add.at to scatter the columns back (col2im), and a matmul for the product."""
import functools
import itertools

import numpy as np

import minigrad
from minigrad.autograd import Function


@functools.lru_cache(maxsize=64)
def im2col_indices(C, Hp, Wp, kh, kw, stride):
    ho, wo = (Hp - kh) // stride + 1, (Wp - kw) // stride + 1
    offsets = list(itertools.product(range(C), range(kh), range(kw)))            # rows of the column matrix
    c_idx = np.array([c for c, _, _ in offsets])[:, None]
    u_idx = np.array([u for _, u, _ in offsets])[:, None]
    v_idx = np.array([v for _, _, v in offsets])[:, None]
    ii, jj = np.meshgrid(np.arange(ho) * stride, np.arange(wo) * stride, indexing="ij")
    rows = u_idx + ii.ravel()[None, :]
    cols = v_idx + jj.ravel()[None, :]
    chans = np.broadcast_to(c_idx, rows.shape)
    for a in (rows, cols):
        a.setflags(write=False)
    return chans, rows, cols, ho, wo


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, wv = x.detach().numpy(), weight.detach().numpy()
        N, C, H, W = xv.shape
        O, _, kh, kw = wv.shape
        xp = np.pad(xv, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2))
        chans, rows, cols, ho, wo = im2col_indices(C, xp.shape[2], xp.shape[3], kh, kw, stride)
        cols_mat = xp[:, chans, rows, cols]                        # (N, C*kh*kw, ho*wo)
        out = np.matmul(wv.reshape(O, -1), cols_mat)              # (N, O, ho*wo)
        if bias is not None:
            out += bias.detach().numpy()[:, None]
        ctx.saved = (cols_mat, wv, xp.shape, (chans, rows, cols), padding, (N, C, H, W), bias is not None)
        return minigrad.tensor(out.reshape(N, O, ho, wo), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        cols_mat, wv, xp_shape, (chans, rows, cols), p, (N, C, H, W), has_bias = ctx.saved
        O = wv.shape[0]
        g = grad_output.detach().numpy().reshape(N, O, -1)       # (N, O, L)
        gw = np.einsum("nol,nkl->ok", g, cols_mat).reshape(wv.shape)
        dcols = np.matmul(wv.reshape(O, -1).T, g)                 # (N, C*kh*kw, L)
        gxp = np.zeros(xp_shape)
        n_idx = np.arange(N)[:, None, None]
        np.add.at(gxp, (n_idx, chans[None], rows[None], cols[None]), dcols)
        gx = gxp[:, :, p:p + H, p:p + W]
        gb = g.sum(axis=(0, 2)) if has_bias else None
        T = lambda a: minigrad.tensor(a, dtype=minigrad.float64)
        return [T(gx), T(gw), T(gb) if has_bias else None, None, None]
