"""A detection-style backbone: GroupNorm blocks, BatchNorm converted with SyncBatchNorm.convert_sync_batchnorm
(as DDP scripts do before wrapping), a training step, and the printed graph heads."""
import torch
import torch.nn as nn


def block(cin, cout, norm):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), norm(cout), nn.ReLU())


torch.manual_seed(0)
model = nn.Sequential(block(1, 4, nn.BatchNorm2d), block(4, 4, lambda c: nn.GroupNorm(2, c)),
                      nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3))
model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
print(model[0])
print([type(m).__name__ for m in model.modules() if "Norm" in type(m).__name__])
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
x, y = torch.randn(4, 1, 6, 6), torch.tensor([0, 1, 2, 1])
for step in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}", model[0][1].num_batches_tracked.item())
feats = model[1](model[0](x))
print(feats.grad_fn.name(), model[1][1](model[0](x)).grad_fn.name(), model[0][1](model[0][0](x)).grad_fn.name())
print(model[0][1].running_mean, model[1][1])
model.eval()
with torch.no_grad():
    print(model(x).argmax(1), model[0][1].training)
