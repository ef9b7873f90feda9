"""A custom Dataset of variable-length sequences with a padding collate_fn."""
import torch
from torch.utils.data import DataLoader, Dataset


class Seqs(Dataset):
    def __init__(self, n):
        g = torch.Generator().manual_seed(3)
        self.items = [(torch.randint(1, 9, (int(torch.randint(2, 6, (1,), generator=g)),), generator=g), i % 2)
                      for i in range(n)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    out = torch.zeros(len(seqs), int(lengths.max()), dtype=torch.long)
    for i, s in enumerate(seqs):
        out[i, :len(s)] = s
    return out, lengths, torch.tensor(labels)


ds = Seqs(7)
print(len(ds), ds[0])
loader = DataLoader(ds, batch_size=3, collate_fn=collate)
for x, lengths, y in loader:
    print(x.shape, lengths.tolist(), y, x.dtype)
loader = DataLoader(ds, batch_size=3, collate_fn=collate, drop_last=True)
print(len(loader), sum(1 for _ in loader))
default = DataLoader([(torch.ones(2) * i, i) for i in range(5)], batch_size=2)
for xb, yb in default:
    print(xb.tolist(), yb)
