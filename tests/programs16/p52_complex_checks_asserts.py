"""Sanity checks scripts assert: shapes, dtypes, isclose/allclose with rtol/atol, torch.testing."""
import torch

a = torch.tensor([1.0, 2.0, 3.0])
b = a + 1e-6
assert a.shape == (3,) and a.shape == torch.Size([3]) and a.dtype == torch.float32
print(torch.allclose(a, b), torch.isclose(a, b, rtol=0, atol=1e-7), torch.equal(a, a.clone()))
torch.testing.assert_close(a, b)
try:
    torch.testing.assert_close(a, a + 1)
except AssertionError:
    print("AssertionError")
try:
    torch.testing.assert_close(a, a.double())
except (AssertionError, TypeError) as e:
    print(type(e).__name__, "dtype" in str(e))
print(torch.Size([2, 3]) == (2, 3), torch.Size([2, 3]).numel(), list(torch.Size([4])))
print(a.shape[0], a.ndim, a.dim(), a.is_floating_point(), torch.is_tensor(a), torch.is_floating_point(a))
print(isinstance(a, torch.Tensor), type(a).__name__, a.type(), torch.tensor([1]).type())
print(torch.is_nonzero(torch.tensor([1])), torch.numel(a), torch.any(a > 2), torch.all(a > 0))
print(a.new_zeros(2), a.new_ones((1, 2)).dtype, a.new_tensor([5]), a.new_full((2,), 3.0))
print(torch.promote_types(torch.int32, torch.float32), torch.result_type(a, 2), torch.can_cast(torch.float32, torch.int32))
