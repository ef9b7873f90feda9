"""Conv2d in channels-last layout: x goes to NHWC, each kernel tap is a matmul over the channel axis
(x_tap @ w_tap with w_tap (C_in, C_out)), and the result comes back to NCHW. Backward works in NHWC too."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def to_nhwc(a):
    return np.transpose(a, (0, 2, 3, 1))


def to_nchw(a):
    return np.ascontiguousarray(np.transpose(a, (0, 3, 1, 2)))


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        p, s = padding, stride
        xh = np.pad(to_nhwc(x.detach().numpy()), ((0, 0), (p, p), (p, p), (0, 0)))
        wk = np.transpose(weight.detach().numpy(), (2, 3, 1, 0))          # (kh, kw, C_in, C_out)
        kh, kw = wk.shape[:2]
        Ho = (xh.shape[1] - kh) // s + 1
        Wo = (xh.shape[2] - kw) // s + 1
        out = np.zeros((xh.shape[0], Ho, Wo, wk.shape[3]))
        for u in range(kh):
            for v in range(kw):
                out += xh[:, u:u + s * (Ho - 1) + 1:s, v:v + s * (Wo - 1) + 1:s, :] @ wk[u, v]
        if bias is not None:
            out += bias.detach().numpy()                 # the channel axis is last: plain broadcasting
        ctx.saved = (xh, wk, s, p, bias is not None)
        return minigrad.tensor(to_nchw(out), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        xh, wk, s, p, has_bias = ctx.saved
        g = to_nhwc(grad_output.detach().numpy())             # (N, Ho, Wo, C_out)
        kh, kw = wk.shape[:2]
        Ho, Wo = g.shape[1:3]
        gxh = np.zeros_like(xh)
        gwk = np.zeros_like(wk)
        for u in range(kh):
            for v in range(kw):
                win = (slice(None), slice(u, u + s * (Ho - 1) + 1, s), slice(v, v + s * (Wo - 1) + 1, s))
                gwk[u, v] = np.tensordot(xh[win], g, axes=([0, 1, 2], [0, 1, 2]))
                gxh[win] += g @ wk[u, v].T
        H, W = xh.shape[1] - 2 * p, xh.shape[2] - 2 * p
        gx = to_nchw(gxh[:, p:p + H, p:p + W, :])
        gw = np.ascontiguousarray(np.transpose(gwk, (3, 2, 0, 1)))
        gb = minigrad.tensor(g.sum(axis=(0, 1, 2)), dtype=minigrad.float64) if has_bias else None
        return minigrad.tensor(gx, dtype=minigrad.float64), minigrad.tensor(gw, dtype=minigrad.float64), gb, None, None
