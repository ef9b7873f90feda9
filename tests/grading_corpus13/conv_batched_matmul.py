"""Conv2d as a batched matmul: columns (N, C*kH*kW, H_out*W_out) from np.lib.stride_tricks.as_strided on the padded
input, then weight (O, C*kH*kW) @ columns broadcast over the batch. Backward: weight.T @ grad (batched), folded back
with a loop over the taps; grad_weight is one einsum over the batch and the positions."""
import numpy as np
from numpy.lib.stride_tricks import as_strided

import minigrad
from minigrad.autograd import Function


def columns(xp, kh, kw, s):
    N, C, Hp, Wp = xp.shape
    ho, wo = (Hp - kh) // s + 1, (Wp - kw) // s + 1
    sn, sc, sh, sw = xp.strides
    view = as_strided(xp, (N, C, kh, kw, ho, wo), (sn, sc, sh, sw, sh * s, sw * s), writeable=False)
    return view.reshape(N, C * kh * kw, ho * wo), ho, wo


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        p = padding
        xp = np.ascontiguousarray(np.pad(x.detach().numpy(), ((0, 0), (0, 0), (p, p), (p, p))))
        w = weight.detach().numpy()
        O, C, kh, kw = w.shape
        cols, ho, wo = columns(xp, kh, kw, stride)
        out = np.matmul(w.reshape(O, -1), cols).reshape(xp.shape[0], O, ho, wo)
        if bias is not None:
            out += bias.detach().numpy()[None, :, None, None]
        ctx.things = (cols, w, xp.shape, stride, p, bias is not None)
        return minigrad.tensor(out, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        cols, w, pshape, s, p, has_bias = ctx.things
        N, C, Hp, Wp = pshape
        O, _, kh, kw = w.shape
        g = grad_output.detach().numpy()
        ho, wo = g.shape[2:]
        g2 = g.reshape(N, O, ho * wo)
        gw = np.einsum("nol,nkl->ok", g2, cols).reshape(w.shape)
        gcols = np.matmul(w.reshape(O, -1).T, g2).reshape(N, C, kh, kw, ho, wo)
        gxp = np.zeros(pshape)
        for u in range(kh):
            for v in range(kw):
                gxp[:, :, u:u + s * (ho - 1) + 1:s, v:v + s * (wo - 1) + 1:s] += gcols[:, :, u, v]
        gx = gxp[:, :, p:Hp - p, p:Wp - p]
        gb = g.sum(axis=(0, 2, 3)) if has_bias else None
        T = lambda a: minigrad.tensor(np.array(a), dtype=minigrad.float64)
        return T(gx), T(gw), (None if gb is None else T(gb)), None, None
