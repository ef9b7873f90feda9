"""``Dataset``, ``TensorDataset``, samplers and ``DataLoader`` (batching, shuffling, dropping the last
batch, custom samplers and collate functions), ``random_split`` and ``Subset``, with torch's names,
arguments and errors.

Random draws are torch's, in torch's order: each epoch the loader's iterator draws one 64-bit seed for its
workers, a ``RandomSampler`` without a generator draws another and permutes with a ``Generator`` seeded
from it, ``random_split`` and ``SubsetRandomSampler`` permute with the default stream itself; so after
``manual_seed(s)`` the orders are torch's. Given ``generator=`` (a ``minigrad.Generator``), they draw from
it alone and leave the default stream untouched. With ``num_workers > 0`` the batches still load in this
process, one at a time, each in the random state torch gives the worker process that would load it
(``_Workers``): a Dataset that draws random numbers gets torch's.
"""
from __future__ import annotations

import abc
import math
import numbers
import operator
import random
import warnings

import numpy as np

from ... import dtypes
from ...factories import as_tensor, empty, multinomial, randint, randperm, tensor
from ...ops._helpers import NotTensorError
from ...ops.shape import stack
from ...tensor import Tensor

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset", "ChainDataset", "StackDataset",
           "Sampler", "get_worker_info",
           "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler",
           "DataLoader",
           "default_collate", "default_convert", "random_split"]


class Dataset:
    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset, metaclass=abc.ABCMeta):
    """A stream of samples: a DataLoader iterates it (batching ``batch_size`` samples at a time)
    instead of indexing it; it takes no sampler and no shuffle. A subclass must define ``__iter__`` (as torch,
    one that does not can't be instantiated)."""

    @abc.abstractmethod
    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __iter__")

    def __add__(self, other):
        return ChainDataset([self, other])


class ChainDataset(IterableDataset):
    """Iterable datasets one after the other."""

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self):
        return sum(len(d) for d in self.datasets)


class StackDataset(Dataset):
    """Sample i is the tuple (or, with keywords, the dict) of every dataset's sample i."""

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via ``kwargs``) like input/"
                             "output, but both types are given.")
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed (StackDataset(ds1, ds2, ...) or "
                             "StackDataset(name=ds, ...))")
        self.datasets = args or kwargs
        sizes = {len(d) for d in (args or kwargs.values())}
        if len(sizes) != 1:
            raise ValueError("Size mismatch between datasets")
        self._length = sizes.pop() if sizes else 0

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __getitems__(self, indices):
        """A batch: each dataset read through its own __getitems__ where it has one, sample by sample otherwise."""
        named = isinstance(self.datasets, dict)
        columns = {}
        for k, d in (self.datasets.items() if named else enumerate(self.datasets)):
            items = _fetch_batch(d, list(indices))
            if len(items) != len(indices):
                raise ValueError(f"Nested dataset's output size mismatch. Expected {len(indices)}, got {len(items)}")
            columns[k] = items
        if named:
            return [{k: col[j] for k, col in columns.items()} for j in range(len(indices))]
        return [tuple(col[j] for col in columns.values()) for j in range(len(indices))]

    def __len__(self):
        return self._length


class WorkerInfo:
    """What ``get_worker_info()`` returns while a loader's worker loads: ``id``, ``num_workers``, ``seed`` (its
    torch seed) and ``dataset``."""

    def __init__(self, id, num_workers, seed, dataset):
        self.id, self.num_workers, self.seed, self.dataset = id, num_workers, seed, dataset

    def __repr__(self):
        return (f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed}, "
                f"dataset={self.dataset!r})")


_WORKER = [None]            # the WorkerInfo of the worker loading now, or None (the main process)


def get_worker_info():
    """Inside a DataLoader worker (``num_workers > 0``), its ``WorkerInfo``; else None."""
    return _WORKER[0]


