"""Logging gradient norms per layer, clip_grad_norm_ return value, clip_grad_value_, NaN checks."""
import torch
import torch.nn as nn

torch.manual_seed(4)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
x, y = torch.randn(16, 4) * 10, torch.randn(16, 1)
loss = nn.functional.mse_loss(model(x), y)
loss.backward()
for name, p in model.named_parameters():
    print(f"{name:10s} grad-norm {p.grad.norm():10.4f} max {p.grad.abs().max():.4f}")
total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
print(f"total before clip {total:.4f}", total.dtype, total.shape)
after = torch.norm(torch.stack([p.grad.norm() for p in model.parameters()]))
print(f"after {after:.4f}")
nn.utils.clip_grad_value_(model.parameters(), 0.05)
print(max(p.grad.abs().max().item() for p in model.parameters()) <= 0.05)
print(any(torch.isnan(p.grad).any() for p in model.parameters()))
inf_norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0, norm_type=float("inf"))
print(inf_norm)
print(nn.utils.get_total_norm([p.grad for p in model.parameters()]) if hasattr(nn.utils, "get_total_norm") else "n/a")
