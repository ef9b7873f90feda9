"""torch.autograd.grad with allow_unused, materialize_grads, retain_graph and create_graph."""
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = torch.tensor(4.0, requires_grad=True)
out = x * x * y
gx, gz = torch.autograd.grad(out, [x, z], allow_unused=True, retain_graph=True)
print(gx, gz)
try:
    torch.autograd.grad(out, [z], retain_graph=True)
except RuntimeError as e:
    print("RuntimeError", "allow_unused" in str(e))
(gx,) = torch.autograd.grad(out, x, create_graph=True, retain_graph=True)
print(gx, gx.requires_grad)
(gxx,) = torch.autograd.grad(gx, x, retain_graph=True)
print(gxx)
a = torch.ones(3, requires_grad=True)
b = a * torch.tensor([1.0, 2.0, 3.0])
print(torch.autograd.grad(b, a, grad_outputs=torch.tensor([1.0, 1.0, 2.0]), retain_graph=True))
print(torch.autograd.grad([b.sum(), (a ** 2).sum()], [a]))
g = torch.autograd.grad(out, [x, y, z], allow_unused=True, materialize_grads=True)
print(g)
print(x.grad, y.grad)
try:
    out.backward()
    print(x.grad)
except RuntimeError as e:
    print("RuntimeError", "second time" in str(e))
