# The spatial-transformer tutorial's localisation net: a small conv stack regressing a 2x3 affine theta
# initialised to the identity, F.affine_grid and F.grid_sample (bilinear and nearest, zeros and border
# padding), trained one step; interpolate resizing alongside.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class STN(nn.Module):
    def __init__(self):
        super().__init__()
        self.localization = nn.Sequential(nn.Conv2d(1, 4, kernel_size=3), nn.MaxPool2d(2, stride=2), nn.ReLU(True))
        self.fc_loc = nn.Sequential(nn.Linear(4 * 3 * 3, 8), nn.ReLU(True), nn.Linear(8, 3 * 2))
        self.fc_loc[2].weight.data.zero_()
        self.fc_loc[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))

    def forward(self, x):
        xs = self.localization(x).view(-1, 4 * 3 * 3)
        theta = self.fc_loc(xs).view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size(), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False), theta


net = STN()
img = torch.randn(2, 1, 8, 8)
out, theta = net(img)
print(torch.allclose(out, img, atol=1e-5), theta[0])
target = torch.roll(img, shifts=1, dims=3)
opt = torch.optim.SGD(net.parameters(), lr=0.05)
for step in range(3):
    out, theta = net(img)
    loss = F.mse_loss(out, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.6f}", net.fc_loc[2].bias.grad.abs().sum().item() > 0)
rot = torch.tensor([[[0.0, -1.0, 0.1], [1.0, 0.0, 0.0]]])
g = F.affine_grid(rot, (1, 1, 4, 4), align_corners=True)
x = torch.arange(16.0).view(1, 1, 4, 4)
print(F.grid_sample(x, g, mode="nearest", align_corners=True))
print(F.grid_sample(x, g * 1.3, padding_mode="border", align_corners=True))
print(F.interpolate(x, scale_factor=0.5, mode="bilinear", align_corners=False),
      F.interpolate(x, size=(2, 3), mode="nearest").shape)
