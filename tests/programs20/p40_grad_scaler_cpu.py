# The mixed-precision training recipe run on CPU: torch.amp.GradScaler("cpu") scaling the loss, unscale_ before
# gradient clipping, skipping a step on inf gradients, and the scale's growth/backoff; a disabled autocast region.
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.05)
scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 10, growth_interval=2)
x = torch.linspace(-1, 1, 32).view(8, 4)
y = x.sum(1, keepdim=True)
for step in range(6):
    loss = nn.functional.mse_loss(model(x), y)
    opt.zero_grad()
    scaler.scale(loss).backward()
    if step == 3:
        model[0].weight.grad[0, 0] = float("inf")
    scaler.unscale_(opt)
    norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    scaler.step(opt)
    scaler.update()
    print(step, round(loss.item(), 5), scaler.get_scale(), bool(torch.isfinite(norm)))
print(scaler.state_dict()["scale"], scaler.is_enabled())
with torch.autocast("cpu", enabled=False):
    out = model(x)
print(out.dtype, torch.is_autocast_enabled("cpu"))
disabled = torch.amp.GradScaler("cpu", enabled=False)
print(disabled.scale(torch.tensor(2.0)), disabled.get_scale())
