# The scheduler settings the fast.ai and SGDR papers made popular: OneCycleLR with three phases and momentum
# cycling, CosineAnnealingWarmRestarts with T_mult, ReduceLROnPlateau in 'max' mode with cooldown, printed per step.
import torch
from torch import nn, optim
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts, OneCycleLR, ReduceLROnPlateau

torch.manual_seed(0)
model = nn.Linear(3, 1)
opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = OneCycleLR(opt, max_lr=0.5, total_steps=8, pct_start=0.25, three_phase=True, anneal_strategy="linear",
                   div_factor=10, final_div_factor=100)
for i in range(8):
    opt.step()
    sched.step()
    print(f"onecycle {i}: lr={opt.param_groups[0]['lr']:.6f} momentum={opt.param_groups[0]['momentum']:.4f}")
opt2 = optim.Adam(model.parameters(), lr=0.01)
sched2 = CosineAnnealingWarmRestarts(opt2, T_0=2, T_mult=2, eta_min=1e-4)
iters = 3
for epoch in range(4):
    for i in range(iters):
        opt2.step()
        sched2.step(epoch + i / iters)
        print("sgdr", epoch, i, round(sched2.get_last_lr()[0], 7), sched2.T_cur, sched2.T_i)
opt3 = optim.SGD(model.parameters(), lr=1.0)
plateau = ReduceLROnPlateau(opt3, mode="max", factor=0.5, patience=1, threshold=0.01, threshold_mode="abs",
                            cooldown=1, min_lr=0.1)
for epoch, acc in enumerate([0.5, 0.6, 0.605, 0.6, 0.59, 0.7, 0.7, 0.69, 0.68, 0.68]):
    plateau.step(acc)
    print(epoch, acc, opt3.param_groups[0]["lr"], plateau.num_bad_epochs, plateau.cooldown_counter)
print(sched.state_dict()["total_steps"], sched2.state_dict()["T_0"], plateau.state_dict()["best"])
