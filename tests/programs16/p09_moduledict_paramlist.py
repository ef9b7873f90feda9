"""nn.ModuleDict, ParameterList, ParameterDict, Sequential slicing, named_modules, apply(init_fn)."""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({"cls": nn.Linear(4, 3), "reg": nn.Linear(4, 1)})
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(4) * i) for i in range(2)])
        self.extra = nn.ParameterDict({"bias": nn.Parameter(torch.zeros(4))})
        self.body = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4), nn.ReLU())

    def forward(self, x, head):
        h = self.body(x) * self.scales[1] + self.scales[0] + self.extra["bias"]
        return self.heads[head](h)


def init_fn(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.1)
        nn.init.zeros_(m.bias)


net = Net()
net.apply(init_fn)
x = torch.ones(2, 4)
print(net(x, "cls"), net(x, "reg").shape)
print([n for n, _ in net.named_modules()])
print([n for n, _ in net.named_parameters()])
print(type(net.body[:2]).__name__, len(net.body[:2]), net.body[-1], net.body[1:3])
print(list(net.heads.keys()), "cls" in net.heads, len(net.scales), len(net.extra))
print(sum(p.numel() for p in net.parameters()))
for name, child in net.named_children():
    print(name, type(child).__name__)
net.heads["aux"] = nn.Linear(4, 2)
net.scales.append(nn.Parameter(torch.zeros(1)))
print(len(list(net.parameters())), list(net.heads))
print(round(net.body[0].weight.sum().item(), 4), net.heads.cls.bias)
