"""An epoch loop with StepLR / ReduceLROnPlateau / OneCycleLR, printing get_last_lr()."""
import torch
import torch.nn as nn

model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
for epoch in range(5):
    opt.step()
    sched.step()
    print(epoch, sched.get_last_lr(), opt.param_groups[0]["lr"])
opt2 = torch.optim.Adam(model.parameters(), lr=1.0)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt2, mode="min", factor=0.1, patience=1)
for val in [1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7]:
    plateau.step(val)
    print(f"val {val} lr {opt2.param_groups[0]['lr']:.4g}")
opt3 = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
one = torch.optim.lr_scheduler.OneCycleLR(opt3, max_lr=0.1, total_steps=6)
lrs = []
for _ in range(6):
    opt3.step()
    lrs.append(round(one.get_last_lr()[0], 6))
    one.step()
print(lrs)
print(sched.state_dict()["last_epoch"], sched.state_dict()["_last_lr"])
opt4 = torch.optim.SGD(model.parameters(), lr=1.0)
lam = torch.optim.lr_scheduler.LambdaLR(opt4, lambda e: 1 / (e + 1))
for _ in range(3):
    opt4.step()
    lam.step()
print(lam.get_last_lr())
