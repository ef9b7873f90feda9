# Robust statistics on a batch of measurements: median, nanmedian, quantile with each interpolation, kthvalue,
# mode, MAD-based outlier flags, trimmed means with sort, and the pinball loss of quantile regression trained briefly.
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(3, 9)
x[0, 2] = 8.0
x[2, 5] = float("nan")
print(x.median(dim=1), x.nanmedian(dim=1).values)
for method in ["linear", "lower", "higher", "midpoint", "nearest"]:
    print(method, torch.quantile(x[:2], torch.tensor([0.1, 0.5, 0.9]), dim=1, interpolation=method)[:, 0])
print(torch.nanquantile(x[2], 0.25), x[0].kthvalue(3), torch.tensor([1, 3, 3, 2, 2, 3]).mode())
row = x[0]
med = row.median()
mad = (row - med).abs().median()
print((row - med).abs() / (1.4826 * mad) > 3.5)
s, _ = row.sort()
print(s[1:-1].mean(), row.mean(), torch.std_mean(row, unbiased=False))


def pinball(pred, y, taus):
    diff = y.unsqueeze(1) - pred
    return torch.max(taus * diff, (taus - 1) * diff).mean()


taus = torch.tensor([0.1, 0.5, 0.9])
X = torch.rand(64, 1)
Y = 2 * X.squeeze(1) + torch.randn(64) * 0.3
model = nn.Linear(1, 3)
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for it in range(4):
    loss = pinball(model(X), Y, taus)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"it {it} pinball {loss.item():.6f}")
print(model.bias.data, (Y.unsqueeze(1) < model(X)).float().mean(0))
