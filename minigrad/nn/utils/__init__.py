"""``minigrad.nn.utils``: gradient clipping, parameter/vector conversion, weight_norm and spectral_norm (hooks:
``weight_norm.py``; parametrizations: ``parametrize.py``, ``parametrizations.py``)."""
from __future__ import annotations

import math

from ...autograd.grad_mode import no_grad
from ...factories import tensor
from ...ops.shape import cat
from ...tensor import Tensor
from . import parametrizations, parametrize, prune  # noqa: F401
from .weight_norm import remove_spectral_norm, remove_weight_norm, spectral_norm, weight_norm  # noqa: F401


@no_grad()
def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale all gradients so that their joint norm is at most ``max_norm``; returns the norm."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    norm_type = float(norm_type)
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return tensor(0.0)
    if norm_type == math.inf:
        total = max(g.abs().max() for g in grads)
    else:
        total = sum((g.norm(norm_type) ** norm_type for g in grads)) ** (1.0 / norm_type)
    if error_if_nonfinite and not math.isfinite(total.item()):
        raise RuntimeError(f"clip_grad_norm_(): the total norm of order {norm_type} of the gradients is "
                           "non-finite, so it cannot be clipped")
    coef = max_norm / (total.item() + 1e-6)
    if coef < 1:
        for g in grads:
            g.mul_(coef)
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
    for p in params:
        if p.grad is not None:
            p.grad.clamp_(-clip_value, clip_value)


def parameters_to_vector(parameters):
    params = [parameters] if isinstance(parameters, Tensor) else parameters
    return cat([p.reshape(-1) for p in params])


@no_grad()
def vector_to_parameters(vec, parameters):
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__} (vector_to_parameters(): give the "
                        "vector as a tensor)")
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    start = 0
    for p in parameters:
        n = p.numel()
        p.copy_(vec[start:start + n].reshape(p.shape))
        start += n
