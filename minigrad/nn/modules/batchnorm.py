"""torch.nn.modules.batchnorm's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..layers import BatchNorm1d, BatchNorm2d  # noqa: F401
from ..norm_extra import BatchNorm3d, SyncBatchNorm  # noqa: F401
from ..layers import _BatchNorm  # noqa: F401
_NormBase = _BatchNorm
from ..lazy import LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d  # noqa: F401
