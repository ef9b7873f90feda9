"""Correct, in torch 2's style: forward without ctx, then setup_context(ctx, inputs, output), where torch's inputs hold
every argument of forward, bound by position with the defaults filled in."""
from minigrad.autograd import Function


class Sum(Function):
    @staticmethod
    def forward(x, dim=None, keepdim=False):
        return x.sum() if dim is None else x.sum(dim, keepdim=keepdim)

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, dim, keepdim = inputs
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim

    @staticmethod
    def backward(ctx, grad):
        if ctx.dim is not None and not ctx.keepdim:
            grad = grad.unsqueeze(ctx.dim)
        return grad.expand(ctx.shape), None, None
