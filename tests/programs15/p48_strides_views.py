# Memory-layout code from "tensor internals" posts: stride(), is_contiguous after transpose, contiguous(),
# storage_offset of slices, Tensor.unfold sliding windows, as_strided reads, narrow/chunk/split/unbind,
# view vs reshape on non-contiguous data (the error caught and printed), and writes through views.
import torch

x = torch.arange(12.0).view(3, 4)
print(x.stride(), x.t().stride(), x.t().is_contiguous(), x.t().contiguous().stride(), x[1:, 2:].storage_offset())
print(x.unfold(1, 2, 1).shape, x.unfold(1, 2, 2))
s = torch.arange(10.0)
print(s.unfold(0, 4, 3), s.as_strided((3, 4), (2, 1)), s.as_strided((2, 2), (1, 3), 1))
print(x.narrow(1, 1, 2), [c.shape for c in x.chunk(3, dim=1)], [p.tolist() for p in s.split([3, 7])])
print(torch.unbind(x, 1)[2], x.T.reshape(-1)[:5])
try:
    x.t().view(12)
except RuntimeError as e:
    print("view error:", str(e).split(".")[0])
y = torch.zeros(4, 4)
y[1:3, 1:3] = 1
y.diagonal().fill_(5)
y[:, 0].add_(torch.arange(4.0))
col = y[:, 3]
col.mul_(0)
col += 2
print(y, col.is_contiguous(), y.data_ptr() == y[0].data_ptr())
z = torch.arange(6.0).view(2, 3)
z.t()[0] = -1
print(z, z.expand(2, 2, 3).stride(), z.unsqueeze(1).stride(), z.flip(1))
print(torch.arange(24).view(2, 3, 4).permute(2, 0, 1).stride(), torch.empty(2, 3).t().contiguous().is_contiguous())
print(torch.movedim(torch.arange(6).view(1, 2, 3), 0, 2).shape, z.view(-1, 1).expand(-1, 2))
