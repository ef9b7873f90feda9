"""The array backend: NumPy on the CPU, CuPy on NVIDIA GPUs.

This is the only module that knows CuPy exists. Everything else asks a tensor for its array module
(``xp``) and calls the functions below, so the rest of minigrad reads the same on both devices.

Devices are written like torch's: ``"cpu"``, ``"cuda"`` (the current GPU), ``"cuda:1"``, or a
:class:`device` object. Each device has its own random generator, seeded by :func:`manual_seed`.
"""
from __future__ import annotations

import os
import sys

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


def require_cupy(what: str):
    cp = _cupy()
    if cp is None:
        raise RuntimeError(f"{what} needs CUDA, but it is not available ({_CUPY_ERROR}). "
                           f"To use a GPU, {CUDA_INSTALL_HINT}; or use device='cpu'.")
    return cp


def keep_freed_memory(enable: bool = True) -> bool:
    """Let glibc keep the memory of freed arrays for the next ones instead of giving it back.

    Every op returns a new NumPy array. By default glibc serves big blocks (> 128 KiB, e.g. a
    layer's activations) with mmap and returns them to the OS when freed, so the next training step
    pays a page fault for every 4 KiB it writes again: in a small CNN step that is a third of the
    time. PyTorch users get the same effect from jemalloc or tcmalloc. Called when minigrad is
    imported (on Linux with glibc); ``MINIGRAD_KEEP_FREED_MEMORY=0`` turns it off. Returns whether
    it took effect."""
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


if os.environ.get("MINIGRAD_KEEP_FREED_MEMORY", "1") != "0":
    keep_freed_memory(True)


# ---------------------------------------------------------------------------------------------
# Devices
# ---------------------------------------------------------------------------------------------
class device:
    """A device like ``torch.device``: ``device("cpu")``, ``device("cuda", 0)``, ``device("cuda:0")``."""

    __slots__ = ("type", "index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index if index is None else index
        if not isinstance(type, str):
            raise TypeError(f"device(): expected a string like 'cpu' or 'cuda:0', got {type!r}")
        spec = type.strip()
        if ":" in spec:
            spec, _, idx = spec.partition(":")
            if index is not None or not idx.isdigit():
                raise ValueError(f"device(): invalid device string {type!r}; "
                                 "use 'cpu', 'cuda' or 'cuda:N'")
            index = int(idx)
        if spec not in ("cpu", "cuda"):
            raise ValueError(f"device(): unknown device type {spec!r}; minigrad supports 'cpu' and "
                             "'cuda' (or 'cuda:N')")
        if spec == "cpu" and index not in (None, 0):
            raise ValueError(f"device(): the CPU has no index {index}; use 'cpu'")
        if index is not None and (not isinstance(index, int) or index < 0):
            raise ValueError(f"device(): index must be a non-negative int, got {index!r}")
        object.__setattr__(self, "type", spec)
        object.__setattr__(self, "index", None if spec == "cpu" else index)

    def __setattr__(self, name, value):
        raise AttributeError("device objects are immutable")

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            try:
                other = device(other)
            except (ValueError, TypeError):
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
        spec = device("cuda", spec)
    d = device(spec)
    if d.type == "cuda":
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


def array_module(arr):
    """The array module an array belongs to."""
    return np if isinstance(arr, np.ndarray) else _cupy()


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
def as_strided(arr, shape, strides):
    """A strided view of ``arr`` (used for im2col windows); read-only on the CPU."""
    if isinstance(arr, np.ndarray):
        return _np_as_strided(arr, shape=shape, strides=strides, writeable=False)
    return _cupy().lib.stride_tricks.as_strided(arr, shape=shape, strides=strides)


def scatter_add(target, index, values):
    """``target[index] += values`` with repeated indices accumulated (unbuffered)."""
    if isinstance(target, np.ndarray):
        np.add.at(target, index, values)
    else:
        _cupy().add.at(target, index, values)


def erf(arr):
    """The error function, elementwise (SciPy's or CuPy's when available)."""
    if isinstance(arr, np.ndarray):
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


# ---------------------------------------------------------------------------------------------
# Random numbers: one generator per device
# ---------------------------------------------------------------------------------------------
_SEED = None
_GENERATORS: dict = {}


def manual_seed(seed: int):
    """Seed the generators of every device (like ``torch.manual_seed``)."""
    global _SEED
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"manual_seed(): seed must be an int, got {type(seed).__name__}")
    _SEED = int(seed) % (2 ** 64)
    _GENERATORS.clear()


def initial_seed() -> int:
    return _SEED if _SEED is not None else 0


def generator(dev: device):
    """The random generator of ``dev``: a NumPy ``Generator`` or a CuPy ``RandomState``."""
    gen = _GENERATORS.get(dev)
    if gen is None:
        if dev.type == "cpu":
            gen = np.random.Generator(np.random.PCG64(_SEED))
        else:
            cp = require_cupy("random numbers on the GPU")
            with cp.cuda.Device(dev.index):
                seed = _SEED if _SEED is not None else int(np.random.SeedSequence().entropy % 2**63)
                gen = cp.random.RandomState((seed + 7919 * dev.index) % (2 ** 63))
        _GENERATORS[dev] = gen
    return gen


