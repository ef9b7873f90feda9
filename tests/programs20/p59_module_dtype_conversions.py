# Converting a model between dtypes: .double(), .half(), .to(torch.float64), .float(); buffers follow (running
# stats) but integer buffers (num_batches_tracked) keep their dtype; parameters stay the same objects; the input
# must match; to(dtype) on a Tensor vs Module; type_as and the optimizer after conversion.
import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
p0 = net[0].weight
net.double()
print(net[0].weight.dtype, net[1].running_mean.dtype, net[1].num_batches_tracked.dtype, net[0].weight is p0)
x = torch.linspace(-1, 1, 15).view(5, 3)
print(net(x.double()).dtype)
try:
    net(x)
except RuntimeError as e:
    print("mismatch:", type(e).__name__)
net.to(torch.float32)
print(net[3].bias.dtype, net(x).dtype)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
for step in range(3):
    loss = net(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 6))
h = nn.Linear(2, 2).half()
print(h.weight.dtype, h(torch.ones(1, 2, dtype=torch.float16)).dtype)
print(torch.ones(2).type_as(torch.zeros(1, dtype=torch.float64)).dtype, torch.ones(2).to(torch.zeros(1, dtype=torch.int32)).dtype)
print(torch.ones(2, dtype=torch.float64).to(torch.float32, copy=True).dtype, torch.tensor([1.5]).type(torch.int64))
print(torch.tensor([1.5]).type(), torch.tensor([1.5], dtype=torch.float64).type(), torch.tensor([1]).type())
emb = nn.Embedding(4, 2).double()
print(emb.weight.dtype, emb(torch.tensor([1])).dtype)
print(next(net.parameters()).dtype, sorted({str(b.dtype) for b in net.buffers()}))
