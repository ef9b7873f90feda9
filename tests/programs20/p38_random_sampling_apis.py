# Random sampling calls a data-augmentation or RL script makes, seeded: randint with a Generator and dtype,
# randperm, multinomial without replacement, normal with tensor mean/std, rand_like/randn_like/randint_like,
# Tensor.random_, poisson, and torch.get_rng_state/set_rng_state to replay.
import torch

torch.manual_seed(123)
g = torch.Generator().manual_seed(5)
print(torch.randint(0, 10, (6,), generator=g), torch.randint(3, (2, 2), dtype=torch.int32))
print(torch.randperm(10), torch.randperm(5, generator=g))
w = torch.tensor([0.1, 0.0, 0.5, 0.4, 1.0])
print(torch.multinomial(w, 3), torch.multinomial(w, 4, replacement=True), torch.multinomial(w.view(1, 5).repeat(2, 1), 2))
print(torch.normal(torch.zeros(3), torch.tensor([1.0, 2.0, 3.0])).round(decimals=4))
print(torch.normal(2.0, 0.5, size=(2, 2)).round(decimals=4), torch.normal(torch.ones(2), 0.1).round(decimals=4))
x = torch.zeros(2, 3)
print(torch.rand_like(x).round(decimals=4), torch.randn_like(x).round(decimals=4), torch.randint_like(x, 5))
state = torch.get_rng_state()
a = torch.rand(4)
torch.set_rng_state(state)
b = torch.rand(4)
print("replay", torch.equal(a, b))
print(torch.poisson(torch.tensor([1.0, 5.0, 20.0])), torch.bernoulli(torch.tensor([0.2, 0.8, 0.5])))
print(torch.rand(3, generator=g).round(decimals=4), torch.randn(2, dtype=torch.float64).round(decimals=4))
print(torch.randint(-5, 5, (3,)).tolist(), torch.empty(3).uniform_(-1, 1).round(decimals=4))
print(torch.initial_seed(), g.initial_seed(), torch.Generator().seed() > 0)
perm = torch.randperm(6)
print(perm, torch.argsort(perm))
