"""torch.nn.modules.pooling's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..conv_extra import (  # noqa: F401
    MaxPool1d, MaxPool3d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, AvgPool1d, AvgPool3d, AdaptiveMaxPool1d,
    AdaptiveMaxPool3d, AdaptiveAvgPool1d, AdaptiveAvgPool3d)
from ..layers import MaxPool2d, AvgPool2d, AdaptiveMaxPool2d, AdaptiveAvgPool2d  # noqa: F401
from ..norm_extra import LPPool1d, LPPool2d, LPPool3d  # noqa: F401
from ..fractional import FractionalMaxPool2d, FractionalMaxPool3d  # noqa: F401
