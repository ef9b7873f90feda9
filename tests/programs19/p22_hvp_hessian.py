# Hessian-vector products: double backprop (the Pearlmutter trick), autograd.functional.hvp / vhp / hessian,
# the full Hessian of a small network's loss in its flattened parameters, and power iteration for its top eigenvalue.
import torch
import torch.nn as nn
from torch.autograd.functional import hessian, hvp, vhp

torch.manual_seed(0)


def f(x):
    return (x ** 3).sum() + (x[0] * x[1]) ** 2 + torch.sin(x).prod()


x = torch.randn(3)
v = torch.randn(3)
xr = x.clone().requires_grad_()
g, = torch.autograd.grad(f(xr), xr, create_graph=True)
hv, = torch.autograd.grad(g @ v, xr)
H = hessian(f, x)
print(hv, H @ v)
print(hvp(f, x, v)[1], vhp(f, x, v)[1])
print(torch.allclose(H, H.T, atol=1e-5), H)
net = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
X, Y = torch.randn(8, 2), torch.randn(8, 1)
params = list(net.parameters())
shapes = [p.shape for p in params]
flat = torch.cat([p.detach().flatten() for p in params])


def loss_of(theta):
    out, i = X, 0
    chunks = []
    for s in shapes:
        n = s.numel()
        chunks.append(theta[i:i + n].view(s))
        i += n
    h = torch.tanh(out @ chunks[0].T + chunks[1])
    return ((h @ chunks[2].T + chunks[3] - Y) ** 2).mean()


Hn = hessian(loss_of, flat)
print(Hn.shape, torch.linalg.eigvalsh(Hn)[-3:])
loss = nn.functional.mse_loss(net(X), Y)
grads = torch.autograd.grad(loss, params, create_graph=True)
vec = [torch.randn_like(p) for p in params]
for _ in range(30):
    Hv = torch.autograd.grad(grads, params, grad_outputs=vec, retain_graph=True)
    norm = torch.sqrt(sum((h ** 2).sum() for h in Hv))
    vec = [h / norm for h in Hv]
print("power iteration", norm.item())
