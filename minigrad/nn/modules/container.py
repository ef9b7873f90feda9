"""torch.nn.modules.container's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..containers import Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict  # noqa: F401
