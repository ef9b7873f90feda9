# A GAN on a toy 2-D mixture of eight Gaussians on a ring: alternating discriminator / generator steps with
# BCEWithLogitsLoss, detach() for the discriminator step, the non-saturating generator loss, zero_grad(set_to_none).
import math

import torch
import torch.nn as nn

torch.manual_seed(0)


def real_batch(n):
    k = torch.randint(0, 8, (n,))
    angle = k.float() * (2 * math.pi / 8)
    centers = torch.stack([torch.cos(angle), torch.sin(angle)], dim=1) * 2.0
    return centers + 0.05 * torch.randn(n, 2)


G = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 2))
D = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
criterion = nn.BCEWithLogitsLoss()
for it in range(40):
    real = real_batch(32)
    fake = G(torch.randn(32, 4))
    d_loss = criterion(D(real), torch.ones(32, 1)) + criterion(D(fake.detach()), torch.zeros(32, 1))
    opt_d.zero_grad(set_to_none=True)
    d_loss.backward()
    opt_d.step()
    g_loss = criterion(D(fake), torch.ones(32, 1))
    opt_g.zero_grad(set_to_none=True)
    g_loss.backward()
    opt_g.step()
    if it % 10 == 9:
        with torch.no_grad():
            d_real = torch.sigmoid(D(real)).mean().item()
            d_fake = torch.sigmoid(D(fake)).mean().item()
        print(f"it {it + 1} D {d_loss.item():.4f} G {g_loss.item():.4f} D(x) {d_real:.3f} D(G(z)) {d_fake:.3f}")

with torch.no_grad():
    s = G(torch.randn(200, 4))
    r = s.norm(dim=1)
    print("radius mean/std", r.mean().item(), r.std().item())
    print("grad after set_to_none:", D[0].weight.grad is None, G[0].weight.grad.shape)
    print(s[:3])
