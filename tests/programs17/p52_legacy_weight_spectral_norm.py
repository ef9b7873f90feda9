# The older hook-based reparameterisations still found in vocoder and SN-GAN code: nn.utils.weight_norm
# (weight_g / weight_v), nn.utils.spectral_norm (weight_orig, weight_u, power iteration per forward), removal.
import torch
import torch.nn as nn
from torch.nn.utils import remove_spectral_norm, remove_weight_norm, spectral_norm, weight_norm

torch.manual_seed(0)
conv = weight_norm(nn.Conv1d(2, 3, 3, padding=1))
print(sorted(n for n, _ in conv.named_parameters()))
print(conv.weight_g.shape, conv.weight_v.shape, conv.weight_g.flatten())
x = torch.randn(1, 2, 5)
y = conv(x)
y.sum().backward()
print(conv.weight_g.grad.flatten(), conv.weight_v.grad.norm())
print(torch.allclose(conv.weight, conv.weight_g * conv.weight_v / conv.weight_v.norm(dim=(1, 2), keepdim=True)))
remove_weight_norm(conv)
print(sorted(n for n, _ in conv.named_parameters()), torch.allclose(conv(x), y))
lin = weight_norm(nn.Linear(4, 2), name="weight", dim=None)
print(lin.weight_g, lin.weight_g.shape)

sn = spectral_norm(nn.Linear(5, 4))
print(sorted(sn.state_dict().keys()))
for _ in range(10):
    out = sn(torch.randn(3, 5))
sigma = torch.linalg.matrix_norm(sn.weight_orig.detach(), ord=2)
print(torch.linalg.matrix_norm(sn.weight.detach(), ord=2), sigma)
print(sn.weight_u.shape, sn.weight_u.norm())
sn.eval()
w1 = sn.weight.clone()
sn(torch.randn(2, 5))
print(torch.equal(w1, sn.weight))
remove_spectral_norm(sn)
print(sorted(sn.state_dict().keys()))
d = nn.Sequential(spectral_norm(nn.Conv2d(1, 2, 3)), nn.LeakyReLU(0.1))
print(d)
