"""torch.utils.data.sampler's names (``from torch.utils.data.sampler import SubsetRandomSampler``): the
samplers of minigrad.utils.data."""
from __future__ import annotations

from . import (BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler,  # noqa: F401
               WeightedRandomSampler)

__all__ = ["BatchSampler", "RandomSampler", "Sampler", "SequentialSampler", "SubsetRandomSampler",
           "WeightedRandomSampler"]
