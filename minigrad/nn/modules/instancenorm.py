"""torch.nn.modules.instancenorm's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..norm_extra import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d  # noqa: F401
from ..norm_extra import _InstanceNorm  # noqa: F401
from ..lazy import LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d  # noqa: F401
