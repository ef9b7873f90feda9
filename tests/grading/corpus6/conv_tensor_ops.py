import minigrad
import minigrad.nn.functional as F
from minigrad.autograd import Function


class Conv2d(Function):
    """Everything with minigrad tensor ops (no numpy), a loop over kernel positions."""
    @staticmethod
    def forward(ctx, x, w, b, stride, padding):
        N, C, H, W = x.shape
        O, _, kh, kw = w.shape
        xp = F.pad(x, (padding, padding, padding, padding))
        ho = (H + 2 * padding - kh) // stride + 1
        wo = (W + 2 * padding - kw) // stride + 1
        out = minigrad.zeros(N, O, ho, wo, dtype=x.dtype)
        for u in range(kh):
            for v in range(kw):
                patch = xp[:, :, u:u + stride * (ho - 1) + 1:stride, v:v + stride * (wo - 1) + 1:stride]
                out = out + minigrad.einsum("ncij,oc->noij", patch, w[:, :, u, v])
        if b is not None:
            out = out + b.view(1, O, 1, 1)
        ctx.save_for_backward(x, w)
        ctx.stride, ctx.padding, ctx.has_bias = stride, padding, b is not None
        return out

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        s, p = ctx.stride, ctx.padding
        N, C, H, W = x.shape
        O, _, kh, kw = w.shape
        ho, wo = g.shape[2], g.shape[3]
        xp = F.pad(x, (p, p, p, p))
        gxp = minigrad.zeros_like(xp)
        gw = minigrad.zeros_like(w)
        for u in range(kh):
            for v in range(kw):
                sl = (slice(None), slice(None), slice(u, u + s * (ho - 1) + 1, s), slice(v, v + s * (wo - 1) + 1, s))
                gw[:, :, u, v] = minigrad.einsum("noij,ncij->oc", g, xp[sl])
                gxp[sl] += minigrad.einsum("noij,oc->ncij", g, w[:, :, u, v])
        gx = gxp[:, :, p:p + H, p:p + W].contiguous()
        gb = g.sum(dim=(0, 2, 3)) if ctx.has_bias else None
        return gx, gw, gb, None, None
