"""Allocator tuning: let glibc keep the memory of freed arrays for the next ones.

Every op returns a new NumPy array. By default glibc serves big blocks (> 128 KiB, e.g. a layer's
activations) with ``mmap`` and returns them to the OS when they are freed, so the next training step
pays a page fault for every 4 KiB it writes again. PyTorch users get the same effect from jemalloc
or tcmalloc. It changes the whole process's allocator, so it is a choice, made in one visible
place: ``minigrad/__init__.py`` calls ``keep_freed_memory()`` on import unless reference mode is on
or ``MINIGRAD_KEEP_FREED_MEMORY=0`` (see the measurement quoted there).
"""
from __future__ import annotations

import sys


def keep_freed_memory(enable: bool = True) -> bool:
    """Raise (``enable``) or restore glibc's mmap and trim thresholds. Returns whether it took effect
    (False off Linux/glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        if enable:
            ok = libc.mallopt(m_mmap_threshold, 512 << 20) and libc.mallopt(m_trim_threshold, 1 << 30)
        else:
            ok = libc.mallopt(m_mmap_threshold, 128 << 10) and libc.mallopt(m_trim_threshold, 128 << 10)
        return bool(ok)
    except (OSError, AttributeError):       # not glibc (musl, ...): nothing to tune
        return False
