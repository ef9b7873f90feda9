"""Bug: Add.backward returns grad_output for both inputs without summing over broadcast dimensions."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, grad):
        return grad, grad