class _Workers:
    """A loader's ``num_workers`` workers, run in this process one batch at a time, each with the random state
    torch gives its worker processes: the torch stream seeded ``base_seed + id`` (``initial_seed()`` says so),
    Python's ``random`` seeded the same, NumPy's global state from the SeedSequence of (id, base_seed's two
    halves, 0). Batch k is loaded by worker k % num_workers, as torch hands them out; ``worker_init_fn(id)``
    runs in each worker before its first batch. So a Dataset that draws random numbers in ``__getitem__``
    gets torch's numbers, and the main process's streams are left alone."""

    def __init__(self, loader, base_seed):
        n = loader.num_workers
        self.loader, self.infos = loader, [WorkerInfo(w, n, base_seed + w, loader.dataset) for w in range(n)]
        self.states = []
        for w in range(n):
            entropy = [w, base_seed & 0xFFFFFFFF, base_seed >> 32, 0]
            numpy_seed = np.random.SeedSequence(entropy).generate_state(4)
            self.states.append([(base_seed + w, {}), random.Random(base_seed + w).getstate(),
                                np.random.RandomState(numpy_seed).get_state(), False])

    def load(self, k, fetch):
        """``fetch()`` run as worker k % num_workers."""
        from ... import backend
        w = k % len(self.states)
        state = self.states[w]
        saved = backend.random.swap_state(state[0]), random.getstate(), np.random.get_state(), _WORKER[0]
        random.setstate(state[1])
        np.random.set_state(state[2])
        _WORKER[0] = self.infos[w]
        try:
            if not state[3]:
                state[3] = True
                if self.loader.worker_init_fn is not None:
                    self.loader.worker_init_fn(w)
            return fetch()
        finally:
            state[0] = backend.random.swap_state(saved[0])
            state[1], state[2] = random.getstate(), np.random.get_state()
            random.setstate(saved[1])
            np.random.set_state(saved[2])
            _WORKER[0] = saved[3]


class TensorDataset(Dataset):
    """Samples are the i-th rows of the given tensors (which must have the same first dimension)."""

    def __init__(self, *tensors):
        for t in tensors:
            if not isinstance(t, Tensor):
                raise NotTensorError(f"TensorDataset(): every argument must be a Tensor, got {type(t).__name__} "
                                     "(convert it with torch.as_tensor(...))")
            if t.ndim == 0:
                raise IndexError(f"Dimension specified as 0 but tensor has no dimensions (TensorDataset: a 0-d tensor "
                                 f"({t}) has no rows; give tensors with the samples along dim 0)")
        if len({t.shape[0] for t in tensors}) > 1:
            raise _SizeMismatch(f"Size mismatch between tensors (TensorDataset: dim 0 of "
                                f"{[tuple(t.shape) for t in tensors]} must agree)")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].shape[0]


class _SizeMismatch(AssertionError, ValueError):
    """torch asserts here; this is an AssertionError by name and type, and a ValueError too."""


_SizeMismatch.__name__ = _SizeMismatch.__qualname__ = "AssertionError"


def _fetch_batch(dataset, idx):
    """The samples at the indices ``idx`` (a list): one ``dataset.__getitems__(idx)`` call where the dataset
    defines it (a dataset that reads whole batches at once), else ``dataset[i]`` for each, as torch's loader."""
    many = getattr(dataset, "__getitems__", None)
    return many(idx) if callable(many) else [dataset[i] for i in idx]


class Subset(Dataset):
    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, indices          # (kept as given, as torch: read when indexed)

    def __getitem__(self, i):
        if isinstance(i, list):
            return self.dataset[[self.indices[j] for j in i]]     # as torch: one look-up with the mapped list
        return self.dataset[self.indices[i]]

    def __getitems__(self, idx):
        """A batch from the underlying dataset (through its own __getitems__ where it has one)."""
        return _fetch_batch(self.dataset, [self.indices[j] for j in idx])

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    @staticmethod
    def cumsum(sequence):
        """The running total of the lengths (Python ints): where each dataset ends."""
        total, out = 0, []
        for d in sequence:
            total += len(d)
            out.append(total)
        return out

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise _SizeMismatch("datasets should not be an empty iterable")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, i):
        if i < 0:
            if -i > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            i += len(self)
        k = int(np.searchsorted(self.cumulative_sizes, i, side="right"))
        start = 0 if k == 0 else int(self.cumulative_sizes[k - 1])
        return self.datasets[k][i - start]


