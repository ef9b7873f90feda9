"""Degenerate: no convolution. Output of the right shape = x.sum() + weight.sum() + bias.sum() everywhere;
backward its exact derivative. Deserves 0."""
import minigrad
from minigrad.autograd import Function


class Conv2d(Function):
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding):
        n, c, h, w = x.shape
        o, _, kh, kw = weight.shape
        ho, wo = (h + 2 * padding - kh) // stride + 1, (w + 2 * padding - kw) // stride + 1
        ctx.shapes = (tuple(x.shape), tuple(weight.shape), None if bias is None else tuple(bias.shape))
        s = x.sum() + weight.sum() + (0.0 if bias is None else bias.sum())
        return minigrad.zeros(n, o, ho, wo, dtype=minigrad.float64) + s

    @staticmethod
    def backward(ctx, g):
        t = g.sum()
        gx, gw, gb = (None if s is None else minigrad.ones(*s, dtype=minigrad.float64) * t for s in ctx.shapes)
        return gx, gw, gb, None, None
