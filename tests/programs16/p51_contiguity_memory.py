"""Memory and layout questions scripts ask: contiguous/stride/data_ptr sharing, view vs reshape, storage."""
import torch

x = torch.arange(6.0).view(2, 3)
t = x.t()
print(t.is_contiguous(), t.stride(), x.stride(), t.contiguous().stride())
try:
    t.view(6)
except RuntimeError as e:
    print("RuntimeError", "view" in str(e))
print(t.reshape(6), t.flatten())
v = x.view(3, 2)
print(v.data_ptr() == x.data_ptr(), x.clone().data_ptr() == x.data_ptr())
v[0, 0] = 99
print(x[0, 0], x.element_size(), x.nelement(), x.dtype.itemsize)
print(x[:, 1].is_contiguous(), x[1].is_contiguous(), x.unsqueeze(0).stride())
e = torch.ones(3, 1).expand(3, 4)
print(e.stride(), e.is_contiguous(), e.contiguous().stride())
print(x.untyped_storage().nbytes(), x.storage_offset(), x[1].storage_offset())
y = x.detach()
y[1, 1] = -5
print(x[1, 1], torch.equal(x.permute(1, 0), x.T), x.mT.shape)
print(x.numel() * x.element_size(), x.is_shared() in (True, False))
