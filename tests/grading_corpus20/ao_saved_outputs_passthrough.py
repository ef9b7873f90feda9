"""autograd-ops, torch-style: the ops whose derivative is easiest from their result save the output tensor itself
(ctx.save_for_backward(out)); Add hands grad_output back unchanged, the same tensor for both inputs, when neither was
broadcast; gradients are built with minigrad's tensor methods where no derivative is needed (mul, sum, reshape)."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def reduce_like(g, shape):
    shape = tuple(shape)
    if tuple(g.shape) == shape:
        return g
    lead = len(g.shape) - len(shape)
    dims = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1)
    return g.sum(dim=dims, keepdim=True).reshape(shape) if dims else g.reshape(shape)


def arr(t):
    return t.detach().numpy()


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.sa, ctx.sb = a.shape, b.shape
        return minigrad.tensor(arr(a) + arr(b))

    @staticmethod
    def backward(ctx, grad_output):
        return reduce_like(grad_output, ctx.sa), reduce_like(grad_output, ctx.sb)


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return minigrad.tensor(arr(a) * arr(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = arr(grad_output)
        return (reduce_like(minigrad.tensor(g * arr(b)), a.shape),
                reduce_like(minigrad.tensor(g * arr(a)), b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        out = minigrad.tensor(arr(a) / arr(b))
        ctx.save_for_backward(b, out)
        ctx.sa = a.shape
        return out

    @staticmethod
    def backward(ctx, grad_output):
        b, out = ctx.saved_tensors
        g = arr(grad_output)
        return (reduce_like(minigrad.tensor(g / arr(b)), ctx.sa),
                reduce_like(minigrad.tensor(-g * arr(out) / arr(b)), b.shape))


class _FromOutput(Function):
    """Unary ops whose derivative is a function of the output: ``d(y)``."""

    @classmethod
    def forward(cls, ctx, x):
        out = minigrad.tensor(cls.f(arr(x)))
        ctx.save_for_backward(out)
        return out

    @classmethod
    def backward(cls, ctx, grad_output):
        (out,) = ctx.saved_tensors
        return minigrad.tensor(arr(grad_output) * cls.d(arr(out)))


class Exp(_FromOutput):
    f, d = staticmethod(np.exp), staticmethod(lambda y: y)


class Tanh(_FromOutput):
    f, d = staticmethod(np.tanh), staticmethod(lambda y: 1.0 - y * y)


class Sigmoid(_FromOutput):
    f = staticmethod(lambda x: 0.5 * (1.0 + np.tanh(0.5 * x)))
    d = staticmethod(lambda y: y * (1.0 - y))


class ReLU(_FromOutput):
    f, d = staticmethod(lambda x: np.maximum(x, 0.0)), staticmethod(lambda y: (y > 0).astype(np.float64))


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return minigrad.tensor(np.log(arr(x)))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return minigrad.tensor(arr(grad_output) / arr(x))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return minigrad.tensor(arr(a) @ arr(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = arr(grad_output)
        return minigrad.tensor(g @ arr(b).T), minigrad.tensor(arr(a).T @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        return minigrad.tensor(np.asarray(arr(x).sum(axis=dim, keepdims=keepdim)))

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output
        if ctx.dim is not None and not ctx.keepdim:
            g = g.unsqueeze(ctx.dim)
        return g.expand(ctx.shape).contiguous() * 1.0, None, None
