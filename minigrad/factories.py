"""Creating tensors: ``tensor``, ``zeros``, ``ones``, ``rand``, ``arange``... with torch's signatures.

Floats default to float32 (``get_default_dtype()``), Python ints to int64; ``from_numpy`` and
``tensor(ndarray)`` keep the array's dtype. Random factories use the device's generator
(``minigrad.manual_seed``), or the ``generator=`` given (a ``minigrad.Generator``).
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from . import backend, dtypes
from .backends.defaults import default_device
from .tensor import _TYPE_NAMES, Size, Tensor, _legacy_data_check, _wrap, _shape_arg, as_array


def _finish(arr, requires_grad, op="tensor"):
    t = _wrap(arr)
    if requires_grad:
        if requires_grad.__class__ is not bool and not isinstance(requires_grad, np.bool_):
            raise TypeError(f"{op}(): argument 'requires_grad' must be bool, not {type(requires_grad).__name__} "
                            f"({requires_grad!r})")
        if arr.dtype.kind != "f":               # (torch's factories say it so; requires_grad_ as tensor.py)
            raise RuntimeError(f"Only Tensors of floating point and complex dtype can require gradients ({op}(): "
                               f"the data is {t.dtype}; give dtype=torch.float32 or float data)")
        t.requires_grad = True
    return t


def _dev(device):
    # device=None means the default device (minigrad.set_default_device; the CPU unless changed)
    return backend.as_device(device if device is not None else default_device())


def _generator(generator, device, op):
    """``generator=`` of a random factory: None (the global stream) or a ``minigrad.Generator`` of
    ``device``'s type, returned as it is (else TypeError / RuntimeError, see minigrad/generator.py)."""
    if generator is None:
        return None
    from .generator import check_generator      # (imported on use: minigrad.generator is not in this layer)
    return check_generator(generator, device, op)


