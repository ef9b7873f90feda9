# Dataset utilities from the data-loading tutorial: TensorDataset, random_split with a seeded generator and with
# fractions, Subset, ConcatDataset indexing across parts, DataLoader over a split, and len() bookkeeping.
import torch
from torch.utils.data import ConcatDataset, DataLoader, Subset, TensorDataset, random_split

X = torch.arange(20, dtype=torch.float32).view(10, 2)
y = torch.arange(10) % 3
ds = TensorDataset(X, y)
print(len(ds), ds[3], ds.tensors[0].shape)
train, val = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(42))
print(len(train), len(val), train.indices, val.indices)
a, b, c = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))
print(list(a), list(b), list(c))
sub = Subset(ds, [0, 2, 4])
print(len(sub), sub[1])
both = ConcatDataset([sub, TensorDataset(torch.ones(2, 2), torch.tensor([7, 8]))])
print(len(both), both[3], both.cumulative_sizes)
torch.manual_seed(0)
for xb, yb in DataLoader(train, batch_size=3, shuffle=True):
    print(xb.tolist(), yb.tolist())
for xb, yb in DataLoader(both, batch_size=2):
    print(xb.shape, yb.tolist())
counts = torch.bincount(torch.stack([val[i][1] for i in range(len(val))]), minlength=3)
print(counts)
