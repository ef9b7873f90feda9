# Time-series forecasting as the tutorials do it: a sine wave cut into sliding windows with unfold, an LSTM
# trained on (window -> next value) with LBFGS-free Adam, then an autoregressive multi-step rollout with
# torch.no_grad and the state carried between steps.
import math

import torch
import torch.nn as nn

torch.manual_seed(0)
t = torch.arange(0, 60, dtype=torch.float32)
series = torch.sin(2 * math.pi * t / 12) + 0.05 * torch.randn(60)
W = 8
windows = series.unfold(0, W + 1, 1)
X, Y = windows[:, :W].unsqueeze(-1), windows[:, W:]
print(windows.shape, X.shape, Y.shape)


class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, 16, batch_first=True)
        self.fc = nn.Linear(16, 1)

    def forward(self, x, state=None):
        out, state = self.lstm(x, state)
        return self.fc(out[:, -1]), state


model = Forecaster()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
train = slice(0, 40)
for epoch in range(30):
    pred, _ = model(X[train])
    loss = nn.functional.mse_loss(pred, Y[train])
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 10 == 0:
        print(epoch, round(loss.item(), 6))
model.eval()
with torch.no_grad():
    test_pred, _ = model(X[40:])
    print("test mse", nn.functional.mse_loss(test_pred, Y[40:]).item())
    window = X[40:41].clone()
    _, state = model(window[:, :-1])
    last = window[:, -1:]
    preds = []
    for _ in range(6):
        out, state = model.lstm(last, state)
        nxt = model.fc(out[:, -1])
        preds.append(nxt.item())
        last = nxt.unsqueeze(1)
    print([round(p, 4) for p in preds])
    print(series[49:55])
