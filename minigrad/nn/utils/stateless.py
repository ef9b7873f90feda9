"""``torch.nn.utils.stateless``: the pre-2.0 home of ``functional_call`` (now ``minigrad.func.functional_call``)."""
from __future__ import annotations

import warnings

__all__ = ["functional_call"]


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """``minigrad.func.functional_call``, with torch's deprecation warning."""
    warnings.warn("`torch.nn.utils.stateless.functional_call` is deprecated as of PyTorch 2.0 and will be removed "
                  "in a future version of PyTorch. Please use `torch.func.functional_call` instead which is a drop-in "
                  "replacement.", FutureWarning, stacklevel=2)
    from ...func import functional_call as _functional_call
    return _functional_call(module, parameter_and_buffer_dicts, () if args is None else args, kwargs,
                            tie_weights=tie_weights, strict=strict)
