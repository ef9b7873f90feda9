# Normalising flows with torch.distributions.transforms: an affine-then-sigmoid TransformedDistribution, a
# learned planar flow with its log-det-Jacobian, and ComposeTransform's inverse and log_abs_det_jacobian.
import torch
import torch.nn as nn
from torch.distributions import Normal, TransformedDistribution
from torch.distributions.transforms import AffineTransform, ComposeTransform, ExpTransform, SigmoidTransform

torch.manual_seed(0)
base = Normal(torch.zeros(2), torch.ones(2))
logit_normal = TransformedDistribution(base, [AffineTransform(loc=0.5, scale=2.0), SigmoidTransform()])
y = torch.tensor([[0.2, 0.9], [0.5, 0.5]])
print(logit_normal.log_prob(y))
s = logit_normal.sample((3,))
print(s.shape, ((s > 0) & (s < 1)).all())
t = ComposeTransform([AffineTransform(1.0, 3.0), ExpTransform()])
x = torch.tensor([-1.0, 0.0, 0.5])
print(t(x), t.inv(t(x)), t.log_abs_det_jacobian(x, t(x)))


class PlanarFlow(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.u = nn.Parameter(torch.randn(d) * 0.1)
        self.w = nn.Parameter(torch.randn(d) * 0.1)
        self.b = nn.Parameter(torch.zeros(1))

    def forward(self, z):
        wu = self.w @ self.u
        u_hat = self.u + (-1 + nn.functional.softplus(wu) - wu) * self.w / (self.w.norm() ** 2)
        lin = z @ self.w + self.b
        f = z + u_hat * torch.tanh(lin).unsqueeze(-1)
        psi = (1 - torch.tanh(lin) ** 2).unsqueeze(-1) * self.w
        log_det = torch.log(torch.abs(1 + psi @ u_hat) + 1e-8)
        return f, log_det


flows = nn.ModuleList([PlanarFlow(2) for _ in range(3)])
opt = torch.optim.Adam(flows.parameters(), lr=0.05)
target = Normal(torch.tensor([2.0, -1.0]), torch.tensor([0.5, 0.5]))
for it in range(4):
    z0 = base.sample((64,))
    z, ld = z0, torch.zeros(64)
    for f in flows:
        z, l = f(z)
        ld = ld + l
    kl = (base.log_prob(z0).sum(-1) - ld - target.log_prob(z).sum(-1)).mean()
    opt.zero_grad()
    kl.backward()
    opt.step()
    print(f"it {it}: reverse KL {kl.item():.5f}")
print(z.mean(0), flows[0].u.grad)
