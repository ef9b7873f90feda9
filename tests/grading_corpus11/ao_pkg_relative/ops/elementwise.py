import minigrad
from minigrad.autograd import Function

from .._util import unbroadcast


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.shapes = a.shape, b.shape
        return a.detach() + b.detach()

    @staticmethod
    def backward(ctx, grad_output):
        sa, sb = ctx.shapes
        return unbroadcast(grad_output, sa), unbroadcast(grad_output, sb)


class Mul(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a.detach() * b.detach()

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        with minigrad.no_grad():
            return unbroadcast(grad_output * b, a.shape), unbroadcast(grad_output * a, b.shape)


class Div(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a.detach() / b.detach()

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        with minigrad.no_grad():
            ga = grad_output / b
            gb = -grad_output * a / (b * b)
        return unbroadcast(ga, a.shape), unbroadcast(gb, b.shape)


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        y = x.detach().exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * y


class Log(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.detach().log()

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / x.detach()


class ReLU(Function):
    @staticmethod
    def forward(ctx, x):
        mask = (x.detach() > 0).double()
        ctx.save_for_backward(mask)
        return x.detach() * mask

    @staticmethod
    def backward(ctx, grad_output):
        (mask,) = ctx.saved_tensors
        return grad_output * mask


class Tanh(Function):
    @staticmethod
    def forward(ctx, x):
        y = x.detach().tanh()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * (1 - y * y)


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, x):
        y = x.detach().sigmoid()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * y * (1 - y)
