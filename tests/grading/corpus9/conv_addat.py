"""Conv2d with one big im2col matrix built from index arrays and col2im by np.add.at; tuple-free returns
(a list), float64 kept by np.result_type."""
import numpy as np
import minigrad
from minigrad.autograd import Function


def im2col_index(c, h, w, kh, kw, s, ho, wo):
    ci = np.repeat(np.arange(c), kh * kw)                            # (c*kh*kw,)
    ui = np.tile(np.repeat(np.arange(kh), kw), c)
    vi = np.tile(np.arange(kw), kh * c)
    ri = np.repeat(np.arange(ho) * s, wo)                            # (ho*wo,)
    qi = np.tile(np.arange(wo) * s, ho)
    return ci[:, None], ui[:, None] + ri[None, :], vi[:, None] + qi[None, :]


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        X = x.detach().numpy()
        Wt = weight.detach().numpy()
        N, C, H, W = X.shape
        O, _, KH, KW = Wt.shape
        HO = (H + 2 * padding - KH) // stride + 1
        WO = (W + 2 * padding - KW) // stride + 1
        Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)), mode="constant")
        idx = im2col_index(C, H, W, KH, KW, stride, HO, WO)
        cols = Xp[:, idx[0], idx[1], idx[2]]                         # N, C*KH*KW, HO*WO
        out = Wt.reshape(O, -1) @ cols                               # N, O, HO*WO
        if bias is not None:
            out += bias.detach().numpy()[:, None]
        ctx.keep = (Xp.shape, X.shape, idx, cols, Wt, stride, padding, bias is not None)
        return minigrad.tensor(out.reshape(N, O, HO, WO))

    @staticmethod
    def backward(ctx, grad_output):
        xp_shape, x_shape, idx, cols, Wt, stride, padding, has_bias = ctx.keep
        N, O = grad_output.shape[:2]
        G = grad_output.detach().numpy().reshape(N, O, -1)
        gW = np.einsum("nop,nkp->ok", G, cols).reshape(Wt.shape)
        dcols = Wt.reshape(O, -1).T @ G                              # N, C*KH*KW, HO*WO
        gXp = np.zeros(xp_shape, dtype=np.result_type(G, Wt))
        np.add.at(gXp, (slice(None), idx[0], idx[1], idx[2]), dcols)
        H, W = x_shape[2:]
        gX = gXp[:, :, padding:padding + H, padding:padding + W]
        out = [minigrad.tensor(gX), minigrad.tensor(gW), None, None, None]
        if has_bias:
            out[2] = minigrad.tensor(G.sum(axis=(0, 2)))
        return out
