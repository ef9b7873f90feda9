"""torch.nn.modules.normalization's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..norm_extra import LocalResponseNorm, GroupNorm, RMSNorm  # noqa: F401
from ..layers import LayerNorm  # noqa: F401
