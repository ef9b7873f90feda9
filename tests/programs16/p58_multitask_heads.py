"""A multi-task model: shared trunk, ModuleDict heads, weighted loss dict, per-task metrics logged in a dict."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(21)
x = torch.randn(32, 5)
targets = {"cls": (x[:, 0] > 0).long(), "reg": x[:, 1:2] * 2, "multi": (x[:, 2:4] > 0).float()}


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(5, 16), nn.SiLU())
        self.heads = nn.ModuleDict({"cls": nn.Linear(16, 2), "reg": nn.Linear(16, 1), "multi": nn.Linear(16, 2)})

    def forward(self, x):
        h = self.trunk(x)
        return {k: head(h) for k, head in self.heads.items()}


losses = {"cls": F.cross_entropy, "reg": F.smooth_l1_loss, "multi": F.binary_cross_entropy_with_logits}
weights = {"cls": 1.0, "reg": 0.5, "multi": 2.0}
model = Model()
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for step in range(4):
    out = model(x)
    parts = {k: losses[k](out[k], targets[k]) for k in out}
    total = sum(weights[k] * v for k, v in parts.items())
    opt.zero_grad()
    total.backward()
    opt.step()
    print(step, {k: round(v.item(), 4) for k, v in parts.items()}, f"{total.item():.4f}")
with torch.no_grad():
    out = model(x)
    print("acc", (out["cls"].argmax(1) == targets["cls"]).float().mean().item())
    print("mae", F.l1_loss(out["reg"], targets["reg"]).item() > 0)
    print("hamming", ((out["multi"] > 0).float() != targets["multi"]).float().mean())
