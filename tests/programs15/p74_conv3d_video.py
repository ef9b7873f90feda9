# A small 3-D CNN for video clips (C3D-style): Conv3d with padding, BatchNorm3d, MaxPool3d with kernel (1, 2, 2),
# AdaptiveAvgPool3d, trilinear interpolation of a volume, avg_pool3d, and a training step.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
net = nn.Sequential(nn.Conv3d(3, 4, kernel_size=3, padding=1), nn.BatchNorm3d(4), nn.ReLU(),
                    nn.MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2)),
                    nn.Conv3d(4, 6, kernel_size=(3, 3, 3), stride=(1, 2, 2), padding=(1, 1, 1)), nn.ReLU(),
                    nn.AdaptiveAvgPool3d(1), nn.Flatten(), nn.Linear(6, 2))
clips = torch.randn(2, 3, 4, 8, 8)
labels = torch.tensor([0, 1])
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for step in range(3):
    loss = F.cross_entropy(net(clips), labels)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.6f}", net[0].weight.grad.abs().sum().item() > 0)
vol = torch.arange(8.0).view(1, 1, 2, 2, 2)
print(F.interpolate(vol, scale_factor=1.5, mode="trilinear", align_corners=False)[0, 0, 1])
print(F.avg_pool3d(torch.arange(64.0).view(1, 1, 4, 4, 4), 2).flatten(), net[1].running_var)
print(nn.ConvTranspose3d(2, 1, 2, stride=2)(torch.randn(1, 2, 2, 2, 2)).shape)
