# Checkpointing training state: optimizer and scheduler state_dicts saved to BytesIO and loaded into fresh
# objects (training continues identically), add_param_group for a newly unfrozen layer, per-group lr changes,
# and zero_grad(set_to_none=False).
import copy
import io

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
for p in model[0].parameters():
    p.requires_grad_(False)
opt = torch.optim.Adam(model[2].parameters(), lr=0.05, betas=(0.8, 0.99))
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
x = torch.linspace(-1, 1, 18).view(6, 3)
y = x.sum(1, keepdim=True).sin()


def train(model, opt, sched, steps):
    out = []
    for _ in range(steps):
        loss = nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        out.append(round(loss.item(), 6))
    return out


print(train(model, opt, sched, 3))
for p in model[0].parameters():
    p.requires_grad_(True)
opt.add_param_group({"params": model[0].parameters(), "lr": 0.01})
print(len(opt.param_groups), [g["lr"] for g in opt.param_groups], opt.param_groups[1]["betas"])
buf = io.BytesIO()
torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict()}, buf)
ref = train(copy.deepcopy(model), opt, sched, 3)
buf.seek(0)
ck = torch.load(buf)
model2 = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
model2.load_state_dict(ck["model"])
opt2 = torch.optim.Adam([{"params": model2[2].parameters()}, {"params": model2[0].parameters()}], lr=0.05)
opt2.load_state_dict(ck["opt"])
sched2 = torch.optim.lr_scheduler.StepLR(opt2, step_size=2, gamma=0.5)
sched2.load_state_dict(ck["sched"])
print(ref)
print(train(model2, opt2, sched2, 3))
print(sorted(ck["opt"]["state"].keys()), ck["opt"]["param_groups"][1]["params"], ck["sched"]["last_epoch"])
for g in opt2.param_groups:
    g["lr"] *= 0.1
print([round(g["lr"], 6) for g in opt2.param_groups])
opt2.zero_grad(set_to_none=False)
print(model2[0].weight.grad.abs().sum().item(), model2[2].bias.grad)
