# "Learning PyTorch with examples": fit sin(x) with a cubic four ways -- tensors with a hand-written backward,
# autograd, a custom LegendrePolynomial3 Function, and nn.Sequential with Flatten(0, 1) and RMSprop; then the
# dynamic net that reuses a layer a random number of times (Python's random, seeded).
import math
import random

import torch

torch.manual_seed(0)
random.seed(0)
dtype = torch.float
x = torch.linspace(-math.pi, math.pi, 200, dtype=dtype)
y = torch.sin(x)
a, b, c, d = (torch.randn((), dtype=dtype) for _ in range(4))
learning_rate = 1e-6
for t in range(300):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum().item()
    grad_y_pred = 2.0 * (y_pred - y)
    a -= learning_rate * grad_y_pred.sum()
    b -= learning_rate * (grad_y_pred * x).sum()
    c -= learning_rate * (grad_y_pred * x ** 2).sum()
    d -= learning_rate * (grad_y_pred * x ** 3).sum()
print(f"manual: {loss:.4f} y = {a.item():.5f} + {b.item():.5f} x + {c.item():.5f} x^2 + {d.item():.5f} x^3")


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


a = torch.full((), 0.0, requires_grad=True)
b = torch.full((), -1.0, requires_grad=True)
c = torch.full((), 0.0, requires_grad=True)
d = torch.full((), 0.3, requires_grad=True)
for t in range(300):
    y_pred = a + b * LegendrePolynomial3.apply(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        for p in (a, b, c, d):
            p -= 5e-6 * p.grad
            p.grad = None
print(f"legendre: {loss.item():.4f}", [round(p.item(), 5) for p in (a, b, c, d)])
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)
model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)
for t in range(200):
    loss = torch.nn.functional.mse_loss(model(xx), y, reduction="sum")
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print(f"rmsprop: {loss.item():.4f}", model[0].weight.data, model[0].bias.item())


class DynamicNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.b, self.c, self.d, self.e = (torch.nn.Parameter(torch.randn(())) for _ in range(5))

    def forward(self, x):
        y = self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3
        for exp in range(4, random.randint(4, 6)):
            y = y + self.e * x ** exp
        return y


net = DynamicNet()
opt = torch.optim.SGD(net.parameters(), lr=1e-8, momentum=0.9)
for t in range(50):
    loss = (net(x) - y).pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
print(f"dynamic: {loss.item():.4f}", [round(v.item(), 5) for v in net.parameters()])