def random_uniform(dev, shape, dtype):
    """Uniform samples in [0, 1)."""
    gen = generator(dev)
    if dev.type == "cpu":
        if dtype in (np.float32, np.float64):
            return gen.random(shape, dtype=dtype)
        return gen.random(shape).astype(dtype)
    with on(dev):
        return gen.random_sample(shape, dtype=dtype if dtype in (np.float32, np.float64) else np.float64
                                 ).astype(dtype, copy=False)


def random_normal(dev, shape, dtype):
    """Standard normal samples."""
    gen = generator(dev)
    if dev.type == "cpu":
        if dtype in (np.float32, np.float64):
            return gen.standard_normal(shape, dtype=dtype)
        return gen.standard_normal(shape).astype(dtype)
    with on(dev):
        return gen.standard_normal(shape, dtype=dtype if dtype in (np.float32, np.float64) else np.float64
                                   ).astype(dtype, copy=False)


def random_integers(dev, low, high, shape, dtype):
    """Integers uniform in [low, high)."""
    gen = generator(dev)
    if dev.type == "cpu":
        return gen.integers(low, high, size=shape, dtype=dtype)
    with on(dev):
        return gen.randint(low, high, size=shape, dtype=dtype)


def random_permutation(dev, n, dtype):
    gen = generator(dev)
    if dev.type == "cpu":
        return gen.permutation(n).astype(dtype)
    with on(dev):
        return gen.permutation(n).astype(dtype)


# ---------------------------------------------------------------------------------------------
# Fused CUDA kernels: GPU fast paths for a few ops whose NumPy-style code (in minigrad/ops) would
# launch one small kernel per kernel position. Each function returns None on the CPU, and the op
# then runs its readable array code (which is also the reference the tests check these against).
# ---------------------------------------------------------------------------------------------
_KERNELS: dict = {}


def _kernel(key, make):
    k = _KERNELS.get(key)
    if k is None:
        k = _KERNELS[key] = make(_cupy())
    return k


def _on_gpu(arr):
    return not isinstance(arr, np.ndarray)


_GEOMETRY = ("int32 H, int32 W, int32 KH, int32 KW, int32 SH, int32 SW, int32 PH, int32 PW, int32 DH, int32 DW, "
             "int32 OH, int32 OW")


def gpu_im2col(x, geo, flat):
    """The im2col columns of a (N, C, H, W) CUDA array (padding read as 0), in one kernel:
    (N, C*KH*KW, OH*OW), or (C*KH*KW, N*OH*OW) when ``flat``."""
    if not _on_gpu(x):
        return None
    cp = _cupy()
    k = _kernel("im2col", lambda cp: cp.ElementwiseKernel(
        "raw T x, int32 N, int32 C, int32 FLAT, " + _GEOMETRY, "T col",
        """
        int ow = i % OW; long long r = i / OW; int oh = r % OH; r /= OH;
        int n, c, kh, kw;
        if (FLAT) { n = r % N; r /= N; kw = r % KW; r /= KW; kh = r % KH; c = r / KH; }
        else      { kw = r % KW; r /= KW; kh = r % KH; r /= KH; c = r % C; n = r / C; }
        int h = oh * SH - PH + kh * DH, w = ow * SW - PW + kw * DW;
        col = (h >= 0 && h < H && w >= 0 && w < W) ? x[((long long)(n * C + c) * H + h) * W + w] : (T)0;
        """, "minigrad_im2col"))
    n, c, h, w = x.shape
    kk, ll = c * geo.kh * geo.kw, geo.oh * geo.ow
    out = cp.empty((kk, n * ll) if flat else (n, kk, ll), x.dtype)
    k(cp.ascontiguousarray(x), n, c, int(flat), h, w, geo.kh, geo.kw, geo.sh, geo.sw, geo.ph, geo.pw, geo.dh, geo.dw,
      geo.oh, geo.ow, out)
    return out


def gpu_col2im(cols, geo, x_shape, flat):
    """The adjoint of gpu_im2col: each pixel gathers the cols entries read from it (one thread per pixel)."""
    if not _on_gpu(cols):
        return None
    cp = _cupy()
    k = _kernel("col2im", lambda cp: cp.ElementwiseKernel(
        "raw T cols, int32 N, int32 C, int32 FLAT, " + _GEOMETRY, "T x",
        """
        int w = i % W; long long r = i / W; int h = r % H; r /= H; int c = r % C; int n = r / C;
        T acc = 0;
        for (int kh = 0; kh < KH; kh++) {
            int t = h + PH - kh * DH;
            if (t < 0 || t % SH) continue;
            int oh = t / SH; if (oh >= OH) continue;
            for (int kw = 0; kw < KW; kw++) {
                int u = w + PW - kw * DW;
                if (u < 0 || u % SW) continue;
                int ow = u / SW; if (ow >= OW) continue;
                long long k = (c * KH + kh) * KW + kw;
                acc += FLAT ? cols[((k * N + n) * OH + oh) * OW + ow]
                            : cols[(((long long)n * C * KH * KW + k) * OH + oh) * OW + ow];
            }
        }
        x = acc;
        """, "minigrad_col2im"))
    n, c, h, w = x_shape
    out = cp.empty(x_shape, cols.dtype)
    k(cp.ascontiguousarray(cols), n, c, int(flat), h, w, geo.kh, geo.kw, geo.sh, geo.sw, geo.ph, geo.pw, geo.dh,
      geo.dw, geo.oh, geo.ow, out)
    return out


