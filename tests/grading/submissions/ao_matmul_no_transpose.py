"""Bug: MatMul.backward forgets the transposes (shape-correct only for square matrices)."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad @ b, a @ grad
