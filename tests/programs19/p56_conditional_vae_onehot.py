# A conditional VAE (digits-by-label style) on toy data: the label one-hot concatenated to encoder and decoder
# inputs, a Gaussian decoder with MSE, KL annealing by epoch, and generating one sample per class.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
K, D, Z = 3, 6, 2
protos = torch.randn(K, D)
labels = torch.randint(0, K, (60,))
X = protos[labels] + 0.2 * torch.randn(60, D)


class CVAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(D + K, 16), nn.ReLU())
        self.mu, self.logvar = nn.Linear(16, Z), nn.Linear(16, Z)
        self.dec = nn.Sequential(nn.Linear(Z + K, 16), nn.ReLU(), nn.Linear(16, D))

    def forward(self, x, c):
        h = self.enc(torch.cat([x, c], 1))
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.dec(torch.cat([z, c], 1)), mu, logvar


model = CVAE()
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(10):
    beta = min(1.0, epoch / 5)
    perm = torch.randperm(60)
    tot = 0.0
    for i in range(0, 60, 20):
        idx = perm[i:i + 20]
        c = F.one_hot(labels[idx], K).float()
        recon, mu, logvar = model(X[idx], c)
        rec = F.mse_loss(recon, X[idx], reduction="sum") / 20
        kl = -0.5 * torch.mean(torch.sum(1 + logvar - mu ** 2 - logvar.exp(), dim=1))
        loss = rec + beta * kl
        opt.zero_grad()
        loss.backward()
        opt.step()
        tot += loss.item()
    print(f"epoch {epoch} beta {beta:.1f} loss {tot / 3:.4f}")
with torch.no_grad():
    z = torch.zeros(K, Z)
    gen = model.dec(torch.cat([z, torch.eye(K)], 1))
    print(((gen - protos) ** 2).mean(1))
    print(torch.cdist(gen, protos).argmin(1).tolist())
