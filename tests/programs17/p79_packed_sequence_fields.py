# PackedSequence as RNN tutorials inspect it: printing one, its fields and namedtuple unpacking, to(dtype),
# pad_packed_sequence with a padding value, invert_permutation, sorted/unsorted indices of an already sorted batch,
# and an LSTM fed a PackedSequence rebuilt from its fields.
import torch
from torch.nn.utils.rnn import (PackedSequence, invert_permutation, pack_padded_sequence, pack_sequence,
                                pad_packed_sequence)

seqs = [torch.tensor([1.0, 2.0, 3.0]), torch.tensor([4.0]), torch.tensor([5.0, 6.0])]
p = pack_sequence(seqs, enforce_sorted=False)
print(p)
print(p.data, p.batch_sizes, p.is_cuda, p.to(torch.float64).data.dtype, type(p).__name__, len(p), p[0].shape)
print(pad_packed_sequence(p, padding_value=-1.0))
print(invert_permutation(torch.tensor([2, 0, 1])), invert_permutation(None))
pp = pack_padded_sequence(torch.zeros(3, 2, 1), torch.tensor([3, 2]), enforce_sorted=True)
print(pp.sorted_indices, pp.unsorted_indices, pp.batch_sizes.dtype)
data, bs, si, ui = p
print(bs, si)
lstm = torch.nn.LSTM(1, 2)
out, (h, c) = lstm(PackedSequence(p.data.unsqueeze(1), p.batch_sizes, p.sorted_indices, p.unsorted_indices))
print(type(out).__name__, out.data.shape, h.shape)
