"""autograd-ops built by class factories (type()), with un-broadcasting done by np.bincount over the flat index each
gradient entry lands on, and Sum's backward as a zero-stride as_strided view (copied)."""
import numpy as np
from numpy.lib.stride_tricks import as_strided

import minigrad
from minigrad.autograd import Function


def unbroadcast_bincount(g, shape):
    if g.shape == tuple(shape):
        return g
    padded = (1,) * (g.ndim - len(shape)) + tuple(shape)
    grids = np.indices(g.shape, sparse=True)
    idx = [grid if n != 1 else np.zeros_like(grid) for grid, n in zip(grids, padded)]
    flat = np.ravel_multi_index(np.broadcast_arrays(*idx), padded)
    out = np.bincount(flat.ravel(), weights=g.ravel(), minlength=int(np.prod(padded)))
    return out.reshape(shape)


def _tensor(a):
    return minigrad.tensor(np.asarray(a, dtype=np.float64))


def make_binary(name, fwd, grads):
    def forward(ctx, a, b):
        ctx.a, ctx.b = a.detach().numpy(), b.detach().numpy()
        return _tensor(fwd(ctx.a, ctx.b))

    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        ga, gb = grads(g, ctx.a, ctx.b)
        return (_tensor(unbroadcast_bincount(np.broadcast_to(ga, g.shape), ctx.a.shape)),
                _tensor(unbroadcast_bincount(np.broadcast_to(gb, g.shape), ctx.b.shape)))

    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


def make_unary(name, fwd, deriv, keep="y"):
    """deriv(x, y) is dy/dx; keep says which of them backward needs."""
    def forward(ctx, x):
        xv = x.detach().numpy()
        y = fwd(xv)
        ctx.x = xv.copy() if "x" in keep else None
        ctx.y = y if "y" in keep else None
        return _tensor(y)

    def backward(ctx, grad_output):
        return _tensor(grad_output.detach().numpy() * deriv(ctx.x, ctx.y))

    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


def _stable_sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


Add = make_binary("Add", np.add, lambda g, a, b: (g, g))
Mul = make_binary("Mul", np.multiply, lambda g, a, b: (g * b, g * a))
Div = make_binary("Div", np.divide, lambda g, a, b: (g / b, -g * a / b ** 2))
Exp = make_unary("Exp", np.exp, lambda x, y: y)
Log = make_unary("Log", np.log, lambda x, y: 1.0 / x, keep="x")
ReLU = make_unary("ReLU", lambda x: x * (x > 0), lambda x, y: (x > 0).astype(np.float64), keep="x")
Tanh = make_unary("Tanh", np.tanh, lambda x, y: 1.0 - y * y)
Sigmoid = make_unary("Sigmoid", _stable_sigmoid, lambda x, y: y * (1.0 - y))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.a, ctx.b = a.detach().numpy(), b.detach().numpy()
        return _tensor(np.dot(ctx.a, ctx.b))

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output.detach().numpy()
        return _tensor(np.dot(g, ctx.b.T)), _tensor(np.dot(ctx.a.T, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        v = x.detach().numpy()
        ctx.shape = v.shape
        ctx.dim = None if dim is None else dim % v.ndim
        return _tensor(np.sum(v) if dim is None else np.sum(v, axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        g = np.ascontiguousarray(grad_output.detach().numpy(), dtype=np.float64)
        if ctx.dim is None:
            view = as_strided(g, ctx.shape, (0,) * len(ctx.shape))
        else:
            kept = g.reshape(tuple(1 if i == ctx.dim else n for i, n in enumerate(ctx.shape)))
            strides = tuple(0 if i == ctx.dim else s for i, s in enumerate(kept.strides))
            view = as_strided(kept, ctx.shape, strides)
        return _tensor(view.copy()), None, None
