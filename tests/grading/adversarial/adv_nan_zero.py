"""Degenerate answers: Add gives NaN everywhere, Mul all zeros (output and gradients), Exp zeros of the right
shape and dtype, ReLU an output that is all zero and a zero gradient (consistent with its own forward)."""
import minigrad
from minigrad.autograd import Function


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (a.shape, b.shape)
        return (a + b) * float("nan")

    @staticmethod
    def backward(ctx, g):
        return (minigrad.full(ctx.shapes[0], float("nan"), dtype=minigrad.float64),
                minigrad.full(ctx.shapes[1], float("nan"), dtype=minigrad.float64))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (a.shape, b.shape)
        return minigrad.zeros(minigrad.broadcast_shapes(a.shape, b.shape), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, g):
        return (minigrad.zeros(ctx.shapes[0], dtype=minigrad.float64),
                minigrad.zeros(ctx.shapes[1], dtype=minigrad.float64))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        return minigrad.zeros(x.shape, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, g):
        return minigrad.zeros(ctx.shape, dtype=minigrad.float64)


class ReLU(Exp):
    pass
