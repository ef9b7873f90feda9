"""``minigrad.cuda``: what torch.cuda offers that minigrad code needs."""
from __future__ import annotations

import sys

from . import backend
from .amp import cuda as amp

sys.modules[__name__ + ".amp"] = amp            # import minigrad.cuda.amp / from minigrad.cuda.amp import ...


class OutOfMemoryError(RuntimeError):
    """torch.cuda.OutOfMemoryError (also torch.OutOfMemoryError): what ``except`` clauses around large GPU
    work name. minigrad's own GPU code lets CuPy's allocation errors through as they are."""


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


def is_initialized() -> bool:
    """Whether CUDA has been set up in this process (CuPy imported and a GPU found)."""
    return backend.cupy_loaded()


def is_bf16_supported(including_emulation: bool = True) -> bool:
    """False: minigrad has no bfloat16 tensors (NumPy has no such type); autocast uses float16."""
    return False


def _index(device, what):
    """The GPU index of ``device`` (None: the current one), CUDA required."""
    cp = backend.require_cupy(f"minigrad.cuda.{what}()")
    if device is None:
        return cp.cuda.runtime.getDevice()
    return backend.as_device(device).index


def set_device(device) -> None:
    """Make ``device`` (an index, 'cuda:N' or a device) the current GPU."""
    backend.require_cupy("minigrad.cuda.set_device()").cuda.runtime.setDevice(_index(device, "set_device"))


class _DeviceProperties:
    """What ``get_device_properties`` reports: the GPU's name, memory, compute capability, SM count."""

    def __init__(self, props):
        name = props["name"]
        self.name = name.decode() if isinstance(name, bytes) else str(name)
        self.total_memory = int(props["totalGlobalMem"])
        self.major, self.minor = int(props["major"]), int(props["minor"])
        self.multi_processor_count = int(props["multiProcessorCount"])

    def __repr__(self):
        return (f"_CudaDeviceProperties(name='{self.name}', major={self.major}, minor={self.minor}, "
                f"total_memory={self.total_memory // 2 ** 20}MB, multi_processor_count={self.multi_processor_count})")


def get_device_properties(device=None) -> _DeviceProperties:
    idx = _index(device, "get_device_properties")
    return _DeviceProperties(backend.require_cupy("get_device_properties").cuda.runtime.getDeviceProperties(idx))


def get_device_name(device=None) -> str:
    return get_device_properties(device).name


def get_device_capability(device=None) -> tuple:
    props = get_device_properties(device)
    return props.major, props.minor


def mem_get_info(device=None) -> tuple:
    """(free, total) bytes on the GPU, as CUDA reports them."""
    cp = backend.require_cupy("minigrad.cuda.mem_get_info()")
    with cp.cuda.Device(_index(device, "mem_get_info")):
        free, total = cp.cuda.runtime.memGetInfo()
    return int(free), int(total)


def memory_allocated(device=None) -> int:
    """Bytes of GPU memory held by tensors (CuPy's memory pool in use); 0 without CUDA, as torch."""
    if not backend.cupy_loaded():
        return 0
    return int(backend.require_cupy("memory_allocated").get_default_memory_pool().used_bytes())


def memory_reserved(device=None) -> int:
    """Bytes of GPU memory held by the memory pool (in use or cached); 0 without CUDA, as torch."""
    if not backend.cupy_loaded():
        return 0
    return int(backend.require_cupy("memory_reserved").get_default_memory_pool().total_bytes())


def max_memory_allocated(device=None) -> int:
    """0 without CUDA, as torch. With a GPU minigrad keeps no peak (CuPy's pool has none): this raises
    rather than report the current figure as a peak; use memory_allocated() where you want one."""
    if not backend.cupy_loaded():
        return 0
    raise NotImplementedError("minigrad.cuda.max_memory_allocated(): minigrad does not track the peak GPU memory "
                              "(CuPy's memory pool keeps no peak); call memory_allocated() where you want a figure")


def ipc_collect() -> None:
    backend.require_cupy("minigrad.cuda.ipc_collect()")


class device:
    """``with minigrad.cuda.device(1):`` makes GPU 1 the current one inside the block."""

    def __init__(self, device):
        self.device = device

    def __enter__(self):
        cp = backend.require_cupy("minigrad.cuda.device()")
        self.previous = cp.cuda.runtime.getDevice()
        cp.cuda.runtime.setDevice(_index(self.device, "device"))
        return self

    def __exit__(self, *exc):
        backend.require_cupy("minigrad.cuda.device()").cuda.runtime.setDevice(self.previous)
        return False
