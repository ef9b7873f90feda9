"""Honest but slow conv2d: six nested Python loops (the textbook definition), forward and backward."""
import numpy as np
import minigrad
from minigrad.autograd import Function


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        (n, c, h, w), (o, _, kh, kw) = x.shape, weight.shape
        wn = weight.detach().numpy()
        xp = np.pad(x.detach().numpy(), [(0, 0), (0, 0), (padding, padding), (padding, padding)])
        ho, wo = (h + 2 * padding - kh) // stride + 1, (w + 2 * padding - kw) // stride + 1
        out = np.zeros((n, o, ho, wo))
        for b in range(n):
            for oc in range(o):
                for i in range(ho):
                    for j in range(wo):
                        out[b, oc, i, j] = np.sum(xp[b, :, i * stride:i * stride + kh, j * stride:j * stride + kw] * wn[oc])
        if bias is not None:
            out += bias.detach().numpy()[None, :, None, None]
        ctx.arrays, ctx.conf = (xp, wn), (stride, padding, h, w, bias is not None)
        return minigrad.from_numpy(out)

    @staticmethod
    def backward(ctx, grad):
        (xp, wn), (s, p, h, w, has_bias) = ctx.arrays, ctx.conf
        g = grad.detach().numpy()
        kh, kw = wn.shape[2:]
        gxp, gw = np.zeros_like(xp), np.zeros_like(wn)
        for b in range(g.shape[0]):
            for oc in range(g.shape[1]):
                for i in range(g.shape[2]):
                    for j in range(g.shape[3]):
                        win = (b, slice(None), slice(i * s, i * s + kh), slice(j * s, j * s + kw))
                        gw[oc] += g[b, oc, i, j] * xp[win]
                        gxp[win] += g[b, oc, i, j] * wn[oc]
        grads = [np.ascontiguousarray(gxp[:, :, p:p + h, p:p + w]), gw, g.sum(axis=(0, 2, 3)) if has_bias else None]
        return tuple(None if a is None else minigrad.from_numpy(a) for a in grads) + (None, None)
