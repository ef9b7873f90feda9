"""Bug: Conv2d.backward sizes the padded input gradient from the output size, (H_out - 1) * stride + kH,
which is too small when (H + 2p - kH) is not a multiple of the stride."""
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
        o, c, kh, kw = wn.shape
        h_out, w_out = g.shape[2:]
        xp = np.pad(xn, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        cols = _windows(xp, kh, kw, stride, h_out, w_out)
        gw = np.einsum("noij,ncuvij->ocuv", g, cols)
        hp, wp = (h_out - 1) * stride + kh, (w_out - 1) * stride + kw
        gxp = np.zeros((xn.shape[0], c, hp, wp))
        for u in range(kh):
            for v in range(kw):
                gxp[:, :, u:u + stride * h_out:stride, v:v + stride * w_out:stride] += \
                    np.einsum("noij,oc->ncij", g, wn[:, :, u, v])
        gx = gxp[:, :, padding:hp - padding, padding:wp - padding]
        gb = minigrad.from_numpy(g.sum(axis=(0, 2, 3))) if has_bias else None
        return minigrad.from_numpy(np.ascontiguousarray(gx)), minigrad.from_numpy(gw), gb, None, None
