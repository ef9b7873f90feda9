"""tolist()/item() of various dtypes and the Python types they give."""
import torch

for t in [torch.tensor([1, 2]), torch.tensor([1.5]), torch.tensor([True]), torch.tensor([[1.0, 2.0]]),
          torch.tensor(4), torch.tensor(2.5, dtype=torch.float64), torch.tensor([1, 2], dtype=torch.int8)]:
    v = t.tolist()
    print(t.dtype, v, type(v).__name__)
for t in [torch.tensor(4), torch.tensor(2.5), torch.tensor(True), torch.tensor([7.0])]:
    v = t.item()
    print(v, type(v).__name__)
print(torch.tensor([0.1, 0.2], dtype=torch.float32).tolist())
print(torch.tensor([0.1, 0.2], dtype=torch.float64).tolist())
print(torch.tensor(0.1).item())
print(torch.randn(2, 3).shape, list(torch.zeros(2, 3).shape), tuple(torch.zeros(4).size()))
print(torch.zeros(2, 3).size(1), torch.zeros(2, 3).size(-1), torch.zeros(2, 3).numel(), len(torch.zeros(5, 2)))
try:
    torch.tensor([1.0, 2.0]).item()
except (RuntimeError, ValueError) as e:
    print(type(e).__name__)
