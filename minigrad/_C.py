"""torch._C's names that programs reach for: the linear-algebra error class (``torch._C._LinAlgError``, the class
``torch.linalg.LinAlgError`` names)."""
from .ops.linalg_extra import LinAlgError as _LinAlgError  # noqa: F401
