# Probabilistic modelling with torch.distributions: a MixtureSameFamily of Normals fitted by maximum likelihood,
# Independent for a diagonal Gaussian, MultivariateNormal with a low-rank-plus-diagonal covariance, Categorical
# mixture weights, log_prob/sample shapes, and batch_shape/event_shape.
import torch
from torch.distributions import (Categorical, Independent, LowRankMultivariateNormal, MixtureSameFamily,
                                 MultivariateNormal, Normal)

torch.manual_seed(0)
data = torch.cat([torch.randn(60) * 0.5 - 2, torch.randn(40) * 0.8 + 1.5])
logits = torch.zeros(2, requires_grad=True)
locs = torch.tensor([-1.0, 1.0], requires_grad=True)
log_scales = torch.zeros(2, requires_grad=True)
opt = torch.optim.Adam([logits, locs, log_scales], lr=0.05)
for it in range(150):
    gmm = MixtureSameFamily(Categorical(logits=logits), Normal(locs, log_scales.exp()))
    nll = -gmm.log_prob(data).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    if it % 50 == 0:
        print(it, round(nll.item(), 5))
print(torch.softmax(logits, 0), locs, log_scales.exp())
print(gmm.mean.item(), gmm.variance.item(), gmm.batch_shape, gmm.event_shape)
diag = Independent(Normal(torch.zeros(3), torch.ones(3) * 2), 1)
print(diag.batch_shape, diag.event_shape, diag.log_prob(torch.ones(4, 3)), diag.sample((2,)).shape)
lr = LowRankMultivariateNormal(torch.zeros(3), cov_factor=torch.tensor([[1.0], [0.5], [0.0]]),
                               cov_diag=torch.ones(3))
full = MultivariateNormal(torch.zeros(3), covariance_matrix=lr.covariance_matrix)
x = torch.randn(5, 3)
print(torch.allclose(lr.log_prob(x), full.log_prob(x), atol=1e-5), lr.entropy().item(), full.entropy().item())
mix2d = MixtureSameFamily(Categorical(torch.tensor([0.3, 0.7])),
                          Independent(Normal(torch.tensor([[0.0, 0.0], [2.0, 2.0]]), torch.ones(2, 2)), 1))
s = mix2d.sample((1000,))
print(s.shape, mix2d.log_prob(torch.tensor([[1.0, 1.0]])), mix2d.mean)
print(torch.distributions.kl_divergence(Normal(0.0, 1.0), Normal(1.0, 2.0)).item())
