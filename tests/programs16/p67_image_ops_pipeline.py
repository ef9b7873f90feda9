"""An image pipeline: interpolate, avg/adaptive pooling, unfold patches, PixelShuffle, Unflatten, grid_sample."""
import torch
import torch.nn as nn
import torch.nn.functional as F

img = torch.arange(16.0).view(1, 1, 4, 4)
print(F.interpolate(img, scale_factor=0.5, mode="bilinear", align_corners=False))
print(F.interpolate(img, size=(2, 3), mode="nearest"))
print(F.interpolate(img, size=6, mode="bilinear", align_corners=True)[0, 0, 0])
print(F.avg_pool2d(img, 2), F.adaptive_avg_pool2d(img, 1).flatten(), F.adaptive_max_pool2d(img, (1, 2)))
patches = F.unfold(img, kernel_size=2, stride=2)
print(patches.shape, patches[0, :, 0])
print(F.fold(patches, output_size=(4, 4), kernel_size=2, stride=2).equal(img))
ps = nn.PixelShuffle(2)(torch.arange(8.0).view(1, 4, 1, 2))
print(ps.shape, ps[0, 0], nn.PixelUnshuffle(2)(ps).shape)
print(nn.Unflatten(1, (2, 3))(torch.zeros(4, 6)).shape, nn.Flatten(0, 1)(torch.zeros(2, 3, 4)).shape)
theta = torch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
grid = F.affine_grid(theta, (1, 1, 4, 4), align_corners=False)
print(torch.allclose(F.grid_sample(img, grid, align_corners=False), img))
print(F.max_pool2d(img, 2, return_indices=True)[1], F.lp_pool2d(img, 2, 2).shape)
