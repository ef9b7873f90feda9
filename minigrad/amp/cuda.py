"""``minigrad.cuda.amp`` (torch.cuda.amp's names): ``autocast`` and ``GradScaler`` for device 'cuda'."""
from __future__ import annotations

from . import device_classes

autocast, GradScaler = device_classes("cuda")
