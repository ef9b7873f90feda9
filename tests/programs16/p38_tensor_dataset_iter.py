"""TensorDataset + DataLoader with shuffle and a seeded generator; enumerate with a step count; len()."""
import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.arange(30, dtype=torch.float32).view(15, 2)
Y = torch.arange(15) % 2
ds = TensorDataset(X, Y)
print(len(ds), ds[3], ds.tensors[0].shape)
loader = DataLoader(ds, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(0))
print(len(loader), loader.batch_size, len(loader.dataset))
seen = []
for step, (xb, yb) in enumerate(loader, start=1):
    seen.extend(xb[:, 0].int().tolist())
    print(f"step {step}/{len(loader)} x{tuple(xb.shape)} y{yb.tolist()}")
print(sorted(seen) == list(range(0, 30, 2)))
it = iter(DataLoader(ds, batch_size=6))
print(next(it)[1], next(it)[0].shape)
print([b[0].shape[0] for b in DataLoader(ds, batch_size=6, drop_last=True)])
print(next(iter(DataLoader(ds[2:5][0], batch_size=2))))
