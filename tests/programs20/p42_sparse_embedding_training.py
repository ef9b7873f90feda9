# Large-vocabulary embeddings trained with sparse gradients: nn.Embedding(sparse=True) with optim.SparseAdam
# for the embedding and Adam for the dense head (two optimizers), and the same with SGD; only the rows looked
# up change.
import torch
import torch.nn as nn

torch.manual_seed(0)
V, D = 50, 4
emb = nn.Embedding(V, D, sparse=True)
head = nn.Linear(D, 1)
sparse_opt = torch.optim.SparseAdam(list(emb.parameters()), lr=0.05)
dense_opt = torch.optim.Adam(head.parameters(), lr=0.05)
ids = torch.tensor([[1, 5, 7], [5, 9, 1], [2, 2, 7], [9, 1, 3]])
target = torch.tensor([1.0, -1.0, 0.5, 0.0]).view(-1, 1)
before = emb.weight.detach().clone()
for step in range(10):
    pred = head(emb(ids).mean(1))
    loss = nn.functional.mse_loss(pred, target)
    sparse_opt.zero_grad()
    dense_opt.zero_grad()
    loss.backward()
    sparse_opt.step()
    dense_opt.step()
    if step % 3 == 0:
        print(step, round(loss.item(), 5))
changed = (emb.weight.detach() != before).any(1).nonzero().flatten().tolist()
print("rows changed", changed)
g = emb.weight.grad
print(type(g).__name__, tuple(g.shape))
emb2 = nn.Embedding(V, D, sparse=True)
opt2 = torch.optim.SGD(emb2.parameters(), lr=0.5)
w0 = emb2.weight.detach().clone()
emb2(torch.tensor([3, 3, 4])).sum().backward()
opt2.step()
print((emb2.weight.detach() - w0)[2:6])
print(nn.functional.embedding(torch.tensor([0, 2]), torch.arange(6.0).view(3, 2), sparse=True))
