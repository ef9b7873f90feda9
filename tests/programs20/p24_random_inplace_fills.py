# In-place random fills some initialisation and simulation code uses: uniform_, normal_, bernoulli_ (scalar
# and tensor p), exponential_, geometric_, cauchy_, log_normal_, random_ with ranges; moments checked, seeded.
import torch

torch.manual_seed(0)
n = 20000
checks = []
checks.append(("uniform", torch.empty(n).uniform_(-2, 4).mean().item(), 1.0))
checks.append(("normal", torch.empty(n).normal_(3, 0.5).std().item(), 0.5))
checks.append(("bernoulli", torch.empty(n).bernoulli_(0.3).mean().item(), 0.3))
checks.append(("bernoulli t", torch.empty(n).bernoulli_(torch.full((n,), 0.8)).mean().item(), 0.8))
checks.append(("exponential", torch.empty(n).exponential_(2.0).mean().item(), 0.5))
checks.append(("geometric", torch.empty(n).geometric_(0.25).mean().item(), 4.0))
checks.append(("log_normal", torch.empty(n).log_normal_(0, 0.25).log().std().item(), 0.25))
checks.append(("cauchy median", torch.empty(n).cauchy_(1.0, 2.0).median().item(), 1.0))
for name, got, want in checks:
    print(f"{name:14s} close {abs(got - want) < 0.1 * max(1, abs(want))}")
r = torch.empty(n, dtype=torch.long).random_(3, 9)
print("random_ range", r.min().item(), r.max().item(), r.dtype)
r2 = torch.empty(1000, dtype=torch.long).random_(5)
print(r2.min().item(), r2.max().item())
print(torch.empty(4, dtype=torch.int32).random_(0, 2).dtype, torch.empty(3).bernoulli_(1.0).tolist())
g = torch.Generator().manual_seed(7)
a = torch.empty(5).uniform_(generator=g)
g.manual_seed(7)
b = torch.empty(5).uniform_(generator=g)
print("generator repeat", torch.equal(a, b))
torch.manual_seed(1)
u1 = torch.empty(3).normal_()
torch.manual_seed(1)
u2 = torch.randn(3)
print("normal_ equals randn", torch.equal(u1, u2))
print(torch.zeros(3).exponential_().min().item() > 0, torch.empty(2, 2).fill_(0.5).bernoulli().dtype)
