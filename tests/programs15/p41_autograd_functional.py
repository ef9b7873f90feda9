# The autograd mechanics notes: torch.autograd.functional jacobian / hessian / vjp / jvp / hvp / vhp,
# a graph walked from loss.grad_fn through next_functions printing type(fn).__name__, retain_grad on
# intermediates, backward twice with retain_graph, and grad accumulation on leaves.
import torch
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp


def f(x):
    return torch.stack([x[0] ** 2 * x[1], x[1].sin() + x[2], (x * x).sum()])


x = torch.tensor([1.0, 2.0, 0.5])
print(jacobian(f, x))
print(hessian(lambda v: (v ** 3).sum() * v[0], x))
print(vjp(f, x, torch.ones(3))[1], jvp(f, x, torch.ones(3))[1])
print(hvp(lambda v: (v ** 4).sum(), x, torch.ones(3))[1], vhp(lambda v: (v ** 4).sum(), x, torch.ones(3))[1])
print(jacobian(lambda a, b: a * b, (torch.ones(2), torch.arange(2.0))))
w = torch.tensor([[0.5, -1.0], [2.0, 0.1]], requires_grad=True)
inp = torch.tensor([1.0, 3.0])
h = torch.tanh(w @ inp)
h.retain_grad()
loss = (h * torch.tensor([1.0, -2.0])).sum()


def walk(fn, depth=0):
    print("  " * depth + fn.name())
    for nxt, _ in fn.next_functions:
        if nxt is not None:
            walk(nxt, depth + 1)


walk(loss.grad_fn)
loss.backward(retain_graph=True)
print(h.grad, w.grad)
loss.backward()
print(w.grad, h.grad, w.is_leaf, h.is_leaf, h.grad_fn.name())
