# A two-layer graph convolutional network (Kipf & Welling) on a toy graph: an edge list, self loops, the
# symmetric normalisation D^-1/2 A D^-1/2 as a sparse COO matrix (coalesced) and as index_add_ message passing,
# masked training nodes, log_softmax + nll_loss.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
edges = torch.tensor([[0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 0, 5], [1, 0, 2, 1, 3, 2, 4, 3, 5, 4, 5, 0]])
N = 6
loops = torch.arange(N).repeat(2, 1)
ei = torch.cat([edges, loops], dim=1)
deg = torch.zeros(N).scatter_add_(0, ei[0], torch.ones(ei.size(1)))
w = deg[ei[0]].pow(-0.5) * deg[ei[1]].pow(-0.5)
A = torch.sparse_coo_tensor(ei, w, (N, N)).coalesce()
print(A.indices().shape, A.values()[:4], torch.sparse.sum(A).item())


class GCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2 = nn.Linear(4, 8), nn.Linear(8, 3)

    def propagate(self, h):
        out = torch.zeros_like(h)
        return out.index_add_(0, ei[1], h[ei[0]] * w.unsqueeze(1))

    def forward(self, x, sparse=False):
        prop = (lambda h: torch.sparse.mm(A, h)) if sparse else self.propagate
        h = F.dropout(F.relu(prop(self.l1(x))), p=0.5, training=self.training)
        return F.log_softmax(prop(self.l2(h)), dim=1)


x = torch.randn(N, 4)
y = torch.tensor([0, 0, 1, 1, 2, 2])
train_mask = torch.tensor([True, False, True, False, True, False])
model = GCN()
opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
for epoch in range(4):
    model.train()
    opt.zero_grad()
    out = model(x)
    loss = F.nll_loss(out[train_mask], y[train_mask])
    loss.backward()
    opt.step()
    print(epoch, f"{loss.item():.6f}")
model.eval()
a, b = model(x), model(x, sparse=True)
print(torch.allclose(a, b, atol=1e-6), (a.argmax(1)[~train_mask] == y[~train_mask]).float().mean())
print(A.to_dense()[0], (A @ torch.ones(N, 1)).squeeze(1))
