"""conv2d, backward the textbook way: grad_x is the full correlation of the zero-dilated grad_output with the kernel
rotated by 180 degrees (in/out channels swapped), grad_weight the correlation of x_pad with the dilated grad_output.
A helper object holds the geometry; the forward is an as_strided window view (the array's own strides)."""
import numpy as np
from numpy.lib.stride_tricks import as_strided

import minigrad
from minigrad.autograd import Function


class Geometry:
    def __init__(self, x_shape, w_shape, stride, padding):
        self.N, self.C, self.H, self.W = x_shape
        self.O, _, self.kh, self.kw = w_shape
        self.s, self.p = stride, padding
        self.Ho = (self.H + 2 * padding - self.kh) // stride + 1
        self.Wo = (self.W + 2 * padding - self.kw) // stride + 1

    def pad(self, x):
        p = self.p
        return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))

    def dilate(self, g):
        """grad_output with stride - 1 zeros between entries: (N, O, (Ho-1)*s+1, (Wo-1)*s+1)."""
        s = self.s
        d = np.zeros(g.shape[:2] + ((self.Ho - 1) * s + 1, (self.Wo - 1) * s + 1))
        d[:, :, ::s, ::s] = g
        return d


def correlate(a, k, out_hw, step=1):
    """valid cross-correlation: a (N, C, H, W), k (O, C, kh, kw) -> (N, O, out_h, out_w)."""
    n, c = a.shape[:2]
    kh, kw = k.shape[2:]
    sn, sc, sh, sw = a.strides
    win = as_strided(a, (n, c, out_hw[0], out_hw[1], kh, kw), (sn, sc, sh * step, sw * step, sh, sw), writeable=False)
    return np.tensordot(win, k, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, wv = x.detach().numpy(), weight.detach().numpy()
        geo = Geometry(xv.shape, wv.shape, stride, padding)
        out = correlate(geo.pad(xv), wv, (geo.Ho, geo.Wo), stride)
        if bias is not None:
            out = out + bias.detach().numpy().reshape(1, -1, 1, 1)
        ctx.geo, ctx.x, ctx.w, ctx.has_bias = geo, xv.copy(), wv.copy(), bias is not None
        return minigrad.tensor(np.ascontiguousarray(out))

    @staticmethod
    def backward(ctx, grad_output):
        geo, x, w = ctx.geo, ctx.x, ctx.w
        g = grad_output.detach().numpy()
        d = geo.dilate(g)
        # grad_weight[o, c, u, v] = sum_n,i,j d[n, o, i, j] * x_pad[n, c, i + u, j + v]
        xp = geo.pad(x)
        hu, wu = d.shape[2] + geo.kh - 1, d.shape[3] + geo.kw - 1          # rows/cols of x_pad that are reached
        gw = correlate(np.ascontiguousarray(xp[:, :, :hu, :wu].transpose(1, 0, 2, 3)),
                       np.ascontiguousarray(d.transpose(1, 0, 2, 3)), (geo.kh, geo.kw)).transpose(1, 0, 2, 3)
        # grad_x_pad = full correlation of d with the rotated kernel
        full = np.pad(d, ((0, 0), (0, 0), (geo.kh - 1, geo.kh - 1), (geo.kw - 1, geo.kw - 1)))
        rot = np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
        gxp_used = correlate(full, rot, (hu, wu))
        gxp = np.zeros_like(xp)
        gxp[:, :, :hu, :wu] = gxp_used
        p = geo.p
        gx = gxp[:, :, p:p + geo.H, p:p + geo.W]
        gb = g.sum(axis=(0, 2, 3)) if ctx.has_bias else None
        return (minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(np.ascontiguousarray(gw)),
                None if gb is None else minigrad.tensor(gb), None, None)
