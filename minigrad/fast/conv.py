"""The convolution's GPU layout.

The reference im2col lays the columns out per image, (N, C·KH·KW, OH·OW), and the convolution is
one batched product (OC, K) @ (N, K, OH·OW) -- what NumPy's BLAS does best on the CPU. On the GPU one
big product (OC, K) @ (K, N·OH·OW) is faster: the "flat" layout, made by the fused im2col kernel.
"""
from __future__ import annotations

from .switch import SWITCH


def use_flat_layout(x, groups) -> bool:
    """Whether conv2d of the tensor ``x`` uses the flat layout: normal mode, a GPU, no groups."""
    return SWITCH.on and groups == 1 and x.device.type == "cuda"


def cols_to_flat(cols):
    """(N, K, L) columns -> (K, N·L): the flat layout, for a GPU whose fused kernel was switched off."""
    n, k, l = cols.shape
    return cols.transpose(1, 0, 2).reshape(k, n * l)


def cols_from_flat(cols, n):
    """(K, N·L) -> (N, K, L): the per-image layout again."""
    k = cols.shape[0]
    return cols.reshape(k, n, -1).transpose(1, 0, 2)
