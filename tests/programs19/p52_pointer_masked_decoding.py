# A pointer network's decoding loop (sorting numbers): additive attention over encoder states as the output
# distribution, a visited mask applied with masked_fill, gather of the chosen inputs, the log-likelihood of the
# target permutation, and greedy decoding.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
B, L, H = 4, 5, 16
xs = torch.rand(B, L, 1)
target = xs.squeeze(-1).argsort(dim=1)


class Pointer(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.LSTM(1, H, batch_first=True)
        self.dec = nn.LSTMCell(1, H)
        self.W1, self.W2 = nn.Linear(H, H, bias=False), nn.Linear(H, H, bias=False)
        self.v = nn.Linear(H, 1, bias=False)

    def forward(self, x, target=None):
        enc, (h, c) = self.enc(x)
        h, c = h[0], c[0]
        inp = torch.zeros(x.size(0), 1)
        mask = torch.zeros(x.size(0), x.size(1), dtype=torch.bool)
        logps, picks = [], []
        for t in range(x.size(1)):
            h, c = self.dec(inp, (h, c))
            scores = self.v(torch.tanh(self.W1(enc) + self.W2(h).unsqueeze(1))).squeeze(-1)
            logp = F.log_softmax(scores.masked_fill(mask, float("-inf")), dim=1)
            idx = target[:, t] if target is not None else logp.argmax(1)
            logps.append(logp.gather(1, idx.unsqueeze(1)).squeeze(1))
            picks.append(idx)
            mask = mask.scatter(1, idx.unsqueeze(1), True)
            inp = x.gather(1, idx.view(-1, 1, 1)).squeeze(1)
        return torch.stack(logps, 1), torch.stack(picks, 1)


net = Pointer()
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(15):
    logp, _ = net(xs, target)
    loss = -logp.sum(1).mean()
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(net.parameters(), 2.0)
    opt.step()
    if step % 5 == 0:
        print(step, round(loss.item(), 5))
with torch.no_grad():
    _, picks = net(xs)
    print(picks.tolist())
    print(target.tolist())
    print((picks == target).float().mean().item(), picks.sort(1).values.equal(torch.arange(L).expand(B, L)))
