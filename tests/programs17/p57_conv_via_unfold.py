# "Convolution is a matrix multiply": im2col with F.unfold, the kernel as a matrix, F.fold back (and fold's
# overlap counts), checked against F.conv2d in value and gradient; nn.Unfold/nn.Fold modules and their reprs.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
inp = torch.randn(2, 3, 5, 6, requires_grad=True)
w = torch.randn(4, 3, 3, 2, requires_grad=True)
cols = F.unfold(inp, kernel_size=(3, 2), padding=1, stride=(2, 1))
print(cols.shape)
out_unf = cols.transpose(1, 2).matmul(w.view(w.size(0), -1).t()).transpose(1, 2)
out = out_unf.view(2, 4, 3, 7)
ref = F.conv2d(inp, w, padding=1, stride=(2, 1))
print(ref.shape, (out - ref).abs().max() < 1e-5)
g = torch.randn_like(ref)
ga = torch.autograd.grad(out, (inp, w), g)
gb = torch.autograd.grad(ref, (inp, w), g)
print([(a - b).abs().max() < 1e-4 for a, b in zip(ga, gb)])
ones = torch.ones(1, 1, 4, 4)
counts = F.fold(F.unfold(ones, 2, stride=1), output_size=(4, 4), kernel_size=2, stride=1)
print(counts[0, 0])
unfold, fold = nn.Unfold(kernel_size=2, dilation=1, padding=0, stride=2), nn.Fold(output_size=(4, 4), kernel_size=2,
                                                                                 stride=2)
print(unfold, fold)
x = torch.arange(16.0).view(1, 1, 4, 4)
patches = unfold(x)
print(patches)
print(torch.equal(fold(patches), x))
print(x.unfold(2, 2, 2).unfold(3, 2, 2).reshape(1, 1, 4, 4)[0, 0])
