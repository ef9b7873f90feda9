"""Small helpers shared by the ops: un-broadcasting, operand promotion, dim arguments."""
from __future__ import annotations

import collections
import math
import numbers
import sys
import types
import warnings

import numpy as np

from .. import backend, dtypes
from ..backend.quiet import arith, fit_float, quiet  # noqa: F401  (the ops' names for them)
from ..autograd.grad_mode import STATE
from ..tensor import INFERENCE, Tensor, _wrap, as_array
from .convert import to_copy

SCALAR_TYPES = (int, float, bool)

# ``minigrad.return_types``: where the named results live (as torch.return_types), so that they pickle by name
# and ``isinstance(r, minigrad.return_types.max)`` works. A module object without a file of its own.
RETURN_TYPES = types.ModuleType("minigrad.return_types", "The named tuples that max, sort, topk, svd... return.")
sys.modules[RETURN_TYPES.__name__] = RETURN_TYPES


def return_type(name, fields):
    """A named tuple printed as torch's ``torch.return_types.<name>(...)`` (one field per line), for the
    (values, indices)-style results of max, sort, topk, median, slogdet, svd..."""
    base = collections.namedtuple(name, fields)

    def __repr__(self):
        return f"torch.return_types.{name}(\n" + ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self)) + ")"
    cls = type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__str__": __repr__,
                               "__module__": RETURN_TYPES.__name__})
    setattr(RETURN_TYPES, name, cls)
    return cls


def sum_to(g: Tensor, shape) -> Tensor:
    """Undo broadcasting: sum ``g`` down to ``shape`` (the shape of the input it flows back to).

    Broadcasting copied the input along new leading dims and along dims of size 1, so each copy's
    gradient must be added back: sum over the leading dims, and (keeping them) over the size-1 dims.
    """
    gshape = g._data.shape
    if gshape == shape:
        return g
    lead = len(gshape) - len(shape)
    dims = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and gshape[i + lead] != 1)
    if dims:
        g = g.sum(dim=dims, keepdim=True)
    if lead:
        g = g.reshape(shape)
    return g


def to_scalar(x):
    """NumPy scalars become Python scalars (so float32 data stays float32)."""
    if isinstance(x, np.generic):
        return x.item()
    return x


def is_scalar(x) -> bool:
    return isinstance(x, SCALAR_TYPES) or isinstance(x, np.generic)


def cast(t: Tensor, dt: dtypes.dtype) -> Tensor:
    """``t`` in dtype ``dt`` (differentiable)."""
    if t._data.dtype == dt.np:
        return t
    return to_copy(t, dt, None, False)


def as_tensor_like(x, like: Tensor, op: str) -> Tensor:
    """An array operand becomes a tensor on ``like``'s device; a list or tuple is refused (as torch does)."""
    if isinstance(x, Tensor):
        return x
    if type(x) is np.ndarray:                  # (torch's functions and methods take no NumPy arrays)
        raise TypeError(f"{op}(): argument 'other' must be Tensor, not numpy.ndarray; make the array a tensor with "
                        "minigrad.from_numpy(...) or minigrad.tensor(...) first")
    if backend.is_array(x):
        return _wrap(as_array(x, device=like.device))
    raise TypeError(f"{op}(): unsupported operand type {type(x).__name__}; expected a Tensor or a number (wrap a "
                    "list with minigrad.tensor(...))")


INT_RANGE = (-2 ** 63, 2 ** 64)           # the Python ints torch takes as operands (int64's low end, uint64's high)


def int_overflow(value: int, op: str):
    """torch's OverflowError for a Python int operand outside ``INT_RANGE``."""
    first = "can't convert negative int to unsigned" if value < 0 else "int too big to convert"
    raise OverflowError(f"{first} ({op}(): the Python int {value} does not fit in 64 bits (int64/uint64); use a float, e.g. "
                        f"{float(value):g})")


