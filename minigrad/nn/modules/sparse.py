"""torch.nn.modules.sparse's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..layers import Embedding  # noqa: F401
from ..norm_extra import EmbeddingBag  # noqa: F401
