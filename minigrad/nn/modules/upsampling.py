"""torch.nn.modules.upsampling's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..conv_extra import Upsample, UpsamplingNearest2d, UpsamplingBilinear2d  # noqa: F401