def operands(a, b, op: str):
    """Bring two operands (tensors or Python numbers) to the dtype torch would compute in.

    Python scalars stay Python scalars: float32 * 0.5 is float32. The casts below are the cases
    where NumPy's rules differ from torch's (an int tensor with a float scalar or a float tensor)."""
    ta, tb = type(a), type(b)
    if ta is Tensor:                                     # fast paths: the common cases
        if tb is Tensor:
            da, db = a._data.dtype, b._data.dtype
            if da is db or (db.kind == "b" and da.kind != "b"):     # same dtype, or x * bool_mask
                return a, b
        elif tb is float:
            if a._data.dtype.kind == "f":
                return a, fit_float(b, a._data.dtype)
        elif tb is int and a._data.dtype.kind in "fiu":
            if not INT_RANGE[0] <= b < INT_RANGE[1]:
                int_overflow(b, op)
            return a, (b if a._data.dtype.kind == "f" else wrap_int(b, a._data.dtype))
    elif tb is Tensor and (ta is float or ta is int) and b._data.dtype.kind == "f":
        if ta is int and not INT_RANGE[0] <= a < INT_RANGE[1]:
            int_overflow(a, op)
        return fit_float(a, b._data.dtype), b
    a_t = isinstance(a, Tensor)
    b_t = isinstance(b, Tensor)
    if a_t and b_t:
        da, db = a._data.dtype, b._data.dtype
        if da == db or (da.kind == "b") != (db.kind == "b"):
            return a, b            # NumPy agrees with torch here (bool joins the other type)
        dt = dtypes.result_type(a, b)
        return cast(a, dt), cast(b, dt)
    if a_t:
        t, s, t_first = a, b, True
    elif b_t:
        t, s, t_first = b, a, False
    else:
        raise TypeError(f"{op}(): expected at least one Tensor, got {type(a).__name__} and "
                        f"{type(b).__name__}")
    if isinstance(s, np.generic):
        s = s.item()
    elif type(s) is int and not INT_RANGE[0] <= s < INT_RANGE[1]:
        int_overflow(s, op)
    elif not isinstance(s, SCALAR_TYPES):
        s = as_tensor_like(s, t, op)
        return operands(t, s, op) if t_first else operands(s, t, op)
    kind = t._data.dtype.kind
    if type(s) is int:
        int_in_range(s, op)
        if kind == "b" and s >= 2 ** 63:               # (torch reads it as a uint64, which a bool does not promote to)
            raise RuntimeError("Promotion for uint16, uint32, uint64 types is not supported, attempted to promote "
                               f"Bool and UInt64 ({op}(): the int {s} is past int64; give it as a float, or the "
                               "bool tensor as .long())")
    if kind != "f" and (type(s) is float or (kind == "b" and type(s) is int)):
        t = cast(t, dtypes.result_type(t, s))
    elif kind in "iu" and type(s) is int:
        s = wrap_int(s, t._data.dtype)
    if type(s) is float:
        s = fit_float(s, t._data.dtype)
    return (t, s) if t_first else (s, t)


def float_operands(a, b, op: str):
    """``operands`` for an op whose result is floating (true division, xlogy...): an integer tensor meeting a
    Python int is made float first, so the int keeps its value instead of wrapping into the tensor's dtype
    (torch: uint8 tensor / -1 is -x, not x / 255)."""
    if isinstance(a, Tensor) and a._data.dtype.kind in "iub" and type(b) is int:
        a = cast(a, dtypes.get_default_dtype())
    elif isinstance(b, Tensor) and b._data.dtype.kind in "iub" and type(a) is int:
        b = cast(b, dtypes.get_default_dtype())
    return operands(a, b, op)


def int_in_range(s: int, op: str) -> int:
    """A Python int joining a tensor: torch reads it as a 64-bit integer, so one outside ``INT_RANGE`` is its
    OverflowError, whatever the tensor's dtype (x + 2**64 too, for a float x)."""
    if not INT_RANGE[0] <= s < INT_RANGE[1]:
        int_overflow(s, op)
    return s


def wrap_int(s: int, dt) -> int:
    """A Python int joining an integer tensor, wrapped into the tensor's dtype as torch does
    (uint8 tensor + 300 adds 300 mod 256 = 44); NumPy would raise OverflowError instead."""
    info = np.iinfo(dt)
    if info.min <= s <= info.max:
        return s
    if not -2 ** 63 <= s < 2 ** 64:
        raise OverflowError(f"the int {s} is outside even the int64/uint64 range, so it cannot join a {dt} tensor "
                            f"(torch: \"can't convert negative int to unsigned\"); use a float or a smaller int")
    s %= 1 << info.bits
    return s - (1 << info.bits) if s > info.max else s


