# Custom autograd Functions that work in place or return non-differentiable outputs: ctx.mark_dirty for an
# in-place clamp (the graph sees the input modified), mark_non_differentiable for sort indices, and
# once_differentiable; the version counter and the errors torch gives for misuse.
import torch
from torch.autograd.function import once_differentiable


class ClampInPlace(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lo, hi):
        mask = (x >= lo) & (x <= hi)
        x.clamp_(lo, hi)
        ctx.mark_dirty(x)
        ctx.save_for_backward(mask)
        return x

    @staticmethod
    def backward(ctx, g):
        (mask,) = ctx.saved_tensors
        return g * mask, None, None


class SortWithIdx(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        vals, idx = x.sort()
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(idx)
        return vals, idx

    @staticmethod
    @once_differentiable
    def backward(ctx, gv, gi):
        (idx,) = ctx.saved_tensors
        out = torch.zeros_like(gv)
        out.scatter_(0, idx, gv)
        return out


leaf = torch.tensor([-2.0, 0.5, 3.0], requires_grad=True)
y = leaf * 1
v0 = y._version
z = ClampInPlace.apply(y, -1.0, 1.0)
print(z is y, y._version > v0, z, z.grad_fn.name())
(z * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(leaf.grad)
try:
    ClampInPlace.apply(torch.ones(2, requires_grad=True), 0.0, 1.0)
except RuntimeError as e:
    print("leaf:", str(e).split(" (")[0].rstrip("."))
x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
vals, idx = SortWithIdx.apply(x)
print(vals, idx, idx.requires_grad, vals.requires_grad)
(vals * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(x.grad)
vals, idx = SortWithIdx.apply(x)
g, = torch.autograd.grad(vals.sum(), x, create_graph=True)
print(g, g.requires_grad)
try:
    g.sum().backward()
except RuntimeError as e:
    print("twice:", str(e)[:70])
