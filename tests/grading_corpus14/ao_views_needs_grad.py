"""Lazy, view-returning style: backward hands back read-only broadcast views and transposed views (no copies) and
skips the gradients that ctx.needs_input_grad says nobody wants. Tensors come from minigrad.from_numpy, which
shares memory with the (possibly non-contiguous) array."""
import numpy as np

import minigrad
from minigrad.autograd import Function


def view(t):
    return t.detach().numpy()


def share(a):
    a = np.asarray(a)
    return minigrad.from_numpy(a if a.dtype == np.float64 else a.astype(np.float64))


def reduce_like(g, shape):
    if g.shape == tuple(shape):
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1)
    return g.sum(axis=axes).reshape(shape)


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = (tuple(a.shape), tuple(b.shape))
        return share(view(a) + view(b))

    @staticmethod
    def backward(ctx, grad_output):
        g = view(grad_output)
        wants = ctx.needs_input_grad
        return tuple(share(reduce_like(g, s)) if w else None for s, w in zip(ctx.shapes, wants))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return share(view(a) * view(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = view(grad_output)
        ga = share(reduce_like(g * view(b), tuple(a.shape))) if ctx.needs_input_grad[0] else None
        gb = share(reduce_like(g * view(a), tuple(b.shape))) if ctx.needs_input_grad[1] else None
        return ga, gb


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return share(view(a) / view(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = view(grad_output)
        ga = gb = None
        if ctx.needs_input_grad[0]:
            ga = share(reduce_like(g / view(b), tuple(a.shape)))
        if ctx.needs_input_grad[1]:
            gb = share(reduce_like(-g * view(a) / np.square(view(b)), tuple(b.shape)))
        return ga, gb


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        out = share(np.exp(view(x)))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (out,) = ctx.saved_tensors
        return share(view(grad_output) * view(out))


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return share(np.log(view(x)))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return share(view(grad_output) / view(x))


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return share(np.fmax(view(x), 0.0))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return share(np.where(view(x) > 0, view(grad_output), 0.0))


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        out = share(np.tanh(view(x)))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return share(view(grad_output) * (1.0 - view(y) ** 2))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        v = view(x)
        with np.errstate(over="ignore"):
            out = share(np.where(v > 0, 1.0 / (1.0 + np.exp(-v)), np.exp(v) / (1.0 + np.exp(v))))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (s,) = ctx.saved_tensors
        s = view(s)
        return share(view(grad_output) * (s - s * s))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return share(view(a) @ view(b))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        g = view(grad_output)
        # (b @ g.T).T is g @ b.T, returned as a transposed (Fortran-ordered) view
        ga = share((view(b) @ g.T).T) if ctx.needs_input_grad[0] else None
        gb = share((g.T @ view(a)).T) if ctx.needs_input_grad[1] else None
        return ga, gb


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = tuple(x.shape), dim, keepdim
        v = view(x)
        return share(np.asarray(v.sum(axis=dim, keepdims=keepdim and dim is not None)))

    @staticmethod
    def backward(ctx, grad_output):
        g = view(grad_output)
        if ctx.dim is not None and not ctx.keepdim:
            g = np.expand_dims(g, ctx.dim)
        # a read-only broadcast view, strides 0 along the summed axis
        return share(np.broadcast_to(g, ctx.shape)), None, None
