"""``repr`` of a tensor, formatted like torch's: ``tensor([1.0000, 2.5000], grad_fn=<MulBackward>)``."""
from __future__ import annotations

import numpy as np

from . import backend


def _float_formatter(arr):
    finite = arr[np.isfinite(arr)]
    if finite.size == 0:
        return lambda v: _special(v) or f"{v:.4f}"
    nonzero = np.abs(finite[finite != 0])
    amax = nonzero.max() if nonzero.size else 0.0
    amin = nonzero.min() if nonzero.size else 0.0
    # torch's rule: scientific notation when the magnitudes span more than 1000x, or are huge or tiny
    sci = nonzero.size > 0 and (amax / amin > 1e3 or amax > 1e8)
    if np.all(finite == np.round(finite)):
        fmt = (lambda v: f"{v:.4e}") if sci else (lambda v: f"{v:.0f}.")          # noqa: E731  "1."
    elif sci or (nonzero.size and amin < 1e-4):
        fmt = lambda v: f"{v:.4e}"                      # noqa: E731
    else:
        fmt = lambda v: f"{v:.4f}"                      # noqa: E731
    width = max(len(_special(v) or fmt(v)) for v in arr.reshape(-1)[:1000])
    return lambda v: (_special(v) or fmt(v)).rjust(width)


def _special(v):
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return None


def tensor_repr(t) -> str:
    arr = backend.to_numpy(t._data)
    prefix = "tensor("
    if arr.size == 0:
        body = "[]" if arr.ndim == 1 else f"size={tuple(arr.shape)}"
    elif arr.dtype.kind == "f":
        body = np.array2string(arr.astype(np.float64), separator=", ", prefix=prefix,
                               formatter={"float_kind": _float_formatter(arr.astype(np.float64))},
                               threshold=1000, edgeitems=3, max_line_width=80)
    elif arr.dtype == np.bool_:
        width = 5 if not arr.all() else 4
        body = np.array2string(arr, separator=", ", prefix=prefix, threshold=1000, edgeitems=3,
                               formatter={"bool": lambda v: ("True" if v else "False").rjust(width)},
                               max_line_width=80)
    else:
        body = np.array2string(arr, separator=", ", prefix=prefix, threshold=1000, edgeitems=3,
                               max_line_width=80)
    extras = []
    if t.device.type != "cpu":
        extras.append(f"device='{t.device}'")
    default = {"float32", "int64", "bool"}
    if arr.dtype.name not in default or (arr.size == 0 and arr.dtype.name != "float32"):
        extras.append(f"dtype={t.dtype}")
    if t._grad_fn is not None:
        extras.append(f"grad_fn=<{t._grad_fn.name()}>")
    elif t._requires_grad:
        extras.append("requires_grad=True")
    return prefix + body + "".join(", " + e for e in extras) + ")"
