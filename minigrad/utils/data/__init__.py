"""``Dataset``, ``TensorDataset`` and a simple ``DataLoader`` (batching, shuffling, dropping the last
batch), enough for the training loops PyTorch tutorials write."""
from __future__ import annotations

import numpy as np

from ... import backend
from ...factories import randperm
from ...ops.shape import stack
from ...tensor import Tensor


class Dataset:
    def __getitem__(self, index):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError


class TensorDataset(Dataset):
    """Samples are the i-th rows of the given tensors (which must have the same first dimension)."""

    def __init__(self, *tensors):
        n = {t.shape[0] for t in tensors}
        if len(n) != 1:
            raise ValueError(f"TensorDataset: all tensors must have the same size in dim 0, got "
                             f"{[tuple(t.shape) for t in tensors]}")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].shape[0]


def default_collate(batch):
    first = batch[0]
    if isinstance(first, Tensor):
        return stack(list(batch))
    if isinstance(first, (tuple, list)):
        return type(first)(default_collate([b[i] for b in batch]) for i in range(len(first)))
    if isinstance(first, (int, float, bool, np.number)):
        from ...factories import tensor
        return tensor(batch)
    if isinstance(first, np.ndarray):
        from ...factories import tensor
        return tensor(np.stack(batch))
    return batch


class DataLoader:
    """Iterate over a dataset in batches: ``for x, y in DataLoader(ds, batch_size=32, shuffle=True)``."""

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, collate_fn=None, num_workers=0,
                 **_ignored):
        if batch_size is not None and batch_size <= 0:
            raise ValueError(f"DataLoader: batch_size must be a positive int, got {batch_size}")
        self.dataset, self.batch_size, self.shuffle, self.drop_last = dataset, batch_size, shuffle, drop_last
        self.collate_fn = collate_fn or default_collate

    def __len__(self):
        n = len(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        n = len(self.dataset)
        order = randperm(n).tolist() if self.shuffle else list(range(n))
        if self.batch_size is None:
            for i in order:
                yield self.dataset[i]
            return
        for start in range(0, n, self.batch_size):
            idx = order[start:start + self.batch_size]
            if self.drop_last and len(idx) < self.batch_size:
                return
            if isinstance(self.dataset, TensorDataset):      # one indexing op per tensor, not per sample
                key = Tensor._from_array(np.asarray(idx, dtype=np.int64))
                yield tuple(t[key] for t in self.dataset.tensors)
            else:
                yield self.collate_fn([self.dataset[i] for i in idx])


def random_split(dataset, lengths):
    n = len(dataset)
    if all(isinstance(x, float) for x in lengths) and abs(sum(lengths) - 1) < 1e-9:
        lengths = [int(n * f) for f in lengths]
        lengths[0] += n - sum(lengths)
    if sum(lengths) != n:
        raise ValueError(f"random_split(): lengths {lengths} don't add up to the dataset size {n}")
    perm = randperm(n).tolist()
    out, start = [], 0
    for k in lengths:
        out.append(Subset(dataset, perm[start:start + k]))
        start += k
    return out


class Subset(Dataset):
    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, list(indices)

    def __getitem__(self, i):
        return self.dataset[self.indices[i]]

    def __len__(self):
        return len(self.indices)
