# A zoo of less common layers in one model: LPPool1d/LPPool2d, Softmax2d, GLU, Hardshrink, Softshrink,
# Threshold, Tanhshrink, Softsign, LogSigmoid, Softmin, Hardtanh with custom range, ReLU6 and PReLU per channel.
import torch
import torch.nn as nn

torch.manual_seed(0)
v = torch.linspace(-3, 3, 7)
for m in (nn.Hardshrink(1.0), nn.Softshrink(0.5), nn.Threshold(0.5, -9.0), nn.Tanhshrink(), nn.Softsign(),
          nn.LogSigmoid(), nn.Hardtanh(-2.0, 1.0), nn.ReLU6(), nn.Softmin(dim=0), nn.Hardsigmoid(), nn.Hardswish(),
          nn.Mish(), nn.SiLU(), nn.CELU(0.5), nn.GELU(approximate="tanh"), nn.ELU(alpha=0.3), nn.Softplus(beta=2, threshold=3)):
    print(f"{str(m):45s}", m(v).round(decimals=4).tolist())
img = torch.arange(2 * 3 * 4 * 4, dtype=torch.float32).view(2, 3, 4, 4) / 10
print(nn.Softmax2d()(img)[0, :, 0, 0].round(decimals=4), nn.Softmax2d()(img[0]).shape)
print(nn.LPPool2d(2, 2)(img)[0, 0].round(decimals=4), nn.LPPool1d(3, 2)(img[0, :, 0]).round(decimals=4))
print(nn.GLU()(torch.arange(8.0).view(2, 4)), nn.GLU(dim=0)(torch.arange(8.0).view(2, 4)).round(decimals=4))
model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.GLU(dim=1), nn.PReLU(4), nn.LPPool2d(2, 2), nn.Flatten(),
                      nn.Linear(16, 3), nn.Softshrink(0.1))
y = torch.tensor([0, 2])
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(5):
    loss = nn.functional.cross_entropy(model(img), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 5))
print(model[2].weight.round(decimals=4))
