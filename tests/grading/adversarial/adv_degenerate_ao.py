"""Dishonest/degenerate: no op implemented. Every forward returns a linear map of the inputs with the right
output shape (sum of all inputs, broadcast), every backward its exact (constant) derivative. Self-consistent,
not all-zero. Deserves 0."""
import minigrad
from minigrad.autograd import Function


def _make(out_shape):
    class Op(Function):
        @staticmethod
        def forward(ctx, *args, **kw):
            ts = [a for a in args if isinstance(a, minigrad.Tensor)]
            ctx.shapes = [tuple(a.shape) if isinstance(a, minigrad.Tensor) else None for a in args]
            shape = out_shape(*args, **kw)
            s = sum(t.sum() for t in ts)
            return minigrad.zeros(*shape, dtype=minigrad.float64) + s if shape else s

        @staticmethod
        def backward(ctx, g):
            tot = g.sum()
            return tuple(None if s is None else minigrad.ones(*s, dtype=minigrad.float64) * tot if s else tot * 1.0
                         for s in ctx.shapes)
    return Op


def _bshape(a, b):
    import numpy as np
    return tuple(np.broadcast_shapes(tuple(a.shape), tuple(b.shape)))


def _sum_shape(x, dim=None, keepdim=False):
    if dim is None:
        return ()
    s = list(x.shape)
    d = dim % len(s)
    if keepdim:
        s[d] = 1
    else:
        s.pop(d)
    return tuple(s)


Add = Mul = Div = None
Add = _make(_bshape)
Mul = _make(_bshape)
Div = _make(_bshape)
Exp = _make(lambda x: tuple(x.shape))
Log = _make(lambda x: tuple(x.shape))
ReLU = _make(lambda x: tuple(x.shape))
Tanh = _make(lambda x: tuple(x.shape))
Sigmoid = _make(lambda x: tuple(x.shape))
MatMul = _make(lambda a, b: (a.shape[0], b.shape[1]))
Sum = _make(_sum_shape)
