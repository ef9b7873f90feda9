"""Standardizing features with mean/std from the train split, min-max scaling, clamping outliers."""
import torch

torch.manual_seed(11)
data = torch.randn(20, 3) * torch.tensor([1.0, 10.0, 0.1]) + torch.tensor([5.0, -3.0, 0.0])
train, test = data[:15], data[15:]
mean, std = train.mean(dim=0, keepdim=True), train.std(dim=0, keepdim=True)
print(mean, std)
z = (train - mean) / std
print(z.mean(0).abs().max() < 1e-5, z.std(0))
zt = (test - mean) / (std + 1e-8)
print(zt.shape, zt.clamp(-3, 3).abs().max() <= 3)
lo, hi = train.min(0).values, train.max(0).values
mm = (test - lo) / (hi - lo)
print(mm.round(decimals=3))
print(torch.var_mean(train, dim=0), torch.std_mean(train, dim=0, unbiased=False)[0])
med = train.median(dim=0)
print(med.values, med.indices)
q = torch.quantile(train, torch.tensor([0.25, 0.75]), dim=0)
print(q)
print(torch.nanmean(torch.tensor([1.0, float("nan"), 3.0])), torch.nan_to_num(torch.tensor([float("nan"), 1.0])))
print(torch.histc(train[:, 0], bins=4), torch.unique(torch.tensor([3, 1, 3, 2]), return_counts=True))
