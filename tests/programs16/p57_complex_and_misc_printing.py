"""Printing complex tensors, torch.Size, dtypes and devices, and a tensor inside containers."""
import torch

z = torch.tensor([1 + 2j, -0.5j])
print(z, z.dtype, z.real, z.imag, z.abs(), z.angle())
print(torch.complex(torch.tensor([1.0]), torch.tensor([-1.0])), torch.view_as_real(z))
print(torch.Size([2, 3]), torch.float32, torch.long, torch.device("cpu"), torch.bool)
print([torch.tensor(1.0), torch.tensor([2, 3])], {"a": torch.tensor(0.5)}, (torch.tensor(1),))
print(str(torch.tensor([1.0])), f"{torch.tensor([1, 2])!r}", "%s" % torch.tensor(2.0))
print(repr(torch.nn.Parameter(torch.tensor([0.5]))), torch.nn.Parameter(torch.zeros(1), requires_grad=False))
print(torch.tensor([1, 2]).dtype == torch.int64, torch.float == torch.float32, torch.double, torch.half)
print(str(torch.float16), repr(torch.int8), torch.cfloat, torch.tensor(1j).dtype)
print(z.conj(), z * z, (z @ z.conj()).real)
