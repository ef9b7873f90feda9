# The learning-rate schedulers a training script prints each epoch: StepLR, MultiStepLR, ExponentialLR,
# CosineAnnealingLR, LambdaLR, OneCycleLR, CyclicLR, CosineAnnealingWarmRestarts, and a warm-up chained
# with SequentialLR; ReduceLROnPlateau fed a plateauing loss.
import torch
from torch import nn, optim
from torch.optim import lr_scheduler


def make(lr=0.1, momentum=0.9):
    return optim.SGD(nn.Linear(2, 1).parameters(), lr=lr, momentum=momentum)


def trace(opt, sched, n=8):
    lrs = []
    for _ in range(n):
        opt.step()
        sched.step()
        lrs.append(round(sched.get_last_lr()[0], 6))
    return lrs


o = make(); print("step", trace(o, lr_scheduler.StepLR(o, step_size=3, gamma=0.5)))
o = make(); print("multistep", trace(o, lr_scheduler.MultiStepLR(o, milestones=[2, 5], gamma=0.1)))
o = make(); print("exp", trace(o, lr_scheduler.ExponentialLR(o, gamma=0.9)))
o = make(); print("cosine", trace(o, lr_scheduler.CosineAnnealingLR(o, T_max=6, eta_min=0.01)))
o = make(); print("lambda", trace(o, lr_scheduler.LambdaLR(o, lr_lambda=lambda e: 0.95 ** e)))
o = make(); print("onecycle", trace(o, lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=10)))
print("momentum", round(o.param_groups[0]["momentum"], 6))
o = make(); print("cyclic", trace(o, lr_scheduler.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3)))
o = make(); print("warm-restarts", trace(o, lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2)))
o = make()
warm = lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=3)
cos = lr_scheduler.CosineAnnealingLR(o, T_max=5)
print("warmup+cosine", trace(o, lr_scheduler.SequentialLR(o, [warm, cos], milestones=[3])))
o = make()
chain = lr_scheduler.ChainedScheduler([lr_scheduler.ConstantLR(o, factor=0.5, total_iters=2),
                                       lr_scheduler.ExponentialLR(o, gamma=0.9)])
print("chained", trace(o, chain, 4))
o = make()
plateau = lr_scheduler.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=1, threshold=1e-3)
for loss in [1.0, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8]:
    plateau.step(loss)
    print(o.param_groups[0]["lr"], end=" ")
print()
print(lr_scheduler.StepLR(make(), 2).state_dict()["last_epoch"])
