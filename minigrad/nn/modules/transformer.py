"""torch.nn.modules.transformer's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..transformer import (  # noqa: F401
    Transformer, TransformerEncoder, TransformerDecoder, TransformerEncoderLayer, TransformerDecoderLayer)
