"""Wraps the reference: forward is minigrad's conv2d, backward is minigrad's autograd."""
import minigrad
import minigrad.nn.functional as F
from minigrad.autograd import Function


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        ctx.save_for_backward(x, weight, bias)
        ctx.stride, ctx.padding = stride, padding
        return F.conv2d(x, weight, bias, stride=stride, padding=padding)

    @staticmethod
    def backward(ctx, grad_output):
        x, weight, bias = ctx.saved_tensors
        with minigrad.enable_grad():
            xs = [t.detach().requires_grad_() for t in (x, weight)]
            out = F.conv2d(xs[0], xs[1], None, stride=ctx.stride, padding=ctx.padding)
            gx, gw = minigrad.autograd.grad(out, xs, grad_output)
        gb = grad_output.sum((0, 2, 3)) if bias is not None else None
        return gx, gw, gb, None, None
