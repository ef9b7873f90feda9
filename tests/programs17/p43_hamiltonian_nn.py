# A Hamiltonian neural network: a scalar H(q, p) network, the symplectic vector field from
# autograd.grad(H.sum(), x, create_graph=True), trained to match a spring's time derivatives; then leapfrog.
import torch
import torch.nn as nn

torch.manual_seed(0)
H = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))


def vector_field(x):
    x = x.requires_grad_(True)
    dH = torch.autograd.grad(H(x).sum(), x, create_graph=True)[0]
    dq, dp = dH.split(1, dim=1)
    return torch.cat([dp, -dq], dim=1)


x = torch.randn(32, 2)
target = torch.cat([x[:, 1:], -x[:, :1]], 1)
opt = torch.optim.Adam(H.parameters(), lr=1e-2)
for it in range(4):
    loss = (vector_field(x.clone()) - target).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"it {it} loss {loss.item():.6f}")
state = torch.tensor([[1.0, 0.0]])
dt = 0.1
traj = [state]
for _ in range(3):
    f = vector_field(state.clone())
    state = (state + dt * f).detach()
    traj.append(state)
print(torch.cat(traj))
e = H(torch.cat(traj)).detach().squeeze()
print(e, e.std())
