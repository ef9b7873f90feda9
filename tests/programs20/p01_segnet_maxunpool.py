# A tiny SegNet-style encoder/decoder: MaxPool2d(return_indices=True) remembers where the maxima were and
# MaxUnpool2d puts the decoder's values back there; trained a few steps on a toy "segment the bright square" task.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class TinySegNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1 = nn.Conv2d(1, 4, 3, padding=1)
        self.enc2 = nn.Conv2d(4, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(2, 2, return_indices=True)
        self.unpool = nn.MaxUnpool2d(2, 2)
        self.dec2 = nn.Conv2d(8, 4, 3, padding=1)
        self.dec1 = nn.Conv2d(4, 2, 3, padding=1)

    def forward(self, x):
        x = F.relu(self.enc1(x))
        size1 = x.size()
        x, i1 = self.pool(x)
        x = F.relu(self.enc2(x))
        size2 = x.size()
        x, i2 = self.pool(x)
        x = self.unpool(x, i2, output_size=size2)
        x = F.relu(self.dec2(x))
        x = self.unpool(x, i1, output_size=size1)
        return self.dec1(x)


def make_batch(n, size=8):
    imgs = torch.zeros(n, 1, size, size)
    masks = torch.zeros(n, size, size, dtype=torch.long)
    for k in range(n):
        r, c = (k * 3) % (size - 3), (k * 5) % (size - 3)
        imgs[k, 0, r:r + 3, c:c + 3] = 1.0
        masks[k, r:r + 3, c:c + 3] = 1
    imgs += 0.1 * torch.sin(torch.arange(n * size * size, dtype=torch.float32)).view(n, 1, size, size)
    return imgs, masks


x, y = make_batch(6)
pooled, idx = F.max_pool2d(x[:1], 2, return_indices=True)
print("indices", idx.shape, idx.dtype, idx[0, 0, 0].tolist())
print("unpooled nonzeros", (F.max_unpool2d(pooled, idx, 2) != 0).sum().item())
model = TinySegNet()
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for step in range(15):
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(f"step {step} loss {loss.item():.5f}")
with torch.no_grad():
    pred = model(x).argmax(1)
    inter = ((pred == 1) & (y == 1)).sum().item()
    union = ((pred == 1) | (y == 1)).sum().item()
    print("IoU", round(inter / max(union, 1), 4), "pixel acc", (pred == y).float().mean().item())
p1 = nn.MaxPool1d(2, return_indices=True)
v, i = p1(torch.tensor([[[1.0, 3.0, 2.0, 5.0, 4.0, 0.0]]]))
print(nn.MaxUnpool1d(2)(v, i), nn.MaxUnpool1d(2)(v, i, output_size=[7]).shape)
