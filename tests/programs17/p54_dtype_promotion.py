# The type-promotion section of the tensor tutorial: ints with floats, true vs floor division, result_type,
# promote_types, can_cast, uint8 wrap-around, integer overflow in int8, bool arithmetic, and in-place limits.
import torch

a = torch.tensor([1, 2, 3])
b = torch.tensor([0.5, 1.5, 2.5])
print(a + b, (a + b).dtype)
print(a / 2, a // 2, torch.div(a, 2, rounding_mode="floor"), torch.div(-a, 2, rounding_mode="trunc"))
print(torch.tensor([-7, 7]) % 3, torch.fmod(torch.tensor([-7, 7]), 3), torch.remainder(torch.tensor(-7.5), 2))
print(torch.result_type(a, 1.0), torch.result_type(a, b), torch.result_type(torch.tensor(1, dtype=torch.int8), 1000))
print(torch.promote_types(torch.int32, torch.float16), torch.promote_types(torch.uint8, torch.int8))
print(torch.can_cast(torch.float64, torch.int32), torch.can_cast(torch.int32, torch.float32))
u = torch.tensor([250, 5], dtype=torch.uint8)
print(u + 10, u - 10, u * 2, (u + 10).dtype)
i8 = torch.tensor([120], dtype=torch.int8)
print(i8 + 10, i8.to(torch.float32) + 10)
flags = torch.tensor([True, False, True])
print(flags.sum(), flags + flags, flags.float().mean(), flags * 3, (flags * 1.5).dtype)
h = torch.tensor([1.0, 2.0], dtype=torch.float16)
print(h + 1, (h + torch.tensor([1.0])).dtype, (h * torch.tensor(2.0, dtype=torch.float64)).dtype)
print(torch.tensor(3) * 2.5, torch.tensor([3]) * torch.tensor(2.5, dtype=torch.float64))
x = torch.zeros(2, dtype=torch.int64)
try:
    x += 1.5
except RuntimeError as e:
    print("RuntimeError:", "result type Float can't be cast to the desired output type Long" in str(e))
print(x, torch.zeros(2).add_(torch.tensor([1, 2])), torch.arange(5).float().mean())
print(torch.tensor([2 ** 40]), torch.tensor(2 ** 40).dtype, torch.iinfo(torch.int32).max, torch.finfo(torch.float16))
