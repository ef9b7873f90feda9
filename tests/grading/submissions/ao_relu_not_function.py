"""Bug: ReLU is a plain class, not a minigrad.autograd.Function subclass."""
from autograd_ops_correct import *  # noqa: F401,F403
from autograd_ops_correct import ReLU as _R


class ReLU:
    forward = _R.forward
    backward = _R.backward
