# AlexNet-era and ShuffleNet-era layers: LocalResponseNorm after a conv, a ShuffleNet unit with grouped 1x1
# convs and nn.ChannelShuffle, AdaptiveMaxPool2d heads; a few training steps on fixed data.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class ShuffleUnit(nn.Module):
    def __init__(self, c, groups):
        super().__init__()
        self.g1 = nn.Conv2d(c, c, 1, groups=groups, bias=False)
        self.shuffle = nn.ChannelShuffle(groups)
        self.dw = nn.Conv2d(c, c, 3, padding=1, groups=c, bias=False)
        self.g2 = nn.Conv2d(c, c, 1, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(c)

    def forward(self, x):
        y = F.relu(self.g1(x))
        y = self.shuffle(y)
        y = self.bn(self.g2(self.dw(y)))
        return F.relu(x + y)


net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.LocalResponseNorm(5, alpha=1e-2, beta=0.75, k=2.0),
                    ShuffleUnit(8, 4), nn.AdaptiveMaxPool2d((2, 2)), nn.Flatten(), nn.Linear(32, 3))
print(net[2], net[3].shuffle)
c = torch.arange(12.0).view(1, 6, 1, 2)
print(nn.ChannelShuffle(3)(c).view(6, 2)[:, 0].tolist(), F.channel_shuffle(c, 2).view(6, 2)[:, 0].tolist())
lrn = F.local_response_norm(torch.arange(1.0, 9.0).view(1, 8, 1, 1), 3)
print(lrn.flatten().round(decimals=5))
print(F.local_response_norm(torch.arange(1.0, 7.0).view(1, 3, 2), 2).round(decimals=5))
amp, idx = F.adaptive_max_pool2d(torch.arange(25.0).view(1, 1, 5, 5), 3, return_indices=True)
print(amp, idx)
x = torch.sin(torch.arange(4 * 3 * 8 * 8, dtype=torch.float32) * 0.37).view(4, 3, 8, 8)
y = torch.tensor([0, 1, 2, 1])
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for step in range(6):
    loss = F.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
