"""Gradient clipping (torch.nn.utils.clip_grad): the total norm of many gradients, and clipping them by norm or
by value in place."""
from __future__ import annotations

import functools
import math

from ...autograd.grad_mode import no_grad
from ...dtypes import promote_types
from ...factories import tensor
from ...ops.shape import stack
from ...tensor import Tensor

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm"]


@no_grad()
def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The ``norm_type``-norm of all the tensors together (the norm of their norms), as torch's."""
    grads = [tensors] if isinstance(tensors, Tensor) else [g for g in tensors if g is not None]
    norm_type = float(norm_type)
    if not grads:
        return tensor(0.0)
    if norm_type == math.inf:
        total = max(g.abs().max() for g in grads)
    elif norm_type in (2.0, 1.0):
        total = sum((g.norm(norm_type) ** norm_type for g in grads)) ** (1.0 / norm_type)
    else:                                       # the norm of the per-gradient norms (-inf, 0, fractional orders)
        norms = [g.norm(norm_type) for g in grads]
        joint = functools.reduce(promote_types, [n.dtype for n in norms])
        total = stack([n.to(joint) for n in norms]).norm(norm_type)
    if error_if_nonfinite and not math.isfinite(total.item()):
        raise RuntimeError(f"The total norm of order {float(norm_type)} for gradients from `parameters` is "
                           "non-finite, so it cannot be clipped. To disable this error and scale the gradients by the "
                           "non-finite norm anyway, set `error_if_nonfinite=False` (clip_grad_norm_(): a gradient "
                           "holds nan or inf)")
    return total


@no_grad()
def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients by max_norm / (total_norm + 1e-6) when that is below 1 (torch's second half of
    clip_grad_norm_)."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    grads = [p.grad for p in params if p.grad is not None]
    max_norm = float(max_norm)                  # (as torch: a number-like max_norm is read as a float)
    if not grads:
        return
    total = total_norm if isinstance(total_norm, Tensor) else tensor(float(total_norm))
    kind = total._data.dtype.type               # (the coefficient in the norm's dtype, rounded as torch's)
    coef = float(kind(max_norm) / (kind(total.item()) + kind(1e-6)))
    if not coef >= 1:                           # (a nan max_norm makes every gradient nan, as torch's)
        for g in grads:
            g.mul_(coef)


@no_grad()
def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale all gradients so that their joint norm is at most ``max_norm``; returns the norm."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    grads = [p.grad for p in params if p.grad is not None]
    total = get_total_norm(grads, norm_type, error_if_nonfinite)
    clip_grads_with_norm_(params, max_norm, total)
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The pre-0.4 name of ``clip_grad_norm_`` (2017-2019 scripts): the same, with torch's FutureWarning."""
    import warnings
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


@no_grad()
def clip_grad_value_(parameters, clip_value, foreach=None):
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    clip_value = float(clip_value)
    for p in params:
        if p.grad is not None:
            p.grad.clamp_(-clip_value, clip_value)
