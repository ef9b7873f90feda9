"""More of ``torch.nn.functional``: activations as single ops, N-d convolutions and pooling, padding
modes, interpolation, attention. Re-exported by ``functional.py`` (so ``F.selu`` etc. live there)."""
from __future__ import annotations

from ..ops.special import (celu, elu, gelu, glu, hardshrink, hardsigmoid, hardswish, logsigmoid,  # noqa: F401
                           mish, prelu, selu, silu, softplus, softshrink, softsign, tanhshrink, threshold)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError(f"hardtanh(): min_val ({min_val}) cannot be greater than max_val ({max_val})")
    return input.clamp(min_val, max_val)


def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    from ..ops.reduce import softmax
    return softmax(-input, dim, dtype)


__all__ = [n for n in dir() if not n.startswith("_") and n != "annotations"]
