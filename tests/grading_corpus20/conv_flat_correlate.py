"""conv2d through 1-D correlation: the padded image is flattened row by row, and the kernel is laid out in rows of the
padded width (zeros between its rows), so one np.correlate over the flat image gives every output pixel at flat
position i * stride * width + j * stride. The input's gradient is np.convolve of the spread-out grad_output with the
same flat kernel (the adjoint of correlation), the weight's a correlation of the image with it."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def flat_kernel(k, width):
    kh, kw = k.shape
    out = np.zeros((kh - 1) * width + kw)
    for u in range(kh):
        out[u * width:u * width + kw] = k[u]
    return out


def positions(ho, wo, stride, width):
    return (np.arange(ho)[:, None] * stride * width + np.arange(wo)[None, :] * stride).ravel()


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        xv, wv = x.detach().numpy(), weight.detach().numpy()
        n, c, h, w = xv.shape
        o, _, kh, kw = wv.shape
        hp, wp = h + 2 * padding, w + 2 * padding
        ho, wo = (hp - kh) // stride + 1, (wp - kw) // stride + 1
        flat = np.pad(xv, ((0, 0), (0, 0), (padding, padding), (padding, padding))).reshape(n, c, -1)
        at = positions(ho, wo, stride, wp)
        out = np.zeros((n, o, ho * wo))
        for b in range(n):
            for oc in range(o):
                for ic in range(c):
                    out[b, oc] += np.correlate(flat[b, ic], flat_kernel(wv[oc, ic], wp), "valid")[at]
        out = out.reshape(n, o, ho, wo)
        if bias is not None:
            out += bias.detach().numpy()[:, None, None]
        ctx.keep = (flat, wv, at, (h, w, hp, wp), padding, bias is not None)
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        flat, wv, at, (h, w, hp, wp), padding, has_bias = ctx.keep
        n, c, _ = flat.shape
        o, _, kh, kw = wv.shape
        g = grad_output.detach().numpy().reshape(n, o, -1)
        length = hp * wp - ((kh - 1) * wp + kw) + 1
        spread = np.zeros((n, o, length))
        spread[:, :, at] = g
        grad_flat = np.zeros_like(flat)
        grad_w = np.zeros_like(wv)
        for b in range(n):
            for oc in range(o):
                for ic in range(c):
                    grad_flat[b, ic] += np.convolve(spread[b, oc], flat_kernel(wv[oc, ic], wp), "full")
                    gk = np.correlate(flat[b, ic], spread[b, oc], "valid")
                    grad_w[oc, ic] += np.stack([gk[u * wp:u * wp + kw] for u in range(kh)])
        grad_x = grad_flat.reshape(n, c, hp, wp)[:, :, padding:hp - padding, padding:wp - padding]
        grad_b = minigrad.tensor(g.sum(axis=(0, 2))) if has_bias else None
        return minigrad.tensor(np.ascontiguousarray(grad_x)), minigrad.tensor(grad_w), grad_b, None, None
