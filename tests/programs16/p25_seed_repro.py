"""torch.manual_seed reproducibility checks; Generator state save/restore; initial_seed."""
import torch
import torch.nn as nn

torch.manual_seed(123)
a = torch.randn(3)
torch.manual_seed(123)
b = torch.randn(3)
print(torch.equal(a, b), a)
state = torch.get_rng_state()
c = torch.rand(2)
torch.set_rng_state(state)
print(torch.equal(c, torch.rand(2)), torch.initial_seed())
g = torch.Generator().manual_seed(9)
x1 = torch.randn(2, generator=g)
g.manual_seed(9)
print(torch.equal(x1, torch.randn(2, generator=g)), g.initial_seed())
s = g.get_state()
y1 = torch.randint(0, 10, (4,), generator=g)
g.set_state(s)
print(torch.equal(y1, torch.randint(0, 10, (4,), generator=g)))


def make():
    torch.manual_seed(0)
    return nn.Linear(3, 2)


m1, m2 = make(), make()
print(torch.equal(m1.weight, m2.weight), m1.weight)
torch.manual_seed(5)
print(torch.randperm(6), torch.randint(0, 5, (3,)), torch.rand(2), torch.normal(0.0, 1.0, (2,)))
torch.manual_seed(5)
print(torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 4, replacement=True), torch.bernoulli(torch.full((3,), 0.5)))
