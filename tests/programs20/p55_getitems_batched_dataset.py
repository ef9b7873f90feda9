# Datasets that fetch whole batches: a map-style Dataset with __getitems__ (the DataLoader passes it the list of
# indices), batch_size=None to turn automatic batching off, a BatchSampler used as the sampler, and
# default_convert / default_collate on numpy inputs.
import numpy as np
import torch
from torch.utils.data import BatchSampler, DataLoader, Dataset, SequentialSampler, default_collate, default_convert

torch.manual_seed(0)


class Table(Dataset):
    def __init__(self, n):
        self.x = torch.arange(n * 2, dtype=torch.float32).view(n, 2)
        self.y = torch.arange(n) % 3
        self.calls = []

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        self.calls.append("item")
        return self.x[i], self.y[i]

    def __getitems__(self, idx):
        self.calls.append(f"items{len(idx)}")
        return [(self.x[i], self.y[i]) for i in idx]


ds = Table(10)
for xb, yb in DataLoader(ds, batch_size=4):
    print(xb.shape, yb.tolist())
print(ds.calls)
ds.calls.clear()
for xb, yb in DataLoader(ds, batch_size=None, sampler=[3, 7]):
    print(xb.tolist(), yb.item())
print(ds.calls)


class Batches(Dataset):
    def __len__(self):
        return 10

    def __getitem__(self, idx):
        return torch.tensor(idx) * 10


loader = DataLoader(Batches(), sampler=BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False),
                    batch_size=None)
print([b.tolist() for b in loader])
print(default_convert(np.arange(3)), type(default_convert([np.float32(1.5)])[0]).__name__)
print(default_collate([np.array([1.0, 2.0]), np.array([3.0, 4.0])]))
print(default_collate([{"a": 1, "b": np.int64(2)}, {"a": 3, "b": np.int64(4)}]))
print(default_collate([(1.5, "x"), (2.5, "y")]))
