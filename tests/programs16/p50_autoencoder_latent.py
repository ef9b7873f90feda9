"""An autoencoder on a tiny dataset: encode/decode methods, reconstruction error, latent statistics."""
import torch
import torch.nn as nn


class AE(nn.Module):
    def __init__(self, d=6, k=2):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d, 4), nn.ELU(), nn.Linear(4, k))
        self.dec = nn.Sequential(nn.Linear(k, 4), nn.ELU(), nn.Linear(4, d), nn.Sigmoid())

    def encode(self, x):
        return self.enc(x)

    def forward(self, x):
        return self.dec(self.encode(x))


torch.manual_seed(8)
data = torch.rand(24, 6)
model = AE()
opt = torch.optim.RMSprop(model.parameters(), lr=0.01)
for epoch in range(6):
    perm = torch.randperm(24)
    total = 0.0
    for i in range(0, 24, 8):
        xb = data[perm[i:i + 8]]
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy(model(xb), xb)
        loss.backward()
        opt.step()
        total += loss.item() * xb.size(0)
    print(f"epoch {epoch} bce {total / 24:.5f}")
with torch.no_grad():
    z = model.encode(data)
    err = (model(data) - data).pow(2).mean(1)
print(z.shape, z.mean(0), z.std(0))
print(err.argmax(), err.max() >= err.mean())
