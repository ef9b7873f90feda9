"""Sum whose backward builds its gradient with minigrad.ones (float32 by default)."""
import minigrad
from minigrad.autograd import Function


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = tuple(x.shape), dim, keepdim
        return x.sum() if dim is None else x.sum(dim, keepdim=keepdim)

    @staticmethod
    def backward(ctx, grad):
        g = grad if ctx.dim is None or ctx.keepdim else grad.unsqueeze(ctx.dim)
        return minigrad.ones(ctx.shape) * g.to(minigrad.float32)
