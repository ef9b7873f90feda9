# "Tensor internals" notes: element_size, itemsize, nbytes, storage sizes shared by views, data_ptr offsets,
# storage_offset, is_set_to, untyped_storage().nbytes(), clone vs view memory, and contiguous copies.
import torch

x = torch.arange(12, dtype=torch.float32).view(3, 4)
v = x[1:, 1:3]
print(x.element_size(), x.itemsize, x.nbytes, v.nbytes, torch.zeros(3, dtype=torch.float64).element_size())
print(v.storage_offset(), v.stride(), v.data_ptr() - x.data_ptr(), v.is_contiguous())
print(x.untyped_storage().nbytes(), v.untyped_storage().nbytes(), v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr())
c = v.contiguous()
print(c.data_ptr() == v.data_ptr(), c.storage_offset(), c.is_contiguous())
print(x.t().is_contiguous(), x.t().contiguous().stride(), x.view(-1).data_ptr() == x.data_ptr())
y = x.clone()
print(y.data_ptr() == x.data_ptr(), torch.equal(y, x))
print(x.is_set_to(x), x.is_set_to(x.view(3, 4)), x.view(3, 4)._base is x)
for dt in (torch.int8, torch.int16, torch.int32, torch.int64, torch.float16, torch.bool, torch.complex64):
    t = torch.zeros(5, dtype=dt)
    print(dt, t.element_size(), t.nbytes, dt.itemsize, dt.is_floating_point, dt.is_complex, dt.is_signed)
s = torch.arange(6.0)
w = s[::2]
print(w.stride(), w.untyped_storage().size(), len(w.untyped_storage()) if hasattr(w.untyped_storage(), "__len__") else None)
print(torch.finfo(torch.float16).max, torch.iinfo(torch.int16).min, torch.finfo(torch.float32).tiny)
