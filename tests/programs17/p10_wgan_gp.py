# WGAN-GP: the critic's gradient penalty at random interpolates (autograd.grad with create_graph=True), Adam
# with betas (0.0, 0.9), n_critic steps per generator step, and the losses printed each step.
import torch
import torch.nn as nn
from torch import autograd

torch.manual_seed(0)
G = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
D = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
optG = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.0, 0.9))
optD = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.0, 0.9))


def gradient_penalty(D, real, fake):
    alpha = torch.rand(real.size(0), 1).expand(real.size())
    interp = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    d_interp = D(interp)
    grads = autograd.grad(outputs=d_interp, inputs=interp, grad_outputs=torch.ones(d_interp.size()),
                          create_graph=True, retain_graph=True, only_inputs=True)[0]
    grads = grads.view(grads.size(0), -1)
    return ((grads.norm(2, dim=1) - 1) ** 2).mean()


for it in range(3):
    for _ in range(2):
        real = torch.randn(8, 2) * 0.5 + 2
        fake = G(torch.randn(8, 2)).detach()
        gp = gradient_penalty(D, real, fake)
        d_loss = D(fake).mean() - D(real).mean() + 10 * gp
        optD.zero_grad()
        d_loss.backward()
        optD.step()
    for p in D.parameters():
        p.requires_grad = False
    g_loss = -D(G(torch.randn(8, 2))).mean()
    optG.zero_grad()
    g_loss.backward()
    optG.step()
    for p in D.parameters():
        p.requires_grad = True
    print(f"iter {it} d_loss {d_loss.item():.5f} gp {gp.item():.5f} g_loss {g_loss.item():.5f}")
print(D[0].weight.grad is not None, G[2].bias)