def gpu_window_max(views):
    """(max, first position of the max) over K same-shaped strided views, in one kernel."""
    if not _on_gpu(views[0]):
        return None
    cp = _cupy()
    n = len(views)

    def make(cp):
        ins = ", ".join(f"T v{k}" for k in range(n))
        body = ["T m = v0;"]
        body += [f"if (v{k} > m || v{k} != v{k}) m = v{k};" for k in range(1, n)]   # NaN propagates
        # the first position holding the max = how many positions before it miss it (as on the CPU)
        body += ["int first = 0; bool missed = (v0 != m);"]
        body += [f"first += missed; missed = missed && (v{k} != m);" for k in range(1, n)]
        body += ["best = m; idx = first;"]
        return cp.ElementwiseKernel(ins, "T best, int32 idx", "\n".join(body), f"minigrad_window_max{n}")
    k = _kernel(("window_max", n), make)
    best = cp.empty(views[0].shape, views[0].dtype)
    idx = cp.empty(views[0].shape, np.int32)
    k(*views, best, idx)
    return best, idx


def gpu_window_scatter(g, idx, views):
    """views[k] = g where idx == k else 0, for non-overlapping windows, in one kernel."""
    if not _on_gpu(g):
        return None
    n = len(views)

    def make(cp):
        outs = ", ".join(f"T o{k}" for k in range(n))
        body = "\n".join(f"o{k} = (idx == {k}) ? g : (T)0;" for k in range(n))
        return cp.ElementwiseKernel("T g, int32 idx", outs, body, f"minigrad_window_scatter{n}")
    _kernel(("window_scatter", n), make)(g, idx, *views)
    return True


def add_scaled_(y, x, alpha):
    """y += alpha * x in place (one kernel on the GPU, where ``add_(x, alpha=...)`` is hot in optimizers)."""
    if isinstance(y, np.ndarray):
        y += x * alpha
        return y
    k = _kernel("axpy", lambda cp: cp.ElementwiseKernel("T x, T a", "T y", "y += a * x", "minigrad_axpy"))
    k(x, y.dtype.type(alpha), y)
    return y


def gpu_cross_entropy(x, target, weight, ignore_index):
    """Per-row cross-entropy of (N, C) CUDA logits in one kernel (a thread per row): returns
    (loss, lse, w): the weighted losses, log Σ exp of each row, and each row's weight (0 if ignored)."""
    if not _on_gpu(x) or x.ndim != 2:
        return None
    cp = _cupy()
    k = _kernel("cross_entropy", lambda cp: cp.ElementwiseKernel(
        "raw T x, raw I target, raw T weight, int32 C, int64 ignore, int32 has_weight", "T loss, T lse, T w",
        """
        const long long base = (long long)i * C;
        T m = x[base];
        for (int c = 1; c < C; c++) { T v = x[base + c]; if (v > m || v != v) m = v; }
        T s = 0;
        for (int c = 0; c < C; c++) s += exp(x[base + c] - m);
        T l = m + log(s);
        long long t = target[i];
        if (t == ignore) { loss = 0; w = 0; }
        else { T wt = has_weight ? weight[t] : (T)1; loss = wt * (l - x[base + t]); w = wt; }
        lse = l;
        """, "minigrad_cross_entropy"))
    n, c = x.shape
    loss, lse, w = (cp.empty(n, x.dtype) for _ in range(3))
    k(cp.ascontiguousarray(x), target, weight if weight is not None else x, c, int(ignore_index),
      int(weight is not None), loss, lse, w)
    return loss, lse, w


def gpu_cross_entropy_backward(x, target, lse, w, scale, per_row):
    """d loss/d x = (softmax(x) - onehot(target)) · w · scale for (N, C) CUDA logits, in one kernel.
    ``scale`` is a 0-d array (mean/sum) or, with ``per_row``, one value per row (reduction='none')."""
    if not _on_gpu(x) or x.ndim != 2:
        return None
    cp = _cupy()
    k = _kernel("cross_entropy_backward", lambda cp: cp.ElementwiseKernel(
        "raw T x, raw I target, raw T lse, raw T w, raw T scale, int32 C, int32 per_row", "T g",
        """
        const long long row = i / C; const int c = i % C;
        T p = exp(x[i] - lse[row]) - (target[row] == c ? (T)1 : (T)0);
        g = p * w[row] * scale[per_row ? row : 0];
        """, "minigrad_cross_entropy_backward"))
    out = cp.empty(x.shape, x.dtype)
    k(cp.ascontiguousarray(x), target, lse, w, scale, x.shape[1], int(per_row), out)
    return out
