# Sliding windows with Tensor.unfold (moving averages, framing audio, image patches) and nn.Fold for
# overlap-add reconstruction, with gradients through unfold.
import torch
import torch.nn as nn

x = torch.arange(10.0)
win = x.unfold(0, 4, 2)
print(win, win.mean(1))
sig = torch.sin(torch.arange(32.0) * 0.3)
frames = sig.unfold(-1, 8, 4)
print(frames.shape, frames.stride(), frames.is_contiguous())
print("moving average", sig.unfold(0, 5, 1).mean(-1)[:6].round(decimals=4))
img = torch.arange(36.0).view(1, 6, 6)
patches = img.unfold(1, 3, 3).unfold(2, 3, 3)
print(patches.shape, patches[0, 1, 0])
im = torch.arange(2 * 16.0).view(1, 2, 4, 4)
cols = nn.Unfold(kernel_size=2, stride=1)(im)
print(cols.shape)
fold = nn.Fold(output_size=(4, 4), kernel_size=2, stride=1)
back = fold(cols)
ones = fold(nn.Unfold(2, stride=1)(torch.ones_like(im)))
print("overlap counts", ones[0, 0])
print("reconstructed", torch.allclose(back / ones, im))
y = torch.randn(12, requires_grad=True)
y.unfold(0, 3, 2).pow(2).sum().backward()
print(y.grad / (2 * y.detach()))
t = torch.arange(24.0).view(2, 3, 4)
print(t.unfold(2, 2, 1).shape, t.unfold(1, 2, 1)[1, 0])
print(torch.nn.functional.fold(torch.ones(1, 4, 4), (3, 3), 2))
