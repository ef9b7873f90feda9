"""Each forward builds its vector-Jacobian product as a closure over what it computed and parks it on ctx;
backward only calls it. The closures share module-level helpers for un-broadcasting (np.add.reduce over the
axes found by comparing right-aligned shapes)."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def arr(t):
    return np.asarray(t.detach().numpy(), dtype=np.float64)


def ten(a):
    return minigrad.tensor(np.asarray(a, dtype=np.float64))


def unbroadcast(g, shape):
    padded = (1,) * (g.ndim - len(shape)) + tuple(shape)
    axes = tuple(i for i, (n, m) in enumerate(zip(padded, g.shape)) if n == 1 and m != 1)
    if axes:
        g = np.add.reduce(g, axis=axes, keepdims=True)
    return g.reshape(shape)


class ClosureFunction(Function):
    """forward returns (value, vjp); vjp maps the upstream gradient (ndarray) to a tuple of ndarrays."""

    @classmethod
    def rule(cls, *args, **kwargs):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, grad_output):
        grads = ctx.vjp(arr(grad_output))
        return tuple(None if g is None else ten(g) for g in grads)


def binary(rule):
    class Op(ClosureFunction):
        @staticmethod
        def forward(ctx, a, b):
            out, ctx.vjp = rule(arr(a), arr(b))
            return ten(out)
    Op.__name__ = Op.__qualname__ = rule.__name__.title()
    return Op


def unary(rule):
    class Op(ClosureFunction):
        @staticmethod
        def forward(ctx, x):
            out, ctx.vjp = rule(arr(x))
            return ten(out)
    return Op


def add(a, b):
    return a + b, lambda g: (unbroadcast(g, a.shape), unbroadcast(g, b.shape))


def mul(a, b):
    return a * b, lambda g: (unbroadcast(g * b, a.shape), unbroadcast(g * a, b.shape))


def div(a, b):
    out = a / b
    return out, lambda g: (unbroadcast(g / b, a.shape), unbroadcast(-g * out / b, b.shape))


def exp(x):
    y = np.exp(x)
    return y, lambda g: (g * y,)


def log(x):
    return np.log(x), lambda g: (g / x,)


def relu(x):
    keep = x > 0
    return x * keep, lambda g: (g * keep,)


def tanh(x):
    y = np.tanh(x)
    return y, lambda g: (g * (1 - y) * (1 + y),)


def sigmoid(x):
    z = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1 / (1 + z), z / (1 + z))
    return s, lambda g: (g * s * (1 - s),)


def matmul(a, b):
    return a @ b, lambda g: (g @ b.T, a.T @ g)


Add, Mul, Div, MatMul = binary(add), binary(mul), binary(div), binary(matmul)
Exp, Log, ReLU, Tanh, Sigmoid = unary(exp), unary(log), unary(relu), unary(tanh), unary(sigmoid)


class Sum(ClosureFunction):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        v = arr(x)
        if dim is None:
            ctx.vjp = lambda g: (np.full(v.shape, float(g)),)
            return ten(v.sum())
        axis = dim % v.ndim

        def vjp(g):
            if not keepdim:
                g = np.expand_dims(g, axis)
            return (np.repeat(g, v.shape[axis], axis=axis),)
        ctx.vjp = vjp
        return ten(v.sum(axis=axis, keepdims=keepdim))
