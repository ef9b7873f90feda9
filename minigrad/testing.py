"""``minigrad.testing``: ``assert_close`` and ``make_tensor`` with torch's rules (tolerances by dtype, the
same checks of shape, dtype and device, and a message that counts and locates the mismatches)."""
from __future__ import annotations

import collections.abc
import numbers

import numpy as np

__all__ = ["assert_close", "make_tensor"]

_TOLERANCES = {"float16": (1e-3, 1e-5), "float32": (1.3e-6, 1e-5), "float64": (1e-7, 1e-7),
               "complex64": (1.3e-6, 1e-5), "complex128": (1e-7, 1e-7)}     # (rtol, atol); other dtypes: exact


def _tolerances(dtype_names, rtol, atol):
    """The given tolerances, or the larger default of the dtypes compared (as torch)."""
    if (rtol is None) != (atol is None):
        missing = "rtol" if rtol is None else "atol"
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got no {missing}.")
    if rtol is not None:
        return rtol, atol
    pairs = [_TOLERANCES.get(n, (0.0, 0.0)) for n in dtype_names]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Raise AssertionError unless |actual - expected| <= atol + rtol·|expected| everywhere (NaN equal only with
    ``equal_nan``); tensors must also agree in shape, and in dtype and device unless told not to check.
    Sequences and mappings are compared item by item. The message is torch's: how many elements differ, the
    greatest absolute and relative differences (computed in the tensors' dtype) and where."""
    from .tensor import Tensor
    if isinstance(actual, Tensor) or isinstance(expected, Tensor):
        if not (isinstance(actual, Tensor) and isinstance(expected, Tensor)):
            raise TypeError(f"No comparison pair was able to handle inputs of type {type(actual)} and "
                            f"{type(expected)}.")
        return _tensors(actual, expected, rtol, atol, equal_nan, check_device, check_dtype, msg)
    if isinstance(actual, (bool, numbers.Number)) and isinstance(expected, (bool, numbers.Number)):
        if isinstance(actual, bool) and isinstance(expected, bool):
            if actual is not expected:
                raise AssertionError(msg or f"Booleans mismatch: {actual} is not {expected}")
            return None
        if check_dtype and type(actual) is not type(expected):
            raise AssertionError(msg or f"The (d)types do not match: {type(actual)} != {type(expected)}.")
        kinds = ["float64" if isinstance(v, float) else "complex128" if isinstance(v, complex) else "int"
                 for v in (actual, expected)]
        r, a = _tolerances(kinds, rtol, atol)
        return _scalars(actual, expected, r, a, equal_nan, msg)
    if isinstance(actual, collections.abc.Mapping) and isinstance(expected, collections.abc.Mapping):
        if set(actual) != set(expected):
            raise AssertionError(msg or f"The keys of the mappings do not match: {sorted(map(str, actual))} != "
                                 f"{sorted(map(str, expected))}")
        for k in expected:
            assert_close(actual[k], expected[k], rtol=rtol, atol=atol, equal_nan=equal_nan,
                         check_device=check_device, check_dtype=check_dtype, msg=msg)
        return None
    if (isinstance(actual, collections.abc.Sequence) and isinstance(expected, collections.abc.Sequence)
            and not isinstance(actual, str) and not isinstance(expected, str)):
        if len(actual) != len(expected):
            raise AssertionError(msg or f"The length of the sequences mismatch: {len(actual)} != {len(expected)}")
        for a, e in zip(actual, expected):
            assert_close(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=check_device,
                         check_dtype=check_dtype, msg=msg)
        return None
    raise TypeError(f"No comparison pair was able to handle inputs of type {type(actual)} and {type(expected)}.")


def _tensors(actual, expected, rtol, atol, equal_nan, check_device, check_dtype, msg):
    from . import backend
    if tuple(actual.shape) != tuple(expected.shape):
        raise AssertionError(msg or f"The values for attribute 'shape' do not match: {actual.shape} != "
                             f"{expected.shape}.")
    if check_device and actual.device != expected.device:
        raise AssertionError(msg or f"The values for attribute 'device' do not match: {actual.device} != "
                             f"{expected.device}.")
    if check_dtype and actual.dtype != expected.dtype:
        raise AssertionError(msg or f"The values for attribute 'dtype' do not match: {actual.dtype} != "
                             f"{expected.dtype}.")
    r, t = _tolerances([str(actual.dtype).replace("torch.", ""), str(expected.dtype).replace("torch.", "")],
                       rtol, atol)
    if actual.is_complex() or expected.is_complex():
        from ._complex import as_complex
        parts = [backend.to_numpy(as_complex(x.detach())._parts._data) for x in (actual, expected)]
        a, e = (p[..., 0] + 1j * p[..., 1] for p in parts)
    else:
        a, e = backend.to_numpy(actual.detach()._data), backend.to_numpy(expected.detach()._data)
    common = np.promote_types(a.dtype, e.dtype)               # (check_dtype=False: compared in the common dtype)
    a, e = a.astype(common), e.astype(common)
    with np.errstate(invalid="ignore", over="ignore"):
        close = np.isclose(a, e, rtol=r, atol=t, equal_nan=equal_nan) | (a == e)     # (equal infinities)
    if close.all():
        return None
    if msg is not None:
        raise AssertionError(msg)
    if a.ndim == 0:
        return _scalars(a.item(), e.item(), r, t, equal_nan, None)
    if common.kind not in "fc":                               # integers and bools: differences as int64
        a, e = a.astype(np.int64), e.astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        abs_diff = np.abs(a - e)
        abs_diff[close] = 0
        rel_diff = abs_diff / np.abs(e)                       # (int64 / int64: float32, torch's true division)
        if common.kind not in "fc":
            rel_diff = rel_diff.astype(np.float32)
        rel_diff[close] = 0
    ia = np.unravel_index(np.argmax(abs_diff), a.shape)      # (the first NaN, else the first greatest)
    ir = np.unravel_index(np.argmax(rel_diff), a.shape)
    bad = int((~close).sum())
    extra = f"Mismatched elements: {bad} / {a.size} ({bad / a.size:.1%})"
    _fail("Tensor-likes", extra, abs_diff[ia].item(), tuple(int(i) for i in ia), t, rel_diff[ir].item(),
          tuple(int(i) for i in ir), r)


def _scalars(actual, expected, rtol, atol, equal_nan, msg):
    import cmath
    if equal_nan and cmath.isnan(actual) and cmath.isnan(expected):
        return None
    abs_diff = abs(actual - expected)
    if actual == expected or (cmath.isfinite(abs_diff) and abs_diff <= atol + rtol * abs(expected)):
        return None
    if msg is not None:
        raise AssertionError(msg)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    _fail("Scalars", f"Expected {expected} but got {actual}.", abs_diff, None, atol, rel_diff, None, rtol)


def _fail(what, extra, abs_diff, abs_idx, atol, rel_diff, rel_idx, rtol):
    """torch's mismatch message: 'not equal' (and no tolerances) when both tolerances are 0, else 'not close'."""
    equality = rtol == 0 and atol == 0

    def line(kind, diff, idx, tol):
        text = (f"{kind.title()} difference: {diff}" if idx is None
                else f"Greatest {kind} difference: {diff} at index {idx}")
        return text if equality else f"{text} (up to {tol} allowed)"
    raise AssertionError("\n".join([f"{what} are not {'equal' if equality else 'close'}!", "", extra,
                                     line("absolute", abs_diff, abs_idx, atol),
                                     line("relative", rel_diff, rel_idx, rtol)]))


def make_tensor(*shape, dtype, device=None, low=None, high=None, requires_grad=False, noncontiguous=False,
                exclude_zero=False, memory_format=None):
    """A tensor of uniform random values in [low, high) (defaults: [-9, 9) for floats and signed ints,
    [0, 10) for uint8, bools either), from minigrad's global RNG."""
    from . import dtypes, factories
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    dt = dtypes.as_dtype(dtype, "make_tensor")
    if dt is dtypes.bool:
        out = factories.randint(0, 2, shape, device=device).bool()
    elif dt.is_floating_point:
        lo, hi = (-9.0 if low is None else low), (9.0 if high is None else high)
        out = factories.rand(*shape, dtype=dtypes.float64, device=device) * (hi - lo) + lo
        out = out.to(dt)
    else:
        lo = (0 if dt is dtypes.uint8 else -9) if low is None else int(low)
        hi = 10 if high is None else int(high)
        out = factories.randint(lo, hi, shape, device=device).to(dt)
    if exclude_zero:
        out = out.masked_fill(out == 0, 1 if not dt.is_floating_point else (hi - lo) / 100 + lo)
    if requires_grad:
        out.requires_grad_(True)
    return out