def _float_dtype(dtype, op, random=False):
    dt = dtypes.as_dtype(dtype, op) if dtype is not None else dtypes.get_default_dtype()
    if random and not dt.is_floating_point:
        raise NotImplementedError(f"{op}(): random floats cannot have dtype {dt} (torch: not implemented for "
                                  f"that dtype); pass dtype=minigrad.float32, or use randint for integers")
    return dt


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of ``data`` (a number, nested list, array or tensor)."""
    if isinstance(data, Tensor):
        import warnings
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                      "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
    if pin_memory and not backend.cuda_is_available():
        raise RuntimeError("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory allocator "
                           "is available on this system (tensor(): leave pin_memory=False on a machine without a GPU)")
    if dtype is dtypes.uint8 and isinstance(data, (list, tuple, int)):
        _check_uint8_ints(data)
    if (dtype is dtypes.complex64 or dtype is dtypes.complex128) and not isinstance(data, Tensor):
        return _complex_tensor(data, dtype, device, requires_grad)
    dtype = dtypes.as_dtype(dtype, "tensor") if dtype is not None else None
    try:
        arr = as_array(data, dtype, device, copy=True)
    except (TypeError, RuntimeError, OverflowError, ValueError) as exc:
        if dtype is not None:                   # (torch converts each element to the dtype given: its errors)
            _check_leaves_for(data, dtype)
        if isinstance(exc, ValueError):
            raise
        if _has_huge_int(data):
            if (dtype.is_floating_point or dtype is dtypes.bool) if dtype is not None else _has_float(data):
                return tensor(_huge_ints_as_floats(data), dtype, device, requires_grad)   # (torch reads them so)
            raise ValueError("Overflow when unpacking long long: tensor() got a Python int outside int64's range "
                             f"[{-2 ** 63}, {2 ** 63 - 1}]; give a float (or dtype=minigrad.float64)") from None
        if _complex_data(data):
            return _complex_tensor(data, None, device, requires_grad)
        raise
    return _finish(arr, requires_grad, "tensor")


def _check_leaves_for(data, dtype):
    """With a dtype given, torch converts each element to it rather than inferring one: None, a set or a dict is its
    TypeError there, as is a many-element tensor for an integer dtype."""
    integer = dtype.np.kind in "iub"
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif item is None or isinstance(item, (set, frozenset, dict)):
            raise TypeError((f"'{type(item).__name__}' object cannot be interpreted as an integer" if integer else
                             f"must be real number, not {type(item).__name__}") +
                            f" (tensor(): the data holds a {type(item).__name__}; give numbers for dtype={dtype})")
        elif integer and isinstance(item, Tensor) and item._data.size != 1 and item is not data:
            raise TypeError(f"only integer tensors of a single element can be converted to an index (tensor(): the "
                            f"list holds a tensor of shape {tuple(item.shape)}; join tensors with minigrad.stack)")


def _has_huge_int(data):
    if isinstance(data, (list, tuple)):
        return any(_has_huge_int(x) for x in data)
    return isinstance(data, int) and not -2 ** 63 <= data < 2 ** 63


def _has_float(data):
    if isinstance(data, (list, tuple)):
        return any(_has_float(x) for x in data)
    return isinstance(data, float)


def _huge_ints_as_floats(data):
    """Nested lists with the ints past int64 as floats (2**70 -> 1.18e21; past float64's range: Python's
    OverflowError 'int too large to convert to float', as torch's)."""
    if isinstance(data, (list, tuple)):
        return [_huge_ints_as_floats(x) for x in data]
    return float(data) if isinstance(data, int) and not isinstance(data, bool) and not -2 ** 63 <= data < 2 ** 63 \
        else data


def _check_uint8_ints(data):
    """Python ints wrap into uint8 down to -255 only, as torch (-1 is 255; -256 raises); the other checks are
    as_array's."""
    try:
        arr = np.asarray(data)
    except (ValueError, OverflowError):
        return                                           # as_array explains
    if arr.dtype.kind == "i" and arr.size and arr.min() < -255:
        raise RuntimeError(f"value cannot be converted to type uint8 without overflow (tensor() got {arr.min()}; "
                           "minigrad.uint8 holds 0..255, and a negative int wraps only down to -255)")


def as_tensor(data, dtype=None, device=None):
    """Like ``tensor`` but shares memory when ``data`` is already a suitable tensor or array."""
    dtype = dtypes.as_dtype(dtype, "as_tensor") if dtype is not None else None
    if isinstance(data, Tensor):
        return data.to(device=device, dtype=dtype) if (device or dtype) else data
    return _wrap(as_array(data, dtype, device, copy=False))


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """``torch.asarray``: ``as_tensor``, with ``copy=True`` (always a copy), ``copy=False`` (never: refused for
    data that must be converted) or None (a copy only when needed)."""
    if copy is False and not isinstance(obj, (Tensor, np.ndarray)):
        raise ValueError(f"can't alias arbitrary sequence into a tensor. (asarray(): got {type(obj).__name__}; "
                         "drop copy=False, or pass a tensor or array)")
    out = as_tensor(obj, dtype, device)
    if copy and (out is obj or isinstance(obj, np.ndarray)):
        out = out.clone() if isinstance(out, Tensor) else out
    return out.requires_grad_() if requires_grad else out


def from_numpy(ndarray):
    """A CPU tensor sharing memory with a NumPy array (keeps its dtype)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"from_numpy(): expected np.ndarray, got {type(ndarray).__name__}")
    if ndarray.dtype.kind == "c" and ndarray.dtype.itemsize in (8, 16):
        from ._complex import from_array          # complex numbers: their parts, sharing the array's memory
        return from_array(ndarray, share=True)
    dtypes.from_np(ndarray.dtype)
    if any(st < 0 for st in ndarray.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors with negative strides "
                         "are not currently supported. (You can probably work around this by making a copy of your "
                         "array  with array.copy().) (from_numpy(): e.g. np.ascontiguousarray(a))")
    return _wrap(ndarray)


def _no_size(op):
    return TypeError(f"{op}() missing 1 required positional arguments: \"size\" (give the shape, e.g. {op}(2, 3), or "
                     f"{op}(()) for a 0-d tensor)")


def _sized(args, size, op):
    """The size given positionally (``f(2, 3)``, ``f((2, 3))``) or as ``size=``; none at all is torch's TypeError."""
    if size is None and not args:
        raise _no_size(op)
    return args if size is None else (size,)


def _filled(size, value, dtype, device, requires_grad, op):
    shape = _shape_arg(size, op)
    d = _dev(device)
    dt = dtypes.as_dtype(dtype, op) if dtype is not None else None
    if dt is None:
        dt = dtypes.result_type(value) if not isinstance(value, float) else dtypes.get_default_dtype()
    if value != 0 and value != 1 and dt.np.kind in "iuf":
        value = dtypes.check_fits(value, dt.np, f"{op}()")      # (1e40 into float32 too, as torch)
    with backend.on(d):
        xp = backend.xp_for(d)
        zero = value == 0 and math.copysign(1.0, value) > 0          # (-0.0 is filled as itself, as torch)
        arr = xp.zeros(shape, dt.np) if zero else (
            xp.ones(shape, dt.np) if value == 1 else xp.full(shape, value, dt.np))
    return _finish(arr, requires_grad, op)


def _into(out, make, dtype, device, op):
    """``op(..., out=out)``: the result (made in ``out``'s dtype and device unless given) written into ``out``,
    which takes the result's shape (silently, as torch's factories), dtype and device."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{op}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if dtype is not None and dtypes.as_dtype(dtype, op) != out.dtype:
        want = dtypes.as_dtype(dtype, op)
        name = {t: _TYPE_NAMES[t._data.dtype.name if isinstance(t, Tensor) else t.np.name][6:-6] for t in (want, out)}
        raise RuntimeError(f"dtype {name[want]} does not match dtype of out parameter ({name[out]}) ({op}(): dtype="
                           f"{want} but out is {out.dtype}; drop dtype=, or give an out tensor of that dtype)")
    r = make(dtype if dtype is not None else out.dtype, device if device is not None else out.device)._data
    if r.shape == out._data.shape and r.dtype == out._data.dtype and type(r) is type(out._data):
        out._data[...] = r
    else:
        out._data = r
        out._view_of = None
    out._version_counter[0] += 1
    return out


def zeros(*args, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    if out is not None:
        return _into(out, lambda dt, dev: zeros(*args, size=size, dtype=dt, device=dev), dtype, device, "zeros")
    if dtype is dtypes.complex64 or dtype is dtypes.complex128:
        return _complex_made("zeros", _sized(args, size, "zeros"), dtype, device, requires_grad)
    return _filled(_sized(args, size, "zeros"), 0, dtype or dtypes.get_default_dtype(), device, requires_grad, "zeros")


def ones(*args, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    if out is not None:
        return _into(out, lambda dt, dev: ones(*args, size=size, dtype=dt, device=dev), dtype, device, "ones")
    if dtype is dtypes.complex64 or dtype is dtypes.complex128:
        return _complex_made("ones", _sized(args, size, "ones"), dtype, device, requires_grad)
    return _filled(_sized(args, size, "ones"), 1, dtype or dtypes.get_default_dtype(), device, requires_grad, "ones")


def empty(*args, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          memory_format=None):
    """An uninitialised tensor in torch; zero-filled here (never garbage)."""
    if out is not None:
        return _into(out, lambda dt, dev: zeros(*args, size=size, dtype=dt, device=dev), dtype, device, "empty")
    if dtype is dtypes.complex64 or dtype is dtypes.complex128:
        return _complex_made("empty", _sized(args, size, "empty"), dtype, device, requires_grad)
    return _filled(_sized(args, size, "empty"), 0, dtype or dtypes.get_default_dtype(), device, requires_grad, "empty")


def full(size, fill_value, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    _check_number(fill_value, "full")
    if out is not None:
        return _into(out, lambda dt, dev: full(size, fill_value, dtype=dt, device=dev), dtype, device, "full")
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if isinstance(fill_value, np.generic):
        fill_value = fill_value.item()
    if not isinstance(size, (tuple, list, Size)):
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not {type(size).__name__} "
                        f"({size!r}); e.g. full(({size!r},), {fill_value!r})")
    if isinstance(fill_value, complex):        # a complex tensor (its parts, minigrad/_complex.py), not the real part
        if dtype not in (None, dtypes.complex64, dtypes.complex128):
            raise RuntimeError(f"value cannot be converted to type {dtypes.as_dtype(dtype, 'full').np.name} without "
                               f"overflow (full(): the fill value {fill_value!r} is complex; pass a complex dtype)")
        return _complex_tensor(np.full(_shape_arg(size, "full"), fill_value), dtype or dtypes.complex64, device,
                               requires_grad)
    return _filled(size, fill_value, dtype, device, requires_grad, "full")


def _check_number(value, op):
    if not isinstance(value, (numbers.Number, np.generic, Tensor)) or isinstance(value, Tensor) and value.ndim:
        what = f"a tensor of shape {tuple(value.shape)}" if isinstance(value, Tensor) else repr(value)
        raise TypeError(f"{op}(): argument 'fill_value' must be a number (or a 0-d tensor), not "
                        f"{type(value).__name__} ({what})")


def _like(input, dtype, device, op="zeros_like", memory_format=None):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}; "
                        f"wrap it with minigrad.tensor(...) first")
    if memory_format is not None:
        memory_format.check_rank(input.ndim, op)
    return (dtypes.as_dtype(dtype, op) if dtype is not None else input.dtype, device if device is not None else input.device)


def _complex_tensor(data, dtype, device, requires_grad):
    """tensor() of complex numbers: their parts (minigrad/_complex.py); Python's give complex64, as torch."""
    from ._complex import from_array
    if isinstance(data, np.ndarray) and data.dtype.kind == "c":
        return from_array(data, dtype, device, requires_grad)
    return from_array(np.asarray(data, dtype=complex), dtype or dtypes.complex64, device, requires_grad)


def _complex_data(data):
    """Whether ``data`` (a list or an array) holds complex numbers."""
    try:
        return not isinstance(data, Tensor) and np.asarray(data).dtype.kind == "c"
    except (TypeError, ValueError):
        return False


def _complex_made(kind, size, dtype, device, requires_grad, generator=None):
    from ._complex import make            # a complex dtype: real and imaginary parts (minigrad/_complex.py)
    return make(kind, _shape_arg(size, kind), dtype, device, requires_grad, generator)


def zeros_like(input, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    dt, dev = _like(input, dtype, device, "zeros_like", memory_format)
    return zeros(input.shape, dtype=dt, device=dev, requires_grad=requires_grad)


def ones_like(input, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    dt, dev = _like(input, dtype, device, "ones_like", memory_format)
    return ones(input.shape, dtype=dt, device=dev, requires_grad=requires_grad)


def empty_like(input, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    """Uninitialised in torch; zero-filled here (never garbage)."""
    dt, dev = _like(input, dtype, device, "empty_like", memory_format)
    return zeros(input.shape, dtype=dt, device=dev, requires_grad=requires_grad)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    _check_number(fill_value, "full_like")
    dt, dev = _like(input, dtype, device, "full_like", memory_format)
    return full(input.shape, fill_value, dtype=dt, device=dev, requires_grad=requires_grad)


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-d tensor viewing the bytes of an object with Python's buffer protocol (bytes, bytearray, array,
    memoryview): ``count`` elements of ``dtype`` (-1 or less: all that fit) from byte ``offset`` on. It shares
    memory with a writable buffer, as torch's."""
    dt = dtypes.as_dtype(dtype, "frombuffer")
    try:
        nbytes = memoryview(buffer).nbytes
    except TypeError:
        raise ValueError(f"object does not implement Python buffer protocol. (frombuffer(): got "
                         f"{type(buffer).__name__}; give bytes, a bytearray or an array)") from None
    size = dt.np.itemsize
    if nbytes == 0 or count == 0:
        raise ValueError(f"both buffer length ({nbytes}) and count ({count}) must not be 0 (frombuffer())")
    if not 0 <= offset < nbytes:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
                         f"({nbytes} bytes) minus 1 (frombuffer())")
    if count < 0 and (nbytes - offset) % size:
        raise ValueError(f"buffer length ({nbytes - offset} bytes) after offset ({offset} bytes) must be a multiple "
                         f"of element size ({size}) (frombuffer(): give count, or a buffer of whole elements)")
    if count > 0 and count * size > nbytes - offset:
        raise ValueError(f"requested buffer length ({count} * {size} bytes) after offset ({offset} bytes) must not "
                         f"be greater than actual buffer length ({nbytes} bytes) (frombuffer())")
    arr = np.frombuffer(buffer, dtype=dt.np, count=count if count > 0 else -1, offset=offset)
    return _finish(arr, requires_grad, "frombuffer")


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False, layout=None):
    """A 0-d tensor holding the number ``s``, of the default float dtype unless ``dtype`` is given (an int
    or a bool gives a float tensor too, as torch)."""
    if isinstance(s, Tensor) and s.ndim == 0:      # a 0-d tensor is a number to torch; any other is not
        s = s.item()
    if not isinstance(s, numbers.Number):
        raise TypeError(f"scalar_tensor(): argument 's' (position 1) must be Number, not {type(s).__name__} "
                        "(give a number or a 0-d tensor)")
    return full((), s, dtype=dtypes.get_default_dtype() if dtype is None else dtype, device=device,
                requires_grad=requires_grad)


_NO_STEP = object()      # arange's step when not given: torch refuses a step without an end


def arange(start, end=None, step=_NO_STEP, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """Values from ``start`` (default 0) up to, not including, ``end``."""
    if end is None and step is not _NO_STEP:
        raise TypeError(f"arange() received an invalid combination of arguments - got (start={start!r}, "
                        f"step={step!r}): a step needs both start and end, e.g. arange(0, {start!r}, {step!r})")
    step = 1 if step is _NO_STEP else step
    if out is not None:
        args = (start,) if end is None else (start, end, step)
        return _into(out, lambda dt, dev: arange(*args, dtype=dt, device=dev), dtype, device, "arange")
    where = {"end": 1} if end is None else {"start": 1, "end": 2, "step": 3}     # torch's argument positions
    if end is None:
        start, end = 0, start
    for name, x in (("start", start), ("end", end), ("step", step)):
        if isinstance(x, Tensor) and x.ndim:
            raise TypeError(f"arange(): argument '{name}' must be Number, not Tensor (a tensor of shape "
                            f"{tuple(x.shape)}; pass {name}.item() or a 0-d tensor)")
        if not isinstance(x, (Tensor, numbers.Number)):
            raise TypeError(f"arange(): argument '{name}' (position {where[name]}) must be Number, not "
                            f"{type(x).__name__} ({x!r}); give int or float bounds and step")
    start, end, step = (x.item() if isinstance(x, Tensor) else x for x in (start, end, step))
    if not all(math.isfinite(x) for x in (start, end)):
        raise RuntimeError(f"arange(): unsupported range: {start} -> {end}; start and end must be finite")
    if step == 0:
        raise RuntimeError("arange(): step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError(f"arange(): upper bound and larger bound inconsistent with step sign "
                           f"(start={start}, end={end}, step={step})")
    if dtype is None:
        is_int = all(isinstance(x, numbers.Integral) for x in (start, end, step))
        dtype = dtypes.int64 if is_int else dtypes.get_default_dtype()
    dt = dtypes.as_dtype(dtype, "arange")
    if dt is dtypes.bool:
        raise NotImplementedError("arange(): not implemented for dtype minigrad.bool; make an integer range and "
                                  "compare it (e.g. arange(n) > 0)")
    if dt.np.kind in "iu":
        for v in (start, end, step):
            dtypes.check_fits(v, np.dtype(np.int64), "arange()")
    d = _dev(device)
    # the values are computed in float64 and then converted, as in torch >= 2.14:
    # arange(0, 1, 0.3, dtype=int64) is [0, 0, 0, 0] (torch 2.13 refused: its step became 0)
    n = max(int(math.ceil((end - start) / step)), 0)
    if n >= 2 ** 62:
        raise RuntimeError(f"invalid size, possible overflow? (arange(): {start} to {end} by {step} would be {n} "
                           "elements)")
    with backend.on(d):
        arr = (backend.xp_for(d).arange(n, dtype=np.float64) * step + start).astype(dt.np)
    return _finish(arr, requires_grad)


def _check_steps(steps, op, start=0, end=0, dtype=None):
    """linspace's and logspace's arguments: an int number of steps, numbers (or 0-d tensors) for the ends, and a
    dtype other than bool (torch has no bool kernel for them)."""
    for name, v in (("start", start), ("end", end)):
        if not isinstance(v, (numbers.Number, Tensor)):
            raise TypeError(f"{op}(): argument '{name}' must be Number, not {type(v).__name__} ({v!r})")
    if dtype is dtypes.bool:
        raise NotImplementedError(f"\"{op}_cpu\" not implemented for 'Bool' ({op}(): make a float or integer "
                                  "tensor, then compare it, e.g. > 0)")
    if (not isinstance(steps, (numbers.Integral, Tensor)) or isinstance(steps, bool)
            or isinstance(steps, Tensor) and (steps.ndim or steps.dtype.is_floating_point or steps.dtype is dtypes.bool)):
        raise TypeError(f"{op}(): argument 'steps' must be an int, not {type(steps).__name__} ({steps!r})")
    for name, v in (("start", start), ("end", end)):
        if isinstance(v, Tensor) and v.ndim:
            raise RuntimeError(f"{op} only supports 0-dimensional start and end tensors, but got {name} with "
                               f"{v.ndim} dimension(s). ({op}(): pass {name}.item() or a 0-d tensor)")
    if int(steps) < 0:
        raise RuntimeError(f"{op}(): number of steps must be non-negative, got {int(steps)}")


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False):
    _check_steps(steps, "linspace", start, end, dtype)
    dt = _float_dtype(dtype, "linspace")
    d = _dev(device)
    start, end = (v.item() if isinstance(v, Tensor) else v for v in (start, end))
    with backend.on(d):
        xp = backend.xp_for(d)
        if dt.np.kind == "f":
            arr = _linspace_as_torch(xp, start, end, int(steps), dt.np)
        else:
            arr = xp.linspace(start, end, int(steps), dtype=np.float64).astype(dt.np)
    return _finish(arr, requires_grad)


def _linspace_as_torch(xp, start, end, steps, np_dtype):
    """torch's float linspace, rounding included: start, end and step = (end - start) / (steps - 1) rounded
    to the dtype (float32 for half), each value start + step * i (the first half) or end - step * (steps - 1
    - i) (the second half, so that both ends are exact) rounded once, as torch's fused multiply-add (a wider
    float holds the exact product). float32 and float64 agree with torch bit for bit; half to its last bit."""
    ct = np.float32 if np_dtype == np.float16 else np_dtype.type
    if steps <= 1:
        return xp.full((steps,), start, dtype=np_dtype)
    wide = np.longdouble if ct is np.float64 and xp is np else np.float64
    a, b = ct(start), ct(end)
    step = wide((b - a) / ct(steps - 1))
    i = xp.arange(steps).astype(wide)
    up = wide(a) + step * i
    down = wide(b) - step * (steps - 1 - i)
    return xp.where(i < steps // 2, up, down).astype(ct).astype(np_dtype)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    _check_steps(steps, "logspace", start, end, dtype)
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"logspace(): argument 'base' must be float, not {type(base).__name__} ({base!r}); give a "
                        "number, e.g. base=math.e")
    dt = _float_dtype(dtype, "logspace")
    d = _dev(device)
    with backend.on(d):
        arr = backend.xp_for(d).logspace(start, end, int(steps), base=base, dtype=np.float64).astype(dt.np)
    return _finish(arr, requires_grad)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False):
    for name, v in (("n", n), ("m", m)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, numbers.Integral)):
            raise TypeError(f"eye(): argument '{name}' must be int, not {type(v).__name__} ({v!r}); eye(n, m) makes "
                            "an n x m matrix")
        if v is not None and v < 0:
            raise RuntimeError(f"eye(): {name} must be greater or equal to 0, got {v}")
    dt = _float_dtype(dtype, "eye")
    d = _dev(device)
    with backend.on(d):
        arr = backend.xp_for(d).eye(n, m, dtype=dt.np)
    return _finish(arr, requires_grad)


