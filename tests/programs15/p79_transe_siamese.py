# Embedding-learning recipes: TransE for a toy knowledge graph (entity embeddings renormalised in place under
# no_grad each step, L1 distances of h + r - t, corrupted tails, MarginRankingLoss), and a Siamese network with
# the contrastive loss written out (pairwise_distance, clamp(margin - d, min=0)).
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
n_ent, n_rel, d = 6, 2, 4
triples = torch.tensor([[0, 0, 1], [1, 0, 2], [2, 1, 3], [3, 1, 4], [4, 0, 5]])
ent, rel = nn.Embedding(n_ent, d), nn.Embedding(n_rel, d)
bound = 6 / d ** 0.5
nn.init.uniform_(ent.weight, -bound, bound)
nn.init.uniform_(rel.weight, -bound, bound)
rel.weight.data = F.normalize(rel.weight.data, p=2, dim=1)
opt = torch.optim.SGD(list(ent.parameters()) + list(rel.parameters()), lr=0.05)
crit = nn.MarginRankingLoss(margin=1.0)
for epoch in range(4):
    with torch.no_grad():
        ent.weight.div_(ent.weight.norm(p=2, dim=1, keepdim=True))
    h, r, t = triples.unbind(1)
    t_bad = torch.randint(0, n_ent, t.shape)
    pos = (ent(h) + rel(r) - ent(t)).norm(p=1, dim=1)
    neg = (ent(h) + rel(r) - ent(t_bad)).norm(p=1, dim=1)
    loss = crit(pos, neg, -torch.ones_like(pos))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, f"{loss.item():.6f}", t_bad.tolist())
with torch.no_grad():
    scores = (ent(triples[:, 0]) + rel(triples[:, 1])).unsqueeze(1) - ent.weight.unsqueeze(0)
    ranks = scores.norm(p=1, dim=2).argsort(1)
    print((ranks == triples[:, 2:3]).nonzero()[:, 1] + 1)
twin = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 3))
a, b = torch.randn(6, 5), torch.randn(6, 5)
same = torch.tensor([1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
opt2 = torch.optim.Adam(twin.parameters(), lr=1e-2)
for step in range(3):
    dist = F.pairwise_distance(twin(a), twin(b))
    loss = (same * dist.pow(2) + (1 - same) * torch.clamp(2.0 - dist, min=0.0).pow(2)).mean() / 2
    opt2.zero_grad()
    loss.backward()
    opt2.step()
    print(step, f"{loss.item():.6f}", dist.detach()[:3])
