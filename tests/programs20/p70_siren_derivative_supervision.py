# SIREN: sine activations with the paper's uniform initialisation (first layer in ±1/n, later ones in
# ±sqrt(6/n)/omega), fitted to a 1-D signal while also supervising its derivative, computed with
# autograd.grad(create_graph=True) so the derivative loss trains the network.
import math

import torch
import torch.nn as nn


class SineLayer(nn.Module):
    def __init__(self, n_in, n_out, first=False, omega=30.0):
        super().__init__()
        self.omega = omega
        self.linear = nn.Linear(n_in, n_out)
        with torch.no_grad():
            bound = 1 / n_in if first else math.sqrt(6 / n_in) / omega
            self.linear.weight.uniform_(-bound, bound)

    def forward(self, x):
        return torch.sin(self.omega * self.linear(x))


torch.manual_seed(0)
net = nn.Sequential(SineLayer(1, 16, first=True), SineLayer(16, 16), nn.Linear(16, 1))
x = torch.linspace(-1, 1, 64).view(-1, 1).requires_grad_(True)
f = torch.sin(3 * x.detach()) + 0.5 * x.detach() ** 2
df = 3 * torch.cos(3 * x.detach()) + x.detach()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
for step in range(40):
    y = net(x)
    (dy,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    loss = (y - f).pow(2).mean() + 0.1 * (dy - df).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(step, round(loss.item(), 5), round((dy - df).abs().mean().item(), 4))
print(net[0].linear.weight.abs().max().item() <= 1.0 + 1e-2, round(net[1].linear.weight.abs().max().item(), 4))
with torch.no_grad():
    print(net(torch.tensor([[0.0], [0.5]])).round(decimals=4))
