# A VAE on binary "images" (the classic example): encoder to mu/logvar, the reparameterization trick, a Bernoulli
# decoder with BCE-with-logits summed over pixels, the analytic KL, and samples drawn from the prior.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
X = (torch.rand(64, 16) > 0.5).float()


class VAE(nn.Module):
    def __init__(self, d=16, h=12, z=2):
        super().__init__()
        self.fc1 = nn.Linear(d, h)
        self.fc21, self.fc22 = nn.Linear(h, z), nn.Linear(h, z)
        self.fc3, self.fc4 = nn.Linear(z, h), nn.Linear(h, d)

    def encode(self, x):
        h = F.relu(self.fc1(x))
        return self.fc21(h), self.fc22(h)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        return self.fc4(F.relu(self.fc3(z)))

    def forward(self, x):
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


def loss_function(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld, bce, kld


model = VAE()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(3):
    total = 0.0
    for i in range(0, 64, 16):
        x = X[i:i + 16]
        logits, mu, logvar = model(x)
        loss, bce, kld = loss_function(logits, x, mu, logvar)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
    print(f"epoch {epoch} avg loss {total / 64:.4f} last bce {bce.item():.3f} kld {kld.item():.4f}")

model.eval()
with torch.no_grad():
    z = torch.randn(4, 2)
    samples = torch.sigmoid(model.decode(z))
    print(samples.shape, samples.mean().item())
    print((samples > 0.5).int())
    mu, logvar = model.encode(X[:3])
    q = torch.distributions.Normal(mu, (0.5 * logvar).exp())
    p = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(mu))
    print(torch.distributions.kl_divergence(q, p).sum(1))
