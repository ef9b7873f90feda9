"""conv2d as a loop over the kH*kW kernel taps: each tap is one tensordot of a strided slice of the padded input;
backward adds each tap's contribution into a padded gradient buffer and crops it. Inputs of any float dtype are
computed in float64 and the result given back in the input's dtype."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def _taps(kh, kw):
    for u in range(kh):
        for v in range(kw):
            yield u, v


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv = x.detach().numpy().astype(np.float64)
        wv = weight.detach().numpy().astype(np.float64)
        n, c, h, w = xv.shape
        o, _, kh, kw = wv.shape
        ho, wo = (h + 2 * padding - kh) // stride + 1, (w + 2 * padding - kw) // stride + 1
        xp = np.pad(xv, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        out = np.zeros((n, o, ho, wo))
        for u, v in _taps(kh, kw):
            patch = xp[:, :, u:u + stride * (ho - 1) + 1:stride, v:v + stride * (wo - 1) + 1:stride]
            out += np.einsum("nchw,oc->nohw", patch, wv[:, :, u, v])
        if bias is not None:
            out += bias.detach().numpy().reshape(1, o, 1, 1)
        ctx.xp, ctx.wv, ctx.geom = xp, wv, (stride, padding, ho, wo, h, w, bias is not None, x.dtype)
        return minigrad.tensor(out.astype(xv.dtype if x.dtype == minigrad.float64 else np.float32))

    @staticmethod
    def backward(ctx, grad_output):
        stride, padding, ho, wo, h, w, has_bias, dtype = ctx.geom
        g = grad_output.detach().numpy().astype(np.float64)
        xp, wv = ctx.xp, ctx.wv
        kh, kw = wv.shape[2:]
        gxp = np.zeros_like(xp)
        gw = np.zeros_like(wv)
        for u, v in _taps(kh, kw):
            rows = slice(u, u + stride * (ho - 1) + 1, stride)
            cols = slice(v, v + stride * (wo - 1) + 1, stride)
            gw[:, :, u, v] = np.einsum("nohw,nchw->oc", g, xp[:, :, rows, cols])
            gxp[:, :, rows, cols] += np.einsum("nohw,oc->nchw", g, wv[:, :, u, v])
        gx = gxp[:, :, padding:padding + h, padding:padding + w]
        gb = minigrad.tensor(g.sum(axis=(0, 2, 3))) if has_bias else None
        return minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(gw), gb, None, None
