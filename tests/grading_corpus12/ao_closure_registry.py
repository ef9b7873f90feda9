"""autograd ops: the maths lives in a table of (forward, derivative) closures; a class factory turns each row into
a Function subclass with a class statement.  functools.reduce and itertools do the un-broadcasting."""
import functools
import itertools
import math

import numpy as np

import minigrad
from minigrad.autograd import Function

UNARY = {
    "Exp": (np.exp, lambda x, y: y),
    "Log": (np.log, lambda x, y: 1 / x),
    "ReLU": (lambda x: np.where(x > 0, x, 0.0), lambda x, y: (x > 0) * 1.0),
    "Tanh": (np.tanh, lambda x, y: 1 - y * y),
    # sigmoid(x) = exp(x - logaddexp(0, x)): stable on both sides
    "Sigmoid": (lambda x: np.exp(x - np.logaddexp(0.0, x)), lambda x, y: y * (1 - y)),
}

BINARY = {
    "Add": (np.add, lambda a, b: (1.0, 1.0)),
    "Mul": (np.multiply, lambda a, b: (b, a)),
    "Div": (np.divide, lambda a, b: (1 / b, -(a / b) / b)),
}


def _axes_to_sum(grad_shape, shape):
    lead = len(grad_shape) - len(shape)
    padded = itertools.chain(itertools.repeat(None, lead), shape)
    return tuple(i for i, (g, s) in enumerate(zip(grad_shape, padded)) if s is None or (s == 1 and g != 1))


def unbroadcast(g, shape):
    axes = _axes_to_sum(g.shape, shape)
    g = functools.reduce(lambda acc, ax: acc.sum(axis=ax, keepdims=True), axes, g)
    return g.reshape(shape)


def make_unary(name):
    f, df = UNARY[name]

    class Op(Function):
        @staticmethod
        def forward(ctx, x):
            xv = x.detach().numpy()
            y = f(xv)
            ctx.saved = (xv, y)
            return minigrad.tensor(y, dtype=minigrad.float64)

        @staticmethod
        def backward(ctx, grad_output):
            xv, y = ctx.saved
            return minigrad.tensor(grad_output.detach().numpy() * df(xv, y), dtype=minigrad.float64)
    Op.__name__ = Op.__qualname__ = name
    return Op


def make_binary(name):
    f, partials = BINARY[name]

    class Op(Function):
        @staticmethod
        def forward(ctx, a, b):
            av, bv = a.detach().numpy(), b.detach().numpy()
            ctx.saved = (av, bv)
            return minigrad.tensor(f(av, bv), dtype=minigrad.float64)

        @staticmethod
        def backward(ctx, grad_output):
            av, bv = ctx.saved
            g = grad_output.detach().numpy()
            da, db = partials(av, bv)
            return tuple(minigrad.tensor(unbroadcast(np.broadcast_to(g * d, g.shape), v.shape), dtype=minigrad.float64)
                         for d, v in ((da, av), (db, bv)))
    Op.__name__ = Op.__qualname__ = name
    return Op


Exp, Log, ReLU, Tanh, Sigmoid = map(make_unary, ("Exp", "Log", "ReLU", "Tanh", "Sigmoid"))
Add, Mul, Div = map(make_binary, ("Add", "Mul", "Div"))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return minigrad.tensor(a.detach().numpy() @ b.detach().numpy(), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = (t.detach().numpy() for t in ctx.saved_tensors)
        g = grad_output.detach().numpy()
        return (minigrad.tensor(np.tensordot(g, b, axes=([1], [1])), dtype=minigrad.float64),
                minigrad.tensor(np.tensordot(a, g, axes=([0], [0])), dtype=minigrad.float64))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xv = x.detach().numpy()
        ctx.shape = xv.shape
        if dim is None:
            ctx.axis = None
            return minigrad.tensor(math.fsum(xv.ravel()), dtype=minigrad.float64)
        ctx.axis = dim % xv.ndim
        return minigrad.tensor(xv.sum(axis=ctx.axis, keepdims=keepdim), dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        if ctx.axis is not None and g.ndim < len(ctx.shape):
            g = np.expand_dims(g, ctx.axis)
        return minigrad.tensor(np.broadcast_to(g, ctx.shape).copy(), dtype=minigrad.float64), None, None
