# Data pipelines with seeded generators: TensorDataset, random_split with a Generator, a shuffling DataLoader
# driven by its own generator, WeightedRandomSampler, drop_last, a Subset, ConcatDataset, and the epoch
# loop printing batch contents.
import torch
from torch.utils.data import (ConcatDataset, DataLoader, Subset, TensorDataset, WeightedRandomSampler,
                              random_split)

X = torch.arange(20.0).view(10, 2)
Y = torch.arange(10) % 3
ds = TensorDataset(X, Y)
print(len(ds), ds[3])
train, val = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(42))
print(train.indices, val.indices)
g = torch.Generator()
g.manual_seed(0)
loader = DataLoader(train, batch_size=3, shuffle=True, generator=g, drop_last=True)
for epoch in range(2):
    print(epoch, [yb.tolist() for _, yb in loader], len(loader))
weights = torch.tensor([0.1, 0.1, 5.0] * 3 + [0.1])
sampler = WeightedRandomSampler(weights, num_samples=6, replacement=True, generator=torch.Generator().manual_seed(1))
print(list(sampler))
print([xb[:, 0].tolist() for xb, _ in DataLoader(ds, batch_size=4, sampler=sampler)])
cat = ConcatDataset([Subset(ds, [0, 1]), Subset(ds, [9])])
print(len(cat), [y.item() for _, y in cat])
a, b, c = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(0))
print(list(a), list(b), list(c))
torch.manual_seed(3)
print([b[1].tolist() for b in DataLoader(ds, batch_size=5, shuffle=True)])
print(torch.randperm(6, generator=torch.Generator().manual_seed(7)), torch.rand(2, generator=g))
