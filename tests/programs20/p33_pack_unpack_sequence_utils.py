# The rnn.utils helpers around padding: pad_sequence (batch_first, padding_value, padding_side='left'),
# pack_sequence with enforce_sorted=False, unpack_sequence, unpad_sequence, and a GRU over the packed batch.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import (pack_padded_sequence, pack_sequence, pad_packed_sequence, pad_sequence,
                                unpack_sequence, unpad_sequence)

torch.manual_seed(0)
seqs = [torch.arange(1.0, 4.0), torch.arange(10.0, 16.0), torch.tensor([7.0])]
print(pad_sequence(seqs))
print(pad_sequence(seqs, batch_first=True, padding_value=-1.0))
print(pad_sequence(seqs, batch_first=True, padding_side="left"))
packed = pack_sequence(seqs, enforce_sorted=False)
print(packed.data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
print([s.tolist() for s in unpack_sequence(packed)])
padded = pad_sequence(seqs, batch_first=True)
lengths = torch.tensor([3, 6, 1])
print([s.tolist() for s in unpad_sequence(padded, lengths, batch_first=True)])
feats = [torch.randn(n, 2) for n in (3, 6, 1)]
gru = nn.GRU(2, 4, batch_first=True, bidirectional=True)
out, h = gru(pack_sequence(feats, enforce_sorted=False))
unpacked, lens = pad_packed_sequence(out, batch_first=True, total_length=7)
print(unpacked.shape, lens, h.shape)
alone = gru(feats[2].unsqueeze(0))[0]
print("matches unbatched run", torch.allclose(unpacked[2, :1], alone[0], atol=1e-6))
print("padding zero", unpacked[2, 1:].abs().sum().item())
last_fwd = unpacked[torch.arange(3), lens - 1, :4]
print(torch.allclose(last_fwd, h[0], atol=1e-6), torch.allclose(unpacked[:, 0, 4:], h[1], atol=1e-6))
pp = pack_padded_sequence(pad_sequence(feats, batch_first=True), lens, batch_first=True, enforce_sorted=False)
out2, _ = gru(pp)
print(torch.allclose(out2.data, out.data), pp.batch_sizes.tolist())
loss = unpacked.sum()
loss.backward()
print(round(gru.weight_ih_l0.grad.abs().sum().item(), 4), round(gru.bias_hh_l0_reverse.grad.sum().item(), 4))
