"""Bug: Conv2d reads the kernel size as (kW, kH): right for square kernels only."""
import numpy as np

import minigrad
from conv2d_correct import Conv2d as _Correct
from minigrad.autograd import Function


class Conv2d(Function):
    backward = _Correct.backward

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xn, wn = x.detach().numpy(), weight.detach().numpy()
        n, c, h, w = xn.shape
        o = wn.shape[0]
        kw, kh = wn.shape[2], wn.shape[3]
        if kh != kw:
            wn = wn.reshape(o, c, kh, kw)
        h_out = (h + 2 * padding - kh) // stride + 1
        w_out = (w + 2 * padding - kw) // stride + 1
        xp = np.pad(xn, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        out = np.zeros((n, o, h_out, w_out))
        for u in range(kh):
            for v in range(kw):
                patch = xp[:, :, u:u + stride * h_out:stride, v:v + stride * w_out:stride]
                out += np.einsum("ncij,oc->noij", patch, wn[:, :, u, v])
        if bias is not None:
            out += bias.detach().numpy()[None, :, None, None]
        ctx.save_for_backward(x, weight)
        ctx.conf = (stride, padding, bias is not None)
        return minigrad.from_numpy(out)
