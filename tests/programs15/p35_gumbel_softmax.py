# Discrete latent variables: F.gumbel_softmax (soft and hard straight-through) under a fixed seed, a categorical
# VAE-style KL to the uniform prior, RelaxedOneHotCategorical rsample, and temperature annealing.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import RelaxedOneHotCategorical

torch.manual_seed(0)
enc = nn.Linear(6, 4)
dec = nn.Linear(4, 6)
x = torch.rand(5, 6)
opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=0.01)
tau = 1.0
for step in range(4):
    logits = enc(x)
    z = F.gumbel_softmax(logits, tau=tau, hard=(step % 2 == 1))
    recon = torch.sigmoid(dec(z))
    q = F.softmax(logits, -1)
    kl = (q * (torch.log(q + 1e-20) - torch.log(torch.tensor(1 / 4)))).sum(-1).mean()
    loss = F.binary_cross_entropy(recon, x) + kl
    opt.zero_grad()
    loss.backward()
    opt.step()
    tau = max(0.5, tau * 0.8)
    print(step, f"{loss.item():.6f}", z.sum(-1).tolist()[:2], z.max(-1).values.tolist()[:2])
dist = RelaxedOneHotCategorical(torch.tensor(0.5), logits=torch.zeros(3))
s = dist.rsample((2,))
print(s, s.sum(-1))
print(F.one_hot(torch.tensor([2, 0]), num_classes=4), F.one_hot(torch.arange(3)).dtype)
