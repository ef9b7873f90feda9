"""Written against torch's names (import minigrad as torch): every forward and backward is made of tensor ops under
torch.no_grad(), saved with ctx.save_for_backward; un-broadcasting with sum(dim, keepdim=True) and a view."""
import minigrad as torch


def reduce_to(g, shape):
    while g.dim() > len(shape):
        g = g.sum(0)
    for d, n in enumerate(shape):
        if n == 1 and g.shape[d] != 1:
            g = g.sum(d, keepdim=True)
    return g.reshape(shape)


class Add(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.sa, ctx.sb = a.shape, b.shape
        return a.detach() + b.detach()

    @staticmethod
    def backward(ctx, grad_output):
        return reduce_to(grad_output, ctx.sa), reduce_to(grad_output, ctx.sb)


class Mul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        a, b = a.detach(), b.detach()
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        with torch.no_grad():
            return reduce_to(grad_output * b, a.shape), reduce_to(grad_output * a, b.shape)


class Div(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        a, b = a.detach(), b.detach()
        ctx.save_for_backward(a, b)
        return torch.div(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        with torch.no_grad():
            ga = grad_output / b
            gb = -ga * a / b
            return reduce_to(ga, a.shape), reduce_to(gb, b.shape)


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = torch.exp(x.detach())
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * y


class Log(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x.detach())
        return torch.log(x.detach())

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / x


class ReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x = x.detach()
        ctx.save_for_backward(x)
        return torch.clamp(x, min=0.0)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return torch.where(x > 0, grad_output, torch.zeros_like(grad_output))


class Tanh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = torch.tanh(x.detach())
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * (1 - y.pow(2))


class Sigmoid(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = torch.sigmoid(x.detach())
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * y * (1 - y)


class MatMul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        a, b = a.detach(), b.detach()
        ctx.save_for_backward(a, b)
        return torch.mm(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        return grad_output.mm(b.t()), a.t().mm(grad_output)


class Sum(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        x = x.detach()
        ctx.shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        return x.sum() if dim is None else x.sum(dim=dim, keepdim=keepdim)

    @staticmethod
    def backward(ctx, grad_output):
        g = grad_output
        if ctx.dim is not None and not ctx.keepdim:
            g = g.unsqueeze(ctx.dim)
        return g.expand(*ctx.shape).clone(), None, None
