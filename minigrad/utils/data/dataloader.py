"""torch.utils.data.dataloader's names (``from torch.utils.data.dataloader import default_collate``): the
loader of minigrad.utils.data."""
from __future__ import annotations

from . import DataLoader, default_collate, default_convert, get_worker_info  # noqa: F401

__all__ = ["DataLoader", "default_collate", "default_convert", "get_worker_info"]
