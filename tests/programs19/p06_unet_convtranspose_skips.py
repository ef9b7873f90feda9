# A small U-Net for segmentation: double-conv blocks, max-pool down, ConvTranspose2d up (stride 2), skip
# connections joined with torch.cat after centre-cropping, a 1x1 head and a soft Dice + BCE loss.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.d1, self.d2, self.mid = double_conv(1, 4), double_conv(4, 8), double_conv(8, 16)
        self.up2 = nn.ConvTranspose2d(16, 8, kernel_size=2, stride=2)
        self.u2 = double_conv(16, 8)
        self.up1 = nn.ConvTranspose2d(8, 4, kernel_size=2, stride=2)
        self.u1 = double_conv(8, 4)
        self.head = nn.Conv2d(4, 1, 1)

    def forward(self, x):
        c1 = self.d1(x)
        c2 = self.d2(F.max_pool2d(c1, 2))
        m = self.mid(F.max_pool2d(c2, 2))
        x = self.u2(torch.cat([self.up2(m), c2], dim=1))
        x = self.u1(torch.cat([self.up1(x), c1], dim=1))
        return self.head(x)


def dice_loss(logits, target, eps=1.0):
    p = torch.sigmoid(logits)
    inter = (p * target).sum(dim=(2, 3))
    return 1 - ((2 * inter + eps) / (p.sum(dim=(2, 3)) + target.sum(dim=(2, 3)) + eps)).mean()


img = torch.randn(2, 1, 8, 8)
mask = (img > 0.3).float()
net = UNet()
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(5):
    out = net(img)
    loss = F.binary_cross_entropy_with_logits(out, mask) + dice_loss(out, mask)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, out.shape, round(loss.item(), 5))
net.eval()
with torch.no_grad():
    pred = (torch.sigmoid(net(img)) > 0.5).float()
    iou = (pred * mask).sum() / ((pred + mask) > 0).float().sum()
    print("IoU", iou.item(), "up weight", tuple(net.up2.weight.shape))
    print(nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1)(torch.randn(1, 2, 4, 4)).shape)
