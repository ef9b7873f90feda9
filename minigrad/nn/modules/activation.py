"""torch.nn.modules.activation's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..activation import (  # noqa: F401
    Threshold, Hardtanh, Hardsigmoid, Mish, Hardswish, CELU, SELU, GLU, Hardshrink, LogSigmoid, Softshrink,
    PReLU, Softsign, Tanhshrink, Softmin, Softmax2d)
from ..layers import (  # noqa: F401
    ReLU, ReLU6, Sigmoid, Tanh, SiLU, ELU, GELU, LeakyReLU, Softplus, Softmax, LogSoftmax)
from ..norm_extra import RReLU  # noqa: F401
from ..transformer import MultiheadAttention  # noqa: F401
