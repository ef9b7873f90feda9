"""``minigrad.cuda``: what torch.cuda offers that minigrad code needs."""
from __future__ import annotations

import sys

from . import backend
from .amp import cuda as amp

sys.modules[__name__ + ".amp"] = amp            # import minigrad.cuda.amp / from minigrad.cuda.amp import ...


def is_available() -> bool:
    """True when CuPy is installed and sees a GPU."""
    return backend.cuda_is_available()


def device_count() -> int:
    return backend.cuda_device_count()


def current_device() -> int:
    cp = backend.require_cupy("minigrad.cuda.current_device()")
    return cp.cuda.runtime.getDevice()


def synchronize(device=None):
    backend.synchronize(device)


def manual_seed(seed):
    backend.manual_seed(seed)


manual_seed_all = manual_seed


def empty_cache():
    if backend.cuda_is_available():
        backend.require_cupy("empty_cache").get_default_memory_pool().free_all_blocks()
