"""conv2d the lecture-notes way: im2col through fancy-index arrays (k, i, j), one matmul, col2im with np.add.at."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def im2col_indices(C, H, W, kh, kw, stride, pad):
    Ho = (H + 2 * pad - kh) // stride + 1
    Wo = (W + 2 * pad - kw) // stride + 1
    i0 = np.tile(np.repeat(np.arange(kh), kw), C)
    i1 = stride * np.repeat(np.arange(Ho), Wo)
    j0 = np.tile(np.arange(kw), kh * C)
    j1 = stride * np.tile(np.arange(Wo), Ho)
    i = i0.reshape(-1, 1) + i1.reshape(1, -1)
    j = j0.reshape(-1, 1) + j1.reshape(1, -1)
    k = np.repeat(np.arange(C), kh * kw).reshape(-1, 1)
    return k, i, j, Ho, Wo


def im2col(x, kh, kw, stride, pad):
    N, C, H, W = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    k, i, j, Ho, Wo = im2col_indices(C, H, W, kh, kw, stride, pad)
    cols = xp[:, k, i, j]                                   # (N, C*kh*kw, Ho*Wo)
    return cols.transpose(1, 2, 0).reshape(C * kh * kw, -1), Ho, Wo


def col2im(cols, x_shape, kh, kw, stride, pad):
    N, C, H, W = x_shape
    xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    k, i, j, _, _ = im2col_indices(C, H, W, kh, kw, stride, pad)
    c = cols.reshape(C * kh * kw, -1, N).transpose(2, 0, 1)
    np.add.at(xp, (slice(None), k, i, j), c)
    return xp[:, :, pad:pad + H, pad:pad + W]


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        X = x.detach().numpy()
        Wt = weight.detach().numpy()
        F, C, kh, kw = Wt.shape
        cols, Ho, Wo = im2col(X, kh, kw, stride, padding)
        out = Wt.reshape(F, -1) @ cols                       # (F, Ho*Wo*N)
        if bias is not None:
            out = out + bias.detach().numpy().reshape(-1, 1)
        out = out.reshape(F, Ho, Wo, X.shape[0]).transpose(3, 0, 1, 2)
        ctx.cache = (X.shape, Wt.copy(), cols, stride, padding, bias is not None)
        return minigrad.tensor(np.ascontiguousarray(out))

    @staticmethod
    def backward(ctx, grad_output):
        x_shape, Wt, cols, stride, padding, has_bias = ctx.cache
        F, C, kh, kw = Wt.shape
        dout = grad_output.detach().numpy()
        db = dout.sum(axis=(0, 2, 3)) if has_bias else None
        dout_r = dout.transpose(1, 2, 3, 0).reshape(F, -1)
        dW = (dout_r @ cols.T).reshape(Wt.shape)
        dcols = Wt.reshape(F, -1).T @ dout_r
        dx = col2im(dcols, x_shape, kh, kw, stride, padding)
        return (minigrad.tensor(np.ascontiguousarray(dx)), minigrad.tensor(dW),
                None if db is None else minigrad.tensor(db), None, None)
