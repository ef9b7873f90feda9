# A denoising diffusion model (DDPM) on 2-D points: a linear beta schedule, alphas_cumprod with cumprod,
# q_sample by the closed form, a time-embedded MLP trained to predict the noise, and ancestral sampling steps.
import math

import torch
import torch.nn as nn

torch.manual_seed(0)
T = 20
betas = torch.linspace(1e-4, 0.2, T)
alphas = 1.0 - betas
alphas_cumprod = torch.cumprod(alphas, dim=0)
alphas_cumprod_prev = torch.cat([torch.ones(1), alphas_cumprod[:-1]])
posterior_variance = betas * (1.0 - alphas_cumprod_prev) / (1.0 - alphas_cumprod)
print(alphas_cumprod[[0, 9, 19]], posterior_variance[1:4])


def q_sample(x0, t, noise):
    return alphas_cumprod[t].sqrt()[:, None] * x0 + (1 - alphas_cumprod[t]).sqrt()[:, None] * noise


def timestep_embedding(t, dim=8):
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class Denoiser(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2 + 8, 32), nn.SiLU(), nn.Linear(32, 32), nn.SiLU(), nn.Linear(32, 2))

    def forward(self, x, t):
        return self.net(torch.cat([x, timestep_embedding(t)], dim=1))


data = torch.randn(128, 2) * 0.3 + torch.tensor([1.0, -1.0])
model = Denoiser()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
for step in range(40):
    x0 = data[torch.randint(0, 128, (32,))]
    t = torch.randint(0, T, (32,))
    noise = torch.randn_like(x0)
    loss = nn.functional.mse_loss(model(q_sample(x0, t, noise), t), noise)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(step, round(loss.item(), 5))


@torch.no_grad()
def p_sample_loop(n):
    x = torch.randn(n, 2)
    for i in reversed(range(T)):
        t = torch.full((n,), i, dtype=torch.long)
        eps = model(x, t)
        mean = (x - betas[i] / (1 - alphas_cumprod[i]).sqrt() * eps) / alphas[i].sqrt()
        x = mean + (posterior_variance[i].sqrt() * torch.randn_like(x) if i > 0 else 0)
    return x


s = p_sample_loop(64)
print(s.mean(0), s.std(0))
