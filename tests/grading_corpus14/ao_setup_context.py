"""torch 2's layout for autograd Functions: forward(*inputs) without a ctx, and a separate
setup_context(ctx, inputs, output) that saves what backward needs. Gradients are reduced to the
input's shape by reshaping: the leading broadcast dimensions are folded into one and summed."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def _np(t):
    return t.detach().numpy()


def _t(a):
    return minigrad.from_numpy(np.array(a, dtype=np.float64, order="C"))


def reduce_to(g, shape):
    """Sum g down to `shape`: fold the extra leading axes into one, then the size-1 axes."""
    extra = g.ndim - len(shape)
    if extra:
        g = g.reshape((-1,) + g.shape[extra:]).sum(axis=0)
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=axes, keepdims=True) if axes else g


class Add(Function):
    @staticmethod
    def forward(a, b):
        return _t(_np(a) + _np(b))

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.shapes = [tuple(t.shape) for t in inputs]

    @staticmethod
    def backward(ctx, grad_output):
        g = _np(grad_output)
        return tuple(_t(reduce_to(g, s)) for s in ctx.shapes)


class Mul(Function):
    @staticmethod
    def forward(a, b):
        return _t(_np(a) * _np(b))

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(*inputs)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = (_np(t) for t in ctx.saved_tensors)
        g = _np(grad_output)
        return _t(reduce_to(g * b, a.shape)), _t(reduce_to(g * a, b.shape))


class Div(Function):
    @staticmethod
    def forward(a, b):
        return _t(_np(a) / _np(b))

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0], inputs[1], output)

    @staticmethod
    def backward(ctx, grad_output):
        a, b, q = (_np(t) for t in ctx.saved_tensors)
        gb = _np(grad_output) / b
        return _t(reduce_to(gb, a.shape)), _t(reduce_to(-gb * q, b.shape))


class Exp(Function):
    @staticmethod
    def forward(x):
        return _t(np.exp(_np(x)))

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return _t(_np(grad_output) * _np(y))


class Log(Function):
    @staticmethod
    def forward(x):
        return _t(np.log(_np(x)))

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return _t(_np(grad_output) / _np(x))


class ReLU(Function):
    @staticmethod
    def forward(x):
        return _t(np.maximum(_np(x), 0.0))

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.mask = _np(inputs[0]) > 0

    @staticmethod
    def backward(ctx, grad_output):
        return _t(np.where(ctx.mask, _np(grad_output), 0.0))


class Tanh(Function):
    @staticmethod
    def forward(x):
        return _t(np.tanh(_np(x)))

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        y = _np(y)
        return _t(_np(grad_output) * (1.0 - y * y))


class Sigmoid(Function):
    @staticmethod
    def forward(x):
        v = _np(x)
        out = np.empty_like(v)
        pos = v >= 0
        out[pos] = 1.0 / (1.0 + np.exp(-v[pos]))
        e = np.exp(v[~pos])
        out[~pos] = e / (1.0 + e)
        return _t(out)

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)

    @staticmethod
    def backward(ctx, grad_output):
        (s,) = ctx.saved_tensors
        s = _np(s)
        return _t(_np(grad_output) * s * (1.0 - s))


class MatMul(Function):
    @staticmethod
    def forward(a, b):
        return _t(_np(a) @ _np(b))

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(*inputs)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = (_np(t) for t in ctx.saved_tensors)
        g = _np(grad_output)
        return _t(g @ b.T), _t(a.T @ g)


class Sum(Function):
    @staticmethod
    def forward(x, dim=None, keepdim=False):
        v = _np(x)
        if dim is None:
            return _t(np.array(v.sum()))
        return _t(v.sum(axis=dim, keepdims=keepdim))

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, dim, keepdim = inputs
        ctx.shape, ctx.dim, ctx.keepdim = tuple(x.shape), dim, keepdim

    @staticmethod
    def backward(ctx, grad_output):
        g = _np(grad_output)
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim % len(ctx.shape))
        return _t(np.broadcast_to(g, ctx.shape)), None, None
