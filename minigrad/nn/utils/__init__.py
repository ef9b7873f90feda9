"""``minigrad.nn.utils``: gradient clipping (``clip_grad.py``), parameter/vector conversion
(``convert_parameters.py``), weight_norm and spectral_norm (hooks:
``weight_norm.py``; parametrizations: ``parametrize.py``, ``parametrizations.py``), Conv/Linear + BatchNorm
fusion (``fusion.py``), the old ``stateless.functional_call``."""
from __future__ import annotations

import inspect

from ...autograd.grad_mode import no_grad
from . import clip_grad, convert_parameters, fusion, parametrizations, parametrize, prune, stateless  # noqa: F401
from .clip_grad import (clip_grad_norm, clip_grad_norm_, clip_grad_value_, clip_grads_with_norm_,  # noqa: F401
                        get_total_norm)
from .convert_parameters import parameters_to_vector, vector_to_parameters  # noqa: F401
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
