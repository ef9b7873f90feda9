"""One output pixel at a time (all images and channels at once): the padding is made by slice-assigning x into a
zero array, each output pixel is a tensordot of its window with the whole kernel, and the backward adds each
window's share back into the padded gradient. Plain Python loops over output rows and columns only."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def padded(x, p):
    n, c, h, w = x.shape
    out = np.zeros((n, c, h + 2 * p, w + 2 * p), dtype=x.dtype)
    out[:, :, p:p + h, p:p + w] = x
    return out


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        X = padded(x.detach().numpy(), padding)
        W = weight.detach().numpy()
        kh, kw = W.shape[-2:]
        Ho = (X.shape[2] - kh) // stride + 1
        Wo = (X.shape[3] - kw) // stride + 1
        Y = np.empty((X.shape[0], W.shape[0], Ho, Wo))
        for i in range(Ho):
            for j in range(Wo):
                win = X[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                Y[:, :, i, j] = np.tensordot(win, W, axes=([1, 2, 3], [1, 2, 3]))
        if bias is not None:
            Y += bias.detach().numpy().reshape(1, -1, 1, 1)
        ctx.X, ctx.W, ctx.stride, ctx.padding = X, W, stride, padding
        ctx.bias = bias is not None
        ctx.hw = tuple(x.shape[2:])
        return minigrad.tensor(Y)

    @staticmethod
    def backward(ctx, grad_output):
        G = grad_output.detach().numpy()
        X, W, s, p = ctx.X, ctx.W, ctx.stride, ctx.padding
        kh, kw = W.shape[-2:]
        dX = np.zeros_like(X)
        dW = np.zeros_like(W)
        for i in range(G.shape[2]):
            for j in range(G.shape[3]):
                rows, cols = slice(i * s, i * s + kh), slice(j * s, j * s + kw)
                g = G[:, :, i, j]                                    # (N, O)
                dW += np.tensordot(g, X[:, :, rows, cols], axes=([0], [0]))
                dX[:, :, rows, cols] += np.tensordot(g, W, axes=([1], [0]))
        h, w = ctx.hw
        dx = dX[:, :, p:p + h, p:p + w].copy()
        db = minigrad.tensor(G.sum(axis=(0, 2, 3))) if ctx.bias else None
        return minigrad.tensor(dx), minigrad.tensor(dW), db, None, None
