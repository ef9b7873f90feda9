"""``minigrad.nn.utils``: gradient clipping, parameter/vector conversion, weight_norm and spectral_norm (hooks:
``weight_norm.py``; parametrizations: ``parametrize.py``, ``parametrizations.py``), Conv/Linear + BatchNorm
fusion (``fusion.py``), the old ``stateless.functional_call``."""
from __future__ import annotations

import functools
import inspect
import math

from ...autograd.grad_mode import no_grad
from ...dtypes import promote_types
from ...factories import tensor
from ...ops.shape import cat, stack
from ...tensor import Tensor
from . import fusion, parametrizations, parametrize, prune, stateless  # noqa: F401
from .fusion import fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval, fuse_linear_bn_weights  # noqa: F401
from .weight_norm import remove_spectral_norm, remove_weight_norm, spectral_norm, weight_norm  # noqa: F401


@no_grad()
def skip_init(module_cls, *args, **kwargs):
    """``module_cls(*args, **kwargs)`` with its parameters and buffers left uninitialised (zeros here; torch's
    hold whatever torch.empty gave). Like torch's -- which builds on the meta device -- it draws no random
    numbers, so the draws after it are the same as torch's."""
    from ..module import Module
    from ...random import fork_rng          # (the package layer: imported when called)
    if not (isinstance(module_cls, type) and issubclass(module_cls, Module)):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    with fork_rng():
        module = module_cls(*args, **kwargs)
    for t in list(module.parameters()) + list(module.buffers()):
        t.zero_()
    return module


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
    parameters = list(parameters)
    if not vec.is_floating_point() and any(p.requires_grad for p in parameters):
        raise RuntimeError(f"data set to a tensor that requires gradients must be floating point or complex dtype "
                           f"(vector_to_parameters(): the vector is {vec.dtype}; convert it with .float())")
    start = 0
    for p in parameters:
        n = p.numel()
        p.copy_(vec[start:start + n].reshape(p.shape))
        start += n
