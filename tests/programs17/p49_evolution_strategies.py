# Natural evolution strategies (the OpenAI-ES recipe) on a small policy: antithetic Gaussian perturbations of a
# flat parameter vector (parameters_to_vector / vector_to_parameters), fitness shaping by centred ranks, Adam.
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters

torch.manual_seed(0)
policy = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
theta = parameters_to_vector(policy.parameters()).detach()
print(theta.shape)
X = torch.randn(20, 3)
y = X @ torch.tensor([1.0, -1.0, 0.5])


@torch.no_grad()
def fitness(vec):
    vector_to_parameters(vec, policy.parameters())
    return -((policy(X).squeeze(1) - y) ** 2).mean()


def centered_ranks(x):
    ranks = torch.empty_like(x)
    ranks[x.argsort()] = torch.arange(len(x), dtype=x.dtype)
    return ranks / (len(x) - 1) - 0.5


theta = nn.Parameter(theta)
opt = torch.optim.Adam([theta], lr=0.05)
sigma, pop = 0.1, 8
for gen in range(4):
    eps = torch.randn(pop, theta.numel())
    eps = torch.cat([eps, -eps])
    scores = torch.stack([fitness(theta.detach() + sigma * e) for e in eps])
    shaped = centered_ranks(scores)
    theta.grad = -(shaped @ eps) / (len(eps) * sigma)
    opt.step()
    print(f"gen {gen}: mean fitness {scores.mean().item():.5f} best {scores.max().item():.5f} "
          f"current {fitness(theta.detach()).item():.5f}")
print(centered_ranks(torch.tensor([3.0, 1.0, 2.0, 5.0])))
