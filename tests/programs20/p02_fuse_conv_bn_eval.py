# Inference-time fusion: fold a BatchNorm2d into the preceding Conv2d (torch.nn.utils.fusion) and check the
# fused model gives the same outputs; then the same by hand from running_mean/running_var.
import copy

import torch
import torch.nn as nn
from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1, bias=False), nn.BatchNorm2d(6), nn.ReLU(),
                      nn.Conv2d(6, 4, 3), nn.BatchNorm2d(4))
x = torch.randn(8, 3, 10, 10)
model.train()
for _ in range(5):                        # populate running statistics
    model(x * 1.5 + 0.3)
model.eval()
with torch.no_grad():
    ref = model(x)
fused = nn.Sequential(fuse_conv_bn_eval(model[0], model[1]), nn.ReLU(), fuse_conv_bn_eval(model[3], model[4]))
print(fused)
with torch.no_grad():
    out = fused(x)
print("max diff", (out - ref).abs().max().item() < 1e-4, out.shape)
print("fused bias", fused[0].bias.detach().round(decimals=4))

conv, bn = model[3], model[4]
w, b = fuse_conv_bn_weights(conv.weight, conv.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias)
scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
w2 = conv.weight * scale.view(-1, 1, 1, 1)
b2 = (conv.bias - bn.running_mean) * scale + bn.bias
print(torch.allclose(w, w2, atol=1e-6), torch.allclose(b, b2, atol=1e-6), type(w).__name__, w.requires_grad)

lin, bn1 = nn.Linear(5, 3), nn.BatchNorm1d(3)
bn1.train()
bn1(lin(torch.randn(16, 5)))
lin.eval(); bn1.eval()
fl = fuse_linear_bn_eval(lin, bn1)
z = torch.randn(4, 5)
print(torch.allclose(fl(z), bn1(lin(z)), atol=1e-5), fl.weight.shape)
print(bn1.num_batches_tracked, bn1.running_mean.round(decimals=4))
m2 = copy.deepcopy(model)
print(sum(p.numel() for p in m2.parameters()), sum(p.numel() for p in fused.parameters()))
