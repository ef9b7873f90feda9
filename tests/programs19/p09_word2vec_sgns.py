# word2vec skip-gram with negative sampling: a window over a tiny corpus, the unigram^0.75 noise distribution
# drawn with torch.multinomial, two embedding tables, logsigmoid scores, then nearest neighbours by cosine.
import collections

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
corpus = ("the king rules the land the queen rules the land the man walks the dog the woman walks the dog "
          "a king and a queen a man and a woman").split()
counts = collections.Counter(corpus)
vocab = sorted(counts)
w2i = {w: i for i, w in enumerate(vocab)}
ids = [w2i[w] for w in corpus]
pairs = [(ids[i], ids[j]) for i in range(len(ids)) for j in range(max(0, i - 2), min(len(ids), i + 3)) if i != j]
freq = torch.tensor([counts[w] for w in vocab], dtype=torch.float)
noise = freq.pow(0.75) / freq.pow(0.75).sum()
print(len(vocab), len(pairs), noise.max().item())


class SGNS(nn.Module):
    def __init__(self, V, D):
        super().__init__()
        self.in_embed = nn.Embedding(V, D)
        self.out_embed = nn.Embedding(V, D)
        self.in_embed.weight.data.uniform_(-0.5 / D, 0.5 / D)
        self.out_embed.weight.data.zero_()

    def forward(self, center, context, negatives):
        v = self.in_embed(center)                                   # (B, D)
        u = self.out_embed(context)                                 # (B, D)
        n = self.out_embed(negatives)                               # (B, K, D)
        pos = F.logsigmoid((v * u).sum(1))
        neg = F.logsigmoid(-torch.bmm(n, v.unsqueeze(2)).squeeze(2)).sum(1)
        return -(pos + neg).mean()


model = SGNS(len(vocab), 6)
opt = torch.optim.Adam(model.parameters(), lr=0.05)
data = torch.tensor(pairs)
for epoch in range(6):
    perm = torch.randperm(len(data))
    total = 0.0
    for k in range(0, len(data), 32):
        batch = data[perm[k:k + 32]]
        negs = torch.multinomial(noise, batch.size(0) * 3, replacement=True).view(-1, 3)
        loss = model(batch[:, 0], batch[:, 1], negs)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * batch.size(0)
    print(f"epoch {epoch} loss {total / len(data):.4f}")

E = F.normalize(model.in_embed.weight.detach(), dim=1)
sims = E @ E.T
for w in ("king", "dog"):
    top = sims[w2i[w]].topk(3).indices.tolist()
    print(w, [vocab[i] for i in top])
