# Low-precision tensors as mixed-precision tutorials show them: float16 rounding, eps and tiny, overflow to inf,
# float16 sums losing integers, casting a model with .half() and back, and a loss computed back in float32.
import torch
import torch.nn as nn

v = torch.tensor([1.0, 1.0009765625, 1.0004, 65504.0, 70000.0, 1e-8])
print(v.half())
print(v.half().float() - v)
print(torch.finfo(torch.float16).eps, torch.finfo(torch.float16).max, torch.finfo(torch.float32).eps)
print(torch.finfo(torch.float16).tiny, torch.finfo(torch.float32).resolution)
print(torch.tensor(300.0, dtype=torch.float16) * 300, torch.tensor(300.0, dtype=torch.float16) * 200)
torch.manual_seed(0)
m = nn.Linear(4, 3)
x = torch.randn(2, 4)
ref = m(x)
m = m.half()
out = m(x.half())                    # (float16 products: within a unit in the last place of float32's, rounded)
print(m.weight.dtype, out.dtype, out.shape, (out.float() - ref).abs().max() < 2e-3)
loss = out.float().pow(2).mean()
loss.backward()
expected = 2 * ref.detach().mean(0) / 3
print(f"{loss.item():.3f}", m.weight.grad.dtype, m.bias.grad.shape, (m.bias.grad.float() - expected).abs().max() < 2e-3)
m = m.float()
print(m.weight.dtype, m.weight.grad.dtype, m(x).dtype)
s = torch.arange(1, 2001, dtype=torch.float16).sum()
print(s, torch.arange(1, 2001, dtype=torch.float32).sum(), torch.ones(4096, dtype=torch.float16).sum())
print(torch.tensor([0.1, 0.2], dtype=torch.float16).tolist(), torch.tensor(1 / 3, dtype=torch.half).item())
