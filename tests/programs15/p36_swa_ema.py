# Weight averaging: torch.optim.swa_utils AveragedModel (SWA and an EMA avg_fn via get_ema_multi_avg_fn),
# SWALR annealing, update_bn recomputing BatchNorm statistics over a loader, and a hand-written EMA with
# torch._foreach_mul_/_foreach_add_ as some training scripts do.
import torch
import torch.nn as nn
from torch.optim.swa_utils import SWALR, AveragedModel, get_ema_multi_avg_fn, update_bn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 1))
swa_model = AveragedModel(model)
ema_model = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
swa_scheduler = SWALR(opt, swa_lr=0.05, anneal_epochs=2, anneal_strategy="cos")
ds = TensorDataset(torch.randn(12, 3), torch.randn(12, 1))
loader = DataLoader(ds, batch_size=4)
ema = [p.detach().clone() for p in model.parameters()]
for epoch in range(4):
    for xb, yb in loader:
        opt.zero_grad()
        nn.functional.mse_loss(model(xb), yb).backward()
        opt.step()
    swa_model.update_parameters(model)
    ema_model.update_parameters(model)
    swa_scheduler.step()
    with torch.no_grad():
        torch._foreach_mul_(ema, 0.9)
        torch._foreach_add_(ema, [p.detach() for p in model.parameters()], alpha=0.1)
    print(epoch, round(opt.param_groups[0]["lr"], 6), swa_model.n_averaged.item())
update_bn(loader, swa_model)
print(swa_model.module[1].running_mean, swa_model.module[1].momentum)
print(swa_model.module[0].bias, ema_model.module[0].bias)
print(ema[1], torch._foreach_norm(ema)[0])
with torch.no_grad():
    print(swa_model(torch.ones(2, 3)).squeeze(1))
