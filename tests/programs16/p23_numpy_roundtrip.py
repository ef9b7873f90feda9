"""numpy()/from_numpy round trips that share memory; torch.tensor copies; dtype kept."""
import numpy as np
import torch

a = np.arange(6, dtype=np.float32).reshape(2, 3)
t = torch.from_numpy(a)
a[0, 0] = 100
print(t[0, 0], t.dtype)
t[1, 1] = -1
print(a[1, 1])
c = torch.tensor(a)
a[0, 1] = 7
print(c[0, 1], torch.as_tensor(a)[0, 1])
back = t.numpy()
back[0, 2] = 42
print(t[0, 2], back.dtype, type(back).__name__)
print(torch.from_numpy(np.array([1, 2])).dtype, torch.from_numpy(np.array([1.0])).dtype)
w = torch.ones(2, requires_grad=True)
print(w.detach().numpy(), (w * 2).detach().cpu().numpy().tolist())
try:
    w.numpy()
except RuntimeError as e:
    print("RuntimeError", "detach" in str(e))
x = torch.zeros(3)
n = x.numpy()
x.add_(1)
print(n)
print(np.asarray(torch.arange(3)), np.array(torch.tensor([1.5])).dtype)
print(torch.tensor(np.float64(2.5)).dtype, torch.tensor([np.int64(1)]).dtype)
print(np.mean(torch.tensor([1.0, 2.0]).numpy()), torch.from_numpy(np.ones((2, 2), dtype=np.float64)).sum())
