"""Variable-length sequences for the recurrent layers: pad_sequence, and PackedSequence with
pack_padded_sequence / pad_packed_sequence / pack_sequence, laid out as torch lays them out
(time-major rows of the sequences still running at each step, longest first)."""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from ...factories import tensor
from ...ops.shape import cat, stack
from ...tensor import Tensor
from ..functional_extra import pad


class PackedSequence(namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """``data``: the rows of all sequences, step by step; ``batch_sizes[t]``: how many sequences are still
    running at step t; ``sorted_indices``/``unsorted_indices``: the order (longest first) and back."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = invert_permutation(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        idx = [None if t is None else t.to(data.device) for t in (self.sorted_indices, self.unsorted_indices)]
        return type(self)(data, self.batch_sizes, *idx)

    @property
    def is_cuda(self):
        return self.data.is_cuda

    def is_pinned(self):
        return False


def invert_permutation(permutation):
    """The permutation that undoes ``permutation`` (None stays None), as torch's."""
    if permutation is None:
        return None
    inv = np.empty(permutation.numel(), dtype=np.int64)
    inv[np.asarray(permutation.tolist(), dtype=np.int64)] = np.arange(permutation.numel())
    return tensor(inv, device=permutation.device)



def _lengths_list(lengths):
    if isinstance(lengths, Tensor):
        if lengths.ndim != 1:
            raise RuntimeError(f"pack_padded_sequence(): 'lengths' must be a 1-D tensor, got {tuple(lengths.shape)}")
        return [int(v) for v in lengths.tolist()]
    return [int(v) for v in lengths]


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack tensors of shape (L_i, *) into (max L, B, *) (or (B, max L, *)), padding with ``padding_value``."""
    if isinstance(sequences, Tensor):
        sequences = list(sequences.unbind(0))
    if not sequences:
        raise RuntimeError("pad_sequence(): received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}. "
                           "(pad_sequence(): pad on the 'left' or the 'right')")
    for i, s in enumerate(sequences):
        if not isinstance(s, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(s).__name__} "
                            "(pad_sequence(): give a list of tensors, e.g. [torch.tensor(seq) for seq in seqs])")
        if s.ndim == 0:
            raise RuntimeError(f"pad_sequence(): element {i} is a 0-d tensor; each sequence must be at least 1-D "
                               "(length first), e.g. s.reshape(1)")
    longest = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        extra = longest - s.shape[0]
        spec = [0, 0] * (s.ndim - 1) + ([0, extra] if padding_side == "right" else [extra, 0])
        padded.append(pad(s, spec, value=padding_value) if extra else s)
    return stack(padded, 0 if batch_first else 1)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch (T, B, *) (or (B, T, *)) whose sequence b has ``lengths[b]`` valid steps."""
    if not isinstance(input, Tensor):
        raise TypeError(f"_pack_padded_sequence(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__} (pack_padded_sequence(): pad the sequences into one tensor first, "
                        "e.g. with pad_sequence)")
    lens = _lengths_list(lengths)
    batch = input.shape[0 if batch_first else 1] if input.ndim >= 2 else None
    if batch is not None and len(lens) != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {len(lens)} "
                           f"(batch_size={batch})")
    if enforce_sorted:
        if any(a < b for a, b in zip(lens, lens[1:])):
            raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
                               "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to "
                               "sidestep this requirement if you do not need ONNX exportability.")
        order = None
    else:
        order = np.argsort(-np.asarray(lens), kind="stable")
        lens = [lens[i] for i in order]
    x = input if not batch_first else input.transpose(0, 1)                # (T, B, *)
    if order is not None:
        sorted_idx = tensor(order.astype(np.int64), device=input.device)
        x = x.index_select(1, sorted_idx)
    if not lens or lens[-1] <= 0:
        raise RuntimeError(f"pack_padded_sequence(): length of all samples has to be greater than 0, but found an "
                           f"element in 'lengths' that is <= 0 (lengths {_lengths_list(lengths)})")
    if lens[0] > x.shape[0]:
        raise RuntimeError(f"pack_padded_sequence(): a length {lens[0]} is longer than the padded input's "
                           f"{x.shape[0]} steps")
    sizes = [sum(1 for n in lens if n > t) for t in range(lens[0])]
    data = cat([x[t, :b] for t, b in enumerate(sizes)])                   # a loop over time steps only
    return PackedSequence(data, tensor(sizes), sorted_idx if order is not None else None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """The inverse of pack_padded_sequence: (padded (T, B, *) or (B, T, *), lengths as an int64 tensor)."""
    sizes = [int(b) for b in sequence.batch_sizes.tolist()]
    steps, batch = len(sizes), sizes[0]
    if total_length is not None and total_length < steps:
        raise ValueError(f"Expected total_length to be at least the length of the longest sequence in input, but "
                         f"got total_length={total_length} and max sequence length being {steps}")
    rows, start = [], 0
    data = sequence.data
    for b in sizes:                                                     # a loop over time steps only
        chunk = data[start:start + b]
        start += b
        rows.append(pad(chunk, [0, 0] * (data.ndim - 1) + [0, batch - b], value=padding_value) if b < batch
                    else chunk)
    out = stack(rows)                                                   # (T, B, *)
    if total_length is not None and total_length > steps:
        out = pad(out, [0, 0] * (out.ndim - 1) + [0, total_length - steps], value=padding_value)
    lengths = np.array([sum(1 for b in sizes if b > i) for i in range(batch)], dtype=np.int64)
    if sequence.unsorted_indices is not None:
        out = out.index_select(1, sequence.unsorted_indices)
        lengths = lengths[np.asarray(sequence.unsorted_indices.tolist(), dtype=np.int64)]
    if batch_first:
        out = out.transpose(0, 1)
    return out, tensor(lengths)


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of tensors (L_i, *) of different lengths."""
    return pack_padded_sequence(pad_sequence(sequences), [s.shape[0] for s in sequences],
                                enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    x = padded_sequences if batch_first else padded_sequences.transpose(0, 1)
    return [x[i, :n] for i, n in enumerate(_lengths_list(lengths))]


def unpack_sequence(packed_sequences):
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
