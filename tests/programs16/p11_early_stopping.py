"""Early stopping with copy.deepcopy(model.state_dict()) and patience."""
import copy

import torch
import torch.nn as nn

torch.manual_seed(2)
x = torch.randn(40, 2)
y = (x[:, :1] * 2 - x[:, 1:]) + 0.3 * torch.randn(40, 1)
xtr, ytr, xva, yva = x[:30], y[:30], x[30:], y[30:]
model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.3)
best, best_state, patience, bad = float("inf"), None, 3, 0
for epoch in range(40):
    model.train()
    opt.zero_grad()
    nn.functional.mse_loss(model(xtr), ytr).backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        val = nn.functional.mse_loss(model(xva), yva).item()
    if val < best - 1e-4:
        best, bad = val, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        bad += 1
        if bad >= patience:
            print(f"stop at epoch {epoch}")
            break
print(f"best {best:.5f}")
model.load_state_dict(best_state)
with torch.no_grad():
    print(f"restored {nn.functional.mse_loss(model(xva), yva).item():.5f}")
print(best_state["weight"] is model.weight, best_state["weight"].requires_grad)
clone = copy.deepcopy(model)
clone.weight.data.fill_(0)
print(model.weight.abs().sum() > 0, clone.weight.sum().item())
