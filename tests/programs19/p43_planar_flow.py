# A normalizing flow of planar layers (Rezende & Mohamed) fitted to a 2-D target density by reverse KL:
# the invertibility constraint on u through softplus, the log|det J| term, and a sample-based loss.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Planar(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.u = nn.Parameter(torch.randn(d) * 0.1)
        self.w = nn.Parameter(torch.randn(d) * 0.1)
        self.b = nn.Parameter(torch.zeros(1))

    def forward(self, z):
        wu = self.w @ self.u
        u_hat = self.u + (-1 + F.softplus(wu) - wu) * self.w / (self.w.norm() ** 2)
        lin = z @ self.w + self.b
        f = z + u_hat * torch.tanh(lin).unsqueeze(-1)
        psi = (1 - torch.tanh(lin) ** 2).unsqueeze(-1) * self.w
        logdet = torch.log((1 + psi @ u_hat).abs() + 1e-8)
        return f, logdet


def log_target(z):
    z1, z2 = z[:, 0], z[:, 1]
    return -0.5 * ((z.norm(dim=1) - 2) / 0.4) ** 2 + torch.logsumexp(
        torch.stack([-0.5 * ((z1 - 2) / 0.6) ** 2, -0.5 * ((z1 + 2) / 0.6) ** 2]), dim=0) - 0 * z2


flows = nn.ModuleList([Planar(2) for _ in range(4)])
base = torch.distributions.MultivariateNormal(torch.zeros(2), torch.eye(2))
opt = torch.optim.Adam(flows.parameters(), lr=1e-2)
for it in range(40):
    z0 = base.sample((64,))
    logq = base.log_prob(z0)
    z = z0
    for f in flows:
        z, ld = f(z)
        logq = logq - ld
    loss = (logq - log_target(z)).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 10 == 0:
        print(it, round(loss.item(), 5))
print([round((f.w @ f.u).item(), 5) for f in flows])
print(z.mean(0), z.std(0))
