"""conv2d as in the classic course notes: im2col by precomputed fancy indices (k, i, j), col2im by np.add.at;
padding/stride taken as ints or pairs."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def im2col_indices(C, H, W, kh, kw, pad, stride):
    out_h = (H + 2 * pad - kh) // stride + 1
    out_w = (W + 2 * pad - kw) // stride + 1
    i0 = np.tile(np.repeat(np.arange(kh), kw), C)
    i1 = stride * np.repeat(np.arange(out_h), out_w)
    j0 = np.tile(np.arange(kw), kh * C)
    j1 = stride * np.tile(np.arange(out_w), out_h)
    i = i0.reshape(-1, 1) + i1.reshape(1, -1)
    j = j0.reshape(-1, 1) + j1.reshape(1, -1)
    k = np.repeat(np.arange(C), kh * kw).reshape(-1, 1)
    return k, i, j, out_h, out_w


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        (s, _), (p, _) = _pair(stride), _pair(padding)
        X, Wt = x.detach().numpy(), weight.detach().numpy()
        N, C, H, W = X.shape
        F, _, kh, kw = Wt.shape
        k, i, j, oh, ow = im2col_indices(C, H, W, kh, kw, p, s)
        Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)), mode="constant")
        cols = Xp[:, k, i, j]                                  # N, C*kh*kw, oh*ow
        cols = cols.transpose(1, 2, 0).reshape(C * kh * kw, -1)  # C*kh*kw, oh*ow*N
        out = Wt.reshape(F, -1) @ cols
        if bias is not None:
            out += bias.detach().numpy().reshape(-1, 1)
        out = out.reshape(F, oh, ow, N).transpose(3, 0, 1, 2)
        ctx.cache = (X.shape, Wt, cols, (k, i, j), s, p, bias is not None)
        return minigrad.tensor(np.ascontiguousarray(out))

    @staticmethod
    def backward(ctx, grad_output):
        xshape, Wt, cols, (k, i, j), s, p, has_bias = ctx.cache
        N, C, H, W = xshape
        F = Wt.shape[0]
        dout = grad_output.detach().numpy()
        db = dout.sum(axis=(0, 2, 3)) if has_bias else None
        dout_r = dout.transpose(1, 2, 3, 0).reshape(F, -1)
        dW = (dout_r @ cols.T).reshape(Wt.shape)
        dcols = Wt.reshape(F, -1).T @ dout_r                      # C*kh*kw, oh*ow*N
        dcols = dcols.reshape(C * Wt.shape[2] * Wt.shape[3], -1, N).transpose(2, 0, 1)
        dXp = np.zeros((N, C, H + 2 * p, W + 2 * p), dtype=dout.dtype)
        np.add.at(dXp, (slice(None), k, i, j), dcols)
        dX = dXp[:, :, p:p + H, p:p + W]
        return (minigrad.tensor(dX), minigrad.tensor(dW), None if db is None else minigrad.tensor(db), None, None)
