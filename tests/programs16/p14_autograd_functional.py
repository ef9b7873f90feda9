"""torch.autograd.functional.jacobian/hessian/vjp/jvp/hvp on small functions."""
import torch
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vjp


def f(x):
    return torch.stack([x[0] ** 2 * x[1], x[1].sin() + x[0]])


def g(x):
    return (x ** 3).sum() + x[0] * x[1]


x = torch.tensor([1.0, 2.0])
print(jacobian(f, x))
print(hessian(g, x))
out, v = vjp(f, x, torch.tensor([1.0, -1.0]))
print(out, v)
out, v = jvp(f, x, torch.tensor([0.5, 0.5]))
print(out, v)
print(hvp(g, x, torch.tensor([1.0, 0.0]))[1])
a, b = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([0.5, 0.5, 0.5])
ja, jb = jacobian(lambda p, q: p * q + p, (a, b))
print(ja, jb.diagonal())
J = jacobian(lambda w: torch.tanh(w @ torch.ones(3, 2)), torch.ones(2, 3) * 0.1)
print(J.shape)
H = hessian(lambda w: (w.exp() * torch.arange(1.0, 4.0)).sum(), torch.zeros(3))
print(H)
print(jacobian(f, x, create_graph=True).requires_grad, jacobian(f, x).requires_grad)
print(jacobian(f, x, vectorize=True))
