"""A small Trainer class with callbacks (history, checkpoint-on-best, LR logger) as library-style scripts write it."""
import copy

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split


class History:
    def __init__(self):
        self.rows = []

    def on_epoch_end(self, trainer, logs):
        self.rows.append(dict(logs))


class BestKeeper:
    def __init__(self):
        self.best, self.state = float("inf"), None

    def on_epoch_end(self, trainer, logs):
        if logs["val_loss"] < self.best:
            self.best, self.state = logs["val_loss"], copy.deepcopy(trainer.model.state_dict())


class Trainer:
    def __init__(self, model, opt, loss_fn, callbacks=()):
        self.model, self.opt, self.loss_fn, self.callbacks = model, opt, loss_fn, list(callbacks)

    def run_epoch(self, loader, train):
        self.model.train(train)
        total, n = 0.0, 0
        with torch.set_grad_enabled(train):
            for xb, yb in loader:
                loss = self.loss_fn(self.model(xb), yb)
                if train:
                    self.opt.zero_grad()
                    loss.backward()
                    self.opt.step()
                total, n = total + loss.item() * len(xb), n + len(xb)
        return total / n

    def fit(self, train_dl, val_dl, epochs):
        for epoch in range(epochs):
            logs = {"epoch": epoch, "loss": round(self.run_epoch(train_dl, True), 6),
                    "val_loss": round(self.run_epoch(val_dl, False), 6), "lr": self.opt.param_groups[0]["lr"]}
            for cb in self.callbacks:
                cb.on_epoch_end(self, logs)
            print(" ".join(f"{k}={v}" for k, v in logs.items()))


torch.manual_seed(0)
X = torch.randn(40, 3)
Y = (X.sum(1) > 0).long()
train_ds, val_ds = random_split(TensorDataset(X, Y), [30, 10], generator=torch.Generator().manual_seed(1))
model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 2))
hist, best = History(), BestKeeper()
trainer = Trainer(model, torch.optim.Adam(model.parameters(), lr=0.02), nn.CrossEntropyLoss(), [hist, best])
trainer.fit(DataLoader(train_ds, batch_size=10, shuffle=True, generator=torch.Generator().manual_seed(2)),
            DataLoader(val_ds, batch_size=10), epochs=4)
print(len(hist.rows), f"{best.best:.6f}", sorted(best.state), model.training)
