# PixelCNN's masked convolutions (type A excludes the centre pixel, type B includes it): a Conv2d subclass
# multiplying its weight by a buffer mask in forward, a 256-way softmax per pixel replaced by 4 levels here.
import torch
import torch.nn as nn
import torch.nn.functional as F


class MaskedConv2d(nn.Conv2d):
    def __init__(self, mask_type, *args, **kwargs):
        super(MaskedConv2d, self).__init__(*args, **kwargs)
        assert mask_type in {'A', 'B'}
        self.register_buffer('mask', self.weight.data.clone())
        _, _, kH, kW = self.weight.size()
        self.mask.fill_(1)
        self.mask[:, :, kH // 2, kW // 2 + (mask_type == 'B'):] = 0
        self.mask[:, :, kH // 2 + 1:] = 0

    def forward(self, x):
        self.weight.data *= self.mask
        return super(MaskedConv2d, self).forward(x)


torch.manual_seed(0)
fm = 4
net = nn.Sequential(
    MaskedConv2d('A', 1, fm, 5, 1, 2, bias=False), nn.BatchNorm2d(fm), nn.ReLU(True),
    MaskedConv2d('B', fm, fm, 3, 1, 1, bias=False), nn.BatchNorm2d(fm), nn.ReLU(True),
    nn.Conv2d(fm, 4, 1))
print(net[0].mask[0, 0], net[3].mask[0, 0])
x = torch.randint(0, 4, (3, 1, 6, 6))
inp = x.float() / 3
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
for step in range(3):
    out = net(inp)
    loss = F.cross_entropy(out, x.squeeze(1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} nll {loss.item():.5f} bits/dim {loss.item() / 0.6931:.4f}")
net.eval()
probe = torch.zeros(1, 1, 6, 6, requires_grad=True)
net(probe)[0, :, 2, 3].sum().backward()
print((probe.grad[0, 0] != 0).int())
sample = torch.zeros(1, 1, 3, 3)
with torch.no_grad():
    for i in range(3):
        for j in range(3):
            probs = F.softmax(net(sample)[:, :, i, j], dim=1)
            sample[:, :, i, j] = torch.multinomial(probs, 1).float() / 3
print(sample)
