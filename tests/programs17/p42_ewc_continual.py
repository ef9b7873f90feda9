# Elastic weight consolidation: the diagonal Fisher from squared per-sample gradients on task A, stored copies of
# the parameters (dict of detached clones), and the quadratic penalty added while training on task B.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 6), nn.ReLU(), nn.Linear(6, 2))
xa, ya = torch.randn(12, 3), torch.randint(0, 2, (12,))
xb, yb = torch.randn(12, 3) + 1, torch.randint(0, 2, (12,))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(5):
    opt.zero_grad()
    F.cross_entropy(model(xa), ya).backward()
    opt.step()
fisher = {n: torch.zeros_like(p) for n, p in model.named_parameters()}
model.eval()
for x, y in zip(xa, ya):
    model.zero_grad()
    out = F.log_softmax(model(x.unsqueeze(0)), dim=1)
    F.nll_loss(out, y.unsqueeze(0)).backward()
    for n, p in model.named_parameters():
        fisher[n] += p.grad.detach() ** 2 / len(xa)
star = {n: p.detach().clone() for n, p in model.named_parameters()}
print({n: round(f.sum().item(), 6) for n, f in fisher.items()})
model.train()
lam = 50.0
for step in range(4):
    opt.zero_grad()
    task = F.cross_entropy(model(xb), yb)
    penalty = sum((fisher[n] * (p - star[n]) ** 2).sum() for n, p in model.named_parameters())
    (task + lam / 2 * penalty).backward()
    opt.step()
    print(f"step {step} task B {task.item():.5f} penalty {penalty.item():.7f}")
with torch.no_grad():
    print("task A acc", (model(xa).argmax(1) == ya).float().mean().item())
