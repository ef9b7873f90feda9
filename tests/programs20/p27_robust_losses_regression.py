# Heteroscedastic and count regression: GaussianNLLLoss predicting a variance (full=True, eps, a shared
# variance), PoissonNLLLoss with log_input=False and full=True (Stirling term), HuberLoss vs SmoothL1Loss.
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.linspace(-2, 2, 64).view(-1, 1)
noise_scale = 0.1 + 0.4 * (x + 2) / 4
y = torch.sin(2 * x) + noise_scale * torch.randn_like(x)
net = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 2))
gnll = nn.GaussianNLLLoss(full=True, eps=1e-4)
opt = torch.optim.Adam(net.parameters(), lr=0.02)
for step in range(120):
    out = net(x)
    mean, var = out[:, :1], nn.functional.softplus(out[:, 1:]) + 1e-3
    loss = gnll(mean, y, var)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 40 == 0:
        print(step, round(loss.item(), 4))
with torch.no_grad():
    v = nn.functional.softplus(net(x)[:, 1]) + 1e-3
print("variance grows", v[:8].mean().item() < v[-8:].mean().item())
print(nn.GaussianNLLLoss()(torch.zeros(3, 2), torch.ones(3, 2), torch.full((3, 1), 0.5)).item())
print(nn.GaussianNLLLoss(reduction="none")(torch.zeros(2, 2), torch.ones(2, 2), torch.ones(2)).tolist())
counts = torch.tensor([0.0, 1.0, 3.0, 7.0, 2.0])
rate = torch.tensor([0.5, 1.0, 2.5, 6.0, 2.0], requires_grad=True)
for kw in ({"log_input": False}, {"log_input": False, "full": True}, {"log_input": True, "full": True}):
    l = nn.PoissonNLLLoss(**kw)(rate if not kw["log_input"] else rate.log(), counts)
    g, = torch.autograd.grad(l, rate)
    print(kw, round(l.item(), 5), g.round(decimals=4).tolist())
a, b = torch.tensor([0.0, 0.5, 2.0, -3.0]), torch.zeros(4)
for d in (0.5, 1.0, 2.0):
    print(d, nn.HuberLoss(delta=d)(a, b).item(), nn.SmoothL1Loss(beta=d)(a, b).item())