def rand(*args, size=None, dtype=None, device=None, requires_grad=False, generator=None, out=None):
    """Uniform samples in [0, 1)."""
    if out is not None:
        return _into(out, lambda dt, dev: rand(*args, size=size, dtype=dt, device=dev, generator=generator), dtype,
                     device, "rand")
    size = _sized(args, size, "rand")
    if dtype is dtypes.complex64 or dtype is dtypes.complex128:
        return _complex_made("rand", size, dtype, device, requires_grad, generator)
    dt = _float_dtype(dtype, "rand", random=True)
    d = _dev(device)
    shape = _shape_arg(size, "rand")
    if _generator(generator, d, "rand") is not None:
        return _finish(generator.uniform_array(shape, dt.np), requires_grad)
    return _finish(backend.random_uniform(d, shape, dt.np), requires_grad)


def randn(*args, size=None, dtype=None, device=None, requires_grad=False, generator=None, out=None):
    """Standard normal samples."""
    if out is not None:
        return _into(out, lambda dt, dev: randn(*args, size=size, dtype=dt, device=dev, generator=generator), dtype,
                     device, "randn")
    size = _sized(args, size, "randn")
    if dtype is dtypes.complex64 or dtype is dtypes.complex128:
        return _complex_made("randn", size, dtype, device, requires_grad, generator)
    dt = _float_dtype(dtype, "randn", random=True)
    d = _dev(device)
    shape = _shape_arg(size, "randn")
    if _generator(generator, d, "randn") is not None:
        return _finish(generator.normal_array(shape, dt.np), requires_grad)
    return _finish(backend.random_normal(d, shape, dt.np), requires_grad)


