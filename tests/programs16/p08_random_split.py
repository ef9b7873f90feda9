"""random_split with a seeded generator, fractions, Subset indices; reproducible shuffling."""
import torch
from torch.utils.data import DataLoader, Subset, TensorDataset, random_split

ds = TensorDataset(torch.arange(20.0).view(10, 2), torch.arange(10))
a, b = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(42))
print(len(a), len(b), type(a).__name__, isinstance(a, Subset))
a2, b2 = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(42))
print(a.indices == a2.indices, sorted(a.indices + b.indices) == list(range(10)))
parts = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))
print([len(p) for p in parts])
x, y = a[0]
print(x.shape, y.dtype)
sub = Subset(ds, [9, 0, 4])
print([int(sub[i][1]) for i in range(len(sub))])
g = torch.Generator()
g.manual_seed(7)
first = [int(yb.sum()) for _, yb in DataLoader(ds, batch_size=5, shuffle=True, generator=g)]
g.manual_seed(7)
second = [int(yb.sum()) for _, yb in DataLoader(ds, batch_size=5, shuffle=True, generator=g)]
print(first == second, sum(first))