class NotTensorError(TypeError, AttributeError):
    """A non-tensor where a tensor is expected: a TypeError, and the AttributeError that torch's Python-level
    functions raise for it (``'list' object has no attribute 'softmax'``), so either ``except`` catches it."""


def type_name(value) -> str:
    """A value's type as torch's argument errors print it: ``float``, ``NoneType``, ``numpy.ndarray``."""
    kind = type(value)
    if kind.__module__ == "builtins" or isinstance(value, Tensor):
        return kind.__name__
    return f"{kind.__module__.split('.')[0]}.{kind.__name__}"


def tensor_args(op: str, *named, first=None) -> None:
    """torch's TypeError for a non-tensor argument: ``named`` holds (name, value) pairs, e.g. ``("mat2", m)``;
    with ``first``, the pairs are torch's positional arguments ``first``, ``first + 1``... (named so in the
    message). A None pair name skips a position."""
    for i, (name, value) in enumerate(named):
        if name is not None and not isinstance(value, Tensor):
            where = "" if first is None else f" (position {first + i})"
            raise TypeError(f"{op}(): argument '{name}'{where} must be Tensor, not {type_name(value)}; wrap numbers "
                            "and lists with minigrad.tensor(...)")


def tensor_list(tensors, op: str) -> None:
    """torch's TypeError for a sequence of tensors (cat, broadcast_tensors, multi_dot...) holding something else."""
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type_name(t)} ({op}(): every "
                            "element must be a tensor; wrap numbers and lists with minigrad.tensor(...))")


def number_arg(value, op: str, name: str, position=None, kind="Number"):
    """torch's Number (or float) arguments: a Python or NumPy number or a one-element tensor (returned as its
    number); anything else (a str, None, a list, a longer tensor; a complex for a float) is torch's TypeError."""
    ok = isinstance(value, numbers.Number) and not (kind == "float" and isinstance(value, complex))
    if not (ok or isinstance(value, Tensor) and value._data.size == 1):
        where = "" if position is None else f" (position {position})"
        raise TypeError(f"{op}(): argument '{name}'{where} must be {kind}, not {type_name(value)} ({value!r}); "
                        "give a Python number")
    return value.item() if isinstance(value, Tensor) else value


def tensor_arg(x, op: str) -> Tensor:
    """``x`` itself when it is a tensor; otherwise a clear TypeError (as torch's)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}(): argument 'input' must be Tensor, not {type(x).__name__}; wrap numbers and "
                        "lists with minigrad.tensor(...)")
    return x


def tensor_other(other, op: str):
    """``other`` itself when it is a tensor; for the ops whose ``other`` must be a Tensor (atan2, fmax, the logical
    ops...) a number or array is torch's TypeError."""
    if not isinstance(other, Tensor):
        raise TypeError(f"{op}(): argument 'other' (position 1) must be Tensor, not {type_name(other)} (wrap a number: "
                        "torch.tensor(v, dtype=input.dtype))")
    return other


def common_float(a, b):
    """The float dtype two operands compute in: a float tensor's (``operands`` has made two float tensors agree:
    a bool or int tensor joins a float16/float64 one, as torch), else the default float."""
    for t in (a, b):
        if isinstance(t, Tensor) and t._data.dtype.kind == "f":
            return t.dtype
    return dtypes.get_default_dtype()


def no_bool(op: str, kernel: str, *tensors) -> None:
    """torch's kernels with no bool version (sums of products, bound checks): NotImplementedError when the
    op would compute in bool (every tensor operand bool; a bool joined with an int computes in the int)."""
    if tensors and all(isinstance(t, Tensor) and t._data.dtype.kind == "b" for t in tensors):
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool' ({op}(): convert the bool tensors first, "
                                  "e.g. with .int() or .float())")


def float_input(x: Tensor, op: str) -> Tensor:
    """Floating-point math on an int/bool tensor computes in the default float type (as torch)."""
    if not isinstance(x, Tensor):
        raise NotTensorError(f"{op}(): expected a Tensor, got {type(x).__name__}; convert it with torch.as_tensor(...)")
    if x._data.dtype.kind != "f":
        return cast(x, dtypes.get_default_dtype())
    return x


