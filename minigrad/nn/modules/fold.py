"""torch.nn.modules.fold's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..conv_extra import Fold, Unfold  # noqa: F401
