"""Advanced indexing in data prep: boolean masks, index_select, scatter_add histograms, index_put_ accumulate."""
import torch

x = torch.arange(12.0).view(3, 4)
print(x[x > 5], x[:, [0, 2]], x[[0, 2], [1, 3]])
print(x.index_select(1, torch.tensor([3, 0])), x[..., -1], x[None, 1].shape)
mask = x % 2 == 0
x2 = x.clone()
x2[mask] = -1
print(x2)
print(torch.nonzero(mask)[:3], mask.nonzero(as_tuple=True)[1][:4])
bins = torch.tensor([0, 2, 2, 1, 0, 2])
vals = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
print(torch.zeros(3).scatter_add_(0, bins, vals), torch.zeros(3).index_add_(0, bins, vals))
acc = torch.zeros(3)
acc.index_put_((bins,), vals, accumulate=True)
print(acc)
print(torch.zeros(2, 3).scatter_(1, torch.tensor([[2], [0]]), 1.0))
print(x.gather(1, torch.tensor([[0], [3], [1]])).squeeze(1))
print(torch.take(x, torch.tensor([0, 11])), x.masked_select(x < 3))
y = torch.zeros(5)
y[torch.tensor([1, 3])] += 1
print(y, x[1:, ::2], x.narrow(1, 1, 2))
print(torch.searchsorted(torch.tensor([1.0, 3.0, 5.0]), torch.tensor([0.5, 3.0, 6.0])))
print(torch.bucketize(torch.tensor([0.5, 3.0, 6.0]), torch.tensor([1.0, 3.0, 5.0]), right=True))
