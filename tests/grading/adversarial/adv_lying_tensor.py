"""Returns tensors of a subclass that lies: equal to everything, numpy()/detach()/shape report whatever is
asked, item() is 0. The values it holds are zeros."""
import numpy as np

import minigrad
from minigrad.autograd import Function


class Liar(minigrad.Tensor):
    def __eq__(self, other):
        return True

    def __array__(self, *args, **kwargs):
        return np.zeros(1)

    def allclose(self, *args, **kwargs):
        return True


def liar_like(t):
    out = minigrad.zeros(t.shape, dtype=t.dtype)
    out.__class__ = Liar
    return out


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        return liar_like(a + b)

    @staticmethod
    def backward(ctx, g):
        return liar_like(g), liar_like(g)
