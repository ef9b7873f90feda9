# Fitting constrained parameters through unconstrained ones: distributions.transform_to / biject_to map R^n
# onto positive scales, the simplex, intervals and Cholesky factors; a mixture's weights and a covariance fit.
import torch
from torch.distributions import MultivariateNormal, Normal, constraints, transform_to, biject_to

torch.manual_seed(0)
data = torch.cat([torch.randn(60) * 0.5 - 2, torch.randn(40) * 1.0 + 1.5])
to_simplex = transform_to(constraints.simplex)
to_pos = transform_to(constraints.positive)
print(type(to_simplex).__name__, type(to_pos).__name__, type(biject_to(constraints.simplex)).__name__)
w_raw = torch.zeros(1, requires_grad=True)
loc = torch.tensor([-1.0, 1.0], requires_grad=True)
s_raw = torch.zeros(2, requires_grad=True)
opt = torch.optim.Adam([w_raw, loc, s_raw], lr=0.05)
for step in range(150):
    w = to_simplex(w_raw)
    comp = Normal(loc, to_pos(s_raw))
    ll = torch.logsumexp(comp.log_prob(data.unsqueeze(1)) + w.log(), dim=1).sum()
    opt.zero_grad()
    (-ll).backward()
    opt.step()
    if step % 50 == 0:
        print(step, round(ll.item(), 3))
print("weights", to_simplex(w_raw).detach().round(decimals=3), "scales", to_pos(s_raw).detach().round(decimals=3))
iv = transform_to(constraints.interval(-1.0, 3.0))
u = torch.tensor([-5.0, 0.0, 5.0])
print(iv(u), iv.inv(iv(u)).round(decimals=4), iv.log_abs_det_jacobian(u, iv(u)).round(decimals=4))
tril = transform_to(constraints.lower_cholesky)
raw = torch.zeros(3, 3, requires_grad=True)
X = torch.randn(200, 3) @ torch.tensor([[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.2, -0.3, 0.5]]).T
opt = torch.optim.Adam([raw], lr=0.05)
for step in range(200):
    L = tril(raw)
    nll = -MultivariateNormal(torch.zeros(3), scale_tril=L).log_prob(X).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
print("nll", round(nll.item(), 4))
print((L @ L.T).detach().round(decimals=2))
print(constraints.positive.check(torch.tensor([1.0, -1.0])), constraints.simplex.check(to_simplex(torch.zeros(2))))
