# Upsampling modes side by side: nearest, nearest-exact, (bi/tri)linear with and without align_corners, bicubic,
# area (adaptive average), antialiased downsampling, scale_factor vs size, and the nn.Upsample* modules.
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.arange(16.0).view(1, 1, 4, 4)
for mode, kw in [("nearest", {}), ("nearest-exact", {}), ("bilinear", {"align_corners": False}),
                 ("bilinear", {"align_corners": True}), ("bicubic", {"align_corners": False})]:
    y = F.interpolate(x, scale_factor=1.5, mode=mode, **kw)
    print(mode, kw, tuple(y.shape), y[0, 0, 1].round(decimals=4).tolist())
print(F.interpolate(x, size=(2, 3), mode="area")[0, 0])
print(F.interpolate(x, size=(2, 2), mode="bilinear", antialias=True)[0, 0].round(decimals=4))
print(F.interpolate(x, size=(3, 3), mode="bicubic", antialias=True)[0, 0].round(decimals=4))
s = torch.arange(5.0).view(1, 1, 5)
print(F.interpolate(s, size=8, mode="linear").round(decimals=4), F.interpolate(s, scale_factor=0.5, mode="nearest"))
v = torch.arange(8.0).view(1, 1, 2, 2, 2)
print(F.interpolate(v, scale_factor=2, mode="trilinear", align_corners=True)[0, 0, 1, 1].round(decimals=4))
print(nn.Upsample(scale_factor=2, mode="nearest")(x[:, :, :2, :2]), nn.UpsamplingBilinear2d(size=3)(x[:, :, :2, :2]))
print(nn.UpsamplingNearest2d(scale_factor=2)(x[:, :, :1, :2]).shape, nn.Upsample(size=(5, 3)))
g = x.clone().requires_grad_()
F.interpolate(g, scale_factor=2, mode="bicubic", align_corners=True).pow(2).sum().backward()
print(g.grad.round(decimals=3))
print(F.interpolate(x, scale_factor=(1.7, 0.6), mode="bilinear", recompute_scale_factor=True).shape)
