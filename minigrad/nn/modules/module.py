"""torch.nn.modules.module's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..module import Module  # noqa: F401
from ..module import (register_module_forward_hook, register_module_forward_pre_hook,  # noqa: F401
                      register_module_full_backward_hook, register_module_full_backward_pre_hook)
