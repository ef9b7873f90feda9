# Building distributions from transforms as probabilistic-programming code does: TransformedDistribution with
# ComposeTransform (Affine, Exp, Sigmoid, Tanh), a logit-normal, a log-normal checked against LogNormal,
# Independent over event dims, MixtureSameFamily, and rsample gradients through the transforms.
import torch
from torch.distributions import (AffineTransform, ComposeTransform, ExpTransform, Independent, LogNormal,
                                 MixtureSameFamily, Categorical, Normal, SigmoidTransform, TanhTransform,
                                 TransformedDistribution, StickBreakingTransform, PowerTransform)

torch.manual_seed(0)
base = Normal(torch.tensor(0.3), torch.tensor(0.8))
lognorm = TransformedDistribution(base, [ExpTransform()])
x = torch.tensor([0.5, 1.0, 3.0])
print(lognorm.log_prob(x), LogNormal(0.3, 0.8).log_prob(x))
logit_normal = TransformedDistribution(base, SigmoidTransform())
print(logit_normal.log_prob(torch.tensor([0.2, 0.5, 0.9])).round(decimals=5))
squashed = TransformedDistribution(Normal(torch.zeros(2), torch.ones(2)), [TanhTransform(cache_size=1), AffineTransform(1.0, 2.0)])
s = squashed.rsample((4,))
print(s.shape, squashed.log_prob(s).shape, bool(((s > -1) & (s < 3)).all()))
chain = ComposeTransform([AffineTransform(0.0, 2.0), ExpTransform(), PowerTransform(torch.tensor(0.5))])
y = chain(torch.tensor([0.0, 1.0]))
print(y, chain.inv(y), chain.log_abs_det_jacobian(torch.tensor([0.0, 1.0]), y))
sb = StickBreakingTransform()
p = sb(torch.tensor([0.0, 1.0, -1.0]))
print(p, p.sum(), sb.inv(p), sb.log_abs_det_jacobian(torch.tensor([0.0, 1.0, -1.0]), p))
diag = Independent(Normal(torch.zeros(3), torch.ones(3)), 1)
print(diag.batch_shape, diag.event_shape, diag.log_prob(torch.ones(3)), diag.entropy())
mix = MixtureSameFamily(Categorical(torch.tensor([0.3, 0.7])), Normal(torch.tensor([-1.0, 2.0]), torch.tensor([0.5, 1.0])))
print(mix.log_prob(torch.tensor([0.0, 2.0])), mix.mean, mix.variance)
loc = torch.tensor(0.0, requires_grad=True)
scale = torch.tensor(1.0, requires_grad=True)
d = TransformedDistribution(Normal(loc, scale), [ExpTransform()])
samples = d.rsample((1000,))
samples.mean().backward()
print(round(loc.grad.item(), 2) > 0, round(scale.grad.item(), 2) > 0, samples.shape)
print(lognorm.sample((2,)).round(decimals=4), logit_normal.support, lognorm.support)
