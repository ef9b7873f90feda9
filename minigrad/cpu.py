"""``minigrad.cpu``: torch.cpu's names (the CPU is always there)."""
from __future__ import annotations

import sys

from .amp import cpu as amp

sys.modules[__name__ + ".amp"] = amp


def is_available() -> bool:
    return True


def device_count() -> int:
    return 1


def current_device() -> str:
    return "cpu"


def synchronize(device=None) -> None:
    """Nothing to wait for: CPU ops finish before they return."""
