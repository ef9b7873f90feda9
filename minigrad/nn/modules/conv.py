"""torch.nn.modules.conv's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..conv_extra import Conv1d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d  # noqa: F401
from ..layers import Conv2d  # noqa: F401
from ..conv_extra import _ConvNd  # noqa: F401
from ..lazy import (LazyConv1d, LazyConv2d, LazyConv3d, LazyConvTranspose1d, LazyConvTranspose2d,  # noqa: F401
                    LazyConvTranspose3d)
