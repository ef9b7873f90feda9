"""autograd-ops written for one number at a time: each pointwise op is a pair of scalar functions from the math module
(the value and its derivative), lifted to arrays with np.vectorize (which also broadcasts two inputs); the gradient of
a broadcast input is summed back with np.add.reduce over the dimensions it was stretched along. MatMul and Sum are
written with whole arrays."""
import math

import numpy as np

import minigrad
from minigrad.autograd import Function


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


SCALAR = {
    "Exp": (math.exp, lambda x, y: y),
    "Log": (math.log, lambda x, y: 1.0 / x),
    "ReLU": (lambda x: x if x > 0 else 0.0, lambda x, y: 1.0 if x > 0 else 0.0),
    "Tanh": (math.tanh, lambda x, y: 1.0 - y * y),
    "Sigmoid": (_sigmoid, lambda x, y: y * (1.0 - y)),
}
# binary: value, d/da, d/db
BINARY = {
    "Add": (lambda a, b: a + b, lambda a, b: 1.0, lambda a, b: 1.0),
    "Mul": (lambda a, b: a * b, lambda a, b: b, lambda a, b: a),
    "Div": (lambda a, b: a / b, lambda a, b: 1.0 / b, lambda a, b: -a / (b * b)),
}


def lift(f):
    return np.vectorize(f, otypes=[np.float64])


def back_to(g, shape):
    extra = g.ndim - len(shape)
    stretched = tuple(range(extra)) + tuple(extra + i for i, n in enumerate(shape) if n == 1 and g.shape[extra + i] > 1)
    return np.add.reduce(g, axis=stretched, keepdims=True).reshape(shape) if stretched else g


def unary(name, f, df):
    f, df = lift(f), lift(df)

    def forward(ctx, x):
        xv = x.detach().numpy()
        y = f(xv)
        ctx.xv, ctx.y = xv, y
        return minigrad.tensor(y)

    def backward(ctx, grad_output):
        return minigrad.tensor(grad_output.detach().numpy() * df(ctx.xv, ctx.y))
    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


def binary(name, f, da, db):
    f, da, db = lift(f), lift(da), lift(db)

    def forward(ctx, a, b):
        av, bv = a.detach().numpy(), b.detach().numpy()
        ctx.av, ctx.bv = av, bv
        return minigrad.tensor(f(av, bv))

    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        return (minigrad.tensor(back_to(g * da(ctx.av, ctx.bv), ctx.av.shape)),
                minigrad.tensor(back_to(g * db(ctx.av, ctx.bv), ctx.bv.shape)))
    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


for _n, (_f, _d) in SCALAR.items():
    globals()[_n] = unary(_n, _f, _d)
for _n, (_f, _da, _db) in BINARY.items():
    globals()[_n] = binary(_n, _f, _da, _db)


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = a.detach().numpy(), b.detach().numpy()
        return minigrad.tensor(ctx.a @ ctx.b)

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        return minigrad.tensor(g @ ctx.b.T), minigrad.tensor(ctx.a.T @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        return minigrad.tensor(np.add.reduce(x.detach().numpy(), axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim)
        return minigrad.tensor(np.zeros(ctx.shape) + g), None, None
