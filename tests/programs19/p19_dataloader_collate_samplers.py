# DataLoader plumbing: a map-style Dataset of variable-length items, a collate_fn that pads and returns lengths,
# a seeded RandomSampler through a generator, BatchSampler with drop_last, WeightedRandomSampler for class balance,
# SubsetRandomSampler for a validation split, and SequentialSampler.
import torch
from torch.utils.data import (BatchSampler, DataLoader, Dataset, RandomSampler, SequentialSampler,
                              SubsetRandomSampler, WeightedRandomSampler)


class Toy(Dataset):
    def __init__(self):
        self.items = [(torch.arange(1, (i % 4) + 2), i % 2) for i in range(10)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, idx):
        return self.items[idx]


def pad_collate(batch):
    seqs, labels = zip(*batch)
    lens = torch.tensor([len(s) for s in seqs])
    out = torch.zeros(len(seqs), int(lens.max()), dtype=torch.long)
    for i, s in enumerate(seqs):
        out[i, :len(s)] = s
    return out, lens, torch.tensor(labels)


ds = Toy()
g = torch.Generator().manual_seed(42)
dl = DataLoader(ds, batch_size=4, shuffle=True, collate_fn=pad_collate, generator=g)
for x, lens, y in dl:
    print(x.tolist(), lens.tolist(), y.tolist())
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)))
print(list(BatchSampler(range(7), batch_size=3, drop_last=False)))
print(list(RandomSampler(range(6), generator=torch.Generator().manual_seed(1))))
print(list(RandomSampler(range(6), replacement=True, num_samples=4, generator=torch.Generator().manual_seed(1))))
labels = torch.tensor([y for _, y in ds.items] + [0, 0, 0])
weights = 1.0 / torch.bincount(labels)[labels].float()
ws = WeightedRandomSampler(weights, num_samples=8, replacement=True, generator=torch.Generator().manual_seed(3))
print(list(ws), weights[:3])
val = SubsetRandomSampler([1, 3, 5, 7], generator=torch.Generator().manual_seed(0))
print(list(val), len(val))
torch.manual_seed(0)
for x, lens, y in DataLoader(ds, batch_size=5, sampler=RandomSampler(ds), collate_fn=pad_collate):
    print(x.shape, y.tolist())
default = next(iter(DataLoader([(torch.ones(2), 1, {"a": 2.0})] * 3, batch_size=3)))
print(default)