# ------------------------------------------------------------------------------------------ samplers
def _check_positive(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:     # (a NumPy int too, as torch)
        raise ValueError(f"{name} should be a positive integer value, but got {name}={value}")


def _seeded_generator(generator):
    """The generator a sampler permutes with: the one given, or (as torch) a fresh one seeded with one
    64-bit draw from minigrad's default generator."""
    if generator is not None:
        return generator
    from ...generator import Generator          # (imported on use: minigrad.generator is not in this layer)
    return Generator().manual_seed(_draw_seed(None))


def _draw_seed(generator):
    """One 64-bit draw (as torch: ``empty((), dtype=int64).random_(generator=...)``, in [0, 2**63))."""
    return int(empty((), dtype=dtypes.int64).random_(generator=generator).item())


def _permutation(generator, n):
    return randperm(n, generator=generator).tolist()


class Sampler:
    def __init__(self, data_source=None):
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """A permutation of the indices each epoch (or ``num_samples`` draws with ``replacement``)."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={replacement}")
        self.data_source, self.replacement, self._num_samples = data_source, replacement, num_samples
        self.generator = generator
        _check_positive("num_samples", self.num_samples)

    @property
    def num_samples(self):
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        gen = _seeded_generator(self.generator)
        if self.replacement:                 # in chunks of 32 (as torch): num_samples may be 1e10 (minGPT)
            left = self.num_samples
            while left > 0:
                chunk = min(left, 32)
                yield from randint(0, n, (chunk,), generator=gen).tolist()
                left -= chunk
            return
        for _ in range(self.num_samples // n):
            yield from _permutation(gen, n)
        yield from _permutation(gen, n)[:self.num_samples % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    def __init__(self, indices, generator=None):
        self.indices, self.generator = indices, generator      # (kept as given, as torch)

    def __iter__(self):
        for i in _permutation(self.generator, len(self.indices)):     # (None: the default stream, as torch)
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices into ``weights``, index i drawn with probability weights[i] / sum(weights)
    (with ``replacement``, the default; without it, each index at most once)."""

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        _check_positive("num_samples", num_samples)
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got replacement={replacement}")
        w = as_tensor(weights, dtype=dtypes.float64)
        if w.dim() != 1:
            raise ValueError(f"weights should be a 1d sequence but given weights have shape {tuple(w.shape)}")
        self.weights, self.num_samples, self.replacement, self.generator = w, num_samples, replacement, generator

    def __iter__(self):
        yield from multinomial(self.weights, self.num_samples, self.replacement, generator=self.generator).tolist()

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    def __init__(self, sampler, batch_size, drop_last):
        _check_positive("batch_size", batch_size)
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        batch = []
        for i in self.sampler:
            batch.append(i)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self):
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


# ------------------------------------------------------------------------------------------ loading
def default_collate(batch):
    """Stack a list of samples into a batch, as torch's: tensors are stacked; Python floats become a
    float64 tensor, ints int64; NumPy arrays are stacked; tuples, lists and dicts are collated field by
    field; strings stay a list; anything else (None, other objects) is refused, as torch does."""
    first = batch[0]
    if isinstance(first, Tensor):
        return stack(list(batch))
    if isinstance(first, np.ndarray):
        if any(getattr(a, "shape", None) != first.shape for a in batch):
            return stack([tensor(a) for a in batch])  # torch's error, which names the sizes
        return tensor(np.stack(batch))
    if isinstance(first, np.generic):
        return tensor(np.asarray(batch))
    if isinstance(first, bool):
        return tensor(batch)
    if isinstance(first, float):
        return tensor(batch, dtype=dtypes.float64)
    if isinstance(first, int):
        return tensor(batch)
    if isinstance(first, dict):
        return {k: default_collate([b[k] for b in batch]) for k in first}
    if isinstance(first, tuple) and hasattr(first, "_fields"):           # a namedtuple
        return type(first)(*(default_collate(s) for s in zip(*batch)))
    if isinstance(first, (tuple, list)):
        if len({len(b) for b in batch}) != 1:
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(s) for s in zip(*batch)]
    if isinstance(first, (str, bytes)):
        return batch
    raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found "
                    f"{type(first)} (give the DataLoader a collate_fn that handles it)")


def default_convert(data):
    """What a loader with ``batch_size=None`` returns for each sample: NumPy arrays and scalars become
    tensors, tuples and lists become lists, dicts are converted value by value (as torch's)."""
    if isinstance(data, (np.ndarray, np.generic)):
        return tensor(np.asarray(data))
    if isinstance(data, dict):
        return {k: default_convert(v) for k, v in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, (tuple, list)):
        return [default_convert(d) for d in data]
    return data


