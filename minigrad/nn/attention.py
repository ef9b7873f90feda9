"""``minigrad.nn.attention``: torch's switch between attention kernels.

minigrad has one implementation of ``scaled_dot_product_attention`` (the reference maths); ``sdpa_kernel``
accepts torch's backend choices and runs that one, as torch does when it falls back to its math kernel."""
from __future__ import annotations

import contextlib
import enum

__all__ = ["SDPBackend", "sdpa_kernel"]


class SDPBackend(enum.IntEnum):
    ERROR = -1
    MATH = 0
    FLASH_ATTENTION = 1
    EFFICIENT_ATTENTION = 2
    CUDNN_ATTENTION = 3
    OVERRIDEABLE = 4


@contextlib.contextmanager
def sdpa_kernel(backends, set_priority=False):
    items = [backends] if isinstance(backends, SDPBackend) else list(backends)
    if not all(isinstance(b, SDPBackend) for b in items):
        raise TypeError(f"sdpa_kernel(): expected SDPBackend values, got {backends!r}")
    yield
