"""autograd-ops: reduction axes cached per (gradient shape, input shape) with functools.lru_cache, MatMul and Sum
through np.einsum, saved arrays through ctx.save_for_backward (as tensors)."""
import functools

import numpy as np

import minigrad
from minigrad.autograd import Function

_T = minigrad.from_numpy


@functools.lru_cache(maxsize=None)
def _axes(gshape, shape):
    """(axes to sum, axes to keep) that take a gradient of gshape down to shape."""
    lead = len(gshape) - len(shape)
    ones = tuple(lead + i for i, n in enumerate(shape) if n == 1 and gshape[lead + i] != 1)
    return tuple(range(lead)) + ones, lead


def _down(g, shape):
    axes, lead = _axes(g.shape, tuple(shape))
    if not axes:
        return g
    return np.sum(g, axis=axes, keepdims=True).reshape(shape)


def _np(*ts):
    return [t.detach().numpy() for t in ts]


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.sizes = tuple(a.shape), tuple(b.shape)
        x, y = _np(a, b)
        return _T(np.add(x, y))

    @staticmethod
    def backward(ctx, grad_output):
        (g,) = _np(grad_output)
        return tuple(_T(np.ascontiguousarray(_down(g, s))) for s in ctx.sizes)


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = _np(a, b)
        return _T(np.multiply(x, y))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = _np(*ctx.saved_tensors)
        (g,) = _np(grad_output)
        return _T(_down(g * b, a.shape)), _T(_down(g * a, b.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = _np(a, b)
        return _T(np.true_divide(x, y))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = _np(*ctx.saved_tensors)
        (g,) = _np(grad_output)
        q = g / b
        return _T(_down(q, a.shape)), _T(_down(-q * a / b, b.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        out = _T(np.exp(*_np(x)))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = _np(*ctx.saved_tensors)
        return _T(np.multiply(*_np(grad_output), y))


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _T(np.log(*_np(x)))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = _np(*ctx.saved_tensors)
        return _T(np.divide(*_np(grad_output), x))


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _T(np.maximum(*_np(x), 0.0))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = _np(*ctx.saved_tensors)
        return _T(np.where(x > 0, *_np(grad_output), 0.0))


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        out = _T(np.tanh(*_np(x)))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = _np(*ctx.saved_tensors)
        return _T(_np(grad_output)[0] * (1 - np.square(y)))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        (v,) = _np(x)
        out = _T(0.5 * (1.0 + np.tanh(0.5 * v)))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (s,) = _np(*ctx.saved_tensors)
        return _T(_np(grad_output)[0] * s * (1.0 - s))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _T(np.einsum("ik,kj->ij", *_np(a, b)))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = _np(*ctx.saved_tensors)
        (g,) = _np(grad_output)
        return _T(np.einsum("ij,kj->ik", g, b)), _T(np.einsum("ik,ij->kj", a, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        (v,) = _np(x)
        ctx.meta = (v.shape, dim, keepdim)
        if dim is None:
            return _T(np.array(np.einsum(v, list(range(v.ndim)), [])))
        return _T(np.sum(v, dim, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        shape, dim, keepdim = ctx.meta
        (g,) = _np(grad_output)
        if dim is not None and not keepdim:
            g = np.expand_dims(g, dim)
        return _T(np.einsum("...,...->...", np.ones(shape), g)), None, None
