"""Conv2d through a scipy.sparse gather matrix: row (tap, output position) of G picks the input pixel that tap meets,
and a window reaching into the padding has no entry there (zero padding without ever padding). Forward is G @ x
then one einsum with the weight; grad_x is G.T @ grad_columns."""
import numpy as np
import scipy.sparse as sp

import minigrad
from minigrad.autograd import Function


def gather_matrix(H, W, kh, kw, stride, padding):
    Ho = (H + 2 * padding - kh) // stride + 1
    Wo = (W + 2 * padding - kw) // stride + 1
    u, v, i, j = np.meshgrid(np.arange(kh), np.arange(kw), np.arange(Ho), np.arange(Wo), indexing="ij")
    r = i * stride + u - padding
    c = j * stride + v - padding
    rows = np.arange(u.size).reshape(u.shape)
    ok = (r >= 0) & (r < H) & (c >= 0) & (c < W)
    G = sp.csr_matrix((np.ones(int(ok.sum())), (rows[ok], (r * W + c)[ok])), shape=(u.size, H * W))
    return G, Ho, Wo


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        X, K = x.detach().numpy(), weight.detach().numpy()
        N, C, H, W = X.shape
        O, _, kh, kw = K.shape
        G, Ho, Wo = gather_matrix(H, W, kh, kw, stride, padding)
        cols = (G @ X.reshape(N * C, H * W).T).reshape(kh, kw, Ho, Wo, N, C)
        out = np.einsum("uvijnc,ocuv->noij", cols, K)
        if bias is not None:
            out = out + bias.detach().numpy().reshape(1, O, 1, 1)
        ctx.G, ctx.cols, ctx.K, ctx.xshape, ctx.has_bias = G, cols, K, X.shape, bias is not None
        return minigrad.tensor(out, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        N, C, H, W = ctx.xshape
        gw = np.einsum("noij,uvijnc->ocuv", g, ctx.cols)
        gcols = np.einsum("noij,ocuv->uvijnc", g, ctx.K)
        gx = (ctx.G.T @ gcols.reshape(-1, N * C)).T.reshape(N, C, H, W)
        gb = g.sum(axis=(0, 2, 3)) if ctx.has_bias else None
        t = lambda a: None if a is None else minigrad.tensor(np.ascontiguousarray(a), dtype=minigrad.float64)
        return t(gx), t(gw), t(gb), None, None
