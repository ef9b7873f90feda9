"""Autograd ops whose un-broadcast is a scatter: every output entry knows which input entry it came from (an index
map broadcast like the input), and np.bincount adds grad_output into those slots. MatMul by np.tensordot, Sum by
np.add.reduce."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def arr(t):
    return t.detach().numpy()


def ten(a):
    return minigrad.tensor(np.asarray(a, dtype=np.float64))


def scatter_to(g, shape):
    """The gradient of an input of ``shape`` broadcast to g.shape: each g entry added into its source slot."""
    source = np.broadcast_to(np.arange(int(np.prod(shape))).reshape(shape), g.shape)
    return np.bincount(source.ravel(), weights=g.ravel(), minlength=int(np.prod(shape))).reshape(shape)


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (tuple(a.shape), tuple(b.shape))
        return ten(arr(a) + arr(b))

    @staticmethod
    def backward(ctx, grad_output):
        g = arr(grad_output)
        return ten(scatter_to(g, ctx.shapes[0])), ten(scatter_to(g, ctx.shapes[1]))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return ten(arr(a) * arr(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = (arr(t) for t in ctx.saved_tensors)
        g = arr(grad_output)
        return ten(scatter_to(g * b, a.shape)), ten(scatter_to(g * a, b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return ten(arr(a) / arr(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = (arr(t) for t in ctx.saved_tensors)
        g = arr(grad_output)
        q = g / b
        return ten(scatter_to(q, a.shape)), ten(scatter_to(-q * a / b, b.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.exp(arr(x))
        return ten(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return ten(arr(grad_output) * ctx.y)


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = arr(x).copy()
        return ten(np.log(ctx.x))

    @staticmethod
    def backward(ctx, grad_output):
        return ten(arr(grad_output) / ctx.x)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.mask = arr(x) > 0
        return ten(np.where(ctx.mask, arr(x), 0.0))

    @staticmethod
    def backward(ctx, grad_output):
        return ten(np.where(ctx.mask, arr(grad_output), 0.0))


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.tanh(arr(x))
        return ten(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return ten(arr(grad_output) * (1.0 - ctx.y) * (1.0 + ctx.y))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        xv = arr(x)
        e = np.exp(-np.abs(xv))                     # never above 1
        ctx.y = np.where(xv >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return ten(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return ten(arr(grad_output) * ctx.y * (1.0 - ctx.y))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = arr(a), arr(b)
        return ten(np.tensordot(ctx.a, ctx.b, axes=1))

    @staticmethod
    def backward(ctx, grad_output):
        g = arr(grad_output)
        return ten(np.tensordot(g, ctx.b, axes=([1], [1]))), ten(np.tensordot(ctx.a, g, axes=([0], [0])))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = arr(x)
        ctx.shape = xv.shape
        ctx.dim = None if dim is None else dim % xv.ndim
        if dim is None:
            return ten(np.add.reduce(xv, axis=None))
        return ten(np.add.reduce(xv, axis=ctx.dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        g = arr(grad_output)
        if ctx.dim is not None and g.ndim < len(ctx.shape):
            g = np.expand_dims(g, ctx.dim)
        return ten(np.broadcast_to(g, ctx.shape).copy())
