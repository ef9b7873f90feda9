# Custom autograd Functions as the "extending autograd" notes write them: a LinearFunction with
# ctx.save_for_backward and needs_input_grad, a straight-through estimator, a clamp with once_differentiable,
# mark_non_differentiable for an argmax output, and gradcheck in float64.
import torch
from torch.autograd import Function, gradcheck
from torch.autograd.function import once_differentiable


class LinearFunction(Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        return grad_input, grad_weight, grad_bias


class RoundSTE(Function):
    @staticmethod
    def forward(ctx, x):
        return x.round()

    @staticmethod
    def backward(ctx, g):
        return g


class MyClamp(Function):
    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.save_for_backward(x)
        ctx.lo, ctx.hi = lo, hi
        return x.clamp(lo, hi)

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * ((x >= ctx.lo) & (x <= ctx.hi)).to(g.dtype), None, None


class MaxWithIndex(Function):
    @staticmethod
    def forward(ctx, x):
        value, index = x.max(dim=1)
        ctx.mark_non_differentiable(index)
        ctx.save_for_backward(x, index)
        return value, index

    @staticmethod
    def backward(ctx, g, _):
        x, index = ctx.saved_tensors
        return torch.zeros_like(x).scatter_(1, index.unsqueeze(1), g.unsqueeze(1))


torch.manual_seed(0)
inp = (torch.randn(4, 3, dtype=torch.double, requires_grad=True),
       torch.randn(2, 3, dtype=torch.double, requires_grad=True),
       torch.randn(2, dtype=torch.double, requires_grad=True))
print(gradcheck(LinearFunction.apply, inp, eps=1e-6, atol=1e-4))
x = torch.randn(5, requires_grad=True)
(RoundSTE.apply(x * 3) * torch.arange(5.0)).sum().backward()
print(x.grad)
x.grad = None
y = MyClamp.apply(x, -0.5, 0.5)
y.backward(torch.ones(5))
print(y, x.grad)
try:
    g, = torch.autograd.grad(MyClamp.apply(x, -0.5, 0.5).sum(), x, create_graph=True)
    g.sum().backward()
except RuntimeError as e:
    print("once_differentiable:", type(e).__name__)
m = torch.randn(3, 4, requires_grad=True)
v, i = MaxWithIndex.apply(m)
print(i, i.requires_grad, v.grad_fn.name())
v.sum().backward()
print(m.grad.sum(1))
