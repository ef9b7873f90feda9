"""Warmup + cosine with SequentialLR, CosineAnnealingWarmRestarts, LinearLR, MultiStepLR, ExponentialLR."""
import torch

p = [torch.nn.Parameter(torch.zeros(1))]


def trace(make, n=8, opt_lr=0.1):
    opt = torch.optim.SGD(p, lr=opt_lr)
    s = make(opt)
    out = []
    for _ in range(n):
        opt.step()
        out.append(round(opt.param_groups[0]["lr"], 6))
        s.step()
    return out


L = torch.optim.lr_scheduler
print(trace(lambda o: L.SequentialLR(o, [L.LinearLR(o, 0.1, 1.0, total_iters=3), L.CosineAnnealingLR(o, T_max=5)],
                                     milestones=[3])))
print(trace(lambda o: L.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.01), n=10))
print(trace(lambda o: L.MultiStepLR(o, milestones=[2, 5], gamma=0.1)))
print(trace(lambda o: L.ExponentialLR(o, gamma=0.9), n=4))
print(trace(lambda o: L.ChainedScheduler([L.ConstantLR(o, factor=0.5, total_iters=2), L.ExponentialLR(o, 0.9)]), n=5))
print(trace(lambda o: L.PolynomialLR(o, total_iters=4, power=2.0), n=6))
print(trace(lambda o: L.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2), n=6))
