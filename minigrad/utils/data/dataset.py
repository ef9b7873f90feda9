"""torch.utils.data.dataset's names (``from torch.utils.data.dataset import Dataset, random_split``): the
datasets of minigrad.utils.data."""
from __future__ import annotations

from . import (ChainDataset, ConcatDataset, Dataset, IterableDataset, StackDataset, Subset,  # noqa: F401
               TensorDataset, random_split)

__all__ = ["ChainDataset", "ConcatDataset", "Dataset", "IterableDataset", "StackDataset", "Subset",
           "TensorDataset", "random_split"]
