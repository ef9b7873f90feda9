"""WeightedRandomSampler, SubsetRandomSampler, BatchSampler, SequentialSampler, RandomSampler with a generator."""
import torch
from torch.utils.data import (BatchSampler, DataLoader, RandomSampler, SequentialSampler, SubsetRandomSampler,
                              TensorDataset, WeightedRandomSampler)

print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)))
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)))
print(len(BatchSampler(range(10), 4, False)), len(BatchSampler(range(10), 4, True)))
ds = TensorDataset(torch.arange(10.0), torch.arange(10) % 3)
labels = torch.arange(10) % 3
counts = torch.bincount(labels)
weights = 1.0 / counts[labels].float()
print(counts.tolist(), weights)
s = WeightedRandomSampler(weights, num_samples=6, replacement=True)
print(len(s), len(list(iter(s))))
s = SubsetRandomSampler([1, 3, 5, 7])
print(len(s), sorted(list(s)))
dl = DataLoader(ds, batch_size=2, sampler=SubsetRandomSampler([0, 2, 4, 6]))
print(sorted(int(v) for xb, yb in dl for v in xb))
r = RandomSampler(range(8))
print(len(r), sorted(list(r)))
dl = DataLoader(ds, batch_sampler=BatchSampler(SequentialSampler(ds), 4, False))
for xb, yb in dl:
    print(xb, yb)