def randint(low=0, high=None, size=None, *, dtype=None, device=None, requires_grad=False, generator=None):
    """Integers uniform in [low, high): ``randint(high, size)`` or ``randint(low, high, size)``."""
    if size is None:
        if high is None or not isinstance(high, (tuple, list)):
            raise TypeError("randint(): expected size, e.g. randint(0, 10, (3,)) or randint(10, (3,))")
        low, high, size = 0, low, high
    for v in (low, high):
        if type(v) is int and not -2 ** 63 <= v < 2 ** 63:
            raise ValueError(f"Overflow when unpacking long long (randint(): the bound {v} is outside int64's range)")
    if high is None:
        low, high = 0, low
    if not isinstance(size, (tuple, list, Size)):
        raise TypeError(f"randint(): argument 'size' must be tuple of ints, not {type(size).__name__} ({size!r}); "
                        f"e.g. randint({low}, {high}, ({size!r},))")
    for name, v in (("low", low), ("high", high)):
        if isinstance(v, bool) or not isinstance(v, (numbers.Integral, Tensor)) or (
                isinstance(v, Tensor) and v.dtype.is_floating_point):
            raise TypeError(f"randint(): argument '{name}' must be int, not {type(v).__name__} ({v!r})")
    if high <= low:
        raise RuntimeError(f"randint(): low ({low}) must be smaller than high ({high})")
    dt = dtypes.as_dtype(dtype, "randint") if dtype is not None else dtypes.int64
    if dt.np.kind in "biu":
        lo, hi = (0, 1) if dt is dtypes.bool else (np.iinfo(dt.np).min, np.iinfo(dt.np).max)
        if not (lo <= low and high - 1 <= hi):
            c = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char", "int16": "short", "int32": "int",
                 "int64": "long"}[dt.np.name]
            raise RuntimeError(f"{'from' if low < lo else 'to - 1'} is out of bounds for {c} (randint({low}, {high}) "
                               f"into dtype {dt}: the range must lie in [{lo}, {hi + 1}))")
    d = _dev(device)
    shape = _shape_arg((size,), "randint")
    if _generator(generator, d, "randint") is not None:
        arr = generator.integers_array(int(low), int(high), shape, np.int64)
    else:
        arr = backend.random_integers(d, int(low), int(high), shape, np.int64)
    return _finish(arr.astype(dt.np, copy=False), requires_grad)


