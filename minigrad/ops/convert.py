"""Moving a tensor to another dtype or device (``.to``, ``.float()``, ``.cuda()``...)."""
from __future__ import annotations

import numpy as np

from .. import backend, dtypes
from ..autograd.function import Op
from ..autograd.grad_mode import no_grad
from ..backend.quiet import quiet
from ..tensor import _TYPE_NAMES, Tensor, _parse_to, copied_from_inference


class ToCopy(Op):
    """out = x converted to another dtype and/or device.   d/dx = g converted back"""

    @staticmethod
    def forward(ctx, x, dtype, device):
        ctx.src_dtype = dtypes.from_np(x.dtype)
        ctx.src_device = backend.device_of(x)
        out = x
        if device is not None:
            out = backend.to_device(out, device)
        if dtype is not None and out.dtype != dtype.np:
            if out.dtype.kind in "fc" and dtype.np.kind in "iufc" or dtype.np == np.float16:
                # NaN/inf/out of range into ints: unspecified ints; 1e5 into float16: inf. Silent, as torch
                out = quiet(out.astype, dtype.np)
            else:
                out = out.astype(dtype.np)
        return out.copy() if out is x else out

    @staticmethod
    def backward(ctx, g):
        return g.to(ctx.src_device, ctx.src_dtype), None, None


def to_copy(x, dtype=None, device=None, copy=False):
    """``x`` in ``dtype`` on ``device`` (either may be None); ``x`` itself when nothing changes."""
    same_dtype = dtype is None or x._data.dtype == dtype.np
    same_device = device is None or backend.device_of(x._data) == device
    if same_dtype and same_device and not copy:
        return x
    if device is not None and device.type == "cuda":
        backend.require_cupy(f"moving a tensor to {device}")
    if dtype is not None and not dtype.is_floating_point and x._requires_grad:
        with no_grad():                 # an integer result cannot carry gradients (as torch)
            return ToCopy.apply(x, dtype, device)
    if x._creation_meta is not None:
        return copied_from_inference(x, ToCopy.apply(x, dtype, device))
    return ToCopy.apply(x, dtype, device)


def to(self, *args, **kwargs):
    """``t.to(device)``, ``t.to(dtype)``, ``t.to(device, dtype)``, ``t.to(other_tensor)``;
    differentiable, and ``self`` when nothing changes (unless ``copy=True``)."""
    if len(args) > 1 and isinstance(args[0], Tensor) and not isinstance(args[1], bool):
        raise TypeError(f"to() received an invalid combination of arguments: a tensor then "
                        f"{type(args[1]).__name__}; use t.to(other) (its dtype and device) or t.to(device, dtype)")
    if isinstance(kwargs.get("dtype"), str):
        raise TypeError(f"to(): argument 'dtype' must be minigrad.dtype, not str ({kwargs['dtype']!r}); use e.g. "
                        "dtype=minigrad.float32")
    if kwargs.get("memory_format") is not None:
        kwargs["memory_format"].check_rank(self.ndim, "to")
    for flag in ("copy", "non_blocking"):
        if not isinstance(kwargs.get(flag, False), bool):
            raise TypeError(f"to() received an invalid combination of arguments - got {flag}="
                            f"{type(kwargs[flag]).__name__} (to(): argument '{flag}' must be bool, e.g. {flag}=True)")
    try:
        dev, dt, copy = _parse_to(args, kwargs)
    except ValueError as exc:                   # a device string minigrad can't read: torch's RuntimeError
        if isinstance(exc, (NotImplementedError, AssertionError)):
            raise                               # ('mps', 'xpu': a backend torch, too, lacks)
        text = str(exc)
        raise RuntimeError(f"{text} (in to())" if text.startswith("Invalid device string") else
                           f"Invalid device string: to(): {text}") from None
    except TypeError:
        if not any(a is dtypes.complex64 or a is dtypes.complex128 for a in (*args, kwargs.get("dtype"))):
            raise
        from .._complex import as_complex           # a real tensor to a complex dtype (minigrad/_complex.py)
        return as_complex(self).to(*args, **kwargs)
    return to_copy(self, dt, dev, copy)


_tensor_type = Tensor.type          # Tensor's own (this module loads before ops/__init__ binds type_ over it)


def type_(self, dtype=None, non_blocking=False, **kwargs):
    """``t.type()``: its type name ('torch.FloatTensor'); ``t.type(dtype)``: ``t.to(dtype)``; a name it can't
    read is torch's ValueError ("invalid type")."""
    if non_blocking.__class__ is not bool:
        raise TypeError(f"type(): argument 'non_blocking' (position 2) must be bool, not {type(non_blocking).__name__}")
    if dtype is None:
        return _tensor_type(self)
    if dtype in (int, float, bool, complex):          # Python's number types name no tensor type, as torch says
        raise ValueError(f"invalid type: '{dtype.__name__}' (type(): give a dtype such as minigrad.float32, or a "
                         "name such as 'torch.FloatTensor')")
    if not isinstance(dtype, (str, type, dtypes.dtype)) and not isinstance(getattr(dtype, "dtype", None), dtypes.dtype):
        raise TypeError(f"dtype must be a type, str, or dtype object (type(): got {type(dtype).__name__} {dtype!r}; "
                        "give e.g. torch.float32 or 'torch.FloatTensor')")
    device = None
    if dtype is Tensor:
        dtype = dtypes.get_default_dtype()            # t.type(torch.Tensor): the default float type, as torch
    elif isinstance(getattr(dtype, "dtype", None), dtypes.dtype) and not isinstance(dtype, Tensor):
        dtype = dtype.dtype                           # a legacy class: t.type(minigrad.LongTensor)
    elif isinstance(dtype, str):
        legacy = {v.split(".")[-1]: k for k, v in _TYPE_NAMES.items()}.get(dtype.split(".")[-1])
        if legacy and ".cuda." in dtype:
            device = "cuda"
        dtype = dtypes.by_name(legacy) if legacy else dtype
    try:
        return _tensor_type(self, dtype) if device is None else self.to(device, dtype)
    except (RuntimeError, TypeError):
        raise ValueError(f"invalid type: {dtype!r} (type(): give a dtype such as minigrad.float32, or a name such "
                         "as 'torch.FloatTensor')") from None
