# A RealNVP affine coupling flow on 2-d data: alternating masks, scale through tanh, the log-determinant summed,
# the standard-normal prior's log_prob, negative log-likelihood training, then the inverse map for sampling.
import torch
import torch.nn as nn
from torch.distributions import MultivariateNormal

torch.manual_seed(0)


class Coupling(nn.Module):
    def __init__(self, mask):
        super().__init__()
        self.register_buffer("mask", mask)
        self.s = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(), nn.Linear(16, 2), nn.Tanh())
        self.t = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(), nn.Linear(16, 2))

    def forward(self, x):                          # data -> latent
        xm = x * self.mask
        s = self.s(xm) * (1 - self.mask)
        t = self.t(xm) * (1 - self.mask)
        z = xm + (1 - self.mask) * (x - t) * torch.exp(-s)
        return z, -s.sum(dim=1)

    def inverse(self, z):
        zm = z * self.mask
        s = self.s(zm) * (1 - self.mask)
        t = self.t(zm) * (1 - self.mask)
        return zm + (1 - self.mask) * (z * torch.exp(s) + t)


masks = [torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])] * 2
flows = nn.ModuleList([Coupling(m) for m in masks])
prior = MultivariateNormal(torch.zeros(2), torch.eye(2))
opt = torch.optim.Adam(flows.parameters(), lr=1e-3)
theta = torch.rand(64) * 3.14159
x = torch.stack([torch.cos(theta), torch.sin(theta)], 1) + 0.05 * torch.randn(64, 2)
for it in range(5):
    z, log_det = x, torch.zeros(64)
    for f in flows:
        z, ld = f(z)
        log_det = log_det + ld
    loss = -(prior.log_prob(z) + log_det).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"iter {it} nll {loss.item():.5f}")
with torch.no_grad():
    s = prior.sample((3,))
    for f in reversed(flows):
        s = f.inverse(s)
    print(s)
