# Recurrent cells written out by hand: an LSTMCell loop with (h, c) initialised to zeros, truncated BPTT by
# detaching every k steps, a 2-layer nn.LSTM with dropout and explicit (h0, c0), an LSTM with proj_size,
# GRU hidden states, and nn.RNN with relu nonlinearity; shapes and a few values printed.
import torch
import torch.nn as nn

torch.manual_seed(0)
cell = nn.LSTMCell(3, 5)
head = nn.Linear(5, 1)
opt = torch.optim.Adam(list(cell.parameters()) + list(head.parameters()), lr=0.01)
seq = torch.randn(12, 2, 3)
target = seq.sum(-1, keepdim=True).cumsum(0)
h, c = torch.zeros(2, 5), torch.zeros(2, 5)
for start in range(0, 12, 4):
    h, c = h.detach(), c.detach()
    loss = 0
    for t in range(start, start + 4):
        h, c = cell(seq[t], (h, c))
        loss = loss + (head(h) - target[t]).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(start, f"{loss.item():.6f}")
lstm = nn.LSTM(3, 4, num_layers=2, dropout=0.3)
lstm.eval()
h0, c0 = torch.zeros(2, 2, 4), torch.ones(2, 2, 4) * 0.1
out, (hn, cn) = lstm(seq[:5], (h0, c0))
print(out.shape, hn.shape, out[-1, 0], torch.equal(out[-1], hn[-1]))
proj = nn.LSTM(3, 6, proj_size=2, batch_first=True)
o, (hp, cp) = proj(seq[:4].transpose(0, 1))
print(o.shape, hp.shape, cp.shape, [n for n, _ in proj.named_parameters()])
gru = nn.GRU(3, 4, num_layers=2, bidirectional=True)
o, hg = gru(seq[:3])
print(o.shape, hg.shape, hg[-1, 0])
rnn = nn.RNN(3, 4, nonlinearity="relu", bias=False)
o, hr = rnn(seq[:3], torch.zeros(1, 2, 4))
print(o[2, 1], (o >= 0).all().item(), [tuple(p.shape) for p in rnn.parameters()])
print(nn.GRUCell(3, 4)(seq[0]).shape, nn.RNNCell(3, 4, nonlinearity="tanh")(seq[0], torch.zeros(2, 4)).abs().max() < 1)
