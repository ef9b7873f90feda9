# Bayesian linear regression in closed form (a probabilistic ML course): a polynomial design matrix, the
# posterior precision and mean via Cholesky (cholesky_solve, solve_triangular), the predictive variance, the log
# marginal likelihood for choosing the degree, and posterior samples from MultivariateNormal(scale_tril=...).
import math

import torch

torch.manual_seed(0)
x = torch.linspace(-1, 1, 20, dtype=torch.float64)
y = torch.sin(3 * x) + 0.1 * torch.randn(20, dtype=torch.float64)
alpha, beta = 1.0, 100.0


def design(x, degree):
    return torch.stack([x ** k for k in range(degree + 1)], dim=1)


def posterior(Phi, y):
    A = alpha * torch.eye(Phi.shape[1], dtype=Phi.dtype) + beta * Phi.T @ Phi
    L = torch.linalg.cholesky(A)
    m = beta * torch.cholesky_solve((Phi.T @ y).unsqueeze(1), L).squeeze(1)
    return A, L, m


def log_evidence(Phi, y):
    N, M = Phi.shape
    A, L, m = posterior(Phi, y)
    E = beta / 2 * (y - Phi @ m).pow(2).sum() + alpha / 2 * m @ m
    logdetA = 2 * torch.log(torch.diagonal(L)).sum()
    return M / 2 * math.log(alpha) + N / 2 * math.log(beta) - E - logdetA / 2 - N / 2 * math.log(2 * math.pi)


for deg in range(1, 7):
    print(deg, round(log_evidence(design(x, deg), y).item(), 4))
Phi = design(x, 5)
A, L, m = posterior(Phi, y)
print(m)
xs = torch.tensor([0.0, 0.5, 1.2], dtype=torch.float64)
Ps = design(xs, 5)
V = torch.linalg.solve_triangular(L, Ps.T, upper=False)
var = 1 / beta + (V * V).sum(0)
print(Ps @ m, var.sqrt())
cov = torch.cholesky_inverse(L)
print(torch.allclose(cov, torch.linalg.inv(A)))
post = torch.distributions.MultivariateNormal(m, scale_tril=torch.linalg.cholesky(cov))
w = post.sample((3,))
print((Ps @ w.T).T)
print(post.log_prob(m).item(), post.entropy().item())
