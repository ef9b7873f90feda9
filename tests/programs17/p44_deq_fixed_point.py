# A deep-equilibrium layer: the forward fixed point z = tanh(W z + U x) found without a graph, one re-engaged
# step for the graph, and the implicit backward solved by a fixed point inside a tensor hook (register_hook).
import torch
import torch.nn as nn


class DEQ(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.W = nn.Linear(d, d, bias=False)
        self.U = nn.Linear(d, d)
        with torch.no_grad():
            self.W.weight.mul_(0.3)

    def f(self, z, x):
        return torch.tanh(self.W(z) + self.U(x))

    def forward(self, x):
        with torch.no_grad():
            z = torch.zeros_like(x)
            for i in range(100):
                z_next = self.f(z, x)
                if (z_next - z).norm() < 1e-4:
                    break
                z = z_next
        self.iters = i
        z = self.f(z, x)
        z0 = z.clone().detach().requires_grad_()
        f0 = self.f(z0, x)

        def backward_hook(grad):
            g = grad
            for _ in range(100):
                g_next = torch.autograd.grad(f0, z0, g, retain_graph=True)[0] + grad
                if (g_next - g).norm() < 1e-7:
                    break
                g = g_next
            return g

        if z.requires_grad:
            z.register_hook(backward_hook)
        return z


torch.manual_seed(0)
deq = DEQ(4)
x = torch.randn(3, 4)
z = deq(x)
print(deq.iters, (z - deq.f(z, x)).abs().max() < 1e-5)
loss = z.pow(2).sum()
loss.backward()
print(f"{loss.item():.6f}", deq.U.bias.grad)
g_implicit = deq.W.weight.grad.clone()
deq.zero_grad()
z = torch.zeros_like(x)
for _ in range(60):
    z = deq.f(z, x)
z.pow(2).sum().backward()
print(torch.allclose(g_implicit, deq.W.weight.grad, atol=1e-4), deq.W.weight.grad[0])
