"""torch.nn.modules.pixelshuffle's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..norm_extra import PixelShuffle, PixelUnshuffle  # noqa: F401
