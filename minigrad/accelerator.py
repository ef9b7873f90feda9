"""``minigrad.accelerator``: torch.accelerator's device-agnostic questions. minigrad's one accelerator
type is CUDA (through CuPy); without it ``is_available()`` is False and ``current_accelerator()`` None,
and the calls that need a device raise torch's RuntimeError."""
from __future__ import annotations

from . import backend

_NONE = "Cannot access accelerator device when none is available."


def is_available() -> bool:
    return backend.cuda_is_available()


def current_accelerator(check_available: bool = False):
    """``device(type='cuda')`` when CUDA can be used, else None (also with ``check_available=True``).
    A CUDA build of torch answers ``cuda`` even on a machine without a GPU; minigrad names only what it
    can use, so code that picks ``current_accelerator() or cpu`` lands on cpu there."""
    return backend.device("cuda") if is_available() else None


def device_count() -> int:
    return backend.cuda_device_count() if is_available() else 0


def _require(what):
    if not is_available():
        raise RuntimeError(f"{_NONE} ({what} needs a CUDA GPU with CuPy; test accelerator.is_available() first)")
    return backend.require_cupy(what)


def current_device_index() -> int:
    return _require("accelerator.current_device_index()").cuda.runtime.getDevice()


current_device_idx = current_device_index


def set_device_index(device) -> None:
    idx = device.index if isinstance(device, backend.device) else device
    _require("accelerator.set_device_index()").cuda.runtime.setDevice(int(idx))


set_device_idx = set_device_index


def synchronize(device=None) -> None:
    _require("accelerator.synchronize()")
    backend.synchronize(device)


def empty_cache() -> None:
    if is_available():
        backend.require_cupy("empty_cache").get_default_memory_pool().free_all_blocks()
