"""``minigrad.backends``: torch.backends' switches, so scripts that set them run unchanged.

``mps`` is never available; ``cudnn`` and ``cuda.matmul`` flags are accepted and kept (minigrad's GPU
path is CuPy: it has no cuDNN autotuner to enable and no TF32 to allow, so the flags change nothing);
``cuda.is_built()`` says whether CuPy can be used.
"""
from __future__ import annotations

import contextlib
import sys
import types

from .. import backend
from . import defaults


class _Flags(types.ModuleType):
    """A module whose flags are plain attributes, with torch's defaults."""

    def __init__(self, name, doc, **flags):
        super().__init__(name, doc)
        for k, v in flags.items():
            setattr(self, k, v)

    @contextlib.contextmanager
    def flags(self, **changes):
        """Set flags for a ``with`` block (as ``torch.backends.cudnn.flags(enabled=False)``)."""
        old = {k: getattr(self, k) for k in changes}
        for k, v in changes.items():
            setattr(self, k, v)
        try:
            yield
        finally:
            for k, v in old.items():
                setattr(self, k, v)


cudnn = _Flags(__name__ + ".cudnn", "cuDNN switches: accepted and kept; minigrad does not use cuDNN.",
               enabled=True, benchmark=False, benchmark_limit=10, deterministic=False, allow_tf32=True)
cudnn.is_available = lambda: False
cudnn.version = lambda: None

mps = types.ModuleType(__name__ + ".mps", "Apple's Metal backend: minigrad has none.")
mps.is_available = lambda: False
mps.is_built = lambda: False

class _MatmulFlags(_Flags):
    """``allow_tf32`` is another view of ``set_float32_matmul_precision`` (as torch's: 'high' or 'medium' allow
    TF32, 'highest' does not; setting the flag sets the precision)."""
    allow_tf32 = property(lambda self: defaults._STATE["matmul_precision"] != "highest",
                          lambda self, on: defaults._STATE.__setitem__("matmul_precision", "high" if on else "highest"))


cuda = types.ModuleType(__name__ + ".cuda", "CUDA switches (matmul TF32 and reduced-precision flags).")
cuda.matmul = _MatmulFlags(__name__ + ".cuda.matmul", "cuBLAS matmul flags: accepted and kept.",
                           allow_fp16_reduced_precision_reduction=True, allow_bf16_reduced_precision_reduction=True)
cuda.is_built = backend.cuda_is_available

cpu = types.ModuleType(__name__ + ".cpu", "The CPU backend.")
cpu.get_cpu_capability = lambda: "DEFAULT"

mkldnn = _Flags(__name__ + ".mkldnn", "oneDNN switches: accepted; minigrad does not use oneDNN.", enabled=True)
mkldnn.is_available = lambda: False

openmp = types.ModuleType(__name__ + ".openmp", "OpenMP: minigrad's threads are NumPy's BLAS threads.")
openmp.is_available = lambda: False

__all__ = ["cudnn", "mps", "cuda", "cpu", "mkldnn", "openmp"]

for _module in (cudnn, mps, cuda, cuda.matmul, cpu, mkldnn, openmp):      # import minigrad.backends.cudnn as cudnn
    sys.modules[_module.__name__] = _module
