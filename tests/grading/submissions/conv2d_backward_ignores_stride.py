"""Bug: Conv2d.backward scatters the input gradient as if the stride were 1."""
import numpy as np

import minigrad
from conv2d_correct import Conv2d as _Correct, _windows
from minigrad.autograd import Function


class Conv2d(Function):
    forward = _Correct.forward

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        stride, padding, has_bias = ctx.conf
        g, xn, wn = grad.numpy(), x.detach().numpy(), weight.detach().numpy()
        n, c, h, w = xn.shape
        o, _, kh, kw = wn.shape
        h_out, w_out = g.shape[2:]
        xp = np.pad(xn, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        gw = np.einsum("noij,ncuvij->ocuv", g, _windows(xp, kh, kw, stride, h_out, w_out))
        gxp = np.zeros_like(xp)
        for u in range(kh):
            for v in range(kw):
                gxp[:, :, u:u + h_out, v:v + w_out] += np.einsum("noij,oc->ncij", g, wn[:, :, u, v])
        gx = gxp[:, :, padding:padding + h, padding:padding + w]
        gb = minigrad.from_numpy(g.sum(axis=(0, 2, 3))) if has_bias else None
        return minigrad.from_numpy(np.ascontiguousarray(gx)), minigrad.from_numpy(gw), gb, None, None
