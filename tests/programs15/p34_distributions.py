# Probabilistic modelling with torch.distributions: Normal rsample (reparameterised) and kl_divergence,
# Independent for diagonal Gaussians, a MixtureSameFamily of Normals fitted by maximum likelihood,
# a TransformedDistribution (log-normal via ExpTransform), Bernoulli/Categorical entropies, Beta and Dirichlet.
import torch
import torch.distributions as D

torch.manual_seed(0)
mu = torch.zeros(3, requires_grad=True)
log_sigma = torch.zeros(3, requires_grad=True)
q = D.Normal(mu, log_sigma.exp())
z = q.rsample((4,))
p = D.Normal(torch.ones(3), 2 * torch.ones(3))
kl = D.kl_divergence(q, p).sum()
(z.pow(2).mean() + kl).backward()
print(z.shape, f"{kl.item():.6f}", mu.grad, log_sigma.grad)
diag = D.Independent(D.Normal(torch.zeros(2, 3), torch.ones(2, 3)), 1)
print(diag.batch_shape, diag.event_shape, diag.log_prob(torch.zeros(2, 3)))
logits = torch.zeros(3, requires_grad=True)
locs = torch.tensor([-2.0, 0.0, 2.0], requires_grad=True)
scales = torch.ones(3, requires_grad=True)
data = torch.cat([torch.randn(20) - 2, torch.randn(10) + 2])
opt = torch.optim.Adam([logits, locs, scales], lr=0.05)
for step in range(4):
    mix = D.MixtureSameFamily(D.Categorical(logits=logits), D.Normal(locs, scales.abs() + 1e-3))
    nll = -mix.log_prob(data).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    print(step, f"{nll.item():.6f}")
print(mix.mean, mix.variance)
lognormal = D.TransformedDistribution(D.Normal(0.0, 0.5), [D.transforms.ExpTransform()])
print(lognormal.log_prob(torch.tensor([0.5, 1.0, 2.0])), D.LogNormal(0.0, 0.5).log_prob(torch.tensor(2.0)))
print(D.Bernoulli(probs=torch.tensor([0.1, 0.5])).entropy(), D.Categorical(torch.tensor([0.2, 0.8])).entropy())
print(D.Beta(2.0, 3.0).log_prob(torch.tensor(0.3)), D.Dirichlet(torch.tensor([1.0, 2.0, 3.0])).mean)
print(D.Beta(torch.tensor([2.0]), torch.tensor([3.0])).sample().shape, D.Poisson(3.0).log_prob(torch.tensor(2.0)))