def int_arg(value, op: str, name: str, position: int):
    """torch's int arguments (``k``, ``diagonal``, an index) refuse bools, floats and tensors: a TypeError."""
    if value.__class__ is not int and (isinstance(value, bool) or not isinstance(value, numbers.Integral)):
        if isinstance(value, Tensor) and value._data.size == 1 and value._data.dtype.kind in "iu":
            return int(value._data.reshape(()))     # a one-element integer tensor reads as its value, as torch
        where = "" if position is None else f" (position {position})"
        raise TypeError(f"{op}(): argument '{name}'{where} must be int, not {type(value).__name__} ({value!r}); "
                        "pass an int")
    return value


def bool_arg(value, op: str, name: str, position=None):
    """torch's flags (``descending=``, ``largest=``) are bools: anything else is a TypeError."""
    if value.__class__ is not bool:
        where = "" if position is None else f" (position {position})"
        raise TypeError(f"{op}(): argument '{name}'{where} must be bool, not {type(value).__name__}")


def dims_arg(dim, ndim: int, op: str):
    """Normalise ``dim`` (None, int, or a tuple/list of ints) to a sorted tuple of non-negative dims."""
    if dim is None or (isinstance(dim, (list, tuple)) and len(dim) == 0):
        return tuple(range(ndim))                # no dims given (or an empty list): all of them
    if isinstance(dim, (list, tuple)):
        ds = tuple(one_dim(d, ndim, op) for d in dim)
        if len(set(ds)) != len(ds):            # (a 0-d tensor: 0 and -1 are both its dim 0)
            raise RuntimeError(f"{op}(): dim {tuple(dim)} appears multiple times in the list of dims; list each dim "
                               "once")
        return tuple(sorted(ds)) if ndim else ()
    if ndim == 0:
        one_dim(dim, 0, op)                     # 0 and -1 are allowed; a 0-d tensor has no dim to reduce
        return ()
    return (one_dim(dim, ndim, op),)


def one_dim(d, ndim: int, op: str) -> int:
    if isinstance(d, Tensor):                  # (a one-element integer tensor reads as its value, as torch's)
        if d._data.size != 1 or d._data.dtype.kind not in "iu":
            raise TypeError(f"{op}(): argument 'dim' must be int, not Tensor (a {d.dtype} tensor of shape "
                            f"{tuple(d.shape)}); pass an int, or a tuple of ints for several dims")
        d = int(d.item())
    if isinstance(d, bool) or not isinstance(d, numbers.Integral):
        raise TypeError(f"{op}(): dim must be an int, got {d!r}")
    n = max(ndim, 1)
    if not -n <= d < n:
        raise IndexError(f"{op}(): dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {d}) for a tensor with {ndim} dims")
    return int(d) % n


def broadcastable(shape, target) -> bool:
    """Whether ``shape`` expands to ``target`` (aligned from the right, each size equal or 1)."""
    return len(shape) <= len(target) and all(a == b or a == 1 for a, b in zip(reversed(shape), reversed(target)))


def shape_str(t) -> str:
    return str(tuple(t.shape)) if isinstance(t, Tensor) else repr(t)


_TORCH_NAMES = {"uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64",
                "float16": "Half", "float32": "Float", "float64": "Double", "uint8": "Byte", "int8": "Char",
                "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool"}


def _can_cast(src, dst) -> bool:
    """torch's canCast: a float result can't go into an integer or bool ``out``, an integer one not into bool."""
    order = {"b": 0, "u": 1, "i": 1, "f": 2}
    return order[src.kind] <= order[dst.kind] or dst.kind == src.kind


def resize_data(t, shape):
    """Give ``t`` the shape ``shape`` in place, keeping its values in memory order (the first numel of them;
    new elements are 0), and bump its version (``resize_`` checks its arguments and calls this)."""
    arr = t._data
    if tuple(shape) == arr.shape:
        return t                                          # nothing to do (torch: no version bump either)
    n = math.prod(shape)
    if arr.flags.c_contiguous and n <= arr.size:
        new = arr.reshape(-1)[:n].reshape(shape)         # the same memory, as torch's
    else:
        xp = backend.array_module(arr)
        flat = arr.ravel(order="K")
        with backend.on(t.device):
            new = xp.zeros(n, arr.dtype)
        k = min(n, flat.size)
        new[:k] = flat[:k]
        new = new.reshape(shape)
    t._view_of = None                                     # no longer a simple view of its parent
    t._data = new
    t._version_counter[0] += 1
    return t


