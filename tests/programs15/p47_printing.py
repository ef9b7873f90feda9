# What tensors look like when a script prints them: torch.set_printoptions (precision, sci_mode, threshold,
# edgeitems, linewidth), summarised large tensors, nan/inf, integer and bool tensors, Parameters, Size, dtype,
# device, a 0-d tensor, a tensor in an f-string, and profile resets.
import math
import torch

torch.manual_seed(0)
x = torch.randn(3, 4)
print(x)
print(torch.tensor([1e-5, 1.0, 12345.678]))
print(torch.tensor([1e10, 1.0]), torch.tensor([0.1, 0.25]))
torch.set_printoptions(precision=2)
print(x[0], torch.tensor(math.pi))
torch.set_printoptions(sci_mode=False)
print(torch.tensor([1e-5, 1.0, 12345.678]))
torch.set_printoptions(threshold=10, edgeitems=2)
print(torch.arange(30), torch.arange(40.0).view(8, 5))
torch.set_printoptions(profile="default")
print(torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5]))
print(torch.tensor([[1, -20], [300, 4]]), torch.tensor([True, False]), torch.tensor([], dtype=torch.long))
print(torch.nn.Parameter(torch.ones(2)), torch.Size([2, 3]), torch.float16, torch.ones(1).device)
print(torch.tensor(3.0), torch.tensor(7), torch.zeros(2, 0), torch.ones(2, dtype=torch.float64))
print(f"{torch.tensor(2.5):.3f}", f"{torch.tensor(2.5).item():.1f}", str(torch.tensor([1.0])))
print(torch.arange(5, dtype=torch.int8), torch.tensor([0.5], dtype=torch.float16), torch.tensor([1 + 2j, -0.5j]))
torch.set_printoptions(linewidth=40)
print(torch.linspace(0, 1, 12))
torch.set_printoptions(profile="default")
print(repr(torch.ones(2, requires_grad=True) * 2), torch.tensor([1.0, 2.0]).requires_grad_())
print(torch.randn(2, 2, 2))
