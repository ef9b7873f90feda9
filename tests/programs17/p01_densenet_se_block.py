# A DenseNet block (each layer sees the concatenation of all earlier maps) followed by a squeeze-and-excitation
# gate, as in the papers' reference modules; a few SGD steps on random images with nesterov momentum.
import torch
import torch.nn as nn
import torch.nn.functional as F


class DenseLayer(nn.Module):
    def __init__(self, in_ch, growth):
        super().__init__()
        self.bn = nn.BatchNorm2d(in_ch)
        self.conv = nn.Conv2d(in_ch, growth, kernel_size=3, padding=1, bias=False)

    def forward(self, x):
        return torch.cat([x, self.conv(F.relu(self.bn(x)))], 1)


class SEBlock(nn.Module):
    def __init__(self, ch, r=2):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(ch, ch // r), nn.ReLU(inplace=True), nn.Linear(ch // r, ch), nn.Sigmoid())

    def forward(self, x):
        b, c, _, _ = x.size()
        y = F.adaptive_avg_pool2d(x, 1).view(b, c)
        return x * self.fc(y).view(b, c, 1, 1).expand_as(x)


torch.manual_seed(0)
net = nn.Sequential(DenseLayer(3, 4), DenseLayer(7, 4), SEBlock(11), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(),
                    nn.Linear(11, 5))
print(net)
print("params:", sum(p.numel() for p in net.parameters() if p.requires_grad))
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-4)
x, y = torch.randn(6, 3, 8, 8), torch.randint(0, 5, (6,))
for step in range(4):
    opt.zero_grad()
    loss = F.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.5f}")
print(net[0].bn.running_mean, net[1].bn.num_batches_tracked)
net.eval()
with torch.no_grad():
    print(net(x[:2]).softmax(-1))
