"""Datasets returning dicts and namedtuples; default_collate of nested structures; ConcatDataset; a Sampler subclass."""
from collections import namedtuple

import torch
from torch.utils.data import ConcatDataset, DataLoader, Dataset, Sampler
from torch.utils.data.dataloader import default_collate

Item = namedtuple("Item", ["x", "y"])


class DictDS(Dataset):
    def __init__(self, n, offset=0):
        self.n, self.offset = n, offset

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        i += self.offset
        return {"x": torch.full((2,), float(i)), "y": i % 2, "name": f"s{i}", "meta": {"w": i * 0.5}}


class EvenFirst(Sampler):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter([i for i in range(self.n) if i % 2 == 0] + [i for i in range(self.n) if i % 2])

    def __len__(self):
        return self.n


ds = ConcatDataset([DictDS(3), DictDS(4, offset=10)])
print(len(ds), ds.cumulative_sizes, ds[4]["name"])
for batch in DataLoader(ds, batch_size=4, sampler=EvenFirst(len(ds))):
    print(batch["x"].tolist(), batch["y"], batch["name"], batch["meta"]["w"])
b = default_collate([Item(torch.ones(2), 1), Item(torch.zeros(2), 0)])
print(type(b).__name__, b.x, b.y)
print(default_collate([(1.5, "a"), (2.5, "b")]), default_collate([[1, 2], [3, 4]]))
print(default_collate([torch.tensor(1), torch.tensor(2)]), default_collate([True, False]))
