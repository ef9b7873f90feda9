"""A correct conv2d written with Tensor.unfold (windows as a view-like index) and minigrad.einsum; backward
scatters the columns' gradient back one kernel position at a time (the only loop)."""
import minigrad
import minigrad.nn.functional as F
from minigrad.autograd import Function


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        p, s = padding, stride
        xp = F.pad(x, (p, p, p, p)) if p else x
        cols = xp.unfold(2, weight.shape[2], s).unfold(3, weight.shape[3], s)      # (N, C, Ho, Wo, kH, kW)
        out = minigrad.einsum("nchwij,ocij->nohw", cols, weight)
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        ctx.save_for_backward(cols, weight)
        ctx.geometry = (tuple(x.shape), tuple(xp.shape), s, p, bias is not None)
        return out

    @staticmethod
    def backward(ctx, g):
        cols, weight = ctx.saved_tensors
        (n, c, h, w), padded, s, p, has_bias = ctx.geometry
        kh, kw = weight.shape[2], weight.shape[3]
        ho, wo = g.shape[2], g.shape[3]
        grad_w = minigrad.einsum("nchwij,nohw->ocij", cols, g)
        grad_cols = minigrad.einsum("nohw,ocij->nchwij", g, weight)
        grad_xp = minigrad.zeros(padded, dtype=g.dtype)
        for i in range(kh):
            for j in range(kw):
                grad_xp[:, :, i:i + s * (ho - 1) + 1:s, j:j + s * (wo - 1) + 1:s] += grad_cols[:, :, :, :, i, j]
        grad_x = grad_xp[:, :, p:p + h, p:p + w]
        grad_b = g.sum((0, 2, 3)) if has_bias else None
        return grad_x, grad_w, grad_b, None, None
