# The newer custom autograd.Function style: forward without ctx plus setup_context, generate_vmap_rule=True so
# torch.func.vmap/grad work through it, a jvp staticmethod for forward-mode AD, and ctx.set_materialize_grads.
import torch
from torch.func import grad, jacfwd, vmap


class CubeRoot(torch.autograd.Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        return x.sign() * x.abs().pow(1.0 / 3.0)

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)
        ctx.save_for_forward(output)

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g / (3 * y * y)

    @staticmethod
    def jvp(ctx, t):
        (y,) = ctx.saved_tensors
        return t / (3 * y * y)


x = torch.tensor([8.0, -27.0, 0.125], requires_grad=True)
y = CubeRoot.apply(x)
y.sum().backward()
print(y, x.grad)
print(vmap(CubeRoot.apply)(torch.tensor([[1.0, 8.0], [64.0, -1.0]])))
print(grad(lambda t: CubeRoot.apply(t).sum())(torch.tensor([1.0, 8.0])))
print(vmap(grad(lambda t: CubeRoot.apply(t) ** 2))(torch.tensor([1.0, 8.0, 27.0])))
print(jacfwd(CubeRoot.apply)(torch.tensor([1.0, 8.0])))
import torch.autograd.forward_ad as fwAD
with fwAD.dual_level():
    d = fwAD.make_dual(torch.tensor([8.0, 1.0]), torch.tensor([1.0, 2.0]))
    print(fwAD.unpack_dual(CubeRoot.apply(d)).tangent)


class Split(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x.clone(), x * 2

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.set_materialize_grads(False)

    @staticmethod
    def backward(ctx, ga, gb):
        out = torch.zeros(3) if ga is None else ga
        return out if gb is None else out + 2 * gb


z = torch.ones(3, requires_grad=True)
a, b = Split.apply(z)
a.sum().backward()
print(z.grad)
z.grad = None
a, b = Split.apply(z)
(b * 3).sum().backward()
print(z.grad)
