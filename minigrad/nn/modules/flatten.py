"""torch.nn.modules.flatten's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..layers import Flatten, Unflatten  # noqa: F401
