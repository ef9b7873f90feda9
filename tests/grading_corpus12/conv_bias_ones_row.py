"""im2col where the bias is folded into the weight matrix: the column matrix gets a row of ones and the weight
matrix a column holding the bias, so forward is a single matmul; backward splits the gradient again."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def im2col(xp, kh, kw, s):
    N, C, Hp, Wp = xp.shape
    ho, wo = (Hp - kh) // s + 1, (Wp - kw) // s + 1
    cols = np.empty((N, C, kh, kw, ho, wo))
    for u in range(kh):
        for v in range(kw):
            cols[:, :, u, v] = xp[:, :, u:u + s * (ho - 1) + 1:s, v:v + s * (wo - 1) + 1:s]
    return cols.reshape(N, C * kh * kw, ho * wo), ho, wo


def col2im(dcols, shape, kh, kw, s, ho, wo):
    N, C, Hp, Wp = shape
    d = dcols.reshape(N, C, kh, kw, ho, wo)
    out = np.zeros(shape)
    for u in range(kh):
        for v in range(kw):
            out[:, :, u:u + s * (ho - 1) + 1:s, v:v + s * (wo - 1) + 1:s] += d[:, :, u, v]
    return out


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        X, Wt = x.detach().numpy(), weight.detach().numpy()
        O, C, kh, kw = Wt.shape
        p = padding
        xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
        cols, ho, wo = im2col(xp, kh, kw, stride)
        ones = np.ones((cols.shape[0], 1, cols.shape[2]))
        cols1 = np.concatenate([cols, ones], axis=1)                           # (N, CKK + 1, L)
        b = bias.detach().numpy() if bias is not None else np.zeros(O)
        Wb = np.concatenate([Wt.reshape(O, -1), b[:, None]], axis=1)          # (O, CKK + 1)
        out = Wb @ cols1                                                       # (N, O, L)
        ctx.data = (cols1, Wb, xp.shape, X.shape, Wt.shape, stride, p, ho, wo, bias is not None)
        return minigrad.tensor(out.reshape(X.shape[0], O, ho, wo), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        cols1, Wb, xp_shape, x_shape, w_shape, s, p, ho, wo, has_bias = ctx.data
        O, C, kh, kw = w_shape
        G = grad_output.detach().numpy().reshape(x_shape[0], O, ho * wo)
        gWb = np.einsum("nol,nkl->ok", G, cols1)
        dcols = np.einsum("ok,nol->nkl", Wb[:, :-1], G)
        gxp = col2im(dcols, xp_shape, kh, kw, s, ho, wo)
        H, W = x_shape[2:]
        gx = gxp[:, :, p:p + H, p:p + W]
        gw = gWb[:, :-1].reshape(w_shape)
        gb = gWb[:, -1] if has_bias else None
        t = lambda a: minigrad.tensor(np.ascontiguousarray(a), dtype=minigrad.float64)
        return t(gx), t(gw), (t(gb) if has_bias else None), None, None
