# A convolutional beta-VAE: Conv2d encoder to (mu, logvar), reparameterisation, ConvTranspose2d decoder with
# sigmoid output, BCE reconstruction summed per image, KL with beta, and sampling from the prior in eval.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class ConvVAE(nn.Module):
    def __init__(self, z=3):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(1, 4, 4, 2, 1), nn.ReLU(), nn.Conv2d(4, 8, 4, 2, 1), nn.ReLU(),
                                 nn.Flatten())
        self.mu, self.logvar = nn.Linear(8 * 2 * 2, z), nn.Linear(8 * 2 * 2, z)
        self.fc = nn.Linear(z, 8 * 2 * 2)
        self.dec = nn.Sequential(nn.Unflatten(1, (8, 2, 2)), nn.ConvTranspose2d(8, 4, 4, 2, 1), nn.ReLU(),
                                 nn.ConvTranspose2d(4, 1, 4, 2, 1), nn.Sigmoid())

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def forward(self, x):
        h = self.enc(x)
        mu, logvar = self.mu(h), self.logvar(h)
        return self.dec(self.fc(self.reparameterize(mu, logvar))), mu, logvar


def loss_function(recon_x, x, mu, logvar, beta=4.0):
    BCE = F.binary_cross_entropy(recon_x, x, reduction="sum") / x.size(0)
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / x.size(0)
    return BCE + beta * KLD, BCE, KLD


model = ConvVAE()
print(model.dec)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
data = (torch.rand(6, 1, 8, 8) > 0.5).float()
for epoch in range(3):
    model.train()
    recon, mu, logvar = model(data)
    loss, bce, kld = loss_function(recon, data, mu, logvar)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print("====> Epoch: {} Average loss: {:.4f} (BCE {:.4f}, KLD {:.4f})".format(epoch, loss.item(), bce.item(),
                                                                                kld.item()))
model.eval()
with torch.no_grad():
    sample = model.dec(model.fc(torch.randn(2, 3)))
print(sample.shape, sample.min() >= 0, sample[0, 0, 0])
