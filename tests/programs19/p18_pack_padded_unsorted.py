# Variable-length batches through an LSTM: pad_sequence, pack_padded_sequence with enforce_sorted=False,
# pad_packed_sequence with total_length, the bidirectional final states, and a masked mean-pool over time.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

torch.manual_seed(0)
seqs = [torch.randn(n, 3) for n in (2, 5, 3)]
lengths = torch.tensor([len(s) for s in seqs])
padded = pad_sequence(seqs, batch_first=True, padding_value=0.0)
print(padded.shape, lengths)
lstm = nn.LSTM(3, 4, batch_first=True, bidirectional=True)
packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
out_p, (h, c) = lstm(packed)
out, out_len = pad_packed_sequence(out_p, batch_first=True, total_length=6)
print(out.shape, out_len, out[0, 2:].abs().sum().item())
print(h.shape, torch.allclose(h[0], out[torch.arange(3), lengths - 1, :4], atol=1e-6))
print(torch.allclose(h[1], out[:, 0, 4:], atol=1e-6))
mask = (torch.arange(6)[None, :] < out_len[:, None]).unsqueeze(-1).float()
pooled = (out * mask).sum(1) / out_len[:, None].float()
head = nn.Linear(8, 2)
loss = nn.functional.cross_entropy(head(pooled), torch.tensor([0, 1, 1]))
loss.backward()
print(round(loss.item(), 6), lstm.weight_ih_l0_reverse.grad.norm().item())
gru = nn.GRU(3, 2)
packed_t = pack_padded_sequence(pad_sequence(seqs), lengths, enforce_sorted=False)
o, hn = gru(packed_t)
o, l2 = pad_packed_sequence(o, padding_value=-1.0)
print(o.shape, o[:, 0, 0], hn[0])
