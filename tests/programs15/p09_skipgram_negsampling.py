# Word2vec skip-gram with negative sampling: two Embedding tables, bmm for the dot products, logsigmoid,
# negatives drawn with torch.multinomial from the unigram^0.75 distribution, SparseAdam-free plain Adam.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
corpus = "the quick brown fox jumps over the lazy dog the fox".split()
vocab = sorted(set(corpus))
w2i = {w: i for i, w in enumerate(vocab)}
ids = torch.tensor([w2i[w] for w in corpus])
pairs = [(ids[i].item(), ids[j].item()) for i in range(len(ids)) for j in range(i - 2, i + 3)
         if j != i and 0 <= j < len(ids)]
counts = torch.bincount(ids, minlength=len(vocab)).float()
noise = counts ** 0.75
noise /= noise.sum()


class SkipGram(nn.Module):
    def __init__(self, n, d):
        super().__init__()
        self.u = nn.Embedding(n, d)
        self.v = nn.Embedding(n, d)
        initrange = 0.5 / d
        self.u.weight.data.uniform_(-initrange, initrange)
        self.v.weight.data.zero_()

    def forward(self, center, context, negatives):
        emb_u = self.u(center)                                  # (B, d)
        emb_v = self.v(context)                                 # (B, d)
        emb_neg = self.v(negatives)                             # (B, K, d)
        pos = F.logsigmoid(torch.sum(emb_u * emb_v, dim=1))
        neg = F.logsigmoid(-torch.bmm(emb_neg, emb_u.unsqueeze(2)).squeeze(2)).sum(1)
        return -(pos + neg).mean()


model = SkipGram(len(vocab), 10)
opt = torch.optim.Adam(model.parameters(), lr=0.05)
c, o = torch.tensor(pairs).T
for epoch in range(5):
    negatives = torch.multinomial(noise, c.numel() * 4, replacement=True).view(-1, 4)
    loss = model(c, o, negatives)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, f"{loss.item():.6f}")
emb = F.normalize(model.u.weight.detach(), dim=1)
sims = emb @ emb[w2i["fox"]]
print([vocab[i] for i in sims.topk(3).indices.tolist()])
