# Tensors meeting plain Python and NumPy, as notebook cells mix them: len/max/sum/sorted over a tensor, operators
# with numbers on either side, numpy arrays and scalars in both directions, == None, bool() of several values, format
# specs on 0-d tensors, int/complex/float conversions, membership tests, numpy indices and torch.Size as a tuple.
import math
import numpy as np
import torch

t = torch.tensor([3.0, 1.0, 2.0])
print(len(t), max(t), min(t), sum(t), sorted(t), list(t), [float(v) for v in t])
print(abs(-t), -t, t ** 0.5, 2 ** t, t @ t, 1 / t, 7 // t, 7 % t)
print(np.array(t), np.asarray(t).dtype,
      np.mean(t.numpy()), math.isclose(torch.tensor(1.0), 1.0), math.floor(torch.tensor(2.7)))
print(t == None, t != None, t is None)
try:
    bool(t)
except RuntimeError as e:
    print(str(e).startswith("Boolean value of Tensor with more than one value is ambiguous"))
print(f"{torch.tensor(3.14159):.2f}", "{:>8.3f}".format(torch.tensor(2.5)),
      f"{t}", f"{torch.tensor(2)}", str(torch.tensor(1.5)))
try:
    print(f"{t:.2f}")
except Exception as e:
    print(type(e).__name__, e)
print(int(torch.tensor(3.9)), complex(torch.tensor(2.0)), round(torch.tensor(2.5).item()))
print(torch.tensor(2.0) in [torch.tensor(2.0)], 2.0 in t, torch.tensor([1, 2]).tolist(), t.numpy().tolist())
print([x.item() for x in torch.arange(3)],
      dict(zip("abc", torch.arange(3).tolist())), tuple(torch.tensor([[1, 2]]).shape))
print(np.float32(2.0) * torch.tensor([1.0]),
      torch.tensor([1.0]) * np.float64(2.0), (torch.tensor([1.0]) * np.float64(2.0)).dtype)
print(torch.from_numpy(np.arange(3)) + 1, torch.tensor(np.array(5)))
print(torch.tensor([np.float32(1.5), 2]),
      torch.as_tensor([1, 2], dtype=torch.float), torch.tensor([[1, 2], [3, 4]])[np.int64(1)])
x = torch.zeros(3)
x[np.array([0, 2])] = 5
x[torch.tensor(1)] += 1
print(x, x[[True, False, True]], x[None, ..., None].shape)
print(isinstance(t, torch.Tensor), type(t.shape).__name__, t.shape == (3,), t.shape[-1])
print(t.size() == torch.Size([3]), torch.Size([2, 3]).numel(), list(torch.Size([2, 3])))
