# Graph neural networks without a graph library: an edge list, degree from bincount, GIN's sum aggregation
# with index_add_, a GraphSAGE-style mean with scatter_reduce, max aggregation (amax), and graph-level readout
# over a batch vector, trained on a toy graph classification.
import torch
import torch.nn as nn

torch.manual_seed(0)
edge_index = torch.tensor([[0, 1, 1, 2, 3, 4, 4, 5, 6, 6], [1, 0, 2, 1, 4, 3, 5, 4, 5, 4]])
batch = torch.tensor([0, 0, 0, 1, 1, 1, 1])
N = 7
x = torch.randn(N, 3)
deg = torch.bincount(edge_index[1], minlength=N)
print(deg.tolist())


class GINLayer(nn.Module):
    def __init__(self, din, dout):
        super().__init__()
        self.eps = nn.Parameter(torch.zeros(1))
        self.mlp = nn.Sequential(nn.Linear(din, dout), nn.ReLU(), nn.Linear(dout, dout))

    def forward(self, x, edge_index):
        src, dst = edge_index
        agg = torch.zeros_like(x).index_add_(0, dst, x[src])
        return self.mlp((1 + self.eps) * x + agg)


def mean_aggr(x, edge_index):
    src, dst = edge_index
    out = torch.zeros(x.size(0), x.size(1))
    return out.scatter_reduce(0, dst.unsqueeze(1).expand(-1, x.size(1)), x[src], reduce="mean", include_self=False)


def max_aggr(x, edge_index):
    src, dst = edge_index
    out = torch.full((x.size(0), x.size(1)), float("-inf"))
    return out.scatter_reduce(0, dst.unsqueeze(1).expand(-1, x.size(1)), x[src], reduce="amax")


print(mean_aggr(x, edge_index)[:2], max_aggr(x, edge_index)[6])
l1, l2 = GINLayer(3, 8), GINLayer(8, 8)
head = nn.Linear(8, 2)
params = list(l1.parameters()) + list(l2.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=1e-2)
y = torch.tensor([0, 1])
for epoch in range(15):
    h = torch.relu(l1(x, edge_index))
    h = l2(h, edge_index)
    pooled = torch.zeros(2, 8).index_add_(0, batch, h) / torch.bincount(batch).unsqueeze(1)
    loss = nn.functional.cross_entropy(head(pooled), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 5 == 0:
        print(epoch, round(loss.item(), 5))
print(l1.eps.grad, pooled.shape)
A = torch.zeros(N, N)
A[edge_index[0], edge_index[1]] = 1.0
print(torch.allclose(A.T @ x, torch.zeros_like(x).index_add_(0, edge_index[1], x[edge_index[0]])))
