# Normalisation layers with their newer options: LayerNorm(bias=False), nn.RMSNorm with and without eps and affine,
# GroupNorm(affine=False), InstanceNorm1d with track_running_stats, LayerNorm over several trailing dims, and a
# pre-norm residual block trained a few steps.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(4, 6, 8)
ln = nn.LayerNorm(8, bias=False)
print([n for n, _ in ln.named_parameters()], ln)
rms = nn.RMSNorm(8)
rms2 = nn.RMSNorm([6, 8], eps=1e-3, elementwise_affine=False)
print(rms, rms2, [tuple(p.shape) for p in rms.parameters()])
ref = x / torch.sqrt(x.pow(2).mean(-1, keepdim=True) + torch.finfo(x.dtype).eps)
print(torch.allclose(rms(x), ref, atol=1e-6), round(rms2(x).pow(2).mean().item(), 4))
print(torch.allclose(F.rms_norm(x, (8,), eps=1e-5), x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5), atol=1e-6))
gn = nn.GroupNorm(3, 6, affine=False)
print(list(gn.parameters()), gn(x).view(4, 3, -1).mean(-1).abs().max().item() < 1e-6)
inorm = nn.InstanceNorm1d(6, affine=True, track_running_stats=True)
inorm(x)
print(inorm.running_mean.round(decimals=4), inorm.num_batches_tracked)
inorm.eval()
print(inorm(x).mean().round(decimals=4))
ln2 = nn.LayerNorm([6, 8], elementwise_affine=True)
print(ln2.weight.shape, ln2(x).mean(dim=(1, 2)).abs().max().item() < 1e-6)


class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.norm = nn.RMSNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d, bias=False), nn.SiLU(), nn.Linear(2 * d, d, bias=False))

    def forward(self, h):
        return h + self.ff(self.norm(h))


model = nn.Sequential(Block(8), Block(8), nn.LayerNorm(8, bias=False))
target = torch.sin(x)
opt = torch.optim.AdamW(model.parameters(), lr=0.01)
for step in range(10):
    loss = F.mse_loss(model(x), target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 3 == 0:
        print(step, round(loss.item(), 5))
print(model[0].norm.weight.grad.abs().sum().round(decimals=4))
