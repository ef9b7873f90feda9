# PointNet / Deep Sets: a shared per-point MLP (Conv1d with kernel 1), a symmetric max/sum pooling, and the
# permutation-invariance check the tutorials print; the T-Net regulariser ||I - A A^T||.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class PointNet(nn.Module):
    def __init__(self, k=3):
        super().__init__()
        self.conv1 = nn.Conv1d(3, 16, 1)
        self.conv2 = nn.Conv1d(16, 32, 1)
        self.bn1, self.bn2 = nn.BatchNorm1d(16), nn.BatchNorm1d(32)
        self.fc = nn.Linear(32, k)
        self.tnet = nn.Linear(3, 9)

    def forward(self, x):                       # x: (B, N, 3)
        trans = self.tnet(x.mean(1)).view(-1, 3, 3) + torch.eye(3)
        x = torch.bmm(x, trans).transpose(2, 1)
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = torch.max(x, 2, keepdim=True)[0].view(-1, 32)
        return F.log_softmax(self.fc(x), dim=1), trans


def feature_transform_regularizer(trans):
    d = trans.size()[1]
    I = torch.eye(d)[None, :, :]
    return torch.mean(torch.norm(torch.bmm(trans, trans.transpose(2, 1)) - I, dim=(1, 2)))


net = PointNet()
pts = torch.randn(4, 20, 3)
labels = torch.tensor([0, 2, 1, 0])
opt = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999))
for ep in range(3):
    pred, trans = net(pts)
    loss = F.nll_loss(pred, labels) + 0.001 * feature_transform_regularizer(trans)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"epoch {ep}: loss={loss:.4f}")
net.eval()
perm = torch.randperm(20)
a, _ = net(pts)
b, _ = net(pts[:, perm])
print("invariant:", torch.allclose(a, b, atol=1e-6), a.exp().sum(1))
sum_pool = nn.Sequential(nn.Linear(3, 8), nn.ELU(), nn.Linear(8, 8))
phi = sum_pool(pts).sum(dim=1)
print(phi.shape, torch.allclose(phi, sum_pool(pts[:, perm]).sum(1), atol=1e-5))
