# NumPy interoperability as data-loading code relies on it: from_numpy and .numpy() share memory, as_tensor
# copies only when it must, torch.tensor always copies, np.asarray(tensor) and ufuncs on tensors, dtype mapping,
# non-writable and negative-stride arrays, and np.float32 scalars.
import numpy as np
import torch

a = np.arange(6, dtype=np.float32).reshape(2, 3)
t = torch.from_numpy(a)
a[0, 0] = 100
print(t[0, 0].item(), t.dtype, np.shares_memory(t.numpy(), a))
t[1, 1] = -5
print(a[1, 1])
c = torch.tensor(a)
a[0, 1] = 7
print(c[0, 1].item())
s = torch.as_tensor(a)
s2 = torch.as_tensor(a, dtype=torch.float64)
a[0, 2] = 9
print(s[0, 2].item(), s2[0, 2].item(), s2.dtype)
n = t.numpy()
n[0, 0] = 1
print(t[0, 0].item())
print(np.asarray(torch.ones(2, dtype=torch.int32)).dtype, np.exp(torch.tensor([0.0, 1.0])), type(np.sqrt(torch.tensor(4.0))).__name__)
for dt in (np.int8, np.uint8, np.int16, np.int32, np.int64, np.float16, np.float64, np.bool_, np.complex64):
    print(np.dtype(dt).name, torch.from_numpy(np.zeros(2, dtype=dt)).dtype)
rev = np.arange(4.0)[::-1]
print(torch.tensor(rev.copy()), torch.from_numpy(rev.copy()).flip(0))
try:
    torch.from_numpy(rev)
except ValueError as e:
    print("negative strides:", str(e).split(".")[0])
ro = np.arange(3.0)
ro.flags.writeable = False
print(torch.tensor(ro), torch.as_tensor(np.float32(2.5)), torch.tensor(np.float64(1.0)).dtype, torch.tensor([np.int64(3)]).dtype)
print(torch.from_numpy(np.array(5.0)).shape, torch.tensor(np.array([[1, 2]])).dtype, torch.ones(2).numpy().dtype)
grad_t = torch.ones(2, requires_grad=True)
print(grad_t.detach().numpy(), grad_t.numpy(force=True))
try:
    grad_t.numpy()
except RuntimeError as e:
    print("requires grad:", str(e).split(".")[0])
