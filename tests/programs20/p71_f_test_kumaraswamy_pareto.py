# Statistics with torch.distributions: a one-way ANOVA F statistic and its p-value by Monte Carlo from
# FisherSnedecor samples, a Kumaraswamy variational posterior for a probability (reparameterised ELBO), and
# Pareto-distributed file sizes with the sample mean/median against the formulas, and the continuous Bernoulli
# likelihood a VAE decoder uses for grey levels; all seeded.
import torch
from torch.distributions import Beta, Binomial, ContinuousBernoulli, FisherSnedecor, Kumaraswamy, Pareto

torch.manual_seed(0)
groups = [torch.tensor([4.1, 5.0, 4.6, 5.2]), torch.tensor([5.9, 6.3, 5.5, 6.1]), torch.tensor([4.8, 5.1, 5.4, 4.9])]
allv = torch.cat(groups)
k, n = len(groups), len(allv)
ss_between = sum(len(g) * (g.mean() - allv.mean()) ** 2 for g in groups)
ss_within = sum(((g - g.mean()) ** 2).sum() for g in groups)
F = (ss_between / (k - 1)) / (ss_within / (n - k))
null = FisherSnedecor(torch.tensor(float(k - 1)), torch.tensor(float(n - k)))
draws = null.sample((4000,))
print(f"F = {F.item():.4f}, Monte Carlo p = {(draws >= F).float().mean().item():.4f}")
print("density at F", round(null.log_prob(F).exp().item(), 6), "mean", round(null.mean.item(), 4), round(draws.mean().item(), 2))

heads, flips = 7, 10
a_raw = torch.tensor(0.0, requires_grad=True)
b_raw = torch.tensor(0.0, requires_grad=True)
opt = torch.optim.Adam([a_raw, b_raw], lr=0.05)
prior = Beta(torch.tensor(1.0), torch.tensor(1.0))
for step in range(150):
    q = Kumaraswamy(a_raw.exp(), b_raw.exp())
    p = q.rsample((64,)).clamp(1e-4, 1 - 1e-4)
    elbo = (Binomial(flips, probs=p).log_prob(torch.tensor(float(heads))) + prior.log_prob(p) - q.log_prob(p)).mean()
    opt.zero_grad()
    (-elbo).backward()
    opt.step()
    if step % 50 == 0:
        print(step, round(elbo.item(), 4))
q = Kumaraswamy(a_raw.exp(), b_raw.exp())
print("posterior mean", round(q.mean.item(), 3), "exact", round((heads + 1) / (flips + 2), 3), "entropy", round(q.entropy().item(), 3))

sizes = Pareto(torch.tensor(1.0), torch.tensor(2.5))
x = sizes.sample((5000,))
print(x[:4].round(decimals=4), round(x.mean().item(), 2), round(sizes.mean.item(), 4), round(x.median().item(), 3),
      round(2 ** (1 / 2.5), 3))
print(sizes.cdf(torch.tensor([1.5, 3.0])).round(decimals=4), sizes.icdf(torch.tensor([0.5])).round(decimals=4))
pixels = torch.tensor([0.0, 0.2, 0.5, 0.9, 1.0])
logits = torch.tensor([-3.0, -1.0, 0.0, 2.0, 4.0], requires_grad=True)
cb = ContinuousBernoulli(logits=logits)
nll = -cb.log_prob(pixels).sum()
nll.backward()
print(round(nll.item(), 4), logits.grad.round(decimals=4), cb.mean.detach().round(decimals=4))
print(cb.sample((2,)).round(decimals=4), ContinuousBernoulli(probs=torch.tensor(0.5)).log_prob(torch.tensor(0.3)))
