# A graph convolutional network with a sparse normalised adjacency: torch.sparse_coo_tensor, coalesce,
# torch.sparse.mm (gradient to the dense features), to_dense for checking, and a few training steps.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
edges = torch.tensor([[0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 0, 5], [1, 0, 2, 1, 3, 2, 4, 3, 5, 4, 5, 0]])
n = 6
idx = torch.cat([edges, torch.arange(n).repeat(2, 1)], dim=1)
vals = torch.ones(idx.size(1))
A = torch.sparse_coo_tensor(idx, vals, (n, n)).coalesce()
deg = torch.sparse.sum(A, dim=1).to_dense()
dinv = deg.pow(-0.5)
norm_vals = dinv[A.indices()[0]] * A.values() * dinv[A.indices()[1]]
A_hat = torch.sparse_coo_tensor(A.indices(), norm_vals, (n, n))
print(A.is_sparse, A.layout, A._nnz(), deg.tolist())
print(A_hat.to_dense().round(decimals=3))
X = torch.eye(n)
y = torch.tensor([0, 0, 0, 1, 1, 1])


class GCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(n, 8)
        self.l2 = nn.Linear(8, 2)

    def forward(self, A, X):
        h = F.relu(torch.sparse.mm(A, self.l1(X)))
        return torch.sparse.mm(A, self.l2(h))


model = GCN()
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for step in range(20):
    out = model(A_hat, X)
    loss = F.cross_entropy(out, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(step, round(loss.item(), 5))
print(model(A_hat, X).argmax(1).tolist())
dense_out = (A_hat.to_dense() @ model.l2(F.relu(A_hat.to_dense() @ model.l1(X))))
print(torch.allclose(dense_out, model(A_hat, X), atol=1e-6))
print((A_hat @ torch.ones(n, 1)).squeeze(1).round(decimals=4))
S = torch.tensor([[0.0, 2.0], [3.0, 0.0]]).to_sparse()
print(S.indices(), S.values(), S.to_dense())
