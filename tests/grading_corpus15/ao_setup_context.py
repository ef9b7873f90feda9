"""autograd-ops in torch 2's style: forward(*inputs) without ctx and setup_context(ctx, inputs, output); tensors saved
with ctx.save_for_backward, backward on NumPy copies; keepdim and dim read back from inputs."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def A(t):
    return t.detach().numpy()


def T(a):
    return minigrad.tensor(np.array(a, dtype=np.float64))


def sum_to_shape(g, shape):
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1)
    return g.sum(axis=axes, keepdims=True).reshape(shape) if axes else g


class _Binary(Function):
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(*inputs)


class Add(_Binary):
    @staticmethod
    def forward(a, b):
        return T(A(a) + A(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = A(grad_output)
        return T(sum_to_shape(g, a.shape)), T(sum_to_shape(g, b.shape))


class Mul(_Binary):
    @staticmethod
    def forward(a, b):
        return T(A(a) * A(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = (A(t) for t in ctx.saved_tensors)
        g = A(grad_output)
        return T(sum_to_shape(g * b, a.shape)), T(sum_to_shape(g * a, b.shape))


class Div(_Binary):
    @staticmethod
    def forward(a, b):
        return T(A(a) / A(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = (A(t) for t in ctx.saved_tensors)
        g = A(grad_output)
        return T(sum_to_shape(g / b, a.shape)), T(sum_to_shape(-g * a / (b * b), b.shape))


class _SaveOutput(Function):
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)


class _SaveInput(Function):
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])


class Exp(_SaveOutput):
    @staticmethod
    def forward(x):
        return T(np.exp(A(x)))

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return T(A(grad_output) * A(y))


class Log(_SaveInput):
    @staticmethod
    def forward(x):
        return T(np.log(A(x)))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return T(A(grad_output) / A(x))


class ReLU(_SaveInput):
    @staticmethod
    def forward(x):
        return T(np.clip(A(x), 0.0, None))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return T(A(grad_output) * np.greater(A(x), 0))


class Tanh(_SaveOutput):
    @staticmethod
    def forward(x):
        return T(np.tanh(A(x)))

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return T(A(grad_output) * (1.0 - A(y) ** 2))


class Sigmoid(_SaveOutput):
    @staticmethod
    def forward(x):
        v = A(x)
        return T(np.exp(np.minimum(v, 0)) / (1.0 + np.exp(-np.abs(v))))

    @staticmethod
    def backward(ctx, grad_output):
        (s,) = ctx.saved_tensors
        s = A(s)
        return T(A(grad_output) * s * (1.0 - s))


class MatMul(_Binary):
    @staticmethod
    def forward(a, b):
        return T(np.matmul(A(a), A(b)))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = (A(t) for t in ctx.saved_tensors)
        g = A(grad_output)
        return T(np.matmul(g, b.T)), T(np.matmul(a.T, g))


class Sum(Function):
    @staticmethod
    def forward(x, dim=None, keepdim=False):
        v = A(x)
        return T(v.sum() if dim is None else v.sum(axis=dim, keepdims=keepdim))

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, dim, keepdim = inputs
        ctx.shape, ctx.dim, ctx.keepdim = tuple(x.shape), dim, keepdim

    @staticmethod
    def backward(ctx, grad_output):
        g = A(grad_output)
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim)
        return T(np.broadcast_to(g, ctx.shape)), None, None
