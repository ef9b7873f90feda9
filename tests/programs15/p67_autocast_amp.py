# Mixed-precision training code as scripts write it device-agnostically on a CPU-only machine: torch.autocast
# with enabled=False, a GradScaler(enabled=False) whose scale/step/update pass through, float16 weights
# upcast for the optimizer, and torch.cuda.is_available()-guarded device selection.
import torch
import torch.nn as nn

torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler("cpu", enabled=False)
x, y = torch.randn(6, 4, device=device), torch.randn(6, 1, device=device)
for step in range(3):
    opt.zero_grad()
    with torch.autocast(device_type=device.type, enabled=False):
        loss = nn.functional.mse_loss(model(x), y)
    scaler.scale(loss).backward()
    scaler.unscale_(opt)
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    scaler.step(opt)
    scaler.update()
    print(step, f"{loss.item():.6f}", loss.dtype, scaler.is_enabled())
half = model.half()
print(half[0].weight.dtype, half(x.half()).dtype, model.float()[0].weight.dtype)
print(device, x.device, next(model.parameters()).is_cuda, torch.device("cpu") == x.device)
