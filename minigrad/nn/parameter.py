"""``Parameter``: a tensor that a Module registers as one of its learnable weights."""
from __future__ import annotations

from .. import backend
from ..factories import empty
from ..tensor import Tensor, _init, _wrap


class Parameter(Tensor):
    """A leaf tensor with ``requires_grad=True`` by default. Assigning one to a Module attribute
    registers it, so ``module.parameters()`` finds it. Shares memory with the tensor it wraps."""

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Parameter(): expected a Tensor, got {type(data).__name__}")
        _init(self, data._data)
        if requires_grad:
            self.requires_grad = True

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo):
        """A new Parameter with a copy of the values and no ``.grad`` (as torch's: a deep-copied model starts
        with empty gradients; a plain tensor's deepcopy keeps its grad)."""
        if id(self) in memo:
            return memo[id(self)]
        p = Parameter(_wrap(self._data.copy()), requires_grad=self._requires_grad)
        memo[id(self)] = p
        return p

    def __reduce__(self):
        return (_rebuild_parameter, (backend.to_numpy(self._data), str(self.device), self._requires_grad))


def _rebuild_parameter(arr, device, requires_grad):
    return Parameter(_wrap(backend.to_device(arr, backend.as_device(device))), requires_grad)


class Buffer(Tensor):
    """Marks a tensor to be registered as a buffer when assigned to a Module attribute."""

    def __init__(self, data, persistent=True):
        _init(self, data._data)
        self.persistent = persistent
