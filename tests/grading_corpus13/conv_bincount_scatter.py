"""Conv2d through flat indices into the padded input: im2col is np.take with an index array of shape
(N, C, kH, kW, H_out, W_out), and col2im is one np.bincount of the column gradients over the same indices."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def flat_indices(shape, kh, kw, stride):
    N, C, Hp, Wp = shape
    ho, wo = (Hp - kh) // stride + 1, (Wp - kw) // stride + 1
    n, c, u, v, i, j = np.ix_(range(N), range(C), range(kh), range(kw), range(ho), range(wo))
    return ((n * C + c) * Hp + i * stride + u) * Wp + j * stride + v, ho, wo


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        p = padding
        xp = np.pad(x.detach().numpy(), ((0, 0), (0, 0), (p, p), (p, p)))
        w = weight.detach().numpy()
        idx, ho, wo = flat_indices(xp.shape, w.shape[2], w.shape[3], stride)
        cols = np.take(xp, idx)                                # (N, C, kh, kw, ho, wo)
        out = np.tensordot(cols, w, axes=([1, 2, 3], [1, 2, 3])).transpose(0, 3, 1, 2)
        if bias is not None:
            out = out + bias.detach().numpy()[:, None, None]
        ctx.keep = (cols, w, idx, xp.shape, p, bias is not None)
        return minigrad.tensor(np.ascontiguousarray(out), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        cols, w, idx, pshape, p, has_bias = ctx.keep
        g = grad_output.detach().numpy()
        gw = np.tensordot(g, cols, axes=([0, 2, 3], [0, 4, 5]))                  # (O, C, kh, kw)
        gcols = np.tensordot(g, w, axes=([1], [0]))                             # (N, ho, wo, C, kh, kw)
        gcols = gcols.transpose(0, 3, 4, 5, 1, 2)
        full = np.broadcast_to(idx, gcols.shape)
        gxp = np.bincount(full.ravel(), weights=gcols.ravel(), minlength=int(np.prod(pshape))).reshape(pshape)
        gx = gxp[:, :, p:pshape[2] - p, p:pshape[3] - p]
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3)), dtype=minigrad.float64) if has_bias else None
        return (minigrad.tensor(np.ascontiguousarray(gx), dtype=minigrad.float64),
                minigrad.tensor(gw, dtype=minigrad.float64), gb, None, None)
