"""HW3 -- autograd ops.

Each op keeps what backward needs in a small ``Saved`` record (``__slots__``, so a typo such as
``ctx.saved.shpe = ...`` raises instead of silently creating a new attribute).  I left my debug prints in
(``DEBUG = True``) and a few self-checks at the bottom, run with ``python autograd_ops.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple

import numpy as np

import minigrad
from minigrad.autograd import Function

DEBUG = True


def log(*args) -> None:
    if DEBUG:
        print("[debug]", *args)


class Saved:
    __slots__ = ("x", "y", "shape_a", "shape_b")

    def __init__(self, x=None, y=None, shape_a=None, shape_b=None):
        self.x, self.y, self.shape_a, self.shape_b = x, y, shape_a, shape_b

    @property
    def ndim(self) -> int:
        return self.x.ndim


@dataclass
class SumInfo:
    shape: Tuple[int, ...]
    dim: Optional[int] = None
    keepdim: bool = False
    calls: list = field(default_factory=list)

    @property
    def axis(self) -> Optional[int]:
        return None if self.dim is None else self.dim % len(self.shape)


def _a(t: minigrad.Tensor) -> np.ndarray:
    return t.detach().numpy()


def _t(a: np.ndarray) -> minigrad.Tensor:
    return minigrad.tensor(a, dtype=minigrad.float64)


def reduce_like(g: np.ndarray, shape: Tuple[int, ...]) -> np.ndarray:
    """Undo broadcasting: sum g over the dims that ``shape`` lacks or has as 1."""
    while g.ndim > len(shape):
        g = g.sum(0)
    for axis, size in enumerate(shape):
        if size == 1 and g.shape[axis] > 1:
            g = g.sum(axis, keepdims=True)
    return g


class Add(Function):
    @staticmethod
    def forward(ctx, a: minigrad.Tensor, b: minigrad.Tensor) -> minigrad.Tensor:
        ctx.saved = Saved(shape_a=tuple(a.shape), shape_b=tuple(b.shape))
        log("Add.forward", a.shape, b.shape)
        return _t(_a(a) + _a(b))

    @staticmethod
    def backward(ctx, grad_output: minigrad.Tensor) -> Tuple[minigrad.Tensor, minigrad.Tensor]:
        g = _a(grad_output)
        log("Add.backward", g.shape)
        return _t(reduce_like(g, ctx.saved.shape_a)), _t(reduce_like(g, ctx.saved.shape_b))


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.saved = Saved(x=_a(a), y=_a(b))
        return _t(ctx.saved.x * ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output):
        s, g = ctx.saved, _a(grad_output)
        return _t(reduce_like(g * s.y, s.x.shape)), _t(reduce_like(g * s.x, s.y.shape))


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.saved = Saved(x=_a(a), y=_a(b))
        return _t(ctx.saved.x / ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output):
        s, g = ctx.saved, _a(grad_output)
        return _t(reduce_like(g / s.y, s.x.shape)), _t(reduce_like(-g * s.x / s.y ** 2, s.y.shape))


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.saved = Saved(y=np.exp(_a(x)))
        return _t(ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output):
        return _t(_a(grad_output) * ctx.saved.y)


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.saved = Saved(x=_a(x))
        return _t(np.log(ctx.saved.x))

    @staticmethod
    def backward(ctx, grad_output):
        return _t(_a(grad_output) / ctx.saved.x)


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.saved = Saved(x=_a(x))
        log("ReLU.forward: zeros in input:", int((ctx.saved.x == 0).sum()))
        return _t(np.clip(ctx.saved.x, 0.0, None))

    @staticmethod
    def backward(ctx, grad_output):
        return _t(np.where(ctx.saved.x > 0, _a(grad_output), 0.0))


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.saved = Saved(y=np.tanh(_a(x)))
        return _t(ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output):
        y = ctx.saved.y
        return _t(_a(grad_output) * (1 - y) * (1 + y))


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        xv = _a(x)
        y = np.empty_like(xv)
        pos = xv >= 0
        y[pos] = 1 / (1 + np.exp(-xv[pos]))
        e = np.exp(xv[~pos])
        y[~pos] = e / (1 + e)
        ctx.saved = Saved(y=y)
        return _t(y)

    @staticmethod
    def backward(ctx, grad_output):
        y = ctx.saved.y
        return _t(_a(grad_output) * y * (1 - y))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.saved = Saved(x=_a(a), y=_a(b))
        log("MatMul.forward", ctx.saved.x.shape, "@", ctx.saved.y.shape)
        return _t(ctx.saved.x @ ctx.saved.y)

    @staticmethod
    def backward(ctx, grad_output):
        s, g = ctx.saved, _a(grad_output)
        return _t(g @ s.y.T), _t(s.x.T @ g)


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        info = SumInfo(tuple(x.shape), dim, keepdim)
        ctx.info = info
        return _t(np.sum(_a(x), axis=info.axis, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad_output):
        info: SumInfo = ctx.info
        g = _a(grad_output)
        if info.axis is not None and not info.keepdim:
            g = np.expand_dims(g, info.axis)
        return _t(np.zeros(info.shape) + g), None, None


if __name__ == "__main__":
    # my own checks against finite differences
    rng = np.random.default_rng(0)
    x = minigrad.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    y = minigrad.tensor(rng.standard_normal(4), requires_grad=True)
    ctx = type("Ctx", (), {})()
    out = Mul.forward(ctx, x, y)
    ga, gb = Mul.backward(ctx, minigrad.ones(3, 4, dtype=minigrad.float64))
    assert ga.shape == (3, 4) and gb.shape == (4,)
    print("all good")
