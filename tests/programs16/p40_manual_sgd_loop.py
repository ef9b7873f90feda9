"""A hand-written training loop: manual parameter updates under no_grad, grad.zero_(), and a log every n steps."""
import torch

torch.manual_seed(42)
N = 50
x = torch.rand(N, 1) * 4 - 2
y = 3 * x ** 2 - x + 1 + 0.1 * torch.randn(N, 1)
a = torch.randn((), requires_grad=True)
b = torch.randn((), requires_grad=True)
c = torch.randn((), requires_grad=True)
lr = 0.02
for t in range(300):
    y_pred = a * x ** 2 + b * x + c
    loss = (y_pred - y).pow(2).sum() / N
    if t % 60 == 59:
        print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        for p in (a, b, c):
            p -= lr * p.grad
            p.grad.zero_()
print(f"Result: y = {a.item():.3f} x^2 + {b.item():.3f} x + {c.item():.3f}")
print(a.grad, a.is_leaf, (a * 2).is_leaf, a.requires_grad)
