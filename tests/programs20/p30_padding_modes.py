# Padding modes for 1-D, 2-D and 3-D data as modules and through F.pad: zero, constant, reflect, replicate,
# circular (with negative padding that crops), and their gradients (reflect/replicate fold the gradient back).
import torch
import torch.nn as nn
import torch.nn.functional as F

x1 = torch.arange(1.0, 6.0).view(1, 1, 5)
for m in (nn.ZeroPad1d((2, 1)), nn.ConstantPad1d(2, -1.0), nn.ReflectionPad1d(2), nn.ReplicationPad1d((1, 3)),
          nn.CircularPad1d(2)):
    print(m, m(x1).view(-1).tolist())
x2 = torch.arange(9.0).view(1, 1, 3, 3)
print(nn.ReflectionPad2d((1, 1, 2, 0))(x2)[0, 0])
print(nn.CircularPad2d(1)(x2)[0, 0])
print(F.pad(x2, (1, -1, -1, 1), mode="constant", value=7.0)[0, 0])
print(F.pad(x2, (-1, 1, 0, 0), mode="circular")[0, 0])
x3 = torch.arange(8.0).view(1, 1, 2, 2, 2)
print(nn.ReplicationPad3d(1)(x3).shape, nn.ReflectionPad3d((1, 0, 1, 0, 1, 0))(x3)[0, 0, 0], nn.CircularPad3d(1)(x3).sum().item())
print(nn.ZeroPad3d((1, 1, 0, 0, 0, 0))(x3).shape, nn.ZeroPad2d(1)(x2).sum().item())
for mode in ("reflect", "replicate", "circular"):
    g = x2.clone().requires_grad_()
    F.pad(g, (2, 1, 1, 2), mode=mode).sum().backward()
    print(mode, g.grad[0, 0].tolist())
print(F.pad(torch.ones(2, 3), (1, 1)), F.pad(torch.ones(2, 3), (0, 0, 1, 0), value=2))
