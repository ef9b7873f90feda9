"""The array backend: NumPy on the CPU, CuPy on NVIDIA GPUs (the bottom layer of minigrad).

  devices.py   the only module that imports CuPy: devices, ``array_module`` (numpy or cupy, called
               ``xp`` in array code), transfers, the few array helpers that differ between the two
  random.py    one random generator per device, seeded by ``manual_seed``

Speed tricks (fused CUDA kernels, allocator tuning) live in ``minigrad/fast``, not here.
"""
from .devices import (CPU, CUDA_INSTALL_HINT, CudaUnavailableError, DeviceError, array_module, as_device, as_strided, cuda_device_count,
                      cuda_is_available, cupy_loaded, device, device_of, erf, is_array, is_cpu_array, on, require_cupy,
                      reshape_view, scatter_add, stable_argsort, synchronize, to_device, to_numpy, xp_for, zero)
from .devices import _cupy  # noqa: F401  (for minigrad.fast.cuda_kernels)
from .random import (generator, initial_seed, manual_seed, random_bernoulli, random_integers, random_normal,
                     random_permutation, random_uniform)
