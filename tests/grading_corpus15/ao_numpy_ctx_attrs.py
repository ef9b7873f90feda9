"""autograd-ops with NumPy arrays kept as ctx attributes; un-broadcast by explicit loops over the axes."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def arr(t):
    return t.detach().numpy()


def wrap(a):
    return minigrad.tensor(np.asarray(a, dtype=np.float64))


def unbroadcast(g, shape):
    # leading dimensions the input lacks
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    # dimensions where the input has size 1
    for axis in range(len(shape)):
        if shape[axis] == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a_shape, ctx.b_shape = a.shape, b.shape
        return wrap(arr(a) + arr(b))

    @staticmethod
    def backward(ctx, grad_output):
        g = arr(grad_output)
        return wrap(unbroadcast(g, ctx.a_shape)), wrap(unbroadcast(g, ctx.b_shape))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = arr(a).copy(), arr(b).copy()
        return wrap(ctx.a * ctx.b)

    @staticmethod
    def backward(ctx, grad_output):
        g = arr(grad_output)
        return wrap(unbroadcast(g * ctx.b, ctx.a.shape)), wrap(unbroadcast(g * ctx.a, ctx.b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = arr(a).copy(), arr(b).copy()
        return wrap(ctx.a / ctx.b)

    @staticmethod
    def backward(ctx, grad_output):
        g = arr(grad_output)
        a, b = ctx.a, ctx.b
        return wrap(unbroadcast(g / b, a.shape)), wrap(unbroadcast(-g * a / (b * b), b.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.out = np.exp(arr(x))
        return wrap(ctx.out)

    @staticmethod
    def backward(ctx, grad_output):
        return wrap(arr(grad_output) * ctx.out)


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.x = arr(x).copy()
        return wrap(np.log(ctx.x))

    @staticmethod
    def backward(ctx, grad_output):
        return wrap(arr(grad_output) / ctx.x)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.mask = arr(x) > 0
        return wrap(np.where(ctx.mask, arr(x), 0.0))

    @staticmethod
    def backward(ctx, grad_output):
        return wrap(arr(grad_output) * ctx.mask)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.y = np.tanh(arr(x))
        return wrap(ctx.y)

    @staticmethod
    def backward(ctx, grad_output):
        return wrap(arr(grad_output) * (1.0 - ctx.y ** 2))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        v = arr(x)
        out = np.empty_like(v)
        pos = v >= 0
        out[pos] = 1.0 / (1.0 + np.exp(-v[pos]))
        e = np.exp(v[~pos])
        out[~pos] = e / (1.0 + e)
        ctx.s = out
        return wrap(out)

    @staticmethod
    def backward(ctx, grad_output):
        return wrap(arr(grad_output) * ctx.s * (1.0 - ctx.s))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = arr(a).copy(), arr(b).copy()
        return wrap(ctx.a @ ctx.b)

    @staticmethod
    def backward(ctx, grad_output):
        g = arr(grad_output)
        return wrap(g @ ctx.b.T), wrap(ctx.a.T @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        v = arr(x)
        return wrap(v.sum() if dim is None else v.sum(axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        g = arr(grad_output)
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim % len(ctx.shape))
        return wrap(np.broadcast_to(g, ctx.shape).copy()), None, None
