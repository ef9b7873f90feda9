"""model.train()/eval() with Dropout and BatchNorm running statistics."""
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(3, momentum=0.5)
x = torch.randn(8, 3) * 2 + 1
print(bn.training, bn.running_mean, bn.running_var, bn.num_batches_tracked)
y = bn(x)
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
print(y.mean(0).abs().max() < 1e-6, y.std(0, unbiased=False))
bn.eval()
z = bn(x)
print(bn.training, z[:2])
model = nn.Sequential(nn.Linear(3, 3), nn.Dropout(0.5), nn.BatchNorm1d(3))
model.eval()
print([m.training for m in model])
with torch.no_grad():
    a, b = model(x), model(x)
print(torch.equal(a, b))
model.train()
print(all(m.training for m in model.modules()))
drop = nn.Dropout(p=0.0)
print(torch.equal(drop(x), x))
bn2 = nn.BatchNorm1d(3, track_running_stats=False)
bn2.eval()
print(bn2.running_mean, bn2(x).mean(0).abs().max() < 1e-5)
print(bn.state_dict().keys())
