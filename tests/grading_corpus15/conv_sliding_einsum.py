"""conv2d with sliding_window_view and einsum; backward adds every kernel tap's slice into the padded gradient."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import minigrad
from minigrad.autograd import Function


def windows(xp, kh, kw, s):
    v = sliding_window_view(xp, (kh, kw), axis=(2, 3))       # (N, C, Hp-kh+1, Wp-kw+1, kh, kw)
    return v[:, :, ::s, ::s]


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        p, s = padding, stride
        xp = np.pad(x.detach().numpy(), [(0, 0), (0, 0), (p, p), (p, p)])
        w = weight.detach().numpy().copy()
        win = windows(xp, w.shape[2], w.shape[3], s)
        out = np.einsum("nchwij,ocij->nohw", win, w, optimize=True)
        if bias is not None:
            out += bias.detach().numpy()[None, :, None, None]
        ctx.save_for_backward(x, weight)
        ctx.conf = (s, p, bias is not None)
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        x, weight = ctx.saved_tensors
        s, p, has_bias = ctx.conf
        xv, w = x.detach().numpy(), weight.detach().numpy()
        g = grad_output.detach().numpy()
        xp = np.pad(xv, [(0, 0), (0, 0), (p, p), (p, p)])
        kh, kw = w.shape[2:]
        Ho, Wo = g.shape[2:]
        gw = np.einsum("nchwij,nohw->ocij", windows(xp, kh, kw, s), g, optimize=True)
        gxp = np.zeros_like(xp)
        for u in range(kh):
            for v in range(kw):
                gxp[:, :, u:u + s * (Ho - 1) + 1:s, v:v + s * (Wo - 1) + 1:s] += np.einsum("nohw,oc->nchw", g, w[:, :, u, v])
        H, W = xv.shape[2:]
        gx = gxp[:, :, p:p + H, p:p + W]
        gb = g.sum(axis=(0, 2, 3)) if has_bias else None
        return (minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(gw),
                None if gb is None else minigrad.tensor(gb), None, None)
