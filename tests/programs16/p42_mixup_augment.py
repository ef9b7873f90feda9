"""Data augmentation in a loop: mixup with a Beta sample, random flips with torch.rand masks, noise."""
import torch
import torch.nn.functional as F
from torch.distributions import Beta

torch.manual_seed(0)
x = torch.arange(24.0).view(2, 3, 4)
y = F.one_hot(torch.tensor([0, 2]), 3).float()
lam = Beta(torch.tensor(0.4), torch.tensor(0.4)).sample()
print(lam.shape, 0 <= lam.item() <= 1)
perm = torch.randperm(2)
xm = lam * x + (1 - lam) * x[perm]
ym = lam * y + (1 - lam) * y[perm]
print(xm.shape, ym.sum(1))
flip = torch.rand(2) < 0.5
xf = torch.where(flip[:, None, None], x.flip(-1), x)
print(flip, xf[:, 0, :])
noisy = x + 0.1 * torch.randn_like(x)
print((noisy - x).abs().max() < 1.0)
crop_i, crop_j = torch.randint(0, 2, (2,)).tolist()
print(x[:, crop_i:crop_i + 2, crop_j:crop_j + 2].shape)
print(torch.roll(x[0], shifts=1, dims=1))
print(F.pad(x[0], (1, 1), mode="constant", value=-1))
print(torch.rot90(x[0, :2, :2], 1, (0, 1)))
