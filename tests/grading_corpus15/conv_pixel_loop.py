"""conv2d by a loop over the output pixels (tensordot over channels and taps); backward scatters each pixel's
window gradient back with +=."""
import numpy as np

import minigrad
from minigrad.autograd import Function


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        X = x.detach().numpy().astype(np.float64)
        K = weight.detach().numpy().astype(np.float64)
        N, C, H, W = X.shape
        O, _, KH, KW = K.shape
        P, S = padding, stride
        Xp = np.zeros((N, C, H + 2 * P, W + 2 * P))
        Xp[:, :, P:P + H, P:P + W] = X
        HO = (H + 2 * P - KH) // S + 1
        WO = (W + 2 * P - KW) // S + 1
        Y = np.zeros((N, O, HO, WO))
        for i in range(HO):
            for j in range(WO):
                patch = Xp[:, :, i * S:i * S + KH, j * S:j * S + KW]
                Y[:, :, i, j] = np.tensordot(patch, K, axes=([1, 2, 3], [1, 2, 3]))
        if bias is not None:
            Y += bias.detach().numpy().reshape(1, O, 1, 1)
        ctx.Xp, ctx.K, ctx.P, ctx.S, ctx.xs, ctx.b = Xp, K, P, S, X.shape, bias is not None
        return minigrad.tensor(Y)

    @staticmethod
    def backward(ctx, grad_output):
        Xp, K, P, S = ctx.Xp, ctx.K, ctx.P, ctx.S
        N, C, H, W = ctx.xs
        O, _, KH, KW = K.shape
        G = grad_output.detach().numpy()
        HO, WO = G.shape[2], G.shape[3]
        dXp = np.zeros_like(Xp)
        dK = np.zeros_like(K)
        for i in range(HO):
            for j in range(WO):
                g = G[:, :, i, j]                                      # (N, O)
                patch = Xp[:, :, i * S:i * S + KH, j * S:j * S + KW]   # (N, C, KH, KW)
                dK += np.tensordot(g, patch, axes=([0], [0]))
                dXp[:, :, i * S:i * S + KH, j * S:j * S + KW] += np.tensordot(g, K, axes=([1], [0]))
        dX = dXp[:, :, P:P + H, P:P + W]
        db = G.sum(axis=(0, 2, 3)) if ctx.b else None
        return (minigrad.tensor(dX.copy()), minigrad.tensor(dK),
                minigrad.tensor(db) if db is not None else None, None, None)
