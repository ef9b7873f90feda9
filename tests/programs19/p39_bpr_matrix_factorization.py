# Implicit-feedback recommendation with matrix factorization and the BPR loss: user/item embeddings with biases,
# sampled negatives, -logsigmoid of score differences, L2 on the used rows, and recall@k from topk.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
n_users, n_items, d = 6, 10, 4
interactions = torch.tensor([[0, 1], [0, 2], [1, 2], [1, 3], [2, 5], [2, 6], [3, 7], [4, 8], [5, 9], [5, 1],
                             [3, 6], [4, 0]])


class MF(nn.Module):
    def __init__(self):
        super().__init__()
        self.user = nn.Embedding(n_users, d)
        self.item = nn.Embedding(n_items, d)
        self.item_bias = nn.Embedding(n_items, 1)
        nn.init.normal_(self.user.weight, std=0.1)
        nn.init.normal_(self.item.weight, std=0.1)
        nn.init.zeros_(self.item_bias.weight)

    def score(self, u, i):
        return (self.user(u) * self.item(i)).sum(-1) + self.item_bias(i).squeeze(-1)


model = MF()
opt = torch.optim.Adagrad(model.parameters(), lr=0.1)
seen = torch.zeros(n_users, n_items, dtype=torch.bool)
seen[interactions[:, 0], interactions[:, 1]] = True
for epoch in range(30):
    u, i = interactions[:, 0], interactions[:, 1]
    j = torch.randint(0, n_items, (len(u),))
    diff = model.score(u, i) - model.score(u, j)
    reg = 1e-3 * (model.user(u).pow(2).sum() + model.item(i).pow(2).sum() + model.item(j).pow(2).sum())
    loss = -F.logsigmoid(diff).mean() + reg
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 10 == 0:
        print(epoch, round(loss.item(), 5))
with torch.no_grad():
    scores = model.user.weight @ model.item.weight.T + model.item_bias.weight.T
    top = scores.topk(3, dim=1).indices
    hits = seen.gather(1, top).float().sum(1)
    print(top.tolist())
    print("recall@3", (hits / seen.sum(1).float()).mean().item())
    print(opt.state[model.user.weight]["sum"].sum().item())
