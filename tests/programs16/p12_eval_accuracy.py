"""A torch.no_grad() evaluation loop: argmax/eq/sum/float accuracy and a bincount confusion matrix."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(5)
n, k = 60, 3
y = torch.arange(n) % k
x = torch.randn(n, 4) + nn.functional.one_hot(y, 4).float() * 2
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, k))
opt = torch.optim.Adam(model.parameters(), lr=0.05)
loader = DataLoader(TensorDataset(x, y), batch_size=20, shuffle=False)
for epoch in range(3):
    for xb, yb in loader:
        opt.zero_grad()
        nn.CrossEntropyLoss()(model(xb), yb).backward()
        opt.step()
model.eval()
correct, total, preds = 0, 0, []
with torch.no_grad():
    for xb, yb in loader:
        out = model(xb)
        pred = out.argmax(dim=1)
        correct += (pred == yb).sum().item()
        total += yb.size(0)
        preds.append(pred)
        _, p2 = torch.max(out, 1)
        assert torch.equal(p2, pred)
print(f"accuracy {100.0 * correct / total:.2f}% ({correct}/{total})")
preds = torch.cat(preds)
acc = preds.eq(y).float().mean()
print(acc, preds.eq(y.view_as(preds)).sum())
cm = torch.bincount(y * k + preds, minlength=k * k).reshape(k, k)
print(cm)
print("per-class recall", (cm.diag().float() / cm.sum(1).float()))
print("precision", cm.diag() / cm.sum(0).clamp(min=1))
