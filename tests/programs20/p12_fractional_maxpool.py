# Fractional max-pooling (Graham) with a fixed pseudo-random sequence (the _random_samples argument makes it
# deterministic), its output ratio and indices, and gradients flowing to the selected maxima only.
import torch
import torch.nn as nn
import torch.nn.functional as F

x = (torch.arange(2 * 3 * 9 * 9, dtype=torch.float32) * 0.731).sin().view(2, 3, 9, 9).requires_grad_()
samples = torch.tensor([[[0.2, 0.7], [0.5, 0.1], [0.9, 0.3]], [[0.4, 0.4], [0.0, 0.99], [0.6, 0.8]]])
pool = nn.FractionalMaxPool2d(2, output_size=(5, 5), return_indices=True, _random_samples=samples)
out, idx = pool(x)
print(out.shape, idx.shape, idx.dtype)
print(out[0, 0].round(decimals=4))
print(idx[1, 2])
out.sum().backward()
print("grad nonzeros", (x.grad != 0).sum().item(), x.grad.sum().item())
r = F.fractional_max_pool2d(x.detach(), 3, output_ratio=(0.5, 0.5), _random_samples=samples)
print(r.shape, r[0, 1].round(decimals=4))
p3 = nn.FractionalMaxPool3d(2, output_size=3, _random_samples=torch.full((1, 2, 3), 0.25))
print(p3(torch.arange(2 * 6 * 6 * 6, dtype=torch.float32).view(1, 2, 6, 6, 6)))
