# default_collate on what Datasets really return: namedtuples, dicts of numpy arrays and strings, nested tuples,
# Python numbers; default_convert without batching; a DataLoader with batch_size=None; ConcatDataset and Subset.
from collections import namedtuple

import numpy as np
import torch
from torch.utils.data import ConcatDataset, DataLoader, Dataset, Subset, TensorDataset
from torch.utils.data.dataloader import default_collate, default_convert

Sample = namedtuple("Sample", ["image", "label", "name"])


class Toy(Dataset):
    def __init__(self, n, offset=0):
        self.n, self.offset = n, offset

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        i = i + self.offset
        return Sample(np.full((2,), i, dtype=np.float32), i % 3, f"img{i}")


batch = default_collate([Toy(4)[0], Toy(4)[1]])
print(type(batch).__name__, batch.image, batch.label, batch.name)
d = default_collate([{"x": np.array([1.0, 2.0]), "meta": {"id": 7, "w": 0.5}}, {"x": np.array([3.0, 4.0]),
                                                                                   "meta": {"id": 8, "w": 1.5}}])
print(d["x"], d["x"].dtype, d["meta"])
print(default_collate([(1, (2.0, True)), (3, (4.0, False))]))
print(default_convert(np.arange(3)), default_convert({"a": np.ones(2, dtype=np.int32)}))
full = ConcatDataset([Toy(3), Toy(2, offset=10)])
print(len(full), full.cumulative_sizes, full[3].name, full[-1].label)
sub = Subset(full, [4, 0, 2])
print([s.name for s in sub], len(sub))
for b in DataLoader(full, batch_size=2, shuffle=False):
    print(b.name, b.image.shape, b.label)
for item in DataLoader(TensorDataset(torch.arange(3)), batch_size=None):
    print(item)
dl = DataLoader(Toy(5), batch_size=2, collate_fn=lambda b: [s.label for s in b], drop_last=True)
print(list(dl), len(dl))
