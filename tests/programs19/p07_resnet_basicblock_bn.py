# ResNet's BasicBlock with a projection shortcut, BatchNorm in train and eval mode: running statistics,
# num_batches_tracked, momentum=None (the cumulative average), and eval() making the outputs batch-independent.
import torch
import torch.nn as nn

torch.manual_seed(0)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(planes))

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + self.shortcut(x))


net = nn.Sequential(BasicBlock(3, 4), BasicBlock(4, 8, stride=2), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                    nn.Linear(8, 3))
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
x, y = torch.randn(6, 3, 8, 8), torch.tensor([0, 1, 2, 0, 1, 2])
for step in range(4):
    loss = nn.functional.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}")
bn = net[1].bn1
print(bn.num_batches_tracked, bn.running_mean[:3], bn.running_var[:3])
net.eval()
with torch.no_grad():
    a = net(x)
    b = net(x[:2])
    print("eval batch-independent:", torch.allclose(a[:2], b, atol=1e-6))
    print(a)
cum = nn.BatchNorm1d(2, momentum=None)
for i in range(3):
    cum(torch.randn(5, 2) + i)
print(cum.running_mean, cum.running_var, cum.num_batches_tracked.item())
print([k for k in net.state_dict() if "num_batches" in k])
