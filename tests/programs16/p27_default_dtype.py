"""torch.set_default_dtype(torch.float64): factories, Python floats, layers, and restoring float32."""
import torch
import torch.nn as nn

print(torch.get_default_dtype())
torch.set_default_dtype(torch.float64)
print(torch.get_default_dtype(), torch.tensor([1.0]).dtype, torch.zeros(2).dtype, torch.randn(1).dtype)
print(torch.tensor([1, 2]).dtype, torch.arange(3).dtype, torch.arange(3.0).dtype, torch.linspace(0, 1, 3).dtype)
lin = nn.Linear(2, 2)
print(lin.weight.dtype, (torch.ones(2) * 0.1).dtype)
x = torch.tensor([0.1, 0.2])
print(x.sum().item(), x)
print(torch.full((2,), 1.5).dtype, torch.tensor(3.0).dtype, torch.ones(1, dtype=torch.float32).dtype)
print((torch.ones(1, dtype=torch.float32) + 1.0).dtype, torch.tensor(2).float().dtype)
torch.set_default_dtype(torch.float32)
print(torch.tensor([1.0]).dtype, nn.Linear(1, 1).weight.dtype, torch.get_default_dtype())
print(torch.tensor([0.1, 0.2]).sum().item())
