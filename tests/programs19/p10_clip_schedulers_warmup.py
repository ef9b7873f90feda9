# Gradient clipping and learning-rate schedules in a training loop: clip_grad_norm_ (its returned total norm, an
# inf norm), clip_grad_value_, a LinearLR warmup chained into CosineAnnealingLR with SequentialLR, StepLR,
# ReduceLROnPlateau on a validation loss, and get_last_lr() as the loops print it.
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=3)
cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5, eta_min=1e-3)
sched = torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[warm, cos], milestones=[3])
x, y = torch.randn(32, 4), torch.randn(32, 1)
for epoch in range(8):
    loss = nn.functional.mse_loss(model(x), y)
    opt.zero_grad()
    loss.backward()
    total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
    inf_norm = max(p.grad.abs().max() for p in model.parameters())
    opt.step()
    sched.step()
    print(f"epoch {epoch} loss {loss.item():.5f} grad-norm {total.item():.4f} inf {inf_norm.item():.4f} "
          f"lr {sched.get_last_lr()[0]:.6f}")

p = nn.Parameter(torch.tensor([1.0, -2.0, 3.0]))
p.grad = torch.tensor([0.5, -4.0, 10.0])
nn.utils.clip_grad_value_([p], clip_value=1.0)
print(p.grad)
p.grad = torch.tensor([3.0, -4.0, 0.0])
print(nn.utils.clip_grad_norm_([p], 1.0, norm_type=float("inf")), p.grad)
p.grad = torch.tensor([3.0, -4.0, 0.0])
print(nn.utils.clip_grad_norm_([p], 2.0, norm_type=1), p.grad)

opt2 = torch.optim.Adam([p], lr=1.0)
step = torch.optim.lr_scheduler.StepLR(opt2, step_size=2, gamma=0.5)
plateau_opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(plateau_opt, mode="min", factor=0.5, patience=1)
lrs = []
for epoch, val in enumerate([1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7]):
    opt2.step()
    step.step()
    plateau.step(val)
    lrs.append((step.get_last_lr()[0], plateau_opt.param_groups[0]["lr"]))
print(lrs)
