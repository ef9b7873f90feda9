# A small image classifier (the CIFAR tutorial's shape): conv blocks with Dropout2d and MaxPool, AdaptiveAvgPool2d,
# parameter counting by layer with numel, deterministic eval outputs, and predicted classes with confidence.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 3, padding=1)
        self.conv2 = nn.Conv2d(6, 12, 3, padding=1)
        self.drop = nn.Dropout2d(0.25)
        self.pool = nn.MaxPool2d(2, 2)
        self.gap = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(12, 4)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.drop(self.pool(F.relu(self.conv2(x))))
        return self.fc(torch.flatten(self.gap(x), 1))


net = Net()
for name, p in net.named_parameters():
    print(f"{name:15s} {str(tuple(p.shape)):15s} {p.numel()}")
print("total", sum(p.numel() for p in net.parameters() if p.requires_grad))
x, y = torch.randn(8, 3, 8, 8), torch.randint(0, 4, (8,))
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for epoch in range(4):
    running = 0.0
    for i in range(0, 8, 4):
        opt.zero_grad()
        loss = F.cross_entropy(net(x[i:i + 4]), y[i:i + 4])
        loss.backward()
        opt.step()
        running += loss.item()
    print(f"[{epoch + 1}] loss: {running / 2:.4f}")
net.eval()
with torch.no_grad():
    out = net(x)
    print(torch.equal(out, net(x)))
    conf, pred = F.softmax(out, 1).max(1)
    print(pred.tolist(), conf)
    correct = (pred == y).sum().item()
    print(f"Accuracy: {100 * correct // y.size(0)} %")
drop = nn.Dropout2d(0.5)
torch.manual_seed(3)
z = drop(torch.ones(2, 4, 2, 2))
print(z[:, :, 0, 0])
