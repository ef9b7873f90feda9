# Unit-test style checks with torch.testing.assert_close: passing cases with rtol/atol/equal_nan/check_dtype,
# and the first lines of the failure messages (mismatched elements, greatest differences), as a test log shows.
import torch
from torch.testing import assert_close

a = torch.tensor([1.0, 2.0, 3.0])
assert_close(a, a + 1e-7)
assert_close(a, torch.tensor([1.0, 2.0, 3.01]), rtol=0.01, atol=0.0)
assert_close(torch.tensor([float("nan"), 1.0]), torch.tensor([float("nan"), 1.0]), equal_nan=True)
assert_close(torch.tensor([1, 2]), torch.tensor([1.0, 2.0]), check_dtype=False)
assert_close({"w": a, "n": [a, 3]}, {"w": a.clone(), "n": [a.clone(), 3]})
print("passed")


def failure(*args, **kwargs):
    try:
        assert_close(*args, **kwargs)
    except AssertionError as e:
        return str(e)
    return "no failure"


msg = failure(a, torch.tensor([1.0, 2.5, 3.0]))
print(msg)
print(failure(torch.tensor([1, 2]), torch.tensor([1.0, 2.0])))
print(failure(a, a[:2]))
print(failure(torch.tensor([float("nan")]), torch.tensor([float("nan")])))
print(failure(torch.ones(2, 2), torch.ones(2, 2) * 1.1).splitlines()[0])
print(failure(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4])))
print(failure(1.0, 1.1))
print(torch.allclose(a, a + 1e-6), torch.isclose(a, a + 0.01, rtol=0, atol=0.02).tolist())
