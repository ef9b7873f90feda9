# A ResNet basic block (two 3x3 convolutions with BatchNorm2d, a 1x1 projection shortcut), trained a step,
# then evaluated with the running statistics; the buffers and the num_batches_tracked counter printed.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(nn.Conv2d(in_planes, planes, kernel_size=1, stride=stride, bias=False),
                                          nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += self.shortcut(x)
        return F.relu(out)


net = nn.Sequential(BasicBlock(3, 4, stride=2), BasicBlock(4, 4), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                    nn.Linear(4, 5))
for m in net.modules():
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
x, y = torch.randn(6, 3, 8, 8), torch.randint(0, 5, (6,))
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)
net.train()
for step in range(3):
    loss = F.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 4))
bn = net[0].bn1
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
net.eval()
with torch.no_grad():
    print(net(x[:2]))
print([k for k in net.state_dict() if "shortcut" in k])
