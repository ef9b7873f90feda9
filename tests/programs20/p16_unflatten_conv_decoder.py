# A convolutional autoencoder whose decoder starts from a vector: nn.Unflatten after the bottleneck Linear,
# Tensor.unflatten / torch.unflatten with -1 in the sizes, and movedim/swapaxes in the data pipeline.
import torch
import torch.nn as nn

torch.manual_seed(0)
enc = nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 6))
dec = nn.Sequential(nn.Linear(6, 4 * 4 * 4), nn.ReLU(), nn.Unflatten(1, (4, 4, 4)),
                    nn.ConvTranspose2d(4, 1, 4, stride=2, padding=1), nn.Sigmoid())
print(dec[2], nn.Unflatten("features", (("C", 2), ("L", 3))) if False else nn.Flatten(0, 1))
shift = torch.arange(12.0).view(12, 1, 1, 1)
imgs = ((torch.arange(8.0).view(1, 1, 1, 8) - torch.arange(8.0).view(1, 1, 8, 1) + shift) / 20).abs().clamp(max=1)
print(imgs.shape, imgs.movedim(1, -1).shape, imgs.swapaxes(2, 3).is_contiguous())
params = list(enc.parameters()) + list(dec.parameters())
opt = torch.optim.Adam(params, lr=0.01)
for step in range(30):
    recon = dec(enc(imgs))
    loss = nn.functional.binary_cross_entropy(recon, imgs)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(step, round(loss.item(), 5))
z = enc(imgs[:2])
print(z.shape, dec[:3](z).shape)
flat = torch.arange(24)
print(flat.unflatten(0, (2, -1, 3)).shape, torch.unflatten(flat.view(4, 6), 1, (3, 2)).shape)
print(flat.view(2, 3, 4).flatten(1).unflatten(-1, (2, 2, 3)).shape, flat.view(2, 12).moveaxis(0, 1).shape)
print(torch.movedim(torch.zeros(2, 3, 4, 5), (0, 1), (3, 2)).shape, torch.swapdims(torch.zeros(2, 3, 4), 0, 2).shape)
