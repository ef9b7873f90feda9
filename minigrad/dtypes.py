"""Data types, named and promoted as torch does.

A :class:`dtype` wraps a NumPy dtype (CuPy uses the same ones). ``minigrad.float32`` is the default
for factories and Python floats; ``int64`` is used for Python ints and class labels.
"""
from __future__ import annotations

import builtins
import math

import numpy as np


class dtype:
    """A tensor element type, e.g. ``minigrad.float32``. ``dtype.np`` is the NumPy dtype."""

    __slots__ = ("name", "np", "is_floating_point", "is_signed", "itemsize", "_kind")

    def __init__(self, name, np_dtype):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.is_floating_point = self.np.kind == "f"
        self.is_signed = self.np.kind in "fi"
        self.itemsize = self.np.itemsize
        self._kind = {"b": 0, "u": 1, "i": 1, "f": 2}[self.np.kind]   # torch's category: bool<int<float

    is_complex = False                  # (minigrad has no complex tensors; complex64/128 only name torch's)

    def __repr__(self):
        return f"torch.{self.name}"

    def __reduce__(self):
        return self.name

    def to_real(self):
        return self


float16 = half = dtype("float16", np.float16)
float32 = float = dtype("float32", np.float32)
float64 = double = dtype("float64", np.float64)
uint8 = dtype("uint8", np.uint8)
int8 = dtype("int8", np.int8)
int16 = short = dtype("int16", np.int16)
int32 = int = dtype("int32", np.int32)
int64 = long = dtype("int64", np.int64)
bool = dtype("bool", np.bool_)

ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool)

# torch's "limited support" unsigned types: made, converted, indexed and printed; NumPy does their arithmetic
# (torch has kernels for only some of it). Apart from ALL: an array of them from Python numbers is never made.
uint16 = dtype("uint16", np.uint16)
uint32 = dtype("uint32", np.uint32)
uint64 = dtype("uint64", np.uint64)
UNSIGNED_WIDE = (uint16, uint32, uint64)


class _Absent(dtype):
    """A torch dtype that NumPy has no arrays for. It exists so that code naming it loads (nanoGPT's
    ``{'bfloat16': torch.bfloat16, ...}``); making or converting a tensor to it is a TypeError."""

    def __init__(self, name, itemsize, floating):
        self.name, self.np, self.itemsize = name, None, itemsize
        self.is_floating_point, self.is_signed, self._kind = floating, True, 2


class _AbsentComplex(_Absent):
    is_complex = True


bfloat16 = _Absent("bfloat16", 2, True)
complex64 = cfloat = _AbsentComplex("complex64", 8, False)
complex128 = cdouble = _AbsentComplex("complex128", 16, False)
_FROM_NP = {d.np: d for d in ALL + UNSIGNED_WIDE}
_BY_NAME = {d.name: d for d in ALL + UNSIGNED_WIDE}

_default = float32


def get_default_dtype() -> dtype:
    return _default


def set_default_dtype(d):
    global _default
    if not isinstance(d, dtype):                      # (a Python type or a name: refused, as torch)
        raise TypeError(f"invalid dtype object: only floating-point types are supported as the default type "
                        f"(set_default_dtype(): got {d!r}; pass e.g. torch.float64)")
    if not d.is_floating_point:
        raise TypeError(f"only floating-point types are supported as the default type (set_default_dtype(): got {d}; "
                        "pass torch.float32 or torch.float64)")
    _default = d


def from_np(np_dtype) -> dtype:
    """The minigrad dtype of a NumPy dtype."""
    d = _FROM_NP.get(np_dtype)
    if d is None:
        extra = (" (a non-native byte order: convert the array first, e.g. a.astype(a.dtype.newbyteorder('=')))"
                 if np.dtype(np_dtype).byteorder not in "=|" else "")
        raise TypeError(f"minigrad has no dtype for NumPy's {np.dtype(np_dtype)}{extra}; supported: "
                        + ", ".join(x.name for x in ALL))
    return d


