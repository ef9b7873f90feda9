# Quantile regression with the pinball loss (prediction intervals): one network head per quantile, the loss
# written with torch.max, coverage of the interval, and torch.quantile / nanquantile / kthvalue on the residuals.
import torch
import torch.nn as nn

torch.manual_seed(0)
X = torch.linspace(-2, 2, 80).unsqueeze(1)
y = X.pow(2) + (0.3 + 0.3 * X.abs()) * torch.randn(80, 1)
quantiles = torch.tensor([0.1, 0.5, 0.9])


def pinball(pred, target, q):
    err = target - pred
    return torch.max(q * err, (q - 1) * err).mean()


model = nn.Sequential(nn.Linear(1, 32), nn.ReLU(), nn.Linear(32, 3))
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(150):
    pred = model(X)
    loss = pinball(pred, y.expand(-1, 3), quantiles)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 50 == 0:
        print(epoch, round(loss.item(), 5))
with torch.no_grad():
    pred = model(X)
    inside = ((y[:, 0] >= pred[:, 0]) & (y[:, 0] <= pred[:, 2])).float().mean()
    print("coverage", inside.item(), "crossing", (pred[:, 0] > pred[:, 2]).sum().item())
    res = (y - pred[:, 1:2]).flatten()
print(torch.quantile(res, quantiles), torch.quantile(res, 0.5, interpolation="nearest"))
print(torch.quantile(res.view(8, 10), 0.25, dim=1, keepdim=True).shape)
r = res.clone()
r[::7] = float("nan")
print(torch.nanquantile(r, 0.9).item(), torch.quantile(r, 0.9).item())
print(torch.kthvalue(res, 5).values.item(), res.median().item())
for q in (0.1, 0.5, 0.9):
    print(q, torch.quantile(y, q, interpolation="linear").item(), torch.quantile(y, q, interpolation="midpoint").item())
