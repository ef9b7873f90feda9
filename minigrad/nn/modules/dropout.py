"""torch.nn.modules.dropout's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..layers import Dropout  # noqa: F401
from ..norm_extra import Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout  # noqa: F401
from ..norm_extra import _DropoutNd  # noqa: F401
