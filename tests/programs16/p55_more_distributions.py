"""More torch.distributions: MultivariateNormal, Independent, Uniform, Dirichlet, Poisson, OneHotCategorical."""
import torch
from torch.distributions import (Beta, Dirichlet, Independent, MultivariateNormal, Normal, OneHotCategorical, Poisson,
                                 Uniform, kl_divergence)

torch.manual_seed(0)
mvn = MultivariateNormal(torch.zeros(2), covariance_matrix=torch.tensor([[2.0, 0.5], [0.5, 1.0]]))
print(mvn.log_prob(torch.tensor([1.0, -1.0])), mvn.entropy(), mvn.scale_tril)
print(mvn.sample((3,)).shape, mvn.batch_shape, mvn.event_shape)
ind = Independent(Normal(torch.zeros(3), torch.ones(3)), 1)
print(ind.log_prob(torch.zeros(3)), ind.batch_shape, ind.event_shape, ind.entropy())
u = Uniform(torch.tensor(0.0), torch.tensor(2.0))
print(u.log_prob(torch.tensor(1.0)), u.entropy(), u.mean, u.variance)
d = Dirichlet(torch.tensor([1.0, 2.0, 3.0]))
print(d.log_prob(torch.tensor([0.2, 0.3, 0.5])), d.mean, d.sample().sum())
p = Poisson(torch.tensor([2.0, 5.0]))
print(p.log_prob(torch.tensor([1.0, 5.0])), p.mean)
oh = OneHotCategorical(probs=torch.tensor([0.2, 0.8]))
print(oh.sample().sum(), oh.log_prob(torch.tensor([0.0, 1.0])), oh.entropy())
print(kl_divergence(Beta(torch.tensor(2.0), torch.tensor(3.0)), Beta(torch.tensor(1.0), torch.tensor(1.0))))
print(kl_divergence(mvn, MultivariateNormal(torch.zeros(2), torch.eye(2))))
n = Normal(torch.tensor(0.0), torch.tensor(1.0))
print(n.cdf(torch.tensor(1.96)), n.icdf(torch.tensor(0.975)), n.sample((2, 3)).shape)
