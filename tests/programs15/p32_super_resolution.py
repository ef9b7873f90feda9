# The super-resolution example (ESPCN): conv layers with orthogonal init scaled by calculate_gain('relu'),
# nn.PixelShuffle to upscale, an MSE/PSNR loop; pixel_unshuffle and bicubic interpolation compared.
import math
import torch
import torch.nn as nn
import torch.nn.init as init
import torch.nn.functional as F

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self, upscale_factor):
        super().__init__()
        self.relu = nn.ReLU()
        self.conv1 = nn.Conv2d(1, 8, (5, 5), (1, 1), (2, 2))
        self.conv2 = nn.Conv2d(8, 8, (3, 3), (1, 1), (1, 1))
        self.conv3 = nn.Conv2d(8, upscale_factor ** 2, (3, 3), (1, 1), (1, 1))
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)
        self._initialize_weights()

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        return self.pixel_shuffle(self.conv3(x))

    def _initialize_weights(self):
        init.orthogonal_(self.conv1.weight, init.calculate_gain("relu"))
        init.orthogonal_(self.conv2.weight, init.calculate_gain("relu"))
        init.orthogonal_(self.conv3.weight)


model = Net(upscale_factor=2)
hr = torch.rand(3, 1, 8, 8)
lr_img = F.avg_pool2d(hr, 2)
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for epoch in range(4):
    optimizer.zero_grad()
    loss = criterion(model(lr_img), hr)
    loss.backward()
    optimizer.step()
    print(f"===> Epoch {epoch}: Loss: {loss.item():.6f} PSNR: {10 * math.log10(1 / loss.item()):.4f} dB")
up = F.interpolate(lr_img, scale_factor=2, mode="bicubic", align_corners=False)
print(f"bicubic PSNR {10 * math.log10(1 / criterion(up, hr).item()):.4f}")
print(torch.equal(F.pixel_unshuffle(F.pixel_shuffle(hr.repeat(1, 4, 1, 1), 2), 2), hr.repeat(1, 4, 1, 1)))
print(nn.PixelUnshuffle(2)(hr).shape, F.interpolate(hr, size=5, mode="area").shape)
