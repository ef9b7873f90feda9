"""autograd.Function extras: mark_non_differentiable, once_differentiable, set_materialize_grads, needs_input_grad."""
import torch
from torch.autograd.function import once_differentiable


class SortWithIdx(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        vals, idx = x.sort()
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(idx)
        return vals, idx

    @staticmethod
    def backward(ctx, g, _g_idx):
        (idx,) = ctx.saved_tensors
        return torch.zeros_like(g).scatter(0, idx, g)


class Clip(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lo):
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(x)
        ctx.lo = lo
        return x.clamp(min=lo)

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        print("needs", ctx.needs_input_grad)
        return g * (x > ctx.lo).to(g.dtype), None


x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
v, i = SortWithIdx.apply(x)
print(v, i, i.requires_grad)
(v * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(x.grad)
y = Clip.apply(x, 1.5)
print(y, y.grad_fn.name() if hasattr(y.grad_fn, "name") else type(y.grad_fn).__name__)
y.sum().backward()
print(x.grad)
z = torch.tensor([0.5, 2.0], requires_grad=True)
g, = torch.autograd.grad(Clip.apply(z, 1.0).sum(), z)
print(g)
