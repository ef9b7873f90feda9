# An importance-weighted autoencoder: K reparameterised samples from Independent(Normal), the decoder's
# Bernoulli(logits).log_prob, log-weights combined with logsumexp - log K; the ELBO (K=1) and IWAE bounds compared.
import math
import torch
import torch.nn as nn
from torch.distributions import Bernoulli, Independent, Normal

torch.manual_seed(0)
enc = nn.Linear(6, 2 * 2)
dec = nn.Linear(2, 6)
x = (torch.rand(5, 6) > 0.5).float()


def bound(x, K):
    mu, log_std = enc(x).chunk(2, -1)
    q = Independent(Normal(mu, log_std.exp()), 1)
    z = q.rsample((K,))                                       # (K, B, 2)
    prior = Independent(Normal(torch.zeros(2), torch.ones(2)), 1)
    lik = Independent(Bernoulli(logits=dec(z)), 1)
    log_w = lik.log_prob(x) + prior.log_prob(z) - q.log_prob(z)
    return (torch.logsumexp(log_w, 0) - math.log(K)).mean(), log_w


opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=0.01)
for step in range(3):
    iwae, log_w = bound(x, 8)
    opt.zero_grad()
    (-iwae).backward()
    opt.step()
    w = torch.softmax(log_w, 0)
    ess = 1.0 / (w ** 2).sum(0)
    print(f"step {step}: IWAE bound {iwae.item():.5f} ESS {ess.mean().item():.4f}")
with torch.no_grad():
    torch.manual_seed(1)
    elbo = bound(x, 1)[0]
    iw = bound(x, 64)[0]
print(elbo < iw, log_w.shape)
q = Independent(Normal(torch.zeros(3), torch.ones(3)), 1)
print(q, q.batch_shape, q.event_shape, q.entropy())
