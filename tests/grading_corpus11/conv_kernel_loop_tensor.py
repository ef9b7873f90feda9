"""conv2d with a loop over the kh*kw kernel positions (no im2col), each a tensordot; float64 kept by
explicit dtype arguments; ctx.save_for_backward for the tensors, plain attributes for the rest."""
import numpy as np

import minigrad
from minigrad.autograd import Function


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        ctx.save_for_backward(x, weight)
        ctx.stride, ctx.padding, ctx.has_bias = stride, padding, bias is not None
        X = np.pad(x.detach().numpy(), ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        Wt = weight.detach().numpy()
        N, C, Hp, Wp = X.shape
        O, _, KH, KW = Wt.shape
        HO, WO = (Hp - KH) // stride + 1, (Wp - KW) // stride + 1
        out = np.zeros((N, O, HO, WO), dtype=np.float64)
        for u in range(KH):
            for v in range(KW):
                patch = X[:, :, u:u + stride * (HO - 1) + 1:stride, v:v + stride * (WO - 1) + 1:stride]
                out += np.tensordot(Wt[:, :, u, v], patch, axes=([1], [1])).transpose(1, 0, 2, 3)
        if bias is not None:
            out += bias.detach().numpy().reshape(1, O, 1, 1)
        return minigrad.tensor(out)

    @staticmethod
    def backward(ctx, grad_output):
        x, weight = ctx.saved_tensors
        s, p = ctx.stride, ctx.padding
        X = np.pad(x.detach().numpy(), ((0, 0), (0, 0), (p, p), (p, p)))
        Wt = weight.detach().numpy()
        G = grad_output.detach().numpy()
        N, O, HO, WO = G.shape
        KH, KW = Wt.shape[2:]
        gX = np.zeros_like(X)
        gW = np.zeros_like(Wt)
        for u in range(KH):
            for v in range(KW):
                rows = slice(u, u + s * (HO - 1) + 1, s)
                cols = slice(v, v + s * (WO - 1) + 1, s)
                gW[:, :, u, v] = np.einsum("nohw,nchw->oc", G, X[:, :, rows, cols])
                gX[:, :, rows, cols] += np.einsum("nohw,oc->nchw", G, Wt[:, :, u, v])
        H, W = x.shape[2], x.shape[3]
        gx = gX[:, :, p:p + H, p:p + W]
        gb = G.sum(axis=(0, 2, 3)) if ctx.has_bias else None
        return minigrad.tensor(gx), minigrad.tensor(gW), (minigrad.tensor(gb) if gb is not None else None), None, None
