"""``minigrad.cpu.amp`` (torch.cpu.amp's names): ``autocast`` and ``GradScaler`` for device 'cpu'."""
from __future__ import annotations

from . import device_classes

autocast, GradScaler = device_classes("cpu")
