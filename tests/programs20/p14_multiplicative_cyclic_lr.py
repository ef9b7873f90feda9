# Schedules that the short tutorials mention in passing: MultiplicativeLR, CyclicLR in its three modes (with
# momentum cycling for SGD), LambdaLR with a list of lambdas for two parameter groups, get_last_lr().
import torch
import torch.nn as nn
from torch.optim.lr_scheduler import CyclicLR, LambdaLR, MultiplicativeLR

model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = MultiplicativeLR(opt, lr_lambda=lambda epoch: 0.9 if epoch < 3 else 0.5)
lrs = []
for epoch in range(6):
    opt.step()
    sched.step()
    lrs.append(round(sched.get_last_lr()[0], 6))
print("multiplicative", lrs)

for mode in ("triangular", "triangular2", "exp_range"):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=3, mode=mode, gamma=0.9)
    seq, mom = [], []
    for it in range(14):
        opt.step()
        sched.step()
        seq.append(round(opt.param_groups[0]["lr"], 5))
        mom.append(round(opt.param_groups[0]["momentum"], 4))
    print(mode, seq)
    print("  momentum", mom[:7])
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = CyclicLR(opt, 0.001, 0.01, step_size_up=2, step_size_down=4, scale_fn=lambda x: 1 / (x + 1), scale_mode="iterations",
                 cycle_momentum=False)
seq = []
for it in range(10):
    opt.step()
    sched.step()
    seq.append(round(sched.get_last_lr()[0], 6))
print("custom scale", seq)
opt = torch.optim.Adam([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.5}], lr=0.1)
sched = LambdaLR(opt, [lambda e: 1 / (e + 1), lambda e: 0.5 ** e])
for epoch in range(3):
    opt.step()
    sched.step()
    print(epoch, [round(v, 5) for v in sched.get_last_lr()], sched.last_epoch)
print(sched.state_dict()["base_lrs"])
