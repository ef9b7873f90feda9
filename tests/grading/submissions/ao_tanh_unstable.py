"""Bug: Tanh as (e^x - e^-x) / (e^x + e^-x): NaN once |x| > 710 (inf / inf)."""
import numpy as np

from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import Function, _np, _t


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        a = _np(x)
        ctx.y = (np.exp(a) - np.exp(-a)) / (np.exp(a) + np.exp(-a))
        return _t(ctx.y)

    @staticmethod
    def backward(ctx, grad):
        return _t(_np(grad) * (1 - ctx.y ** 2))
