# A Bayesian linear regression fitted by MAP the way probabilistic-programming tutorials set up priors: a HalfCauchy
# on the noise scale, an InverseGamma on the weights' variance, unconstrained parameters mapped through
# SoftplusTransform / transform_to(constraints.positive); then a discrete VAE step with the straight-through one-hot.
import torch
import torch.nn as nn
from torch.distributions import (HalfCauchy, InverseGamma, Normal, OneHotCategorical, OneHotCategoricalStraightThrough,
                                 constraints, transform_to)
from torch.distributions.transforms import SoftplusTransform

torch.manual_seed(0)
X = torch.randn(30, 3)
y = X @ torch.tensor([2.0, -1.0, 0.0]) + 0.5 * torch.randn(30)
w = torch.zeros(3, requires_grad=True)
raw_sigma = torch.zeros((), requires_grad=True)
raw_tau2 = torch.zeros((), requires_grad=True)
to_pos = transform_to(constraints.positive)
softplus = SoftplusTransform()
print(to_pos, softplus, HalfCauchy(1.0), InverseGamma(2.0, 1.0))
opt = torch.optim.Adam([w, raw_sigma, raw_tau2], lr=0.1)
for step in range(5):
    sigma, tau2 = softplus(raw_sigma), to_pos(raw_tau2)
    log_joint = (Normal(X @ w, sigma).log_prob(y).sum() + Normal(0.0, tau2.sqrt()).log_prob(w).sum()
                 + HalfCauchy(1.0).log_prob(sigma) + InverseGamma(2.0, 1.0).log_prob(tau2)
                 + softplus.log_abs_det_jacobian(raw_sigma, sigma) + to_pos.log_abs_det_jacobian(raw_tau2, tau2))
    opt.zero_grad()
    (-log_joint).backward()
    opt.step()
    print(f"step {step}: log joint {log_joint.item():.4f} sigma {sigma.item():.4f} tau2 {tau2.item():.4f}")
print(w.detach(), softplus.inv(torch.tensor(0.5)), HalfCauchy(torch.tensor(2.0)).icdf(torch.tensor(0.5)))
print(InverseGamma(torch.tensor([3.0, 1.0]), torch.tensor(2.0)).mean, HalfCauchy(torch.tensor([1.0])).entropy())

K, D = 4, 6
enc, dec = nn.Linear(D, K), nn.Linear(K, D)
x = (torch.rand(5, D) > 0.5).float()
logits = enc(x)
q = OneHotCategoricalStraightThrough(logits=logits)
z = q.rsample()
recon = nn.functional.binary_cross_entropy_with_logits(dec(z), x, reduction="sum") / 5
kl = (q.probs * (q.logits + torch.log(torch.tensor(float(K))))).sum(-1).mean()
(recon + kl).backward()
print(z.sum(-1), z.requires_grad, f"{recon.item():.4f} {kl.item():.4f}", enc.weight.grad.abs().sum() > 0)
print(isinstance(q, OneHotCategorical), q.has_rsample, OneHotCategorical(logits=logits).has_rsample, q)
