"""Printing large and mixed-scale tensors: summarization of 3-D tensors, int64 widths, float64, bool 2-D."""
import torch

print(torch.arange(2000).reshape(2, 1000))
print(torch.arange(1200.0).reshape(2, 3, 200))
print(torch.tensor([123456789012, -5]))
print(torch.tensor([[True, False], [False, True]]))
print(torch.tensor([1.0, 2.5e-3, 4e5], dtype=torch.float64))
print(torch.tensor([0.1, 0.25], dtype=torch.float64, requires_grad=True))
print(torch.linspace(0, 1, 7, dtype=torch.float64))
print(torch.tensor([[1e-3, 1.0], [10.0, 1000.0]]))
print(torch.tensor([1.0, 2.0, 3.0]) / 3)
print(torch.tensor([-0.0, 0.0, 1.0]))
print(torch.randn(0, 3), torch.ones(1, 1, 1))
print(torch.tensor([2.0]).half() / 3, torch.tensor([1, 2], dtype=torch.int16))
x = torch.tensor([1.0, 2.0], requires_grad=True)
print(x ** 2, x.pow(3).sum(0), -x, x.t(), x.unsqueeze(0).expand(2, 2))
print(x.to(torch.float64), x.relu(), x[None], x.reshape(2, 1).squeeze())
