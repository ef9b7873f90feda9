"""torch.nn.modules.lazy's name: minigrad.nn's LazyModuleMixin (see nn/lazy.py)."""
from __future__ import annotations

from ..lazy import LazyModuleMixin  # noqa: F401
