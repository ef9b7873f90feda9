"""Devices and arrays: NumPy on the CPU, CuPy on NVIDIA GPUs.

This is the only module that imports CuPy. Everything else asks for an array's module
(``array_module(arr)``: numpy or cupy) and calls the functions below, so the rest of minigrad reads
the same on both devices. Devices are written like torch's: ``"cpu"``, ``"cuda"`` (the current GPU),
``"cuda:1"``, or a :class:`device` object.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided as _np_as_strided

_CUPY = None          # the cupy module once imported, False if it cannot be imported
_CUPY_ERROR = ""      # why, for the error message


CUDA_INSTALL_HINT = (
    "install CuPy for your CUDA version, e.g. `pip install minigrad[cuda]` (CuPy for CUDA 12.x) or "
    "`pip install cupy-cuda13x` for CUDA 13.x, on a machine with an NVIDIA GPU and driver")


def _cupy():
    """Import CuPy on first use; ``None`` when it is missing or no GPU is usable."""
    global _CUPY, _CUPY_ERROR
    if _CUPY is None:
        try:
            import cupy
            if cupy.cuda.runtime.getDeviceCount() < 1:
                raise RuntimeError("CuPy found no GPU")
            _CUPY = cupy
        except Exception as exc:  # ImportError, CUDA driver errors, no device
            _CUPY, _CUPY_ERROR = False, f"{type(exc).__name__}: {exc}"
    return _CUPY or None


def cuda_is_available() -> bool:
    """True when CuPy imports and sees at least one GPU."""
    return _cupy() is not None


def cuda_device_count() -> int:
    cp = _cupy()
    return cp.cuda.runtime.getDeviceCount() if cp else 0


class CudaUnavailableError(RuntimeError, AssertionError):
    """Asking for CUDA where there is none: a RuntimeError, and an AssertionError as torch's CPU builds
    raise ("Torch not compiled with CUDA enabled"), so that code catching either keeps working."""


def require_cupy(what: str):
    cp = _cupy()
    if cp is None:
        raise CudaUnavailableError(f"{what} needs CUDA, but it is not available ({_CUPY_ERROR}). "
                                   f"To use a GPU, {CUDA_INSTALL_HINT}; or use device='cpu'.")
    return cp


def _index_needs_a_gpu(index):
    """A bare device index names a GPU: without one, torch's RuntimeError (not an AssertionError)."""
    if _cupy() is None:
        raise RuntimeError(f"device {index}: a device index names a GPU, but CUDA is not available ({_CUPY_ERROR}). "
                           f"To use a GPU, {CUDA_INSTALL_HINT}; or use device='cpu'.")


def cupy_loaded() -> bool:
    """Whether CuPy has been imported and found a GPU (without trying to import it)."""
    return bool(_CUPY)




# ---------------------------------------------------------------------------------------------
# Devices
# ---------------------------------------------------------------------------------------------
class DeviceError(RuntimeError, ValueError):
    """A device string or index torch refuses: torch's RuntimeError (also a ValueError, which minigrad raised
    before, so that older callers catching ValueError keep working)."""


class NoBackendError(DeviceError, NotImplementedError):
    """An Apple-GPU ('mps') device: torch built without that backend raises NotImplementedError."""


class NotCompiledError(DeviceError, AssertionError):
    """An Intel-GPU ('xpu') device: torch built without it raises AssertionError."""


_OTHER_BACKENDS = {"mps": (NoBackendError, "Could not run an op with arguments from the 'MPS' backend."),
                   "xpu": (NotCompiledError, "Torch not compiled with XPU enabled")}


