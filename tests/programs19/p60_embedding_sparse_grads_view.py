# What a sparse-gradient embedding looks like to a training loop that only uses dense views of it: the rows the
# batch touched (found from the gradient's nonzero rows), SGD with and without momentum on sparse=True, and the
# same updates from a dense embedding.
import torch
import torch.nn as nn

for sparse in (False, True):
    torch.manual_seed(0)
    emb = nn.Embedding(8, 3, sparse=sparse)
    opt = torch.optim.SGD(emb.parameters(), lr=0.2)
    for step in range(3):
        idx = torch.tensor([[1, 2, 2], [5, 1, 7]])
        loss = (emb(idx).sum(-1) - torch.tensor([[1.0, 0.0, 0.5], [0.0, 2.0, -1.0]])).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        g = emb.weight.grad.to_dense() if emb.weight.grad.is_sparse else emb.weight.grad
        touched = g.abs().sum(1).nonzero().flatten().tolist()
        opt.step()
        print(sparse, step, round(loss.item(), 6), touched)
    print(emb.weight[[1, 2, 5, 7]])
