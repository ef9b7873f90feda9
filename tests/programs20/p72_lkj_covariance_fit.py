# A Bayesian covariance model as probabilistic-programming examples write it: scales with a HalfNormal prior and a
# correlation Cholesky factor with an LKJ prior, parameterised without constraints through transform_to
# (CorrCholeskyTransform, with its log-Jacobian), fitted by MAP; then Wishart and von Mises draws, all seeded.
import math

import torch
from torch.distributions import (HalfNormal, LKJCholesky, MultivariateNormal, VonMises, Wishart, constraints,
                                 transform_to)

torch.manual_seed(0)
true_L = torch.tensor([[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [-0.3, 0.2, 0.9327]])
scales = torch.tensor([1.0, 2.0, 0.5])
data = MultivariateNormal(torch.zeros(3), scale_tril=scales.unsqueeze(-1) * true_L).sample((200,))
to_corr = transform_to(constraints.corr_cholesky)
to_pos = transform_to(constraints.positive)
print(type(to_corr).__name__, to_corr(torch.zeros(3)))
raw_corr = torch.zeros(3, requires_grad=True)
raw_scale = torch.zeros(3, requires_grad=True)
opt = torch.optim.Adam([raw_corr, raw_scale], lr=0.05)
for step in range(120):
    L_corr = to_corr(raw_corr)
    s = to_pos(raw_scale)
    log_post = (MultivariateNormal(torch.zeros(3), scale_tril=s.unsqueeze(-1) * L_corr).log_prob(data).sum()
                + LKJCholesky(3, torch.tensor(2.0)).log_prob(L_corr) + HalfNormal(2.0).log_prob(s).sum()
                + to_corr.log_abs_det_jacobian(raw_corr, L_corr))
    opt.zero_grad()
    (-log_post).backward()
    opt.step()
    if step % 40 == 0:
        print(step, round(log_post.item(), 3))
L_corr = to_corr(raw_corr).detach()
print((L_corr @ L_corr.T).round(decimals=2), to_pos(raw_scale).detach().round(decimals=2))
print(torch.allclose(to_corr.inv(L_corr), raw_corr.detach(), atol=1e-4), constraints.corr_cholesky.check(L_corr))
lkj = LKJCholesky(3, torch.tensor(0.5))
Ls = lkj.sample((1000,))
corr = Ls @ Ls.transpose(-1, -2)
print("mean |rho|", round(corr[:, 1, 0].abs().mean().item(), 3), lkj.log_prob(Ls[:2]).round(decimals=4))
W = Wishart(torch.tensor(5.0), covariance_matrix=torch.tensor([[1.0, 0.3], [0.3, 2.0]]))
ws = W.sample((500,))
print(ws.mean(0).round(decimals=2), W.mean, W.log_prob(ws[:2]).round(decimals=4), round(W.entropy().item(), 4))
vm = VonMises(torch.tensor(math.pi / 2), torch.tensor(4.0))
angles = vm.sample((2000,))
resultant = torch.stack([angles.cos().mean(), angles.sin().mean()]).norm()
print(round(torch.atan2(angles.sin().mean(), angles.cos().mean()).item(), 3), round(1 - resultant.item(), 3),
      round(vm.variance.item(), 4), vm.log_prob(angles[:3]).round(decimals=4))