class device:
    """A device like ``torch.device``: ``device("cpu")``, ``device("cuda", 0)``, ``device("cuda:0")``.
    As torch, ``device("cpu:1")`` keeps its index, and a tensor made there is on the one CPU ('cpu')."""

    __slots__ = ("type", "index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index if index is None else index
        elif isinstance(type, int) and not isinstance(type, bool) and index is None:
            if type < 0:                        # (a bare index names a GPU: as torch 2.15, no GPU is needed to name one)
                raise RuntimeError(f"Device index must not be negative (device({type}): GPUs are numbered from 0)")
            type, index = "cuda", type
        if not isinstance(type, str):
            raise TypeError(f"device(): expected a string like 'cpu' or 'cuda:0', got {type!r}")
        spec = type
        if spec != spec.strip():
            raise DeviceError(f"Invalid device string: {type!r} (device(): no spaces; use 'cpu', 'cuda' or 'cuda:N')")
        if ":" in spec:
            spec, _, idx = spec.partition(":")
            if index is not None or not idx.isdigit() or (idx != "0" and idx.startswith("0")):
                raise DeviceError(f"Invalid device string: {type!r} (device(): use 'cpu', 'cuda' or 'cuda:N')")
            index = int(idx)
        if spec in _OTHER_BACKENDS:
            error, sentence = _OTHER_BACKENDS[spec]
            raise error(f"{sentence} (device {type!r}: minigrad runs on 'cpu' and 'cuda' only)")
        if spec == "meta":
            raise DeviceError("device(): 'meta' tensors (a shape and dtype, no data) are not supported in minigrad; "
                              "make the tensor or module on 'cpu' (torch.empty there costs only its memory)")
        if spec not in ("cpu", "cuda"):
            raise DeviceError(f"device(): unknown device type {spec!r}; minigrad supports 'cpu' and 'cuda' (or "
                              "'cuda:N'), lower-case")
        if index is not None and (isinstance(index, bool) or not isinstance(index, int)):
            raise TypeError(f"device(): index must be an int, got {index!r}")
        if index is not None and index < 0:
            raise DeviceError(f"Device index must not be negative (device(): got {index})")
        object.__setattr__(self, "type", spec)
        object.__setattr__(self, "index", index)

    def __setattr__(self, name, value):
        raise AttributeError("device objects are immutable")

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        """Devices compare with devices: ``device("cpu") == "cpu"`` is False, as torch's (compare ``.type``)."""
        if isinstance(other, str):
            return False
        if not isinstance(other, device):
            return NotImplemented
        return self.type == other.type and self.index == other.index

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))


CPU = device("cpu")
_DEVICE_CACHE: dict = {"cpu": CPU, None: CPU, CPU: CPU}


def as_device(spec) -> device:
    """Normalise a device spec to a concrete :class:`device` ("cuda" becomes "cuda:<current>")."""
    d = _DEVICE_CACHE.get(spec)
    if d is not None:
        return d
    if isinstance(spec, int) and not isinstance(spec, bool):
        _index_needs_a_gpu(spec)
        spec = device("cuda", spec)
    d = device(spec)
    if d.type == "cpu":
        d = CPU                       # 'cpu:1' is the one CPU, as torch's tensors show it
    elif d.type == "cuda":
        cp = require_cupy(f"device {str(spec)!r}")
        if d.index is None:
            d = device("cuda", cp.cuda.runtime.getDevice())
        n = cp.cuda.runtime.getDeviceCount()
        if d.index >= n:
            raise RuntimeError(f"device {str(spec)!r}: there are only {n} CUDA device(s) "
                               f"(cuda:0 to cuda:{n - 1})")
    if isinstance(spec, (str, device)):
        _DEVICE_CACHE[spec] = d
    return d


def device_of(arr) -> device:
    """The device an array lives on."""
    if isinstance(arr, np.ndarray):
        return CPU
    return _DEVICE_CACHE.get(("cuda", arr.device.id)) or _cache_cuda(arr.device.id)


def _cache_cuda(idx):
    d = device("cuda", idx)
    _DEVICE_CACHE[("cuda", idx)] = d
    return d


def xp_for(dev: device):
    """The array module (numpy or cupy) for a device."""
    return np if dev.type == "cpu" else _cupy()


def array_module(*arrays):
    """The array module (``numpy`` or ``cupy``) of the first array among ``arrays`` (numbers are
    skipped; ``numpy`` when there is no array). minigrad's array code calls it ``xp``."""
    for a in arrays:
        if isinstance(a, np.ndarray):
            return np
        if is_array(a):
            return _cupy()
    return np


_ZEROS: dict = {}