class DataLoader:
    """Iterate over a dataset in batches: ``for x, y in DataLoader(ds, batch_size=32, shuffle=True)``.
    ``num_workers``, ``pin_memory`` and the other multiprocessing options are accepted and load in the
    main process."""

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if isinstance(dataset, IterableDataset):
            if shuffle not in (None, False):
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified shuffle option, but got "
                                 f"shuffle={shuffle}")
            if sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified sampler option, but got "
                                 f"sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified batch_sampler option, but "
                                 f"got batch_sampler={batch_sampler}")
        if num_workers < 0:                           # (any number >= 0, as torch: the loading is in-process)
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if multiprocessing_context is not None and num_workers == 0:
            raise ValueError("multiprocessing_context can only be used with multi-process loading (num_workers > 0), "
                             "but got num_workers=0; drop multiprocessing_context or set num_workers")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 "
                             "to enable multiprocessing, otherwise set prefetch_factor to None.")
        if num_workers == 0 and persistent_workers:
            raise ValueError("persistent_workers option needs num_workers > 0")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None:
            if drop_last:
                raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with "
                                 "drop_last")
        else:
            _check_positive("batch_size", batch_size)
        if isinstance(dataset, IterableDataset):
            sampler = _StreamSampler(dataset)
        elif sampler is None:
            sampler = (RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset))
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.dataset, self.batch_size, self.drop_last, self.num_workers = dataset, batch_size, drop_last, num_workers
        self.sampler, self.batch_sampler, self.generator = sampler, batch_sampler, generator
        if collate_fn is None:
            collate_fn = default_collate if batch_size is not None or batch_sampler is not None else default_convert
        self.collate_fn = collate_fn
        self.pin_memory, self.timeout, self.worker_init_fn = pin_memory, timeout, worker_init_fn
        self.persistent_workers = persistent_workers
        self._initialized = True

    _FIXED = frozenset(("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers"))

    def __setattr__(self, name, value):
        """As torch: the loading plan is fixed once made (setting batch_size later would not change the batches)."""
        if name in self._FIXED and self.__dict__.get("_initialized"):
            raise ValueError(f"{name} attribute should not be set after DataLoader is initialized; make a new "
                             f"DataLoader(dataset, ..., {name}=...) instead")
        object.__setattr__(self, name, value)

    def __len__(self):
        if isinstance(self.dataset, IterableDataset):      # torch: the dataset's len, in batches
            n = len(self.dataset)
            if self.batch_size is not None:
                n = n // self.batch_size if self.drop_last else -(-n // self.batch_size)
            return n
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)

    def __iter__(self):
        # as torch's iterator: one draw for its workers' base seed (persistent workers: at the first epoch only)
        workers = getattr(self, "_workers", None) if self.persistent_workers else None
        if workers is None:
            self._base_seed = _draw_seed(self.generator)
            workers = _Workers(self, self._base_seed) if self.num_workers > 0 else None
            if self.persistent_workers:
                self._workers = workers
        return self._iter_stream() if isinstance(self.dataset, IterableDataset) else self._iter_batches(workers)

    def _iter_batches(self, workers):
        def load(k, fetch):
            return fetch() if workers is None else workers.load(k, fetch)
        if self.batch_sampler is None:                        # batch_size=None: one sample at a time
            for k, i in enumerate(self.sampler):
                yield load(k, lambda: self.collate_fn(self.dataset[i]))
            return
        fast = isinstance(self.dataset, TensorDataset) and self.collate_fn is default_collate
        for k, idx in enumerate(self.batch_sampler):
            idx = list(idx)                                   # (a batch that is no list of indices: torch's TypeError)
            key = np.asarray(idx) if fast else None
            if fast and key.dtype.kind in "iu":               # one indexing op per tensor, not per sample
                key = Tensor._from_array(key.astype(np.int64))
                yield [t[key] for t in self.dataset.tensors]
            else:
                yield load(k, lambda: self.collate_fn(_fetch_batch(self.dataset, idx)))


    def _iter_stream(self):
        """An IterableDataset: its samples in order, ``batch_size`` at a time (the last, shorter batch
        kept unless drop_last), or one at a time through collate_fn with batch_size=None."""
        if self.batch_size is None:
            for sample in self.dataset:
                yield self.collate_fn(sample)
            return
        batch = []
        for sample in self.dataset:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)


class _StreamSampler(Sampler):
    """The sampler an IterableDataset's loader reports (torch's _InfiniteConstantSampler): it yields
    None forever; the loader iterates the dataset itself."""

    def __init__(self, dataset):
        self.dataset = dataset

    def __iter__(self):
        while True:
            yield None


def _whole(k) -> bool:
    """An int, or an integer tensor (both have __index__; a float tensor's raises): a length randperm takes."""
    try:
        operator.index(k)
        return True
    except TypeError:
        return False


def random_split(dataset, lengths, generator=None):
    """Split into non-overlapping Subsets of the given lengths (or fractions summing to 1, the
    remainder handed out one by one from the first subset, as torch)."""
    n = len(dataset)
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
        sizes = [int(math.floor(n * frac)) for frac in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        for i, k in enumerate(sizes):
            if k == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in an empty dataset.",
                              UserWarning, stacklevel=2)
        lengths = sizes
    if sum(lengths) != n:
        raise ValueError(f"Sum of input lengths does not equal the length of the input dataset! (random_split: "
                         f"{lengths} for {n} samples)")
    if not all(_whole(k) for k in lengths):          # (torch: randperm refuses a float total)
        raise TypeError(f"random_split(): lengths must be ints, or fractions that sum to 1; got {lengths}")
    perm = _permutation(generator, n)        # (None: the default stream itself, as torch's default_generator)
    out, start = [], 0
    for k in lengths:
        out.append(Subset(dataset, perm[start:start + k]))
        start += k
    return out


def __getattr__(name):
    """torch's submodule paths without importing them first, as torch's (``torch.utils.data.distributed.
    DistributedSampler`` works right after ``import torch``); they import this package, so they load on use."""
    if name in ("dataloader", "dataset", "distributed", "sampler"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    if name == "DistributedSampler":                    # torch exports it here too (from torch.utils.data import ...)
        return __getattr__("distributed").DistributedSampler
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
