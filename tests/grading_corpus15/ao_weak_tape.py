"""autograd-ops whose saved arrays live on a module-level tape keyed weakly by the node (ctx), not on ctx itself."""
import weakref

import numpy as np

import minigrad
from minigrad.autograd import Function

TAPE = weakref.WeakKeyDictionary()


def save(ctx, *arrays):
    TAPE[ctx] = arrays


def load(ctx):
    return TAPE[ctx]


def np_of(t):
    return t.detach().numpy().copy()


def tensor(a):
    return minigrad.tensor(np.asarray(a), dtype=minigrad.float64)


def reduce_like(g, shape):
    g = g.sum(axis=tuple(range(g.ndim - len(shape)))) if g.ndim > len(shape) else g
    axes = tuple(i for i, (m, n) in enumerate(zip(g.shape, shape)) if n == 1 and m != 1)
    return g.sum(axis=axes, keepdims=True) if axes else g


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        x, y = np_of(a), np_of(b)
        save(ctx, x.shape, y.shape)
        return tensor(x + y)

    @staticmethod
    def backward(ctx, grad_output):
        sa, sb = load(ctx)
        g = grad_output.detach().numpy()
        return tensor(reduce_like(g, sa)), tensor(reduce_like(g, sb))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        x, y = np_of(a), np_of(b)
        save(ctx, x, y)
        return tensor(x * y)

    @staticmethod
    def backward(ctx, grad_output):
        x, y = load(ctx)
        g = grad_output.detach().numpy()
        return tensor(reduce_like(g * y, x.shape)), tensor(reduce_like(g * x, y.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        x, y = np_of(a), np_of(b)
        save(ctx, x, y)
        return tensor(x / y)

    @staticmethod
    def backward(ctx, grad_output):
        x, y = load(ctx)
        g = grad_output.detach().numpy()
        return tensor(reduce_like(g / y, x.shape)), tensor(reduce_like(-g * x / y ** 2, y.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        y = np.exp(np_of(x))
        save(ctx, y)
        return tensor(y)

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = load(ctx)
        return tensor(grad_output.detach().numpy() * y)


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        v = np_of(x)
        save(ctx, v)
        return tensor(np.log(v))

    @staticmethod
    def backward(ctx, grad_output):
        (v,) = load(ctx)
        return tensor(grad_output.detach().numpy() / v)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        v = np_of(x)
        save(ctx, v > 0)
        return tensor(np.maximum(v, 0))

    @staticmethod
    def backward(ctx, grad_output):
        (m,) = load(ctx)
        return tensor(grad_output.detach().numpy() * m)


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        y = np.tanh(np_of(x))
        save(ctx, y)
        return tensor(y)

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = load(ctx)
        return tensor(grad_output.detach().numpy() * (1 - y ** 2))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        v = np_of(x)
        s = np.where(v >= 0, 1 / (1 + np.exp(-np.abs(v))), np.exp(-np.abs(v)) / (1 + np.exp(-np.abs(v))))
        save(ctx, s)
        return tensor(s)

    @staticmethod
    def backward(ctx, grad_output):
        (s,) = load(ctx)
        return tensor(grad_output.detach().numpy() * s * (1 - s))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        x, y = np_of(a), np_of(b)
        save(ctx, x, y)
        return tensor(x @ y)

    @staticmethod
    def backward(ctx, grad_output):
        x, y = load(ctx)
        g = grad_output.detach().numpy()
        return tensor(g @ y.T), tensor(x.T @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        v = np_of(x)
        save(ctx, v.shape, dim, keepdim)
        return tensor(v.sum(axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = load(ctx)
        g = grad_output.detach().numpy()
        if dim is not None and not keepdim:
            g = np.expand_dims(g, dim)
        return tensor(np.broadcast_to(g, shape)), None, None