def zero(arr):
    """A zero of ``arr``'s dtype to combine with it (``xp.maximum(x, zero(x))``). On the CPU it is a
    shared read-only 0-d array: NumPy combines an array with a 0-d array about twice as fast as with a
    number, which it must convert first. On a GPU, a NumPy scalar of the dtype."""
    if arr.__class__ is not np.ndarray:
        return arr.dtype.type(0)
    z = _ZEROS.get(arr.dtype)
    if z is None:
        z = _ZEROS[arr.dtype] = np.zeros((), arr.dtype)
        z.flags.writeable = False
    return z


def is_array(obj) -> bool:
    if isinstance(obj, np.ndarray):
        return True
    cp = _CUPY or None
    return cp is not None and isinstance(obj, cp.ndarray)


def is_cpu_array(arr) -> bool:
    return isinstance(arr, np.ndarray)


class _DeviceScope:
    """``with on(dev):`` makes CuPy allocate on ``dev``; a no-op for the CPU."""
    __slots__ = ("ctx",)

    def __init__(self, dev):
        self.ctx = _cupy().cuda.Device(dev.index) if dev.type == "cuda" else None

    def __enter__(self):
        if self.ctx is not None:
            self.ctx.__enter__()
        return self

    def __exit__(self, *exc):
        if self.ctx is not None:
            self.ctx.__exit__(*exc)
        return False


def on(dev: device) -> _DeviceScope:
    return _DeviceScope(dev)


def to_device(arr, dev: device):
    """Copy an array to ``dev`` (returns ``arr`` itself when it is already there)."""
    if dev.type == "cpu":
        return arr if isinstance(arr, np.ndarray) else arr.get()
    cp = require_cupy(f"moving a tensor to {dev}")
    if isinstance(arr, cp.ndarray) and arr.device.id == dev.index:
        return arr
    with cp.cuda.Device(dev.index):
        return cp.asarray(arr)


def to_numpy(arr) -> np.ndarray:
    return arr if isinstance(arr, np.ndarray) else arr.get()


def synchronize(dev=None):
    """Wait for all queued GPU work (for timing); nothing to do on the CPU."""
    cp = _CUPY or None
    if cp is not None:
        cp.cuda.Device().synchronize() if dev is None else cp.cuda.Device(as_device(dev).index).synchronize()


# ---------------------------------------------------------------------------------------------
# Array helpers that differ between NumPy and CuPy
# ---------------------------------------------------------------------------------------------
def as_strided(arr, shape, strides, writeable=False):
    """A strided view of ``arr`` (used for im2col windows); read-only on the CPU unless ``writeable``."""
    if isinstance(arr, np.ndarray):
        return _np_as_strided(arr, shape=shape, strides=strides, writeable=writeable)
    return _cupy().lib.stride_tricks.as_strided(arr, shape=shape, strides=strides)


def scatter_add(target, index, values):
    """``target[index] += values`` with repeated indices accumulated (unbuffered)."""
    if isinstance(target, np.ndarray):
        np.add.at(target, index, values)
    else:
        _cupy().add.at(target, index, values)


def erf(arr):
    """The error function, elementwise (SciPy's or CuPy's when available); a NumPy scalar (what arithmetic
    on 0-d arrays gives) counts as a NumPy array."""
    if isinstance(arr, (np.ndarray, np.generic)):
        try:
            from scipy.special import erf as _erf
            return _erf(arr).astype(arr.dtype, copy=False)
        except ImportError:
            import math
            return np.frompyfunc(math.erf, 1, 1)(arr).astype(arr.dtype)
    from cupyx.scipy.special import erf as _cerf
    return _cerf(arr)


def stable_argsort(arr, axis):
    """argsort that keeps the order of equal values (CuPy's radix sort is stable already)."""
    if isinstance(arr, np.ndarray):
        return np.argsort(arr, axis=axis, kind="stable")
    return _cupy().argsort(arr, axis=axis)


def reshape_view(arr, shape):
    """``arr`` reshaped without copying, or ``None`` when that needs a copy (torch's ``view`` rule)."""
    if isinstance(arr, np.ndarray):
        try:
            return np.reshape(arr, shape, copy=False)
        except ValueError:
            return None
    out = arr.reshape(shape)
    if out.size == 0 or out.data.ptr == arr.data.ptr and out.base is not None:
        return out
    return None
