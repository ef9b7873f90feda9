# torch.no_grad, torch.inference_mode, set_grad_enabled, enable_grad inside no_grad, decorators, detach()
# versus detach_() and .data, requires_grad_ toggles for freezing, and what each makes of requires_grad.
import torch

torch.manual_seed(0)
w = torch.randn(3, requires_grad=True)
x = torch.randn(3)
with torch.no_grad():
    y = w * x
    with torch.enable_grad():
        z = w * x
print(y.requires_grad, z.requires_grad, z.grad_fn.name())
with torch.inference_mode():
    i = w * 2
print(i.requires_grad, i.is_inference(), w.is_inference())
for mode in (True, False):
    with torch.set_grad_enabled(mode):
        print(mode, (w * 2).requires_grad, torch.is_grad_enabled())


@torch.no_grad()
def evaluate(v):
    return (v * w).sum()


@torch.inference_mode()
def infer(v):
    return v * w


print(evaluate(x).requires_grad, infer(x).requires_grad, torch.is_grad_enabled())
d = (w * 3).detach()
print(d.requires_grad, d.grad_fn, d.is_leaf)
e = w * 3
e.detach_()
print(e.requires_grad, e.is_leaf)
a = torch.ones(2, requires_grad=True)
b = a * 2
b.data.mul_(10)
b.sum().backward()
print(b, a.grad)
lin = torch.nn.Linear(3, 2)
lin.weight.requires_grad_(False)
out = lin(torch.randn(4, 3)).sum()
out.backward()
print(lin.weight.grad, lin.bias.grad)
torch.set_grad_enabled(False)
print((w + 1).requires_grad)
torch.set_grad_enabled(True)
print((w + 1).requires_grad)
c = w.clone().detach().requires_grad_(True)
print(c.is_leaf, c.requires_grad, torch.equal(c, w))
