"""Process-wide defaults that scripts set first: the default device (``set_default_device``), the
deterministic-algorithms flag, the float32 matmul precision and the thread counts, with torch's names.

Only the default device changes what minigrad computes, and only where the factories ask for it
(``default_device()``); the other settings are recorded and reported back, because minigrad's NumPy /
CuPy kernels are deterministic and full-precision already.
"""
from __future__ import annotations

import os

from .. import backend

_STATE = {"device": None, "deterministic": False, "warn_only": False, "matmul_precision": "highest",
          "threads": None, "interop_threads": None}


def set_default_device(device) -> None:
    """Make ``device`` ("cpu", "cuda", "cuda:1", a ``minigrad.device`` or an index) the device of new
    tensors made without ``device=``; ``None`` restores the CPU. A CUDA device is checked now, so a
    machine without CuPy or a GPU raises here (RuntimeError), as torch raises on a CPU-only build."""
    if device is None:
        _STATE["device"] = None
        return
    d = backend.as_device(device)
    _STATE["device"] = None if d.type == "cpu" else d


def get_default_device():
    """The device new tensors go to when no ``device=`` is given (``device(type='cpu')`` unless set)."""
    return _STATE["device"] if _STATE["device"] is not None else backend.as_device("cpu")


_ENTERED: list = []         # the default devices that the open ``with device(...)`` blocks replaced


def _enter_device(dev):
    """``with torch.device("cuda"):``: the default device of new tensors inside the block (torch's)."""
    previous = _STATE["device"]
    set_default_device(dev)
    _ENTERED.append(previous)
    return dev


def _exit_device(dev, *exc):
    _STATE["device"] = _ENTERED.pop()
    return False


backend.device.__enter__, backend.device.__exit__ = _enter_device, _exit_device


def default_device():
    """What a factory should use for ``device=None``: None for the CPU (the fast path), else the device."""
    return _STATE["device"]


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    if not isinstance(mode, bool):
        raise TypeError(f"use_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not "
                        f"{type(mode).__name__}")
    _STATE["deterministic"], _STATE["warn_only"] = mode, bool(warn_only)


def are_deterministic_algorithms_enabled() -> bool:
    return _STATE["deterministic"]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    return _STATE["warn_only"]


def set_float32_matmul_precision(precision: str) -> None:
    if precision not in ("highest", "high", "medium"):     # torch warns and keeps the old value
        import warnings
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the "
                      "set_float32_matmul_precision call has no effect.", UserWarning, stacklevel=2)
        return
    _STATE["matmul_precision"] = precision


def get_float32_matmul_precision() -> str:
    return _STATE["matmul_precision"]


def _check_threads(name, n):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name}(): argument 'int' must be int, not {type(n).__name__}")
    if n <= 0:
        raise RuntimeError(f"{name} expects a positive integer (got {n})")


def set_num_threads(n: int) -> None:
    """Recorded only: NumPy's BLAS fixes its thread count when it loads (set OMP_NUM_THREADS before)."""
    _check_threads("set_num_threads", n)
    _STATE["threads"] = n


def get_num_threads() -> int:
    if _STATE["threads"]:
        return _STATE["threads"]
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def set_num_interop_threads(n: int) -> None:
    _check_threads("set_num_interop_threads", n)
    _STATE["interop_threads"] = n


def get_num_interop_threads() -> int:
    return _STATE["interop_threads"] or get_num_threads()
