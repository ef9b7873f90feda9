# A sentence-pair model from an NLI tutorial: a BiGRU over each sentence, masked attention pooling, the
# [u, v, |u-v|, u*v] feature, nn.Bilinear as a second scorer, and the two heads trained together.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
V, E, H = 15, 6, 5


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, E, padding_idx=0)
        self.gru = nn.GRU(E, H, batch_first=True, bidirectional=True)
        self.att = nn.Linear(2 * H, 1)

    def forward(self, x):
        out, _ = self.gru(self.emb(x))
        scores = self.att(out).squeeze(-1).masked_fill(x == 0, -1e9)
        w = F.softmax(scores, dim=1)
        return torch.bmm(w.unsqueeze(1), out).squeeze(1), w


enc = Encoder()
mlp = nn.Sequential(nn.Linear(8 * H, 16), nn.Tanh(), nn.Linear(16, 3))
bil = nn.Bilinear(2 * H, 2 * H, 3)
params = list(enc.parameters()) + list(mlp.parameters()) + list(bil.parameters())
opt = torch.optim.Adam(params, lr=1e-2)
a = torch.tensor([[3, 4, 5, 0], [6, 7, 0, 0], [8, 9, 10, 11], [2, 3, 0, 0]])
b = torch.tensor([[3, 4, 0, 0], [12, 13, 14, 0], [8, 9, 10, 0], [5, 0, 0, 0]])
y = torch.tensor([0, 2, 0, 1])
for step in range(10):
    u, wu = enc(a)
    v, wv = enc(b)
    feats = torch.cat([u, v, (u - v).abs(), u * v], dim=1)
    loss = F.cross_entropy(mlp(feats), y) + 0.5 * F.cross_entropy(bil(u, v), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 3 == 0:
        print(step, round(loss.item(), 5))
print(wu.round(decimals=4))
print(bil.weight.shape, bil.bias.shape, bil(u, v).argmax(1).tolist(), mlp(feats).argmax(1).tolist())
