# Expectation-maximisation for a two-component Gaussian mixture in 2-D: responsibilities from
# MultivariateNormal.log_prob and logsumexp, weighted means and covariances, the log-likelihood each iteration.
import torch
from torch.distributions import MultivariateNormal

torch.manual_seed(0)
X = torch.cat([torch.randn(20, 2) * 0.5 + torch.tensor([2.0, 0.0]), torch.randn(20, 2) * 0.8 - 1.0])
K = 2
mu = X[torch.tensor([0, 25])].clone()
cov = torch.eye(2).repeat(K, 1, 1)
pi = torch.full((K,), 1.0 / K)
for it in range(5):
    log_p = torch.stack([MultivariateNormal(mu[k], covariance_matrix=cov[k]).log_prob(X) for k in range(K)], 1)
    log_p = log_p + pi.log()
    ll = torch.logsumexp(log_p, 1)
    resp = (log_p - ll[:, None]).exp()
    Nk = resp.sum(0)
    mu = (resp.T @ X) / Nk[:, None]
    diff = X[None] - mu[:, None]
    cov = torch.einsum("nk,kni,knj->kij", resp, diff, diff) / Nk[:, None, None] + 1e-6 * torch.eye(2)
    pi = Nk / X.shape[0]
    print(f"iter {it}: log-likelihood {ll.sum().item():.4f}")
print(mu)
print(cov)
print(pi, resp.argmax(1).bincount())
d = MultivariateNormal(mu[0], scale_tril=torch.linalg.cholesky(cov[0]))
print(d.entropy(), d.stddev, d.rsample((2,)).shape)
