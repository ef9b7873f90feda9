"""torch.nn.modules.adaptive's names: minigrad.nn's AdaptiveLogSoftmaxWithLoss (see nn/adaptive.py)."""
from __future__ import annotations

from ..adaptive import AdaptiveLogSoftmaxWithLoss, _ASMoutput  # noqa: F401
