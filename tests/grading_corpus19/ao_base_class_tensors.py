"""autograd-ops as a small class hierarchy: a base class for binary broadcasting ops whose subclasses give only their
local derivatives, written with minigrad tensor operations (no NumPy); un-broadcasting by an iterative loop over the
dimensions from the right."""
import minigrad
from minigrad.autograd import Function


def unbroadcast(g, shape):
    shape = tuple(shape)
    extra = g.dim() - len(shape)
    if extra > 0:
        g = g.sum(dim=tuple(range(extra)))
    dims = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if dims:
        g = g.sum(dim=dims, keepdim=True)
    return g


class _Binary(Function):
    @classmethod
    def compute(cls, a, b):
        raise NotImplementedError

    @classmethod
    def local(cls, a, b, out):
        raise NotImplementedError

    @classmethod
    def forward(cls, ctx, a, b):
        a, b = a.detach(), b.detach()
        out = cls.compute(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @classmethod
    def backward(cls, ctx, grad_output):
        a, b, out = ctx.saved_tensors
        da, db = cls.local(a, b, out)
        return unbroadcast(grad_output * da, a.shape), unbroadcast(grad_output * db, b.shape)


class Add(_Binary):
    @classmethod
    def compute(cls, a, b):
        return a + b

    @classmethod
    def local(cls, a, b, out):
        return minigrad.ones_like(out), minigrad.ones_like(out)


class Mul(_Binary):
    @classmethod
    def compute(cls, a, b):
        return a * b

    @classmethod
    def local(cls, a, b, out):
        return b, a


class Div(_Binary):
    @classmethod
    def compute(cls, a, b):
        return a / b

    @classmethod
    def local(cls, a, b, out):
        return 1.0 / b, -a / (b * b)


class _Unary(Function):
    @classmethod
    def forward(cls, ctx, x):
        x = x.detach()
        out = cls.compute(x)
        ctx.save_for_backward(x, out)
        return out

    @classmethod
    def backward(cls, ctx, grad_output):
        x, out = ctx.saved_tensors
        return grad_output * cls.local(x, out)


class Exp(_Unary):
    compute = staticmethod(lambda x: x.exp())
    local = staticmethod(lambda x, out: out)


class Log(_Unary):
    compute = staticmethod(lambda x: x.log())
    local = staticmethod(lambda x, out: 1.0 / x)


class ReLU(_Unary):
    compute = staticmethod(lambda x: x.clamp(min=0.0))
    local = staticmethod(lambda x, out: (x > 0).to(x.dtype))


class Tanh(_Unary):
    compute = staticmethod(lambda x: x.tanh())
    local = staticmethod(lambda x, out: 1.0 - out * out)


class Sigmoid(_Unary):
    compute = staticmethod(lambda x: x.sigmoid())
    local = staticmethod(lambda x, out: out * (1.0 - out))


class MatMul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a.detach(), b.detach())
        return a.detach() @ b.detach()

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        return grad_output @ b.transpose(-1, -2), a.transpose(-1, -2) @ grad_output


class Sum(Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        x = x.detach()
        return x.sum() if dim is None else x.sum(dim=dim, keepdim=keepdim)

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output
        if ctx.dim is not None and not ctx.keepdim:
            g = g.unsqueeze(ctx.dim)
        return g.expand(*ctx.shape).clone(), None, None
