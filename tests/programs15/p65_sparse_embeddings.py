# Recommendation-style code: nn.Embedding(sparse=True) trained with SparseAdam alongside a dense Adam for the
# rest, the sparse gradient's indices/values coalesced, max_norm renormalisation, an embedding-dot-product
# matrix factorisation with per-user biases, and index_put_ with accumulate for rating counts.
import torch
import torch.nn as nn

torch.manual_seed(0)
users = torch.tensor([0, 1, 2, 0, 3, 1, 2])
items = torch.tensor([1, 0, 2, 2, 1, 1, 0])
ratings = torch.tensor([5.0, 3.0, 4.0, 1.0, 2.0, 4.0, 5.0])


class MF(nn.Module):
    def __init__(self):
        super().__init__()
        self.u = nn.Embedding(4, 3, sparse=True)
        self.i = nn.Embedding(3, 3, sparse=True)
        self.ub = nn.Embedding(4, 1)
        self.mu = nn.Parameter(torch.tensor(3.0))

    def forward(self, u, i):
        return (self.u(u) * self.i(i)).sum(1) + self.ub(u).squeeze(1) + self.mu


model = MF()
sparse_opt = torch.optim.SparseAdam(list(model.u.parameters()) + list(model.i.parameters()), lr=0.05)
dense_opt = torch.optim.Adam(list(model.ub.parameters()) + [model.mu], lr=0.05)
for epoch in range(4):
    sparse_opt.zero_grad()
    dense_opt.zero_grad()
    loss = nn.functional.mse_loss(model(users, items), ratings)
    loss.backward()
    sparse_opt.step()
    dense_opt.step()
    print(epoch, f"{loss.item():.6f}")
print(model.u.weight.grad.to_dense().abs().sum(1) > 0, model.i.weight.grad.to_dense().sum())
emb = nn.Embedding(5, 2, max_norm=1.0)
with torch.no_grad():
    emb.weight.mul_(3)
out = emb(torch.tensor([1, 3]))
print(out.norm(dim=1), emb.weight.norm(dim=1))
counts = torch.zeros(4, 3)
counts.index_put_((users, items), torch.ones(7), accumulate=True)
print(counts, nn.functional.embedding(torch.tensor([[0, 2]]), torch.eye(3)))
