"""conv2d in channels-last layout: x moved to (N, H, W, C), one matmul per kernel tap accumulated into the output;
backward the same loop, transposed. Hyper-parameters read from ctx in a small dict."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def out_size(n, k, s, p):
    return (n + 2 * p - k) // s + 1


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        s, p = int(stride), int(padding)
        xh = np.moveaxis(x.detach().numpy(), 1, -1)                      # (N, H, W, C)
        xh = np.pad(xh, ((0, 0), (p, p), (p, p), (0, 0)))
        w = weight.detach().numpy()
        O, C, kh, kw = w.shape
        ho, wo = out_size(x.shape[2], kh, s, p), out_size(x.shape[3], kw, s, p)
        out = np.zeros((x.shape[0], ho, wo, O))
        for u in range(kh):
            for v in range(kw):
                patch = xh[:, u:u + s * ho:s, v:v + s * wo:s, :][:, :ho, :wo]   # (N, ho, wo, C)
                out += patch @ w[:, :, u, v].T
        if bias is not None:
            out += bias.detach().numpy()
        ctx.h = {"xh": xh, "w": w.copy(), "s": s, "p": p, "bias": bias is not None, "hw": x.shape[2:]}
        return minigrad.tensor(np.ascontiguousarray(np.moveaxis(out, -1, 1)))

    @staticmethod
    def backward(ctx, grad_output):
        h = ctx.h
        xh, w, s, p = h["xh"], h["w"], h["s"], h["p"]
        O, C, kh, kw = w.shape
        g = np.moveaxis(grad_output.detach().numpy(), 1, -1)             # (N, ho, wo, O)
        ho, wo = g.shape[1:3]
        gxh = np.zeros_like(xh)
        gw = np.zeros_like(w)
        for u in range(kh):
            for v in range(kw):
                patch = xh[:, u:u + s * ho:s, v:v + s * wo:s, :][:, :ho, :wo]
                gw[:, :, u, v] = np.einsum("nhwo,nhwc->oc", g, patch)
                gxh[:, u:u + s * ho:s, v:v + s * wo:s, :][:, :ho, :wo] += g @ w[:, :, u, v]
        H, W = h["hw"]
        gx = np.moveaxis(gxh[:, p:p + H, p:p + W, :], -1, 1)
        gb = g.sum(axis=(0, 1, 2)) if h["bias"] else None
        return (minigrad.tensor(np.ascontiguousarray(gx)), minigrad.tensor(gw),
                None if gb is None else minigrad.tensor(gb), None, None)
