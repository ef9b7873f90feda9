"""Explicit L1/L2 penalties over named parameters (skipping biases), weight_decay comparison, sparsity count."""
import torch
import torch.nn as nn

torch.manual_seed(6)
model = nn.Sequential(nn.Linear(6, 6), nn.ReLU(), nn.Linear(6, 1))
x, y = torch.randn(20, 6), torch.randn(20, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
lam1, lam2 = 1e-2, 1e-3
for step in range(5):
    opt.zero_grad()
    mse = nn.functional.mse_loss(model(x), y)
    l1 = sum(p.abs().sum() for n, p in model.named_parameters() if "weight" in n)
    l2 = sum(p.pow(2.0).sum() for n, p in model.named_parameters() if not n.endswith("bias"))
    loss = mse + lam1 * l1 + lam2 * l2
    loss.backward()
    opt.step()
    print(f"{step} mse={mse.item():.5f} l1={l1.item():.4f} l2={l2.item():.4f}")
decay, no_decay = [], []
for n, p in model.named_parameters():
    (no_decay if p.ndim == 1 else decay).append(p)
opt2 = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3)
print([len(g["params"]) for g in opt2.param_groups], [g["weight_decay"] for g in opt2.param_groups])
with torch.no_grad():
    w = model[0].weight
    print((w.abs() < 0.05).sum().item(), w.numel(), f"{(w.abs() < 0.05).float().mean():.3f}")