def as_dtype(d, op: str = "") -> dtype:
    """A dtype argument as torch takes it: a minigrad dtype or a Python type (float, int, bool, complex).
    A name ('float32') or a NumPy dtype is torch's TypeError, naming ``op``; internal code converts
    NumPy dtypes with ``from_np`` and names with ``by_name``."""
    if isinstance(d, dtype):
        if d.np is None:
            where = f"{op}(): " if op else ""
            raise TypeError(f"{where}minigrad has no {d} tensors (NumPy has no such type); use minigrad.float32 or "
                            "minigrad.float16")
        return d
    if d is builtins.float:
        return float64                  # as torch: Python's float is a double (its default dtype is float32)
    if d is builtins.int:
        return int64
    if d is builtins.bool:
        return bool
    if d is builtins.complex:
        return from_np(np.dtype(builtins.complex))
    where = f"{op}(): " if op else ""
    raise TypeError(f"{where}argument 'dtype' must be minigrad.dtype, not {type(d).__name__} ({d!r}); use e.g. "
                    "minigrad.float32, minigrad.int64 or minigrad.bool")


def by_name(name: str) -> dtype:
    """The dtype called ``name`` ('float32', 'double', 'minigrad.int64', 'torch.long')."""
    if name.startswith(("minigrad.", "torch.")):
        name = name.split(".", 1)[1]
    if name in _ALIASES:
        return _ALIASES[name]
    d = _BY_NAME.get(name)
    if d is None:
        raise TypeError(f"not a dtype name: {name!r}; use e.g. 'float32', 'int64' or 'bool'")
    return d


_ALIASES = {"float": float32, "double": float64, "half": float16, "long": int64, "int": int32,
            "short": int16, "bool": bool}


# ---------------------------------------------------------------------------------------------
# Type promotion (torch's rules)
# ---------------------------------------------------------------------------------------------
def promote_types(a: dtype, b: dtype) -> dtype:
    """The smallest type both promote to. Unlike NumPy, an int and a float give the float's type."""
    if a is b:
        return a
    for i, t in enumerate((a, b)):
        if not isinstance(t, dtype):
            raise TypeError(f"promote_types(): argument 'type{i + 1}' (position {i + 1}) must be torch.dtype, not "
                            f"{type(t).__name__}")
    if a._kind != b._kind:
        hi, lo = (a, b) if a._kind > b._kind else (b, a)
        return hi
    return from_np(np.promote_types(a.np, b.np))


def scalar_kind(x) -> builtins.int:
    """torch's category of a Python scalar: 0 bool, 1 int, 2 float."""
    if isinstance(x, builtins.bool):
        return 0
    if isinstance(x, builtins.int):
        return 1
    return 2


def result_type(*operands) -> dtype:
    """The result dtype of an elementwise op over tensors and Python scalars, as torch computes it.

    Three priority levels: tensors with dimensions, zero-dim tensors, Python scalars. A lower level
    only matters when its category (bool < int < float) is higher than everything above it; then it
    contributes the default type of that category (float32 for floats, int64 for ints).
    """
    dim_t = zero_t = None
    scal_kind = -1
    for x in operands:
        d = getattr(x, "dtype", None)
        if isinstance(d, dtype):
            if x.ndim > 0:
                dim_t = d if dim_t is None else promote_types(dim_t, d)
            else:
                zero_t = d if zero_t is None else promote_types(zero_t, d)
        elif x is not None:
            scal_kind = max(scal_kind, scalar_kind(x))
    result = dim_t
    if zero_t is not None:
        if result is None:
            result = zero_t
        elif zero_t._kind > result._kind:
            result = zero_t
    if scal_kind >= 0:
        if result is None:
            result = (bool, int64, _default)[scal_kind]
        elif scal_kind > result._kind:
            result = int64 if scal_kind == 1 else _default
    return result


_DEFAULT_TYPE = object()          # finfo(): no argument (the default float type), unlike finfo(None)


class finfo:
    """Machine limits of a floating type (``eps``, ``tiny``, ``max``, ``min``), like ``torch.finfo``."""

    def __init__(self, d=_DEFAULT_TYPE):
        if d is None:
            raise TypeError("finfo(): argument 'type' (position 1) must be torch.dtype, not NoneType (give a float "
                            "dtype, or no argument for the default one)")
        d = _default if d is _DEFAULT_TYPE else as_dtype(d)
        if not d.is_floating_point:
            raise TypeError(f"finfo(): {d} is not a floating-point type; use iinfo")
        info = np.finfo(d.np)
        self.dtype = d
        self.bits = info.bits
        self.eps = builtins.float(info.eps)
        self.tiny = self.smallest_normal = builtins.float(info.tiny)
        self.max = builtins.float(info.max)
        self.min = builtins.float(info.min)
        self.resolution = 10.0 ** -info.precision        # (NumPy rounds it to the type: 0.0010004 for float16)

    def __repr__(self):                 # torch's: C++'s six significant digits
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype.np.name})")


