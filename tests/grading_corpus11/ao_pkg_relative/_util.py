import numpy as np

import minigrad


def unbroadcast(grad, shape):
    """Sums ``grad`` (a minigrad tensor) down to ``shape`` with tensor methods."""
    while grad.dim() > len(shape):
        grad = grad.sum(0)
    for i, n in enumerate(shape):
        if n == 1 and grad.shape[i] != 1:
            grad = grad.sum(i, keepdim=True)
    return grad


def as_tensor(a):
    return minigrad.tensor(np.ascontiguousarray(a))
