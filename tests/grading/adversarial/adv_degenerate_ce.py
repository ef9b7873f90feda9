"""Degenerate: forward = logits.sum() (a linear map, 0-d), backward = its derivative. Deserves 0."""
import minigrad
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        ctx.shape = tuple(logits.shape)
        return logits.sum()

    @staticmethod
    def backward(ctx, grad):
        return minigrad.ones(*ctx.shape, dtype=minigrad.float64) * grad, None
