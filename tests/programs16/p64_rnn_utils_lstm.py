"""LSTM with pack/pad round trip: pad_packed_sequence outputs, total_length, h/c shapes, bidirectional concat."""
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

torch.manual_seed(0)
seqs = [torch.randn(4, 3), torch.randn(2, 3), torch.randn(3, 3)]
lengths = torch.tensor([4, 2, 3])
padded = pad_sequence(seqs, batch_first=True, padding_value=0.0)
lstm = nn.LSTM(3, 5, batch_first=True, bidirectional=True)
packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
print(packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
out, (h, c) = lstm(packed)
unpacked, out_lengths = pad_packed_sequence(out, batch_first=True, total_length=5)
print(unpacked.shape, out_lengths, h.shape, c.shape)
print(unpacked[1, 2:].abs().sum(), torch.allclose(unpacked[0, 3, :5], h[0, 0]))
final = torch.cat([h[-2], h[-1]], dim=1)
print(final.shape)
last = unpacked[torch.arange(3), lengths - 1, :5]
print(torch.allclose(last, h[0]))
cell = nn.LSTMCell(3, 4)
hx, cx = torch.zeros(2, 4), torch.zeros(2, 4)
for t in range(3):
    hx, cx = cell(torch.ones(2, 3) * t, (hx, cx))
print(hx.shape, f"{hx.sum():.5f}")
proj = nn.LSTM(3, 6, proj_size=2)
o, (hp, cp) = proj(torch.randn(5, 1, 3))
print(o.shape, hp.shape, cp.shape)
