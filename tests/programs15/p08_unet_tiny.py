# A U-Net-like segmenter: two downsampling stages (conv, BatchNorm, ReLU, max-pool), a bottleneck,
# ConvTranspose2d upsampling with skip connections joined by torch.cat, a per-pixel BCE-with-logits loss.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.d1, self.d2 = double_conv(1, 4), double_conv(4, 8)
        self.mid = double_conv(8, 16)
        self.up2, self.u2 = nn.ConvTranspose2d(16, 8, 2, stride=2), double_conv(16, 8)
        self.up1, self.u1 = nn.ConvTranspose2d(8, 4, 2, stride=2), double_conv(8, 4)
        self.out = nn.Conv2d(4, 1, 1)

    def forward(self, x):
        x1 = self.d1(x)
        x2 = self.d2(F.max_pool2d(x1, 2))
        x3 = self.mid(F.max_pool2d(x2, 2))
        y = self.u2(torch.cat([self.up2(x3), x2], dim=1))
        y = self.u1(torch.cat([self.up1(y), x1], dim=1))
        return self.out(y)


net = UNet()
img = torch.randn(2, 1, 16, 16)
mask = (img > 0.3).float()
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(3):
    logits = net(img)
    loss = F.binary_cross_entropy_with_logits(logits, mask)
    opt.zero_grad()
    loss.backward()
    opt.step()
    pred = (logits > 0).float()
    dice = 2 * (pred * mask).sum() / (pred.sum() + mask.sum())
    print(f"step {step} loss {loss.item():.4f} dice {dice.item():.4f}")
print(logits.shape, net.up1.weight.shape)
