"""torch.nn.modules.padding's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..conv_extra import (  # noqa: F401
    ZeroPad1d, ZeroPad2d, ZeroPad3d, ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d,
    ReflectionPad2d, ReflectionPad3d, ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, CircularPad1d,
    CircularPad2d, CircularPad3d)
