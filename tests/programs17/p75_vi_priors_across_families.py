# Variational inference with priors from another family, as probabilistic-modelling notes set it up: a Normal
# posterior against a sparsity-inducing Laplace prior, a Gamma posterior for a rate against an Exponential prior,
# a Beta posterior against a Uniform(0, 1) prior, closed-form kl_divergence in the ELBO, and a Monte Carlo check.
import torch
from torch.distributions import Beta, Exponential, Gamma, Laplace, Normal, Poisson, Uniform, kl_divergence

torch.manual_seed(0)
x = torch.randn(20, 3)
w_true = torch.tensor([1.5, 0.0, -0.7])
y = x @ w_true + 0.3 * torch.randn(20)
mu = torch.zeros(3, requires_grad=True)
log_sigma = torch.full((3,), -1.0, requires_grad=True)
opt = torch.optim.Adam([mu, log_sigma], lr=0.05)
prior = Laplace(torch.zeros(3), torch.full((3,), 0.5))
for step in range(4):
    q = Normal(mu, log_sigma.exp())
    w = q.rsample((8,))
    nll = -Normal(w @ x.T, 0.3).log_prob(y).sum(-1).mean()
    kl = kl_divergence(q, prior).sum()
    loss = nll + kl
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step}: nll {nll.item():.4f} kl {kl.item():.5f}")
q = Normal(mu.detach(), log_sigma.detach().exp())
s = q.sample((20000,))
mc = (q.log_prob(s) - prior.log_prob(s)).mean(0)
print(kl_divergence(q, prior), (mc - kl_divergence(q, prior)).abs().max() < 0.05)

counts = Poisson(torch.tensor(3.0)).sample((15,))
post = Gamma(1.0 + counts.sum(), 1.0 + len(counts))
print(counts.sum(), post.mean, kl_divergence(post, Exponential(torch.tensor(1.0))))
print(kl_divergence(Exponential(torch.tensor([0.5, 2.0])), Gamma(torch.tensor(2.0), torch.tensor(1.0))))
heads, n = 7.0, 10.0
b = Beta(torch.tensor(1.0 + heads), torch.tensor(1.0 + n - heads))
print(kl_divergence(b, Uniform(0.0, 1.0)), kl_divergence(b, Uniform(0.2, 1.0)), -b.entropy())
print(kl_divergence(Normal(0.0, 1.0), Uniform(-3.0, 3.0)), kl_divergence(Uniform(-1.0, 1.0), Normal(0.0, 1.0)))
