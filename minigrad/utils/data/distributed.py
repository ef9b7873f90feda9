"""``minigrad.utils.data.distributed``: ``DistributedSampler``, torch's split of a dataset among processes.

minigrad runs in one process and has no process group, so ``num_replicas`` and ``rank`` must be given (torch
reads them from the group); with them, each rank gets torch's share: the indices (shuffled by ``seed + epoch``,
or in order) padded by repeating the first ones to a multiple of ``num_replicas`` (or the tail dropped with
``drop_last``), then every ``num_replicas``-th one from ``rank``."""
from __future__ import annotations

import math

from . import Sampler
from ...factories import randperm

__all__ = ["DistributedSampler"]


class DistributedSampler(Sampler):
    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False):
        if num_replicas is None or rank is None:
            raise RuntimeError("Requires distributed package to be available (DistributedSampler: minigrad has no "
                               "process group; pass num_replicas and rank)")
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]")
        self.dataset, self.num_replicas, self.rank, self.epoch = dataset, num_replicas, rank, 0
        self.drop_last, self.shuffle, self.seed = drop_last, shuffle, seed
        n = len(dataset)
        if drop_last and n % num_replicas != 0:
            self.num_samples = math.ceil((n - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(n / num_replicas)
        self.total_size = self.num_samples * num_replicas

    def __iter__(self):
        n = len(self.dataset)
        if self.shuffle:
            from ...generator import Generator      # (imported on use: minigrad.generator is not in this layer)
            indices = randperm(n, generator=Generator().manual_seed(self.seed + self.epoch)).tolist()
        else:
            indices = list(range(n))
        if not self.drop_last:
            padding = self.total_size - len(indices)
            if padding <= len(indices):
                indices += indices[:padding]
            else:
                indices += (indices * math.ceil(padding / len(indices)))[:padding]
        else:
            indices = indices[:self.total_size]
        return iter(indices[self.rank:self.total_size:self.num_replicas])

    def __len__(self):
        return self.num_samples

    def set_epoch(self, epoch):
        """Reshuffle differently next epoch (every rank must set the same epoch)."""
        self.epoch = epoch
