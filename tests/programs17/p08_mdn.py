# A mixture density network: the head outputs mixture logits, means and log-scales; the negative log-likelihood
# through MixtureSameFamily(Categorical, Normal), and a hand-written logsumexp version that must agree.
import math
import torch
import torch.nn as nn
from torch.distributions import Categorical, MixtureSameFamily, Normal

torch.manual_seed(0)
K = 3
net = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 3 * K))
x = torch.linspace(-1, 1, 12).unsqueeze(1)
y = torch.sin(3 * x) + 0.1 * torch.randn_like(x)
opt = torch.optim.Adam(net.parameters(), lr=5e-3)


def dist(x):
    logits, mu, log_sigma = net(x).chunk(3, dim=-1)
    return MixtureSameFamily(Categorical(logits=logits), Normal(mu, log_sigma.exp())), (logits, mu, log_sigma)


for step in range(5):
    d, _ = dist(x)
    nll = -d.log_prob(y.squeeze(1)).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    print(f"step {step} nll {nll.item():.5f}")
d, (logits, mu, log_sigma) = dist(x)
yy = y.squeeze(1).unsqueeze(-1)
manual = torch.logsumexp(torch.log_softmax(logits, -1) - 0.5 * ((yy - mu) / log_sigma.exp()) ** 2
                         - log_sigma - 0.5 * math.log(2 * math.pi), dim=-1)
print(torch.allclose(manual, d.log_prob(y.squeeze(1)), atol=1e-5))
print(d.mean[:3], d.variance[:3])
print(d.batch_shape, d.event_shape, d.mixture_distribution.probs[0])
print(d.cdf(torch.zeros(12))[:4])
