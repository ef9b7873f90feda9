"""Unary ops, with SciPy's expit and NumPy's tanh — stable for |x| ≫ 1."""
import numpy as np
from scipy.special import expit

import minigrad
from minigrad.autograd import Function

__all__ = ["Exp", "Log", "ReLU", "Tanh", "Sigmoid"]


class _Unary(Function):
    """Subclasses define f(x) and df(x, y); forward saves both."""

    @classmethod
    def forward(cls, ctx, x):
        xv = x.detach().numpy()
        yv = cls.f(xv)
        ctx.xy = (xv, yv)
        return minigrad.tensor(yv)

    @classmethod
    def backward(cls, ctx, grad_output):
        return minigrad.tensor(grad_output.detach().numpy() * cls.df(*ctx.xy))


class Exp(_Unary):
    f = staticmethod(np.exp)
    df = staticmethod(lambda x, y: y)


class Log(_Unary):
    f = staticmethod(np.log)
    df = staticmethod(lambda x, y: np.reciprocal(x))


class ReLU(_Unary):
    f = staticmethod(lambda x: np.where(x > 0, x, 0.0))
    df = staticmethod(lambda x, y: np.greater(x, 0) * 1.0)


class Tanh(_Unary):
    f = staticmethod(np.tanh)
    df = staticmethod(lambda x, y: 1.0 - y ** 2)


class Sigmoid(_Unary):
    f = staticmethod(expit)
    df = staticmethod(lambda x, y: y * (1.0 - y))
