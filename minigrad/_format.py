"""``repr`` of a tensor, laid out by torch's rules: ``tensor([1.0000, 2.5000], grad_fn=<MulBackward0>)``.

The rules (so that a script prints the same digits, columns and line breaks under either library):
- One format for the whole tensor, chosen from its nonzero finite values: all whole numbers print as ``2.``;
  a span over 1000x, a magnitude over 1e8 (or, for fractions, under 1e-4) prints ``1.2346e+03``; otherwise
  ``precision`` decimals. Integers and bools print as Python does.
- Every element is right-aligned to the widest of those values (zeros, inf and nan do not count, so
  ``[0., -inf]`` has no padding); a whole-number float counts one more for its ``.``.
- A row holds ``(linewidth - indent) // (width + 2)`` elements; nested rows indent one more per level,
  with a blank line between blocks of 3-D and higher tensors.
- Over ``threshold`` elements, only ``edgeitems`` at each end of every dim print, around ``...``.
``set_printoptions`` changes precision, threshold, edgeitems, linewidth and sci_mode (or a profile).
"""
from __future__ import annotations

import math

import numpy as np

from . import backend


class _Options:
    precision = 4
    threshold = 1000
    edgeitems = 3
    linewidth = 80
    sci_mode = None


_PROFILES = {"default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80), "full": (4, math.inf, 3, 80)}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """Printing options for tensors, as torch's: ``profile`` ('default', 'short', 'full') first, then the
    single options; ``sci_mode`` True/False forces scientific notation on or off (None: chosen per tensor)."""
    if profile in _PROFILES:            # (another name changes nothing, as torch)
        _Options.precision, _Options.threshold, _Options.edgeitems, _Options.linewidth = _PROFILES[profile]
    for name, value in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                        ("linewidth", linewidth)):
        if value is not None:
            setattr(_Options, name, value)
    _Options.sci_mode = sci_mode


def get_printoptions() -> dict:
    return {name: getattr(_Options, name) for name in ("precision", "threshold", "edgeitems", "linewidth",
                                                         "sci_mode")}


class _Formatter:
    """One element format and width for a whole tensor (``values``: the elements that decide it)."""

    def __init__(self, values, floating):
        self.floating, self.int_mode, self.sci, self.width = floating, True, False, 1
        p = _Options.precision
        if not floating:
            self.width = max((len(str(v)) for v in values.tolist()), default=1)
            return
        vals = values[np.isfinite(values) & (values != 0)]
        if vals.size:
            mags = np.abs(vals)
            lo, hi = float(mags.min()), float(mags.max())
            self.int_mode = bool(np.all(vals == np.ceil(vals)))
            self.sci = hi / lo > 1000.0 or hi > 1.0e8 or (not self.int_mode and lo < 1.0e-4)
            if _Options.sci_mode is not None:
                self.sci = _Options.sci_mode        # forced: the width is measured in the forced notation
            if self.sci:
                texts = (f"{v:.{p}e}" for v in vals.tolist())
            elif self.int_mode:
                texts = (f"{v:.0f}." for v in vals.tolist())
            else:
                texts = (f"{v:.{p}f}" for v in vals.tolist())
            self.width = max(len(t) for t in texts)
        elif _Options.sci_mode is not None:
            self.sci = _Options.sci_mode

    def format(self, v) -> str:
        if not self.floating:
            text = str(v)
        elif self.sci:
            text = f"{v:{self.width}.{_Options.precision}e}"
        elif self.int_mode:
            text = f"{v:.0f}" + ("" if math.isinf(v) or math.isnan(v) else ".")
        else:
            text = f"{v:.{_Options.precision}f}"
        return text.rjust(self.width)


class _ComplexFormatter:
    """torch's complex elements: the real parts' format, then the imaginary parts' with its sign and a j."""

    def __init__(self, values):
        self.re, self.im = _Formatter(values.real, True), _Formatter(values.imag, True)
        self.width = self.re.width + self.im.width + 1

    def format(self, v) -> str:
        real, imag = self.re.format(v.real), (self.im.format(v.imag) + "j").lstrip()
        return real + imag if imag[0] in "+-" else real + "+" + imag


def _edges(arr):
    """The elements printed when summarizing: ``edgeitems`` at each end of every dim (for the format)."""
    e = _Options.edgeitems
    if arr.ndim == 0:
        return arr.reshape(1)
    if arr.shape[0] > 2 * e:
        parts = [arr[:e], arr[-e:]] if e else []
    else:
        parts = [arr]
    return np.concatenate([_edges(sub).reshape(-1) for part in parts for sub in part] or [arr.reshape(-1)[:0]])


def _vector(arr, indent, summarize, fmt):
    per_line = max(1, (_Options.linewidth - indent) // (fmt.width + 2))
    e = _Options.edgeitems
    if summarize and not e:
        items = ["..."]
    elif summarize and arr.shape[0] > 2 * e:
        items = [fmt.format(v) for v in arr[:e].tolist()] + [" ..."] + [fmt.format(v) for v in arr[-e:].tolist()]
    else:
        items = [fmt.format(v) for v in arr.tolist()]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(arr, indent, summarize, fmt):
    if arr.ndim == 1:
        return _vector(arr, indent, summarize, fmt)
    e = _Options.edgeitems
    if summarize and arr.shape[0] > 2 * e:
        rows = ([_nested(arr[i], indent + 1, summarize, fmt) for i in range(e)] + ["..."]
                + [_nested(arr[i], indent + 1, summarize, fmt) for i in range(arr.shape[0] - e, arr.shape[0])])
    else:
        rows = [_nested(arr[i], indent + 1, summarize, fmt) for i in range(arr.shape[0])]
    return "[" + ("," + "\n" * (arr.ndim - 1) + " " * (indent + 1)).join(rows) + "]"


def _body(arr, indent):
    floating = arr.dtype.kind == "f"
    if floating:
        arr = arr.astype(np.float64)
    summarize = arr.size > _Options.threshold
    values = _edges(arr) if summarize else arr.reshape(-1)
    fmt = _ComplexFormatter(values) if arr.dtype.kind == "c" else _Formatter(values, floating)
    if arr.ndim == 0:
        return fmt.format(arr.item())
    return _nested(arr, indent, summarize, fmt)


def tensor_repr(t, arr=None) -> str:
    """``repr(t)`` as torch's; ``arr``: the numbers, when they are not ``t._data`` (a complex tensor's)."""
    from .dtypes import get_default_dtype
    arr = backend.to_numpy(t._data) if arr is None else arr
    default = get_default_dtype().np
    plain = (default, np.dtype(np.complex64 if default == np.float32 else np.complex128))
    prefix = "tensor("
    extras = []
    if t.device.type != "cpu":
        extras.append(f"device='{t.device}'")
    if arr.size == 0:
        body = "[]"
        if arr.ndim != 1:
            extras.append(f"size={tuple(arr.shape)}")
        if arr.dtype != default:
            extras.append(f"dtype={t.dtype}")
    else:
        body = _body(arr, len(prefix))
        if not _Options.edgeitems:
            extras.append(f"size={tuple(arr.shape)}")
        if arr.dtype not in plain + (np.int64, np.bool_):
            extras.append(f"dtype={t.dtype}")
    if t.grad_fn is not None:
        extras.append(f"grad_fn=<{t.grad_fn.name().rsplit('::', 1)[-1]}>")   # (torch::autograd::CopySlices: CopySlices)
    elif t.requires_grad:
        extras.append("requires_grad=True")
    return _with_suffixes(prefix + body, extras, len(prefix))


def complex_repr(t) -> str:
    """A complex tensor (minigrad/_complex.py) as torch prints it."""
    return tensor_repr(t, t.detach().numpy())


def sparse_repr(t) -> str:
    """A sparse COO tensor as torch prints it: its indices and values as tensors, then size, nnz, (dtype),
    layout, each extra from a new line on."""
    from .dtypes import get_default_dtype
    prefix, extras = "tensor(", []
    if t.device.type != "cpu":
        extras.append(f"device='{t.device}'")
    extras += [f"size={t._size}", f"nnz={t._nnz()}"]
    if t.dtype.np not in (get_default_dtype().np, np.int64, np.bool_):
        extras.append(f"dtype={t.dtype}")
    parts = []
    for name, arr, indent in (("indices", t._idx, 15), ("values", backend.to_numpy(t._vals._data), 14)):
        body = _body(arr, len(prefix) + indent) if arr.size else "[]"
        if arr.size == 0:
            body += f", size={tuple(arr.shape)}"
        parts.append(f"{name}=tensor({body})")
    text = prefix + parts[0] + ",\n" + " " * len(prefix) + parts[1]
    extras.append(f"layout={t.layout}")
    if t.grad_fn is not None:
        extras.append(f"grad_fn=<{t.grad_fn.name().rsplit('::', 1)[-1]}>")
    elif t.requires_grad:
        extras.append("requires_grad=True")
    return _with_suffixes(text, extras, len(prefix), force_newline=True)


def _with_suffixes(text, extras, indent, force_newline=False):
    """``text, extra, ...)``: as torch, an extra that would take the last line (counted two longer than it is)
    past the line width goes on a new line of its own, indented under the first element."""
    last = len(text) - text.rfind("\n") + 1
    for extra in extras:
        if force_newline or last + len(extra) + 2 > _Options.linewidth:
            text += ",\n" + " " * indent + extra
            last = indent + len(extra)
            force_newline = False
        else:
            text += ", " + extra
            last += len(extra) + 2
    return text + ")"
