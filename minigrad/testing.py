"""``minigrad.testing``: ``assert_close`` and ``make_tensor`` with torch's rules (tolerances by dtype, the
same checks of shape, dtype and device, and a message that counts and locates the mismatches)."""
from __future__ import annotations

import collections.abc
import numbers

import numpy as np

__all__ = ["assert_close", "make_tensor"]

_TOLERANCES = {"float16": (1e-3, 1e-5), "float32": (1.3e-6, 1e-5), "float64": (1e-7, 1e-7)}   # (rtol, atol)


def _tolerances(dtype_name, rtol, atol):
    if (rtol is None) != (atol is None):
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got no {'rtol' if rtol is None else 'atol'}.")
    if rtol is not None:
        return rtol, atol
    return _TOLERANCES.get(dtype_name, (0.0, 0.0))


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Raise AssertionError unless |actual - expected| <= atol + rtol·|expected| everywhere (NaN equal only with
    ``equal_nan``); tensors must also agree in shape, and in dtype and device unless told not to check.
    Sequences and mappings are compared item by item."""
    from .tensor import Tensor
    if isinstance(actual, Tensor) or isinstance(expected, Tensor):
        if not (isinstance(actual, Tensor) and isinstance(expected, Tensor)):
            raise TypeError(f"No comparison pair was able to handle inputs of type {type(actual)} and "
                            f"{type(expected)}.")
        return _tensors(actual, expected, rtol, atol, equal_nan, check_device, check_dtype, msg)
    if isinstance(actual, (bool, numbers.Number)) and isinstance(expected, (bool, numbers.Number)):
        if check_dtype and type(actual) is not type(expected):
            raise AssertionError(msg or f"The values for attribute 'dtype' do not match: {type(actual).__name__} != "
                                 f"{type(expected).__name__}.")
        kind = "float64" if isinstance(expected, float) else "int"
        r, a = _tolerances(kind, rtol, atol)
        return _compare(np.asarray(actual, np.float64), np.asarray(expected, np.float64), r, a, equal_nan, msg,
                        "Scalars")
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
    a = backend.to_numpy(actual.detach()._data)
    e = backend.to_numpy(expected.detach()._data)
    name = np.promote_types(a.dtype, e.dtype).name if not check_dtype else e.dtype.name
    r, t = _tolerances(name if name in _TOLERANCES else "int", rtol, atol)
    _compare(a.astype(np.float64), e.astype(np.float64), r, t, equal_nan, msg, "Tensor-likes")


def _compare(a, e, rtol, atol, equal_nan, msg, what):
    with np.errstate(invalid="ignore"):
        close = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=equal_nan)
        close |= (a == e)                        # equal infinities
    if close.all():
        return None
    if msg is not None:
        raise AssertionError(msg)
    bad = ~close
    with np.errstate(invalid="ignore", divide="ignore"):
        abs_diff = np.where(np.isnan(a) | np.isnan(e), np.inf, np.abs(a - e))
        rel_diff = abs_diff / np.abs(e)
    abs_diff = np.where(bad, abs_diff, -1)
    rel_diff = np.where(bad, np.nan_to_num(rel_diff, nan=np.inf), -1)
    ia, ir = np.unravel_index(abs_diff.argmax(), a.shape), np.unravel_index(rel_diff.argmax(), a.shape)
    total = a.size
    lines = [f"{what} are not close!", "",
             f"Mismatched elements: {int(bad.sum())} / {total} ({100.0 * bad.sum() / total:.1f}%)"]
    if a.ndim == 0:
        lines += [f"Absolute difference: {abs_diff.item()} (up to {atol} allowed)",
                  f"Relative difference: {rel_diff.item()} (up to {rtol} allowed)"]
    else:
        lines += [f"Greatest absolute difference: {abs_diff[ia]} at index {tuple(int(i) for i in ia)} (up to {atol} "
                  "allowed)",
                  f"Greatest relative difference: {rel_diff[ir]} at index {tuple(int(i) for i in ir)} (up to {rtol} "
                  "allowed)"]
    raise AssertionError("\n".join(lines))


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
