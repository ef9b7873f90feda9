# How tensors print in logs: large and small magnitudes (scientific notation), mixed ints, negative zero, nan
# and inf, integer tensors with wide values, bools, float64 and float16 suffixes, summarised long tensors.
import torch

print(torch.tensor([1e-5, 1.0, 1e5]))
print(torch.tensor([1e-10, 2e-10]))
print(torch.tensor([123456789.0, 1.0]))
print(torch.tensor([1.0, 2.0, 3.0]))
print(torch.tensor([0.1, -0.0, float("nan"), float("inf"), -float("inf")]))
print(torch.tensor([[1.5, -2.25], [1000.0, 0.001]]))
print(torch.tensor([100000, -3, 42]), torch.tensor([True, False]))
print(torch.tensor([1.0, 2.5], dtype=torch.float64), torch.tensor([1.0, 2.5], dtype=torch.float16))
print(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1, 2], dtype=torch.uint8), torch.tensor(3.5))
print(torch.arange(2000.0).view(2, 1000))
print(torch.linspace(0, 1, 12).view(3, 4) * 1e-3)
print(torch.tensor([[1e8, 1.0], [2.0, 3.0]], dtype=torch.float64))
print(torch.zeros(2, 0), torch.ones(0, dtype=torch.long), torch.tensor([]).shape)
print(torch.tensor([1 + 2j, -0.5j]), torch.tensor([0.333333333, 2 / 3]) * 3)
print(torch.tensor(float("nan")), torch.tensor([float("nan")] * 2), torch.tensor([1e-20, float("inf")]))
print(torch.full((2, 2), -7.0, requires_grad=True), torch.tensor([2.0]).exp().log())
torch.set_printoptions(precision=2, sci_mode=True)
print(torch.tensor([3.14159, 100.0]))
torch.set_printoptions(profile="default")
print(torch.tensor([3.14159, 100.0]))
