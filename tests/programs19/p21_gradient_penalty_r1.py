# Gradient penalties with torch.autograd.grad(create_graph=True): WGAN-GP on interpolates, the R1 penalty on
# real data, a double-backward through the penalty into the critic's weights, and input-gradient regularisation.
import torch
import torch.nn as nn

torch.manual_seed(0)
D = nn.Sequential(nn.Linear(2, 8), nn.Softplus(), nn.Linear(8, 1))
real, fake = torch.randn(6, 2), torch.randn(6, 2) + 2
alpha = torch.rand(6, 1)
inter = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
out = D(inter)
grads = torch.autograd.grad(outputs=out, inputs=inter, grad_outputs=torch.ones_like(out), create_graph=True,
                            retain_graph=True)[0]
gp = ((grads.norm(2, dim=1) - 1) ** 2).mean()
print("gp", gp.item(), grads.requires_grad, grads.grad_fn is not None)
gp.backward()
print(D[0].weight.grad)
D.zero_grad()
real_in = real.clone().requires_grad_()
d_real = D(real_in)
g, = torch.autograd.grad(d_real.sum(), real_in, create_graph=True)
r1 = 0.5 * g.pow(2).sum(1).mean()
loss = nn.functional.softplus(-d_real).mean() + 10 * r1
loss.backward()
print("r1", r1.item(), D[2].weight.grad, real_in.grad.shape)
x = torch.randn(4, 2, requires_grad=True)
model = nn.Linear(2, 3)
ce = nn.functional.cross_entropy(model(x), torch.tensor([0, 1, 2, 0]))
gx, = torch.autograd.grad(ce, x, create_graph=True)
total = ce + gx.pow(2).sum()
total.backward()
print(total.item(), model.weight.grad)
y = torch.tensor(2.0, requires_grad=True)
f = y ** 4
d1, = torch.autograd.grad(f, y, create_graph=True)
d2, = torch.autograd.grad(d1, y, create_graph=True)
d3, = torch.autograd.grad(d2, y)
print(d1.item(), d2.item(), d3.item())
