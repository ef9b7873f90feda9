"""A DDP-ready script run in one process: DistributedSampler(num_replicas=1, rank=0) and set_epoch each epoch,
the sampler handed to the DataLoader, and a world_size/rank split printed for two ranks."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

world_size, rank = 1, 0
torch.manual_seed(0)
ds = TensorDataset(torch.randn(10, 2), torch.arange(10) % 2)
sampler = DistributedSampler(ds, num_replicas=world_size, rank=rank, shuffle=True, seed=42)
loader = DataLoader(ds, batch_size=4, sampler=sampler, shuffle=False)
model = nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    sampler.set_epoch(epoch)
    order = list(sampler)
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item()
    print(f"rank {rank} epoch {epoch} order {order} loss {total / len(loader):.5f}")
for r in range(2):
    s = DistributedSampler(ds, num_replicas=2, rank=r, shuffle=False)
    d = DistributedSampler(range(7), num_replicas=3, rank=r, drop_last=True, seed=1)
    print(r, list(s), len(s), list(d), len(d))
print(len(DistributedSampler(range(7), num_replicas=3, rank=0)), list(DistributedSampler(range(7), 3, 2, shuffle=False)))
