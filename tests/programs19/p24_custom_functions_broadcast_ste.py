# Custom autograd.Functions from the extending-torch notes: a straight-through sign estimator, a gradient reversal
# layer, a clamp with a pass-through gradient, and a broadcasting add whose backward returns gradients of the
# output's shape (torch sums each down to its input's shape); gradcheck on a double-precision exp.
import torch
import torch.nn as nn


class SignSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.sign()

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * (x.abs() <= 1).to(g.dtype)


class GradReverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lambd):
        ctx.lambd = lambd
        return x.view_as(x)

    @staticmethod
    def backward(ctx, g):
        return g.neg() * ctx.lambd, None


class LazyAdd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, g):
        return g, g * 2


class MyExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y


torch.manual_seed(0)
x = torch.randn(5, requires_grad=True)
SignSTE.apply(x * 2).sum().backward()
print(x.grad)
feat = torch.randn(3, 4, requires_grad=True)
GradReverse.apply(feat, 0.5).pow(2).sum().backward()
print(torch.allclose(feat.grad, -feat.detach()))
a = torch.randn(3, 4, requires_grad=True)
b = torch.randn(4, requires_grad=True)
c = torch.randn(3, 1, requires_grad=True)
out = LazyAdd.apply(a, b) * torch.arange(12.0).view(3, 4)
out.sum().backward()
print(b.grad, b.grad.shape)
(LazyAdd.apply(a, c) ** 2).sum().backward()
print(c.grad.shape, c.grad.flatten())
try:
    LazyAdd.apply(torch.ones(2, 2, requires_grad=True), torch.ones(2, 1, requires_grad=True)).sum().backward()
    print("ok")
except RuntimeError as e:
    print("RuntimeError", "invalid gradient" in str(e))


class WrongShape(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def backward(ctx, g):
        return g.sum(0)


try:
    WrongShape.apply(torch.ones(2, 3, requires_grad=True)).sum().backward()
except RuntimeError as e:
    print("RuntimeError", "invalid gradient at index 0" in str(e))
xd = torch.randn(4, dtype=torch.double, requires_grad=True)
print(torch.autograd.gradcheck(MyExp.apply, (xd,)), torch.autograd.gradgradcheck(lambda t: t.exp(), (xd,)))
layer = nn.Linear(4, 2)
y = layer(GradReverse.apply(feat, 1.0))
print(type(y.grad_fn).__name__, y.grad_fn.next_functions[1][0].name())
