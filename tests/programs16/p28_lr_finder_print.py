"""An LR range test printing a table with f-string alignment; optimizer param_groups edited in place."""
import math

import torch
import torch.nn as nn

torch.manual_seed(4)
x = torch.randn(32, 5)
y = x @ torch.randn(5, 1)
model = nn.Linear(5, 1)
opt = torch.optim.SGD(model.parameters(), lr=1e-4)
lrs = [1e-4 * (10 ** (i / 2)) for i in range(8)]
print(f"{'lr':>10} | {'loss':>10} | {'grad':>8}")
print("-" * 34)
for lr in lrs:
    for group in opt.param_groups:
        group["lr"] = lr
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    gn = torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters()))
    opt.step()
    flag = " <- diverging" if not math.isfinite(loss.item()) or loss.item() > 1e3 else ""
    print(f"{lr:10.2e} | {loss.item():10.4f} | {gn.item():8.3f}{flag}")
print(opt.param_groups[0].keys() >= {"lr", "momentum", "weight_decay"}, opt.defaults["lr"])
print(opt)
