"""torch.nn.modules.linear's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..layers import Identity, Linear  # noqa: F401
from ..norm_extra import Bilinear  # noqa: F401
from ..lazy import LazyLinear  # noqa: F401
