"""One helper, correlate(x, k, stride, dilation), used three times: the forward; grad_weight as the correlation of
x_pad with grad_output as the kernel, dilated by the stride; grad_x as the correlation of the (stride-dilated,
k-1-padded) grad_output with the kernel rotated by 180 degrees and its channels swapped."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def correlate(x, k, stride=1, dilation=1):
    """out[n, o, i, j] = sum_{c,u,v} k[o, c, u, v] * x[n, c, i*stride + u*dilation, j*stride + v*dilation]."""
    kh, kw = k.shape[2:]
    ho = (x.shape[2] - dilation * (kh - 1) - 1) // stride + 1
    wo = (x.shape[3] - dilation * (kw - 1) - 1) // stride + 1
    out = np.zeros((x.shape[0], k.shape[0], ho, wo))
    for u in range(kh):
        for v in range(kw):
            r, c = u * dilation, v * dilation
            patch = x[:, :, r:r + stride * (ho - 1) + 1:stride, c:c + stride * (wo - 1) + 1:stride]
            out += np.einsum("nchw,oc->nohw", patch, k[:, :, u, v])
    return out


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        p = padding
        xp = np.pad(x.detach().numpy(), ((0, 0), (0, 0), (p, p), (p, p)))
        w = weight.detach().numpy()
        out = correlate(xp, w, stride)
        if bias is not None:
            out = out + bias.detach().numpy()[None, :, None, None]
        ctx.state = dict(xp=xp, w=w, stride=stride, p=p, bias=bias is not None, x_shape=tuple(x.shape))
        return minigrad.tensor(out, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        st = ctx.state
        g = grad_output.detach().numpy()
        xp, w, s, p = st["xp"], st["w"], st["stride"], st["p"]
        kh, kw = w.shape[2:]
        # grad_weight[o, c] = correlate(xp[:, c] over the batch, g[:, o] dilated by s): batch acts as the channel
        gw = correlate(xp.transpose(1, 0, 2, 3), g.transpose(1, 0, 2, 3), stride=1, dilation=s)[:, :, :kh, :kw]
        gw = gw.transpose(1, 0, 2, 3)
        # grad_x_pad: g placed every s-th entry, padded by k-1, correlated with the rotated kernel
        Hp, Wp = xp.shape[2:]
        gd = np.zeros((g.shape[0], g.shape[1], Hp + kh - 1, Wp + kw - 1))
        gd[:, :, kh - 1:kh - 1 + s * (g.shape[2] - 1) + 1:s, kw - 1:kw - 1 + s * (g.shape[3] - 1) + 1:s] = g
        gxp = correlate(gd, w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        H, W = st["x_shape"][2:]
        gx = gxp[:, :, p:p + H, p:p + W]
        T = lambda a: minigrad.tensor(np.ascontiguousarray(a), dtype=minigrad.float64)
        return T(gx), T(gw), (T(g.sum(axis=(0, 2, 3))) if st["bias"] else None), None, None
