# Custom autograd Functions as papers ship them: a straight-through estimator for sign(), a gradient-reversal
# layer (domain adaptation), soft thresholding with once_differentiable, and mark_non_differentiable on an argmax
# output.
import torch
from torch.autograd import Function
from torch.autograd.function import once_differentiable


class SignSTE(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.sign()

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x.abs() <= 1).to(g.dtype)


class GradReverse(Function):
    @staticmethod
    def forward(ctx, x, lambd):
        ctx.lambd = lambd
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.neg() * ctx.lambd, None


class SoftShrink(Function):
    """Soft thresholding (the proximal step of an L1 penalty); its backward is not differentiable again."""

    @staticmethod
    def forward(ctx, x, lam):
        active = x.abs() > lam
        ctx.save_for_backward(active)
        return torch.sign(x) * torch.relu(x.abs() - lam)

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        active, = ctx.saved_tensors
        return torch.where(active, g, torch.zeros_like(g)), None


class MaxWithIndex(Function):
    @staticmethod
    def forward(ctx, x):
        v, i = x.max(dim=1)
        ctx.save_for_backward(i)
        ctx.shape = x.shape
        ctx.mark_non_differentiable(i)
        return v, i

    @staticmethod
    def backward(ctx, gv, gi):
        i, = ctx.saved_tensors
        return torch.zeros(ctx.shape, dtype=gv.dtype).scatter_(1, i.unsqueeze(1), gv.unsqueeze(1))


x = torch.tensor([-2.0, -0.5, 0.0, 0.3, 1.5], requires_grad=True)
y = SignSTE.apply(x)
(y * torch.arange(5.0)).sum().backward()
print(y, x.grad)
x.grad = None
z = GradReverse.apply(x * 2, 0.3)
print(type(z.grad_fn).__name__, z)
z.sum().backward()
print(x.grad)
x.grad = None
c = SoftShrink.apply(x, 0.4)
c.pow(2).sum().backward()
print(c, x.grad, c.grad_fn.name())
m = torch.tensor([[1.0, 3.0, 2.0], [0.0, -1.0, 4.0]], requires_grad=True)
v, i = MaxWithIndex.apply(m)
print(v, i, i.requires_grad, v.requires_grad)
(v * torch.tensor([2.0, 5.0])).sum().backward()
print(m.grad)
double = dict(dtype=torch.double, requires_grad=True)
print(torch.autograd.gradcheck(lambda t: GradReverse.apply(t, 2.0), (torch.randn(3, **double),), raise_exception=False))
print(torch.autograd.gradcheck(lambda t: SoftShrink.apply(t, 0.1), (torch.tensor([-2.0, 0.5, 0.25], **double),)))
