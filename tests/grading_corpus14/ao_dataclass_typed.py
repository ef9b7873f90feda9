"""Typed, dataclass-based saved state: every op stores a small frozen dataclass on ctx.saved, and backward works
on plain ndarrays through annotated module-level helpers. Un-broadcasting sums with an explicit axis list."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple

import numpy as np
from numpy.typing import NDArray

import minigrad
from minigrad.autograd import Function

Array = NDArray[np.float64]
Shape = Tuple[int, ...]


@dataclass(frozen=True)
class Saved:
    x: Optional[Array] = None
    y: Optional[Array] = None
    shapes: Tuple[Shape, ...] = field(default_factory=tuple)


def as_array(t: minigrad.Tensor) -> Array:
    return np.array(t.detach().numpy(), dtype=np.float64)


def as_tensor(a: Array) -> minigrad.Tensor:
    return minigrad.tensor(a, dtype=minigrad.float64)


def sum_to_shape(g: Array, shape: Shape) -> Array:
    lead = g.ndim - len(shape)
    axes = list(range(lead)) + [lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] > 1]
    out = g.sum(axis=tuple(axes), keepdims=True) if axes else g
    return out.reshape(shape)


class Add(Function):
    @staticmethod
    def forward(ctx, a: minigrad.Tensor, b: minigrad.Tensor) -> minigrad.Tensor:
        ctx.saved = Saved(shapes=(tuple(a.shape), tuple(b.shape)))
        return as_tensor(as_array(a) + as_array(b))

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor) -> Tuple[minigrad.Tensor, minigrad.Tensor]:
        g = as_array(grad_output)
        sa, sb = ctx.saved.shapes
        return as_tensor(sum_to_shape(g, sa)), as_tensor(sum_to_shape(g, sb))


class Mul(Function):
    @staticmethod
    def forward(ctx, a: minigrad.Tensor, b: minigrad.Tensor) -> minigrad.Tensor:
        ctx.saved = Saved(x=as_array(a), y=as_array(b))
        return as_tensor(ctx.saved.x * ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor):
        g, s = as_array(grad_output), ctx.saved
        return as_tensor(sum_to_shape(g * s.y, s.x.shape)), as_tensor(sum_to_shape(g * s.x, s.y.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a: minigrad.Tensor, b: minigrad.Tensor) -> minigrad.Tensor:
        ctx.saved = Saved(x=as_array(a), y=as_array(b))
        return as_tensor(ctx.saved.x / ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor):
        g, s = as_array(grad_output), ctx.saved
        ga = g / s.y
        gb = -ga * s.x / s.y
        return as_tensor(sum_to_shape(ga, s.x.shape)), as_tensor(sum_to_shape(gb, s.y.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x: minigrad.Tensor) -> minigrad.Tensor:
        ctx.saved = Saved(y=np.exp(as_array(x)))
        return as_tensor(ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor) -> minigrad.Tensor:
        return as_tensor(as_array(grad_output) * ctx.saved.y)


class Log(Function):
    @staticmethod
    def forward(ctx, x: minigrad.Tensor) -> minigrad.Tensor:
        ctx.saved = Saved(x=as_array(x))
        return as_tensor(np.log(ctx.saved.x))

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor) -> minigrad.Tensor:
        return as_tensor(as_array(grad_output) / ctx.saved.x)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x: minigrad.Tensor) -> minigrad.Tensor:
        ctx.saved = Saved(x=as_array(x))
        return as_tensor(np.clip(ctx.saved.x, 0.0, None))

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor) -> minigrad.Tensor:
        return as_tensor(as_array(grad_output) * (ctx.saved.x > 0.0))


class Tanh(Function):
    @staticmethod
    def forward(ctx, x: minigrad.Tensor) -> minigrad.Tensor:
        ctx.saved = Saved(y=np.tanh(as_array(x)))
        return as_tensor(ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor) -> minigrad.Tensor:
        y = ctx.saved.y
        return as_tensor(as_array(grad_output) * (1.0 - np.square(y)))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x: minigrad.Tensor) -> minigrad.Tensor:
        v = as_array(x)
        # sigmoid(x) = exp(-logaddexp(0, -x)): no overflow on either side
        ctx.saved = Saved(y=np.exp(-np.logaddexp(0.0, -v)))
        return as_tensor(ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor) -> minigrad.Tensor:
        s = ctx.saved.y
        return as_tensor(as_array(grad_output) * s * (1.0 - s))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a: minigrad.Tensor, b: minigrad.Tensor) -> minigrad.Tensor:
        ctx.saved = Saved(x=as_array(a), y=as_array(b))
        return as_tensor(np.matmul(ctx.saved.x, ctx.saved.y))

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor):
        g, s = as_array(grad_output), ctx.saved
        return as_tensor(np.matmul(g, s.y.T)), as_tensor(np.matmul(s.x.T, g))


class Sum(Function):
    @staticmethod
    def forward(ctx, x: minigrad.Tensor, dim: Optional[int] = None, keepdim: bool = False) -> minigrad.Tensor:
        v = as_array(x)
        ctx.saved = Saved(shapes=(v.shape,))
        ctx.dim, ctx.keepdim = dim, keepdim
        return as_tensor(np.sum(v, axis=dim, keepdims=keepdim if dim is not None else False))

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor):
        (shape,) = ctx.saved.shapes
        g = as_array(grad_output)
        if ctx.dim is None:
            return as_tensor(np.full(shape, g.item())), None, None
        d = ctx.dim if ctx.dim >= 0 else ctx.dim + len(shape)
        if not ctx.keepdim:
            g = g.reshape(shape[:d] + (1,) + shape[d + 1:])
        return as_tensor(g * np.ones(shape)), None, None
