# A temporal convolutional network: causal dilated Conv1d with padding then "chomp", weight_norm'ed convs,
# residual 1x1 downsampling, and F.pad in its modes (constant, reflect, replicate, circular) on 1-d and
# 2-d signals; nn.ConstantPad1d/ReflectionPad2d/ZeroPad2d modules.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.parametrizations import weight_norm

torch.manual_seed(0)


class TemporalBlock(nn.Module):
    def __init__(self, cin, cout, k, dilation):
        super().__init__()
        self.pad = (k - 1) * dilation
        self.conv1 = weight_norm(nn.Conv1d(cin, cout, k, padding=self.pad, dilation=dilation))
        self.conv2 = weight_norm(nn.Conv1d(cout, cout, k, padding=self.pad, dilation=dilation))
        self.down = nn.Conv1d(cin, cout, 1) if cin != cout else None

    def forward(self, x):
        out = torch.relu(self.conv1(x)[:, :, :-self.pad])
        out = torch.relu(self.conv2(out)[:, :, :-self.pad])
        return torch.relu(out + (x if self.down is None else self.down(x)))


tcn = nn.Sequential(TemporalBlock(2, 4, 3, 1), TemporalBlock(4, 4, 3, 2), TemporalBlock(4, 4, 3, 4))
x = torch.randn(2, 2, 16)
y = tcn(x)
x2 = x.clone()
x2[:, :, 10:] += 1
print(y.shape, torch.allclose(tcn(x2)[:, :, :10], y[:, :, :10]))
opt = torch.optim.Adam(tcn.parameters(), lr=1e-2)
for step in range(3):
    loss = (tcn(x).mean(1) - x[:, 0]).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.6f}")
s = torch.arange(5.0).view(1, 1, 5)
for mode in ("constant", "reflect", "replicate", "circular"):
    print(mode, F.pad(s, (2, 1), mode=mode).tolist())
img = torch.arange(9.0).view(1, 1, 3, 3)
print(F.pad(img, (1, 1, 0, 2), mode="reflect"), F.pad(img, (1, 0), value=-1.0).shape)
print(nn.ConstantPad1d(2, 3.5)(s), nn.ReflectionPad2d(1)(img)[0, 0, 0], nn.ZeroPad2d((1, 0, 1, 0))(img).shape)
print(nn.ReplicationPad2d((0, 1, 0, 1))(img), nn.CircularPad1d(1)(s))