def randperm(n, *, dtype=None, device=None, requires_grad=False, generator=None):
    if isinstance(n, bool) or not isinstance(n, (numbers.Integral, Tensor)):
        raise TypeError(f"randperm(): argument 'n' (position 1) must be int, not {type(n).__name__} ({n!r})")
    if n < 0:
        raise RuntimeError(f"randperm(): Trying to create tensor with negative dimension {n}: [{n}]")
    dt = dtypes.as_dtype(dtype, "randperm") if dtype is not None else dtypes.int64
    if dt is dtypes.bool:
        raise NotImplementedError("\"randperm\" not implemented for 'Bool' (randperm(): use an integer dtype)")
    if dt.np.kind in "iu" and n - 1 > np.iinfo(dt.np).max:
        raise RuntimeError(f"value cannot be converted to type {dt.np.name}_t without overflow (randperm({n}) needs "
                           f"values up to {n - 1}; use dtype=torch.int64)")
    d = _dev(device)
    if _generator(generator, d, "randperm") is not None:
        return _finish(generator.permutation_array(int(n), dt.np), requires_grad)
    return _finish(backend.random_permutation(d, int(n), dt.np), requires_grad)


def rand_like(input, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    dt, dev = _like(input, dtype, device, "rand_like", memory_format)
    if dt is not dtypes.complex64 and dt is not dtypes.complex128 and not dtypes.as_dtype(dt).is_floating_point:
        raise NotImplementedError(f"rand_like(): random floats cannot have dtype {dt} (not implemented for it, as "
                                  "torch); pass dtype=minigrad.float32, or use randint_like for integers")
    return rand(input.shape, dtype=dt, device=dev, requires_grad=requires_grad)


def randn_like(input, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    dt, dev = _like(input, dtype, device, "randn_like", memory_format)
    if dt is not dtypes.complex64 and dt is not dtypes.complex128 and not dtypes.as_dtype(dt).is_floating_point:
        raise NotImplementedError(f"randn_like(): random floats cannot have dtype {dt} (not implemented for it, as "
                                  "torch); pass dtype=minigrad.float32, or use randint_like for integers")
    return randn(input.shape, dtype=dt, device=dev, requires_grad=requires_grad)


def randint_like(input, low=0, high=None, dtype=None, device=None):
    dt, dev = _like(input, dtype, device, "randint_like")
    return randint(low, high, input.shape, dtype=dt, device=dev)


def normal(mean=0.0, std=1.0, size=None, *, dtype=None, device=None, requires_grad=False, generator=None):
    """Samples from N(mean, std²); mean/std may be tensors (broadcast) or numbers with ``size``."""
    if isinstance(std, Tensor):
        if not bool((std._data >= 0).all()):
            raise RuntimeError("normal expects all elements of std >= 0.0 (a negative or NaN std was given)")
    elif not std >= 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        ref = mean if isinstance(mean, Tensor) else std
        if size is not None:
            raise TypeError(f"normal() received an invalid combination of arguments - got (Tensor, ..., size={size!r}) "
                            "(normal(): size= goes only with a number mean and std; the tensor's shape gives the "
                            "output's shape)")
        try:
            shape = np.broadcast_shapes(tuple(getattr(mean, "shape", ())), tuple(getattr(std, "shape", ())))
        except ValueError:
            raise RuntimeError(f"normal(): the shapes of mean {tuple(getattr(mean, 'shape', ()))} and std "
                               f"{tuple(getattr(std, 'shape', ()))} cannot be broadcast together") from None
        _generator(generator, ref.device, "normal")
        out = empty(shape, dtype=ref.dtype, device=ref.device)
        if isinstance(std, Tensor):     # torch's order of operations (its roundings): normal_(0, 1) * std + mean
            return (out.normal_(0.0, 1.0, generator=generator) * std + mean).detach()
        return (out.normal_(0.0, std, generator=generator) + mean).detach()
    _generator(generator, _dev(device), "normal")
    if size is None:
        raise TypeError(f"normal(): with a number mean ({mean!r}) and std ({std!r}) give the size, e.g. "
                        f"normal({mean!r}, {std!r}, size=(3,)); or pass tensors for mean or std")
    out = empty(size, dtype=dtype, device=device).normal_(mean, std, generator=generator)
    return out.requires_grad_() if requires_grad else out


def bernoulli(input, p=None, *, generator=None):
    """1 with probability ``p`` (default: the values of ``input``, which must lie in [0, 1]), else 0."""
    if not isinstance(input, Tensor):
        raise TypeError(f"bernoulli(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"bernoulli(): not implemented for {input.dtype} probabilities; give a floating-point "
                                  "tensor (probs.float())")
    if p is not None:
        check_probability(p)
    elif not bool(((input._data >= 0) & (input._data <= 1)).all()):
        raise RuntimeError("bernoulli(): Expected p_in >= 0 && p_in <= 1 to be true, but got false. (a "
                           "probability outside [0, 1], or NaN, was given)")
    g = _generator(generator, input.device, "bernoulli")
    if p is not None:                       # one probability: torch's bernoulli_(p) draws
        out = empty(tuple(input.shape), dtype=input.dtype, device=input.device).bernoulli_(p, generator=g)
    elif input.device.type == "cpu":        # a probability per element: uniforms of their dtype
        stream = backend.generator(backend.CPU) if g is None else g._numpy()
        out = _wrap(stream.bernoulli_probs(np.ascontiguousarray(input._data)).astype(input._data.dtype))
    else:
        u = backend.random_uniform(input.device, input._data.shape, input._data.dtype) if g is None else \
            g.uniform_array(input._data.shape, input._data.dtype)
        out = _wrap((u < input._data).astype(input._data.dtype))
    if input._requires_grad:                  # (torch: the sample joins the graph with a zero gradient)
        out = input * 0 + out
    return out


def poisson(input, generator=None):
    """Poisson samples, one per element of ``input`` (the rates, >= 0), in input's dtype (no gradient, as torch)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"poisson(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f"poisson(): not implemented for {input.dtype} rates; give a floating-point tensor")
    rates = backend.to_numpy(input._data)
    if not (rates >= 0).all():
        raise RuntimeError("poisson(): invalid Poisson rate, expected rate to be non-negative (a negative or NaN rate "
                           "was given)")
    g = _generator(generator, input.device, "poisson")
    rng = backend.generator(backend.CPU) if g is None else g._numpy()
    return _wrap(backend.to_device(rng.poisson(rates).astype(input._data.dtype), input.device))


def check_probability(p):
    """bernoulli's and bernoulli_'s scalar ``p`` must be a probability (torch's message)."""
    if not isinstance(p, Tensor) and not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Sample indices from the rows of ``input`` (non-negative weights), with torch's draws: with replacement,
    by the rows' cumulative weights; without, the largest weight / Exponential(1) keys (so once a row's
    positive weights are used up its zero-weight indices follow, as torch's)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"multinomial(): argument 'input' must be Tensor, not {type(input).__name__}")
    if isinstance(num_samples, bool) or not isinstance(num_samples, (numbers.Integral, Tensor)) or (
            isinstance(num_samples, Tensor) and (num_samples.numel() != 1 or num_samples.dtype.is_floating_point)):
        raise TypeError(f"multinomial(): argument 'num_samples' (position 2) must be int, not "
                        f"{type(num_samples).__name__} ({num_samples!r})")
    if replacement.__class__ is not bool:
        raise TypeError(f"multinomial(): argument 'replacement' must be bool, not {type(replacement).__name__}")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: {input.dtype}")
    if input.ndim not in (1, 2):
        raise RuntimeError(f"prob_dist must be 1 or 2 dim (multinomial(): got shape {tuple(input.shape)})")
    if num_samples <= 0:
        raise RuntimeError(f"cannot sample n_sample <= 0 samples (multinomial(): num_samples={num_samples})")
    p = backend.to_numpy(input._data).astype(np.float64)
    if not replacement and num_samples > p.shape[-1]:
        raise RuntimeError(f"cannot sample n_sample > prob_dist.size(-1) samples without replacement "
                           f"(multinomial(): {num_samples} > {p.shape[-1]}); pass replacement=True")
    rows = p.reshape(-1, p.shape[-1])
    if not np.isfinite(p).all() or (p < 0).any():
        raise RuntimeError("multinomial(): probability tensor contains either `inf`, `nan` or element < 0")
    if (rows.sum(axis=1) <= 0).any():
        raise RuntimeError("multinomial(): invalid multinomial distribution (sum of probabilities <= 0)")
    if not replacement and num_samples > p.shape[-1]:
        raise RuntimeError(f"multinomial(): cannot sample n_sample ({num_samples}) > prob_dist.size(-1) "
                           f"({p.shape[-1]}) samples without replacement; pass replacement=True")
    g = _generator(generator, input.device, "multinomial")
    stream = backend.generator(backend.CPU) if g is None else g._numpy()
    weights = backend.to_numpy(input._data).reshape(-1, p.shape[-1])
    if weights.dtype == np.float16:
        weights = weights.astype(np.float32)        # (torch sums half weights in float32)
    arr = stream.multinomial(weights, int(num_samples), replacement)      # torch's draws (backend/mt19937.py)
    return _wrap(backend.to_device(arr.reshape(p.shape[:-1] + (num_samples,)), input.device))


def manual_seed(seed):
    """Seed every device's generator; returns the default Generator (as torch, so ``manual_seed(0)`` chains)."""
    backend.manual_seed(seed)
    from .generator import default_generator
    return default_generator


seed_everything = manual_seed


def initial_seed():
    return backend.initial_seed()


# ---------------------------------------------------------------------------------------------
# Factories on a tensor: t.new_zeros(...) and friends (same dtype and device as t, unless given)
# ---------------------------------------------------------------------------------------------
def _own_dtype(self, dtype, op):
    """A ``new_*`` factory's dtype: the one given (checked, naming ``op``), else the tensor's."""
    return self.dtype if dtype is None else dtypes.as_dtype(dtype, op)


def _new_tensor(self, data, dtype=None, device=None, requires_grad=False):
    return tensor(data, dtype=_own_dtype(self, dtype, "new_tensor"), device=device or self.device, requires_grad=requires_grad)


def _new_zeros(self, *args, size=None, dtype=None, device=None, requires_grad=False):
    size = args if size is None else (size,)
    return zeros(*size, dtype=_own_dtype(self, dtype, "new_zeros"), device=device or self.device, requires_grad=requires_grad)


def _new_ones(self, *args, size=None, dtype=None, device=None, requires_grad=False):
    size = args if size is None else (size,)
    return ones(*size, dtype=_own_dtype(self, dtype, "new_ones"), device=device or self.device, requires_grad=requires_grad)


def _new_empty(self, *args, size=None, dtype=None, device=None, requires_grad=False):
    size = args if size is None else (size,)
    return _new_zeros(self, *size, dtype=_own_dtype(self, dtype, "new_empty"), device=device, requires_grad=requires_grad)


def _new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
    return full(size, fill_value, dtype=_own_dtype(self, dtype, "new_full"), device=device or self.device,
                requires_grad=requires_grad)


def _new(self, *args, device=None):
    """torch's legacy ``t.new(...)``, in t's dtype and on t's device: ``t.new()`` an empty tensor, ``t.new(2, 3)``
    (or ``t.new(minigrad.Size([2, 3]))``) a zero-filled one of that shape (uninitialised in torch), ``t.new([1, 2])``
    (any other sequence, a tuple included) a tensor of that data. Prefer new_zeros / new_tensor."""
    dev = device if device is not None else self.device
    if not args:
        return zeros(0, dtype=self.dtype, device=dev)
    if len(args) == 1 and isinstance(args[0], Tensor):
        if args[0].dtype != self.dtype or args[0].device != self.device:
            raise TypeError(f"new(): expected a tensor of dtype {self.dtype} on {self.device} (t.new(other) aliases "
                            f"other), got {args[0].dtype} on {args[0].device}; use t.new_tensor(other)")
        return args[0].detach()
    if all(isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in args):
        return zeros(*args, dtype=self.dtype, device=dev)
    if len(args) == 1 and isinstance(args[0], Size):
        return zeros(args[0], dtype=self.dtype, device=dev)
    if len(args) == 1:
        _legacy_data_check(args[0], "new")
        return tensor(args[0], dtype=self.dtype, device=dev)
    raise TypeError(f"new(): expected ints (a shape), a sequence of data or a tensor, got {args!r}")


Tensor.new = _new
Tensor.new_tensor, Tensor.new_zeros, Tensor.new_ones = _new_tensor, _new_zeros, _new_ones
Tensor.new_empty, Tensor.new_full = _new_empty, _new_full
