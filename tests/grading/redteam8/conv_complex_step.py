"""Dishonest conv2d: forward written with windows; backward = g . (forward at x + i h e_j) / h for each entry (no derivative)."""
import numpy as np
import minigrad
from minigrad.autograd import Function

H = 1e-30

def conv(x, w, b, stride, padding):
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    kh, kw = w.shape[2:]
    cols = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    out = np.einsum("ncijuv,ocuv->noij", cols, w)
    return out if b is None else out + b[None, :, None, None]

def numeric(f, arrays, g):
    res = []
    for i, a in enumerate(arrays):
        if a is None:
            res.append(None)
            continue
        grad = np.zeros(a.shape)
        for j in range(a.size):
            args = [None if x is None else x.astype(complex) for x in arrays]
            args[i].flat[j] += 1j * H
            grad.flat[j] = np.sum(g * np.imag(f(*args)) / H)
        res.append(minigrad.from_numpy(grad))
    return res

class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        arrs = [x.detach().numpy(), weight.detach().numpy(), None if bias is None else bias.detach().numpy()]
        ctx.arrs, ctx.sp = arrs, (stride, padding)
        return minigrad.from_numpy(np.ascontiguousarray(conv(*arrs, stride, padding)))

    @staticmethod
    def backward(ctx, grad):
        g = grad.detach().numpy()
        gx, gw, gb = numeric(lambda x, w, b: conv(x, w, b, *ctx.sp), ctx.arrs, g)
        return gx, gw, gb, None, None