class iinfo:
    """Limits of an integer type, like ``torch.iinfo``."""

    def __init__(self, d):
        d = as_dtype(d)
        if d.np.kind == "b":
            raise TypeError(f"{d} is not supported by torch.iinfo (iinfo(): give an integer dtype)")
        if d.np.kind not in "iu":
            raise TypeError(f"torch.iinfo() requires an integer input type. Use torch.finfo to handle '{d}' "
                            "(iinfo(): got a floating-point or bool dtype)")
        info = np.iinfo(d.np)
        self.dtype, self.bits = d, info.bits
        self.max, self.min = builtins.int(info.max), builtins.int(info.min)

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype.np.name})"


_C_NAMES = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t"}


def c_name(np_dtype) -> str:
    """The C name torch's overflow messages use for an integer NumPy dtype (uint8 -> uint8_t)."""
    return _C_NAMES[np_dtype.name]


def check_fits(value, np_dtype, op: str, huge=None):
    """``value`` ready to store in ``np_dtype`` (a negative int wrapped into an unsigned dtype); raise as torch does when the Python number ``value`` cannot be stored in the integer NumPy dtype
    ``np_dtype`` (full, fill_, x[i] = v, masked_fill...): NaN, inf, or a value outside the dtype's range.
    Negative ints wrap into uint8 down to -255 (torch: -1 becomes 255, -256 raises). A float fits when it
    is at least the minimum and below max + 1, as tensor() (its truncation fits; torch 2.13 also refused a
    fraction above max). A float32/float16 dtype takes inf and NaN but no finite number past its largest (1e40 in
    float32, as torch's "value cannot be converted to type float"); float64 and bool take any number. ``huge``: the
    exception class for an int beyond int64 (torch: RuntimeError up to 2**64, OverflowError beyond; ValueError in
    x[i] = v)."""
    if isinstance(value, builtins.bool) or not isinstance(value, (builtins.int, builtins.float)):
        return value
    if np_dtype.kind == "f" and np_dtype.itemsize < 8:
        top = builtins.float(np.finfo(np_dtype).max)
        if isinstance(value, builtins.int) and not -2 ** 63 <= value < 2 ** 64:
            raise OverflowError(f"int too big to convert ({op} got the int {value} for a minigrad.{np_dtype.name} "
                                "tensor; give a float, e.g. float('inf'))")
        if not (-top <= value <= top or value != value or abs(value) == math.inf):
            ctype = "float" if np_dtype.itemsize == 4 else "c10::Half"
            raise RuntimeError(f"value cannot be converted to type {ctype} without overflow: {op} got {value!r} for a "
                               f"minigrad.{np_dtype.name} tensor, whose largest value is {top:.6g}; use inf, or a "
                               "float64 tensor")
        return value
    if np_dtype.kind not in "iu":
        return value
    info = np.iinfo(np_dtype)
    ctype = _C_NAMES[np_dtype.name]
    if isinstance(value, builtins.int) and not -2 ** 63 <= value < 2 ** 63:
        cls = huge or (RuntimeError if 0 < value < 2 ** 64 else OverflowError)
        raise cls(f"value cannot be converted to type {ctype} without overflow: {op} got the int {value}, outside "
                  f"even int64's range; minigrad.{np_dtype.name} holds {info.min}..{info.max}")
    low = -info.max if np_dtype.kind == "u" and isinstance(value, builtins.int) else info.min
    if not low <= value < info.max + 1:
        raise RuntimeError(f"value cannot be converted to type {ctype} without overflow: {op} got {value!r} for a "
                           f"minigrad.{np_dtype.name} tensor, which holds {info.min}..{info.max}; use a value in "
                           "that range or a wider dtype (e.g. minigrad.int64 or float32)")
    return value + info.max + 1 if value < 0 and low < info.min else value      # uint8: -1 is 255
