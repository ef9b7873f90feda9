"""Arrays in shared memory, for ``minigrad.multiprocessing``: an anonymous memory file
(``os.memfd_create``) mapped shared, whose descriptor another process can map too."""
from __future__ import annotations

import mmap
import os

import numpy as np


class _SharedMemory(mmap.mmap):
    """A shared mapping of a memory file; ``fd`` is the file, kept open to send to other processes."""


def _map(fd: int, nbytes: int) -> _SharedMemory:
    m = _SharedMemory(fd, max(nbytes, 1))
    m.fd = fd
    return m


def _memory_of(arr):
    """The shared mapping under a NumPy array, or None."""
    while arr is not None:
        if isinstance(arr, _SharedMemory):
            return arr
        arr = arr.obj if isinstance(arr, memoryview) else getattr(arr, "base", None)
    return None


def is_shared(arr) -> bool:
    return _memory_of(arr) is not None


def shared_copy(arr: np.ndarray) -> np.ndarray:
    """A copy of ``arr`` (C order) in a new shared mapping."""
    fd = os.memfd_create("minigrad-tensor", os.MFD_CLOEXEC)
    os.ftruncate(fd, max(arr.nbytes, 1))
    out = np.ndarray(arr.shape, arr.dtype, buffer=_map(fd, arr.nbytes))
    out[...] = arr
    return out


def share_array(arr):
    """``arr`` itself if it is shared already (or not a NumPy array: GPU memory), else a shared copy."""
    return arr if not isinstance(arr, np.ndarray) or is_shared(arr) else shared_copy(arr)


def rebuild_array(fd_box, nbytes, shape, dtype, strides, offset):
    fd = fd_box.detach() if hasattr(fd_box, "detach") else fd_box
    return np.ndarray(shape, dtype, buffer=_map(fd, nbytes), offset=offset, strides=strides)


def reduce_array(arr):
    """(memory file descriptor, layout) of a shared array: what another process needs to map it."""
    memory = _memory_of(arr)
    start = np.frombuffer(memory, np.uint8).__array_interface__["data"][0]
    offset = arr.__array_interface__["data"][0] - start
    from multiprocessing.reduction import DupFd
    return (DupFd(memory.fd), len(memory), arr.shape, arr.dtype.str, arr.strides, offset)
