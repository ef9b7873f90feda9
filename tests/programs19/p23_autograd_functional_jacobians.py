# Jacobians without torch.func: torch.autograd.functional.jacobian (tuple inputs, vectorize, create_graph,
# strategy), jvp and vjp, a Jacobian built row by row with autograd.grad, and a Newton step using it.
import torch
from torch.autograd.functional import jacobian, jvp, vjp

torch.manual_seed(0)


def F(x):
    return torch.stack([x[0] ** 2 + x[1] ** 2 - 4, x[0] - torch.sin(x[1])])


x = torch.tensor([1.0, 1.0])
J = jacobian(F, x)
print(J)
rows = []
xr = x.clone().requires_grad_()
y = F(xr)
for i in range(2):
    rows.append(torch.autograd.grad(y[i], xr, retain_graph=True)[0])
print(torch.stack(rows))
print(torch.allclose(jacobian(F, x, vectorize=True), J))
for _ in range(5):
    x = x - torch.linalg.solve(jacobian(F, x), F(x))
print("newton root", x, F(x).abs().max().item() < 1e-5)


def pair(a, b):
    return a * b.sum(), (a ** 2).sum() * b


a, b = torch.randn(2), torch.randn(3)
Jp = jacobian(pair, (a, b))
print([[t.shape for t in row] for row in Jp])
print(Jp[1][0])
out, jv = jvp(lambda t: t.exp() * 2, torch.zeros(3), torch.ones(3))
print(out, jv)
out, vj = vjp(lambda t: t ** 2, torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.5]))
print(vj)
w = torch.tensor([0.5, -1.0], requires_grad=True)
Jc = jacobian(lambda t: t * w, torch.ones(2), create_graph=True)
Jc.trace().backward()
print(w.grad)
print(jacobian(lambda t: t.sum(), torch.ones(3)), jacobian(torch.sin, torch.zeros(2), strategy="forward-mode",
                                                            vectorize=True))
