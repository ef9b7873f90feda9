# A BYOL/mean-teacher style update: an online network with a predictor, a target network kept as an
# exponential moving average with torch.no_grad and lerp_/mul_().add_(), a cosine-similarity loss symmetrised over
# two augmented views, and the target never receiving gradients; copy.deepcopy makes the target.
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
online = nn.Sequential(nn.Linear(6, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 8))
predictor = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 8))
target = copy.deepcopy(online)
for p in target.parameters():
    p.requires_grad = False
opt = torch.optim.SGD(list(online.parameters()) + list(predictor.parameters()), lr=0.05, momentum=0.9)


def augment(x):
    return x * (1 + 0.1 * torch.randn_like(x)) + 0.05 * torch.randn_like(x)


def regression_loss(p, z):
    return 2 - 2 * F.cosine_similarity(p, z.detach(), dim=-1).mean()


x = torch.randn(16, 6)
tau = 0.9
for step in range(8):
    v1, v2 = augment(x), augment(x)
    loss = regression_loss(predictor(online(v1)), target(v2)) + regression_loss(predictor(online(v2)), target(v1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        for po, pt in zip(online.parameters(), target.parameters()):
            if step % 2 == 0:
                pt.mul_(tau).add_(po, alpha=1 - tau)
            else:
                pt.lerp_(po, 1 - tau)
        for bo, bt in zip(online.buffers(), target.buffers()):
            bt.copy_(bo)
    gap = sum((po - pt).norm() for po, pt in zip(online.parameters(), target.parameters()))
    print(step, f"{loss.item():.6f} gap {gap.item():.5f}")
print(all(p.grad is None for p in target.parameters()), target[1].num_batches_tracked.item())
