# Self-supervised losses from the papers' pseudo-code: Barlow Twins' cross-correlation with the off_diagonal
# helper (flatten/view trick), and VICReg's variance, invariance and covariance terms; one backward each.
import torch
import torch.nn as nn
import torch.nn.functional as F


def off_diagonal(x):
    n, m = x.shape
    assert n == m
    return x.flatten()[:-1].view(n - 1, n + 1)[:, 1:].flatten()


torch.manual_seed(0)
proj = nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 4))
bn = nn.BatchNorm1d(4, affine=False)
x = torch.randn(10, 6)
y1, y2 = x + 0.1 * torch.randn_like(x), x + 0.1 * torch.randn_like(x)
z1, z2 = proj(y1), proj(y2)
c = bn(z1).T @ bn(z2) / 10
on_diag = torch.diagonal(c).add_(-1).pow_(2).sum()
off_diag = off_diagonal(c).pow_(2).sum()
loss = on_diag + 0.0051 * off_diag
print(off_diagonal(torch.arange(9.0).view(3, 3)))
print(f"barlow: on {on_diag.item():.5f} off {off_diag.item():.5f}")
loss.backward()
print(proj[3].weight.grad.norm())
proj.zero_grad()
z1, z2 = proj(y1), proj(y2)
repr_loss = F.mse_loss(z1, z2)
z1c, z2c = z1 - z1.mean(dim=0), z2 - z2.mean(dim=0)
std_x = torch.sqrt(z1c.var(dim=0) + 0.0001)
std_y = torch.sqrt(z2c.var(dim=0) + 0.0001)
std_loss = torch.mean(F.relu(1 - std_x)) / 2 + torch.mean(F.relu(1 - std_y)) / 2
cov_x = (z1c.T @ z1c) / (10 - 1)
cov_y = (z2c.T @ z2c) / (10 - 1)
cov_loss = off_diagonal(cov_x).pow_(2).sum().div(4) + off_diagonal(cov_y).pow_(2).sum().div(4)
vic = 25 * repr_loss + 25 * std_loss + 1 * cov_loss
vic.backward()
print(f"vicreg {vic.item():.5f} = {repr_loss.item():.5f}, {std_loss.item():.5f}, {cov_loss.item():.5f}")
print(proj[0].weight.grad.abs().sum(), proj[1].running_var)
