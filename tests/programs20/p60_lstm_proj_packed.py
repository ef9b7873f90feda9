# An LSTM with projections (proj_size) in a bidirectional, two-layer encoder over a packed batch: shapes of
# the outputs and states, parameter names, the last hidden states picked from the output, and a training step.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(0)
lstm = nn.LSTM(input_size=5, hidden_size=8, num_layers=2, proj_size=3, bidirectional=True, batch_first=True)
print([(n, tuple(p.shape)) for n, p in lstm.named_parameters()][:5])
x = torch.randn(4, 6, 5)
lengths = torch.tensor([6, 2, 4, 5])
packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
out, (h, c) = lstm(packed)
out, lens = pad_packed_sequence(out, batch_first=True)
print(out.shape, h.shape, c.shape, lens.tolist())
fwd_last = out[torch.arange(4), lens - 1, :3]
print(torch.allclose(fwd_last, h[-2], atol=1e-6), torch.allclose(out[:, 0, 3:], h[-1], atol=1e-6))
single = lstm(x[1:2, :2])[0]
print(torch.allclose(single, out[1:2, :2], atol=1e-6))
head = nn.Linear(6, 1)
opt = torch.optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=0.01)
y = torch.tensor([[1.0], [0.0], [0.5], [-1.0]])
for step in range(5):
    out, (h, c) = lstm(pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False))
    feat = torch.cat([h[-2], h[-1]], dim=1)
    loss = nn.functional.mse_loss(head(feat), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 6))
h0 = torch.zeros(4, 4, 3)
c0 = torch.zeros(4, 4, 8)
print(lstm(x, (h0, c0))[0].shape)
