# Type promotion as real scripts hit it: int tensors divided, float16 weights against float32 inputs
# converted, float64 numpy arrays mixed with float32 tensors, bool masks summed, integer labels to float,
# torch.result_type / promote_types / can_cast, and the default dtype switched.
import numpy as np
import torch

a = torch.tensor([1, 2, 3])
print(a / 2, a // 2, (a / 2).dtype, (a * 1.5).dtype, (a + True).dtype)
half = torch.tensor([1.5, 2.25], dtype=torch.float16)
print(half + torch.tensor([1.0, 1.0]), (half * 2).dtype, half.float().sum())
f64 = torch.from_numpy(np.array([0.1, 0.2]))
print(f64.dtype, (f64 + torch.ones(2)).dtype, (torch.ones(2) + torch.tensor(3.0, dtype=torch.float64)).dtype)
mask = torch.tensor([True, False, True])
print(mask.sum(), mask.float().mean(), (mask * 2).dtype, mask.int().cumsum(0))
labels = torch.tensor([0, 1, 1])
print(labels.float(), labels.to(torch.float32).dtype, labels.type(torch.FloatTensor).dtype)
print(torch.result_type(a, 1.0), torch.promote_types(torch.int32, torch.float16), torch.can_cast(torch.float, torch.int))
u8 = torch.tensor([250, 10], dtype=torch.uint8)
print(u8 + 10, (u8.to(torch.int16) + 10), u8.double().mean())
i32 = torch.tensor([7], dtype=torch.int32)
print((i32 * torch.tensor([2])).dtype, (i32 + 2.5).dtype, (i32.float() / 2), torch.tensor(7) % -3)
torch.set_default_dtype(torch.float64)
print(torch.tensor([1.0]).dtype, torch.ones(1).dtype, torch.arange(3.0).dtype, torch.get_default_dtype())
torch.set_default_dtype(torch.float32)
print(torch.tensor(2.5).dtype, torch.tensor(np.float64(2.5)).dtype, torch.tensor([1, 2.0]).dtype)
print(torch.finfo(torch.float16).max, torch.iinfo(torch.int8).min, torch.finfo(torch.float32).eps)
c = torch.tensor([1 + 2j])
print((c * 2.0).dtype, (c + torch.tensor([1.0], dtype=torch.float64)).dtype, c.abs())
print(torch.tensor([3.7, -3.7]).long(), torch.tensor([3.7, -3.7]).int().dtype, torch.tensor([300.0]).to(torch.uint8))
