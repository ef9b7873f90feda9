"""autograd-ops as coroutines: each op is a generator that yields its output, is sent grad_output, and yields the
gradients. forward starts the generator and keeps it on ctx; backward sends the upstream gradient in. The local
variables of the generator are what backward needs, so nothing else is saved."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def _fit(g, shape):
    """g summed to ``shape``: extra leading dimensions, then dimensions that were 1."""
    while g.ndim > len(shape):
        g = g.sum(0)
    for axis in [i for i, (n, m) in enumerate(zip(shape, g.shape)) if n == 1 != m]:
        g = g.sum(axis, keepdims=True)
    return g


def add(a, b):
    g = yield a + b
    yield _fit(g, a.shape), _fit(g, b.shape)


def mul(a, b):
    g = yield a * b
    yield _fit(g * b, a.shape), _fit(g * a, b.shape)


def div(a, b):
    q = a / b
    g = yield q
    yield _fit(g / b, a.shape), _fit(-g * q / b, b.shape)


def exp(x):
    y = np.exp(x)
    g = yield y
    yield (g * y,)


def log(x):
    g = yield np.log(x)
    yield (g / x,)


def relu(x):
    mask = x > 0
    g = yield x * mask
    yield (g * mask,)


def tanh(x):
    y = np.tanh(x)
    g = yield y
    yield (g * (1 - y) * (1 + y),)


def sigmoid(x):
    z = np.exp(-np.abs(x))
    y = np.where(x >= 0, 1, z) / (1 + z)
    g = yield y
    yield (g * y * (1 - y),)


def matmul(a, b):
    g = yield a @ b
    yield g @ b.T, a.T @ g


def total(x, dim=None, keepdim=False):
    g = yield np.sum(x, axis=dim, keepdims=keepdim)
    if dim is not None and not keepdim:
        g = np.expand_dims(g, dim)
    yield (np.broadcast_to(g, x.shape) + 0.0,)


class _Coroutine(Function):
    op = None
    arrays = 1

    @classmethod
    def forward(cls, ctx, *args):
        arrays = [a.detach().numpy() for a in args[:cls.arrays]]
        ctx.gen = cls.op(*arrays, *args[cls.arrays:])
        ctx.extra = len(args) - cls.arrays
        return minigrad.tensor(np.asarray(next(ctx.gen), dtype=np.float64))

    @classmethod
    def backward(cls, ctx, grad_output):
        grads = ctx.gen.send(grad_output.detach().numpy())
        out = tuple(minigrad.tensor(np.array(g, dtype=np.float64)) for g in grads) + (None,) * ctx.extra
        return out[0] if len(out) == 1 else out


class Add(_Coroutine):
    op, arrays = staticmethod(add), 2


class Mul(_Coroutine):
    op, arrays = staticmethod(mul), 2


class Div(_Coroutine):
    op, arrays = staticmethod(div), 2


class Exp(_Coroutine):
    op = staticmethod(exp)


class Log(_Coroutine):
    op = staticmethod(log)


class ReLU(_Coroutine):
    op = staticmethod(relu)


class Tanh(_Coroutine):
    op = staticmethod(tanh)


class Sigmoid(_Coroutine):
    op = staticmethod(sigmoid)


class MatMul(_Coroutine):
    op, arrays = staticmethod(matmul), 2


class Sum(_Coroutine):
    op = staticmethod(total)
