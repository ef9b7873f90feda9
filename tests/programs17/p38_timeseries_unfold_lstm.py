# A time-series forecaster as blog posts write it: min-max scaling, sliding windows with Tensor.unfold,
# a chronological split, an LSTM with a linear head on the last step, MAE/RMSE on the de-scaled predictions.
import math
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
series = torch.sin(torch.arange(60) * 0.3) * 10 + torch.arange(60) * 0.2 + torch.randn(60) * 0.5
lo, hi = series.min(), series.max()
scaled = (series - lo) / (hi - lo)
win = 8
windows = scaled.unfold(0, win + 1, 1)
print(windows.shape, windows.stride())
X, y = windows[:, :win].unsqueeze(-1), windows[:, win:]
split = int(len(X) * 0.8)
train = DataLoader(TensorDataset(X[:split], y[:split]), batch_size=16, shuffle=False)


class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=12, num_layers=2, batch_first=True, dropout=0.0)
        self.head = nn.Linear(12, 1)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        return self.head(out[:, -1, :])


model = Forecaster()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
for epoch in range(3):
    total = 0.0
    for xb, yb in train:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    print(f"Epoch [{epoch + 1}/3], Loss: {total / split:.6f}")
model.eval()
with torch.no_grad():
    pred = model(X[split:]) * (hi - lo) + lo
    true = y[split:] * (hi - lo) + lo
mae = torch.mean(torch.abs(pred - true))
rmse = math.sqrt(torch.mean((pred - true) ** 2).item())
print(f"MAE {mae:.4f} RMSE {rmse:.4f}", pred.shape)
