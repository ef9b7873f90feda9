"""Honest but slow autograd-ops: Python loops over elements (math module), rows for MatMul's inner products."""
import math
import numpy as np
import minigrad
from minigrad.autograd import Function


def _np(t):
    return t.detach().numpy()


def _t(a):
    return minigrad.from_numpy(np.asarray(a, dtype=np.float64))


def unbroadcast(g, shape):
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1)
    return g.sum(axis=axes).reshape(shape)


def each(f, *arrays):
    arrays = np.broadcast_arrays(*arrays)
    out = np.empty(arrays[0].shape)
    flat = [a.ravel() for a in arrays]
    o = out.reshape(-1)
    for i in range(o.size):
        o[i] = f(*(a[i] for a in flat))
    return out


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (a.shape, b.shape)
        return _t(each(lambda u, v: u + v, _np(a), _np(b)))

    @staticmethod
    def backward(ctx, grad):
        g = _np(grad)
        return _t(unbroadcast(g, ctx.shapes[0])), _t(unbroadcast(g, ctx.shapes[1]))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _t(each(lambda u, v: u * v, _np(a), _np(b)))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        g = _np(grad)
        return (_t(unbroadcast(each(lambda u, v: u * v, g, _np(b)), a.shape)),
                _t(unbroadcast(each(lambda u, v: u * v, g, _np(a)), b.shape)))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _t(each(lambda u, v: u / v, _np(a), _np(b)))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        g = _np(grad)
        return (_t(unbroadcast(each(lambda u, v: u / v, g, _np(b)), a.shape)),
                _t(unbroadcast(each(lambda u, v, w: -u * v / (w * w), g, _np(a), _np(b)), b.shape)))


def unary(name, f, d):
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _t(each(f, _np(x)))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return _t(each(lambda u, v: u * d(v), _np(grad), _np(x)))
    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


def _sig(v):
    if v >= 0:
        return 1 / (1 + math.exp(-v))
    e = math.exp(v)
    return e / (1 + e)


Exp = unary("Exp", math.exp, math.exp)
Log = unary("Log", math.log, lambda v: 1 / v)
ReLU = unary("ReLU", lambda v: v if v > 0 else 0.0, lambda v: 1.0 if v > 0 else 0.0)
Tanh = unary("Tanh", math.tanh, lambda v: 1 - math.tanh(v) ** 2)
Sigmoid = unary("Sigmoid", _sig, lambda v: _sig(v) * (1 - _sig(v)))


def mm(a, b):
    out = np.zeros((a.shape[0], b.shape[1]))
    bt = b.T.tolist()
    for i, row in enumerate(a.tolist()):
        for j, col in enumerate(bt):
            out[i, j] = sum(u * v for u, v in zip(row, col))
    return out


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _t(mm(_np(a), _np(b)))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        g = _np(grad)
        return _t(mm(g, _np(b).T)), _t(mm(_np(a).T, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        xn = _np(x)
        ctx.info = (xn.shape, dim, keepdim)
        if dim is None:
            return _t(math.fsum(xn.ravel().tolist()))
        return _t(xn.sum(axis=dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad):
        shape, dim, keepdim = ctx.info
        g = _np(grad)
        if dim is None:
            return _t(np.full(shape, float(g)))
        d = dim % len(shape)
        g = g if keepdim else g.reshape(g.shape[:d] + (1,) + g.shape[d:])
        return _t(np.repeat(g, shape[d], axis=d)), None, None
