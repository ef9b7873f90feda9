# Integer tensor arithmetic as data-processing code meets it: floor_divide / div(rounding_mode=) with negatives,
# remainder vs fmod, true division of ints giving floats, bitwise ops and shifts, uint8 wrap-around,
# bool sums, type promotion rules (result_type, promote_types, can_cast) and int + float scalars.
import torch

a = torch.tensor([7, -7, 7, -7])
b = torch.tensor([2, 2, -2, -2])
print(a // b, torch.floor_divide(a, b), torch.div(a, b, rounding_mode="trunc"), torch.div(a, b, rounding_mode="floor"))
print(a / b, (a / b).dtype, torch.true_divide(a, 2))
print(a % b, torch.remainder(a, b), torch.fmod(a, b), torch.remainder(-7.5, torch.tensor([2.0])))
x = torch.tensor([0b1100, 0b1010, 255], dtype=torch.int32)
print(x & 0b1000, x | 1, x ^ 0b1111, ~x, x << 2, x >> 1, torch.bitwise_left_shift(x, 1))
u = torch.tensor([250, 5, 128], dtype=torch.uint8)
print(u + 10, u * 2, u - 6, (u + 10).dtype)
flags = torch.tensor([True, False, True, True])
print(flags.sum(), flags.sum().dtype, flags.float().mean(), flags.int().cumsum(0), flags & ~flags.roll(1))
print(torch.result_type(torch.tensor([1]), 1.5), torch.result_type(torch.tensor([1], dtype=torch.int8), 300))
print(torch.promote_types(torch.int32, torch.float16), torch.promote_types(torch.uint8, torch.int8))
print(torch.can_cast(torch.float32, torch.int32), torch.can_cast(torch.int32, torch.float64))
i8 = torch.tensor([100, -100], dtype=torch.int8)
print(i8 + i8, (i8 * 2).dtype, i8 + 1.5, (i8 + torch.tensor(1000)).dtype)
print(torch.tensor([3]) * 2.5, torch.tensor([3]) ** 2, torch.tensor([2]) ** -1.0, torch.tensor([4, 9]).sqrt())
print(torch.tensor([5, 3, 9]).max(), torch.tensor([1, 2, 3]).float().mean(), torch.tensor([1, 2, 3]).sum(dtype=torch.float64))
print(torch.tensor([10, 20, 30]).to(torch.float16) / 3, torch.tensor([1.7, -1.7]).int(), torch.tensor([1.7, -1.7]).long())
print(torch.abs(torch.tensor([-3, 4])), torch.sign(torch.tensor([-3, 0, 4])), torch.clamp(torch.tensor([-5, 5]), -2, 2))
print(torch.gcd(torch.tensor([12, 18]), torch.tensor([8, 27])), torch.lcm(torch.tensor([4, 6]), torch.tensor([6, 4])))
print(torch.arange(10).view(2, 5).sum(1), torch.arange(10).prod(), torch.arange(1, 6).cumprod(0))
