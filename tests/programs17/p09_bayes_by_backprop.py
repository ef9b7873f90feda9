# Bayes by backprop: a Bayesian linear layer with a softplus-parameterised posterior, reparameterised weight
# samples, and the closed-form KL against a N(0, 1) prior from torch.distributions.kl_divergence.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence


class BayesLinear(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.w_mu = nn.Parameter(torch.zeros(n_out, n_in).normal_(0, 0.1))
        self.w_rho = nn.Parameter(torch.full((n_out, n_in), -3.0))
        self.b_mu = nn.Parameter(torch.zeros(n_out))
        self.b_rho = nn.Parameter(torch.full((n_out,), -3.0))

    def forward(self, x):
        w_sigma, b_sigma = F.softplus(self.w_rho), F.softplus(self.b_rho)
        w = self.w_mu + w_sigma * torch.randn_like(w_sigma)
        b = self.b_mu + b_sigma * torch.randn_like(b_sigma)
        self.kl = (kl_divergence(Normal(self.w_mu, w_sigma), Normal(0.0, 1.0)).sum()
                   + kl_divergence(Normal(self.b_mu, b_sigma), Normal(0.0, 1.0)).sum())
        return F.linear(x, w, b)


torch.manual_seed(0)
l1, l2 = BayesLinear(2, 8), BayesLinear(8, 1)
params = list(l1.parameters()) + list(l2.parameters())
opt = torch.optim.Adam(params, lr=0.01)
x = torch.randn(16, 2)
y = x[:, :1] * 2 - x[:, 1:]
for it in range(4):
    pred = l2(torch.relu(l1(x)))
    nll = F.mse_loss(pred, y, reduction="sum")
    kl = l1.kl + l2.kl
    elbo_loss = nll + kl / 16
    opt.zero_grad()
    elbo_loss.backward()
    opt.step()
    print(f"{it}: nll={nll.item():.4f} kl={kl.item():.4f}")
with torch.no_grad():
    preds = torch.stack([l2(torch.relu(l1(x[:3]))) for _ in range(50)])
print(preds.mean(0).squeeze(), preds.std(0).squeeze())
print(F.softplus(torch.tensor([-3.0, 0.0, 30.0]), beta=2, threshold=10))
