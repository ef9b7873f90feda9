# MobileNetV2's inverted residual with ReLU6 and a depthwise conv, and MobileNetV3's hard-swish / hard-sigmoid
# squeeze-excite, trained for a few steps with RMSprop as the paper did (alpha=0.9, eps=1.0 style settings).
import torch
from torch import nn


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio):
        super().__init__()
        hidden = int(round(inp * expand_ratio))
        self.use_res_connect = stride == 1 and inp == oup
        self.conv = nn.Sequential(
            nn.Conv2d(inp, hidden, 1, 1, 0, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(inplace=True),
            nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False), nn.BatchNorm2d(hidden),
            nn.ReLU6(inplace=True), nn.Conv2d(hidden, oup, 1, 1, 0, bias=False), nn.BatchNorm2d(oup))

    def forward(self, x):
        return x + self.conv(x) if self.use_res_connect else self.conv(x)


class SqueezeExcite(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1, self.fc2 = nn.Conv2d(ch, ch // 2, 1), nn.Conv2d(ch // 2, ch, 1)
        self.act, self.gate = nn.Hardswish(), nn.Hardsigmoid()

    def forward(self, x):
        return x * self.gate(self.fc2(self.act(self.fc1(self.pool(x)))))


torch.manual_seed(1)
model = nn.Sequential(InvertedResidual(4, 4, 1, 3), SqueezeExcite(4), InvertedResidual(4, 6, 2, 2),
                      nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.0), nn.Linear(6, 3))
opt = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9, eps=0.02, momentum=0.9, weight_decay=4e-5)
x, t = torch.randn(5, 4, 8, 8), torch.tensor([0, 1, 2, 1, 0])
for i in range(3):
    out = model(x)
    loss = nn.CrossEntropyLoss()(out, t)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    print(i, round(loss.item(), 5), out.argmax(1).tolist())
print(opt.state_dict()["state"][0]["square_avg"].flatten()[:4])
print(model[0].use_res_connect, model[2].use_res_connect, model[2](x).shape)
print(nn.Hardswish()(torch.linspace(-4, 4, 9)), nn.ReLU6()(torch.tensor([-1.0, 3.0, 7.0])))
