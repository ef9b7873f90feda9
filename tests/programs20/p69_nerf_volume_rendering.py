# NeRF's rendering pieces on a toy 1-D scene: positional encoding with sin/cos of powers of two, stratified
# sampling along rays with torch.rand, alpha compositing with an exclusive cumprod, hierarchical (importance)
# sampling of a piecewise-constant pdf with searchsorted, and a small MLP fitted to one ray's colour.
import torch
import torch.nn as nn

torch.manual_seed(0)


def posenc(x, L):
    freqs = 2.0 ** torch.arange(L, dtype=torch.float32) * torch.pi
    xf = x.unsqueeze(-1) * freqs
    return torch.cat([x.unsqueeze(-1), torch.sin(xf), torch.cos(xf)], -1)


def render(sigma, rgb, t):
    delta = torch.cat([t[..., 1:] - t[..., :-1], torch.full_like(t[..., :1], 1e10)], -1)
    alpha = 1 - torch.exp(-sigma * delta)
    trans = torch.cumprod(torch.cat([torch.ones_like(alpha[..., :1]), 1 - alpha + 1e-10], -1), -1)[..., :-1]
    w = alpha * trans
    return (w.unsqueeze(-1) * rgb).sum(-2), w


def sample_pdf(bins, weights, n):
    pdf = (weights + 1e-5) / (weights + 1e-5).sum(-1, keepdim=True)
    cdf = torch.cat([torch.zeros_like(pdf[..., :1]), torch.cumsum(pdf, -1)], -1)
    u = torch.linspace(0, 1, n).expand(*cdf.shape[:-1], n).contiguous()
    idx = torch.searchsorted(cdf, u, right=True)
    below = (idx - 1).clamp(min=0)
    above = idx.clamp(max=cdf.shape[-1] - 1)
    cdf_b, cdf_a = torch.gather(cdf, -1, below), torch.gather(cdf, -1, above)
    bin_b, bin_a = torch.gather(bins, -1, below), torch.gather(bins, -1, above)
    denom = torch.where(cdf_a - cdf_b < 1e-5, torch.ones_like(cdf_a), cdf_a - cdf_b)
    return bin_b + (u - cdf_b) / denom * (bin_a - bin_b)


rays = 4
near, far, N = 0.0, 1.0, 16
t = torch.linspace(near, far, N).expand(rays, N)
mids = 0.5 * (t[:, 1:] + t[:, :-1])
upper = torch.cat([mids, t[:, -1:]], -1)
lower = torch.cat([t[:, :1], mids], -1)
t = lower + (upper - lower) * torch.rand(rays, N)
print(posenc(torch.tensor([0.5]), 3).round(decimals=4))
mlp = nn.Sequential(nn.Linear(1 + 2 * 4, 32), nn.ReLU(), nn.Linear(32, 4))
target = torch.tensor([[0.9, 0.1, 0.1], [0.1, 0.8, 0.2], [0.2, 0.2, 0.9], [0.5, 0.5, 0.5]])
opt = torch.optim.Adam(mlp.parameters(), lr=0.01)
for step in range(30):
    out = mlp(posenc(t, 4))
    sigma, rgb = torch.relu(out[..., 0]) * 10, torch.sigmoid(out[..., 1:])
    color, w = render(sigma, rgb, t)
    loss = (color - target).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(step, round(loss.item(), 6))
fine = sample_pdf(torch.cat([lower[:, :1], upper], -1).detach(), w.detach(), 8)
print(fine.shape, bool((fine[:, 1:] >= fine[:, :-1] - 1e-6).all()), round(w.sum(-1).mean().item(), 4))
print(torch.sort(torch.cat([t, fine], -1), -1).values.shape)
