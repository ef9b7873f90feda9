# A physics-informed network for u'' = -pi^2 sin(pi x) on [0, 1] with u(0) = u(1) = 0: derivatives by
# torch.autograd.grad with create_graph=True, the residual and boundary losses, LBFGS-free Adam steps.
import math
import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(1, 20), nn.Tanh(), nn.Linear(20, 20), nn.Tanh(), nn.Linear(20, 1))
for m in net:
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
x = torch.linspace(0, 1, 16).reshape(-1, 1).requires_grad_(True)
xb = torch.tensor([[0.0], [1.0]])
opt = torch.optim.Adam(net.parameters(), lr=1e-2)


def residual(x):
    u = net(x)
    u_x = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), create_graph=True)[0]
    u_xx = torch.autograd.grad(u_x, x, grad_outputs=torch.ones_like(u_x), create_graph=True)[0]
    return u_xx + math.pi ** 2 * torch.sin(math.pi * x)


for epoch in range(6):
    opt.zero_grad()
    loss_pde = residual(x).pow(2).mean()
    loss_bc = net(xb).pow(2).mean()
    loss = loss_pde + 10 * loss_bc
    loss.backward()
    opt.step()
    print(f"{epoch}: pde {loss_pde.item():.6f} bc {loss_bc.item():.6f}")
u = net(x)
du = torch.autograd.grad(u.sum(), x)[0]
print(du[:3].squeeze(), x.grad)
