"""Class-balanced training with WeightedRandomSampler drawing from a seeded generator; counting drawn classes."""
import torch
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler

labels = torch.tensor([0] * 18 + [1] * 2)
x = torch.arange(20.0).unsqueeze(1)
class_count = torch.bincount(labels)
sample_w = (1.0 / class_count.double())[labels]
print(class_count, sample_w[:2], sample_w[-1], sample_w.dtype)
g = torch.Generator().manual_seed(0)
sampler = WeightedRandomSampler(sample_w, num_samples=200, replacement=True, generator=g)
drawn = torch.tensor(list(sampler))
print(len(drawn), drawn.min() >= 0, drawn.max() < 20)
frac = (labels[drawn] == 1).float().mean().item()
print(0.3 < frac < 0.7)
ws = WeightedRandomSampler([0.0, 0.0, 1.0], num_samples=4, replacement=True)
print(list(ws))
nr = WeightedRandomSampler([1.0, 1.0, 1.0, 1.0], num_samples=4, replacement=False)
print(sorted(nr))
dl = DataLoader(TensorDataset(x, labels), batch_size=10, sampler=WeightedRandomSampler(sample_w, 30))
print(len(dl), [yb.shape[0] for _, yb in dl])
