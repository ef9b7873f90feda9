# A WaveNet-style stack: causal dilated Conv1d (left padding with F.pad), gated tanh*sigmoid activations,
# residual and skip connections, predicting the next sample of a quantised sine wave with cross-entropy.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
Q = 16
t = torch.arange(200, dtype=torch.float32)
wave = torch.sin(2 * math.pi * t / 25) * 0.8 + 0.2 * torch.sin(2 * math.pi * t / 7)
q = ((wave + 1) / 2 * (Q - 1)).round().long().clamp(0, Q - 1)


class ResidualBlock(nn.Module):
    def __init__(self, ch, dilation):
        super().__init__()
        self.dilation = dilation
        self.filter = nn.Conv1d(ch, ch, 2, dilation=dilation)
        self.gate = nn.Conv1d(ch, ch, 2, dilation=dilation)
        self.res = nn.Conv1d(ch, ch, 1)
        self.skip = nn.Conv1d(ch, ch, 1)

    def forward(self, x):
        h = F.pad(x, (self.dilation, 0))
        z = torch.tanh(self.filter(h)) * torch.sigmoid(self.gate(h))
        return x + self.res(z), self.skip(z)


class WaveNet(nn.Module):
    def __init__(self, ch=8, dilations=(1, 2, 4, 8)):
        super().__init__()
        self.embed = nn.Embedding(Q, ch)
        self.blocks = nn.ModuleList(ResidualBlock(ch, d) for d in dilations)
        self.out = nn.Sequential(nn.ReLU(), nn.Conv1d(ch, ch, 1), nn.ReLU(), nn.Conv1d(ch, Q, 1))

    def forward(self, idx):
        x = self.embed(idx).transpose(1, 2)
        skips = 0
        for b in self.blocks:
            x, s = b(x)
            skips = skips + s
        return self.out(skips)


model = WaveNet()
print(sum(p.numel() for p in model.parameters()), "receptive field", 1 + sum(b.dilation for b in model.blocks))
inp, tgt = q[:-1].unsqueeze(0), q[1:].unsqueeze(0)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(25):
    logits = model(inp)
    loss = F.cross_entropy(logits, tgt)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(step, round(loss.item(), 5), round((logits.argmax(1) == tgt).float().mean().item(), 4))
with torch.no_grad():
    probe = q[:40].clone().unsqueeze(0)
    changed = probe.clone()
    changed[0, 30] = (changed[0, 30] + 3) % Q
    d = (model(probe) - model(changed)).abs().sum(1)[0]
print("causal", d[:30].max().item() == 0, d[30:].max().item() > 0)
