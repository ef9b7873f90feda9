"""A GAN-style alternating update with detach(), two optimizers, and per-step loss printing."""
import torch
import torch.nn as nn

torch.manual_seed(3)
G = nn.Sequential(nn.Linear(2, 8), nn.LeakyReLU(0.2), nn.Linear(8, 2))
D = nn.Sequential(nn.Linear(2, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1))
optG = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()
real = torch.randn(16, 2) * 0.5 + torch.tensor([2.0, -1.0])
ones, zeros = torch.ones(16, 1), torch.zeros(16, 1)
for step in range(5):
    z = torch.randn(16, 2)
    fake = G(z)
    optD.zero_grad()
    lossD = bce(D(real), ones) + bce(D(fake.detach()), zeros)
    lossD.backward()
    optD.step()
    optG.zero_grad()
    lossG = bce(D(fake), ones)
    lossG.backward()
    optG.step()
    print(f"step {step} D {lossD.item():.4f} G {lossG.item():.4f} D(x) {torch.sigmoid(D(real)).mean():.3f}")
print(fake.requires_grad, fake.detach().requires_grad, G[0].weight.grad.shape)