def _shape_args(args, op):
    """A shape given as ints or as one tuple/list of them (0-d tensors allowed), as a tuple of ints."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    out = []
    for s in args:
        if isinstance(s, Tensor):
            if s._data.size != 1:
                raise TypeError(f"{op}(): argument 'shape' (position 1) must be tuple of ints, not Tensor (a tensor "
                                f"of {s._data.size} elements; pass tuple(t.tolist()))")
            s = s.item()
        if isinstance(s, bool) or not isinstance(s, numbers.Integral):
            raise TypeError(f"{op}(): shape must be ints, got {args!r}")
        out.append(int(s))
    return tuple(out)


check_partial_overlap = None     # ops/inplace.py's _check_partial_overlap(t, src, name), set there (it imports this module)


def write_out(result, out, op: str, reduction=False, exact=False, warn=True, inputs=()):
    """``op(..., out=out)`` as torch: ``result`` is written into ``out`` (resized when its shape differs, with
    torch's warning when it held elements) and ``out`` is returned. Refused as torch: ``out`` not a tensor, on
    another device, a dtype the result can't be cast to (a float into an int ``out``; reductions may narrow;
    ``exact``: only the result's dtype), or with grad mode on and a tensor that requires grad involved, or
    ``out`` sharing part of the memory of one of the op's ``inputs`` (``add(R, R[:1], out=R)``)."""
    if isinstance(result, tuple):                     # (values, indices): out is a pair of tensors
        if not isinstance(out, (tuple, list)) or len(out) != len(result):
            raise TypeError(f"{op}(): argument 'out' must be a tuple of {len(result)} Tensors, not "
                            f"{type(out).__name__}")
        written = [write_out(r, o, op, reduction, exact or i > 0, warn) for i, (r, o) in enumerate(zip(result, out))]
        return type(result)(*written) if hasattr(result, "_fields") else tuple(written)
    if not isinstance(out, Tensor):
        raise TypeError(f"{op}(): argument 'out' must be Tensor, not {type(out).__name__}")
    for src in inputs:
        if isinstance(src, Tensor):
            check_partial_overlap(out, src, f"{op}(out=...)")
    if out._creation_meta == INFERENCE and not STATE.inference:
        raise RuntimeError(f"{op}(): Inplace update to inference tensor outside InferenceMode is not allowed (the out "
                           "tensor was made under inference_mode()). You can make a clone to get a normal tensor "
                           "before doing inplace update (out = out.clone()).")
    if STATE.enabled and (out._requires_grad or result._requires_grad):
        raise RuntimeError(f"{op}(): functions with out=... arguments don't support automatic differentiation, but "
                           "one of the arguments requires grad. (Call it under minigrad.no_grad(), or drop out= "
                           "and assign the result: y = op(...))")
    if type(out._data) is not type(result._data):
        raise RuntimeError(f"{op}(): the out tensor is on {out.device} but the result is on {result.device}; "
                           "give an out tensor on the same device")
    rd, od = result._data.dtype, out._data.dtype
    if rd != od and (exact or (not reduction and not _can_cast(rd, od))):
        if exact:
            raise RuntimeError(f"Expected out tensor to have dtype {_TORCH_NAMES[rd.name].lower()}, but got "
                               f"{_TORCH_NAMES[od.name].lower()} instead ({op}(): the result is {result.dtype}, the "
                               f"out tensor {out.dtype}; give an out tensor of {result.dtype})")
        raise RuntimeError(f"{op}(): result type {_TORCH_NAMES[rd.name]} can't be cast to the desired output type "
                           f"{_TORCH_NAMES[od.name]} (a {result.dtype} result into an out tensor of {out.dtype}); "
                           "give an out tensor of a wider dtype")
    if out._data.shape != result._data.shape:
        if out._data.size and warn:
            warnings.warn(f"{op}(): An output with one or more elements was resized since it had shape "
                          f"{list(out.shape)}, which does not match the required output shape {list(result.shape)}. "
                          "This behavior is deprecated (as in torch); resize it to zero elements first with "
                          "out.resize_(0)", UserWarning, stacklevel=3)
        resize_data(out, result._data.shape)
    out._data[...] = result._data
    out._version_counter[0] += 1
    return out
