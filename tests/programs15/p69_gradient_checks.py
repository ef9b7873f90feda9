# Debugging a model's gradients as the "gradient checking" notebooks do: torch.autograd.gradcheck and
# gradgradcheck on small double-precision functions and a module, a finite-difference check by hand, anomaly
# detection around a NaN-producing backward, and per-layer gradient norms printed after backward.
import torch
import torch.nn as nn
from torch.autograd import gradcheck, gradgradcheck

torch.manual_seed(0)
x = torch.randn(3, 4, dtype=torch.double, requires_grad=True)
lin = nn.Linear(4, 2).double()
print(gradcheck(lambda t: torch.tanh(lin(t)), (x,)), gradgradcheck(lambda t: lin(t).sigmoid(), (x,)))
print(gradcheck(lambda a: torch.linalg.norm(a, dim=1), (x,)), gradcheck(torch.logsumexp, (x, 1)))
eps = 1e-6
f = lambda t: (t.sin() * t).sum()  # noqa: E731
g = torch.autograd.grad(f(x), x)[0]
e = torch.zeros_like(x)
e[1, 2] = eps
fd = (f(x.detach() + e) - f(x.detach() - e)) / (2 * eps)
print(f"{g[1, 2].item():.8f} {fd.item():.8f}")
z = torch.tensor([0.0, 1.0], requires_grad=True)
with torch.autograd.detect_anomaly():
    try:
        torch.sqrt(z).sum().mul(0).backward()
        print("no error", z.grad)
    except RuntimeError as err:
        print("anomaly:", str(err)[:40])
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).double()
model(x).pow(2).sum().backward()
for name, p in model.named_parameters():
    print(f"{name:10s} {p.grad.norm().item():.6f} {p.grad.abs().max().item():.6f}")
print(z.grad, torch.nan_to_num(torch.tensor([float("nan"), 1.0]), nan=0.0), torch.is_anomaly_enabled())
