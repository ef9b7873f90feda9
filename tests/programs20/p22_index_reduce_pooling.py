# Graph pooling with index_reduce_ and scatter_reduce: per-graph mean/max/min/product readouts of node features
# (include_self both ways), gradients through scatter_reduce 'sum'/'mean'/'amax', and index_add_ with alpha.
import torch

torch.manual_seed(0)
x = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0], [2.0, 2.0], [-3.0, 1.0]])
batch = torch.tensor([0, 0, 1, 1, 1])
for reduce in ("mean", "amax", "amin", "prod"):
    out = torch.zeros(2, 2).index_reduce_(0, batch, x, reduce, include_self=False)
    with_self = torch.ones(2, 2).index_reduce(0, batch, x, reduce)
    print(f"{reduce:5s}", out.tolist(), with_self.tolist())
print(torch.zeros(2, 2).index_add_(0, batch, x, alpha=0.5))
idx = batch.view(-1, 1).expand_as(x)
for reduce in ("sum", "mean", "amax", "amin", "prod"):
    r = torch.zeros(2, 2).scatter_reduce(0, idx, x, reduce=reduce, include_self=False)
    print(f"scatter {reduce:5s}", r.tolist())
xg = x.clone().requires_grad_()
for reduce in ("sum", "mean", "amax"):
    xg.grad = None
    out = torch.zeros(2, 2).scatter_reduce(0, idx, xg, reduce=reduce, include_self=False)
    (out * torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    print(f"grad {reduce:4s}", xg.grad.tolist())
counts = torch.zeros(2).scatter_add_(0, batch, torch.ones(5))
print(counts, torch.bincount(batch), torch.zeros(3, dtype=torch.long).scatter_reduce(0, torch.tensor([0, 2, 2]), torch.tensor([5, 1, 7]), "amax"))
z = torch.zeros(3, 4)
z.scatter_(1, torch.tensor([[0], [3], [1]]), 1.0)
print(z, torch.full((2, 3), 2.0).scatter_(0, torch.tensor([[1, 0, 1]]), torch.full((1, 3), 5.0), reduce="multiply"))
