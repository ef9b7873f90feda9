"""``Parameter``: a tensor that a Module registers as one of its learnable weights."""
from __future__ import annotations

import sys

from .. import backend
from ..factories import empty
from ..ops._helpers import NotTensorError
from ..tensor import Tensor, _init, _wrap


class Parameter(Tensor):
    """A leaf tensor with ``requires_grad=True`` by default. Assigning one to a Module attribute
    registers it, so ``module.parameters()`` finds it. Shares memory with the tensor it wraps."""

    def __new__(cls, data=None, *args, **kwargs):
        if cls is Parameter and data.__class__ is not Tensor and isinstance(data, Tensor) and data.dtype.is_complex:
            from .._complex_parameter import ComplexParameter     # a complex one (minigrad/_complex_parameter.py)
            return ComplexParameter(data, *args, **kwargs)
        return super().__new__(cls)

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            data = empty(0)
        if not isinstance(data, Tensor):
            raise NotTensorError(f"Parameter(): expected a Tensor, got {type(data).__name__}; wrap it first: "
                                 "nn.Parameter(torch.tensor(...))")
        if not isinstance(requires_grad, bool):
            raise TypeError(f"_make_subclass(): argument 'require_grad' (position 3) must be bool, not "
                            f"{type(requires_grad).__name__} (Parameter(data, requires_grad=True or False))")
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


# ---------------------------------------------------------------------------------------------
# Uninitialized parameters and buffers (what a Lazy module holds until its first forward)
# ---------------------------------------------------------------------------------------------
_STORAGE = Tensor.__dict__["_data"]          # the slot every tensor keeps its array in
_USE_MSG = ("Attempted to use an uninitialized parameter in {}. This error happens when you are using a `LazyModule` or "
            "explicitly manipulating `minigrad.nn.parameter.UninitializedParameter` objects. When using LazyModules "
            "Call `forward` with a dummy batch to initialize the parameters before calling minigrad functions")


def _uninitialized_use(self):
    raise ValueError(_USE_MSG.format(f"<method {sys._getframe(1).f_code.co_name!r} of 'Tensor' objects>"))


class UninitializedTensorMixin:
    """A tensor without a shape yet: its dtype and device are set, every use of its values is a ValueError
    and its ``shape`` a RuntimeError (as torch's) until ``materialize(shape)`` gives it storage and turns
    it into ``cls_to_become`` (a Parameter, or a plain tensor for a buffer), the same object."""
    cls_to_become = None
    _data = property(_uninitialized_use, _STORAGE.__set__)

    def materialize(self, shape, device=None, dtype=None):
        """Give the tensor ``shape`` (uninitialized values, as torch.empty) and make it ``cls_to_become``."""
        old = _STORAGE.__get__(self)
        new = empty(*tuple(shape), device=device if device is not None else backend.device_of(old),
                    dtype=dtype if dtype is not None else self.dtype)
        _STORAGE.__set__(self, new._data)
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError("Can't access the shape of an uninitialized parameter or buffer. This error usually "
                           "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
                           "initialized one. Call `forward` to initialize the parameters before accessing their "
                           "attributes.")

    @property
    def dtype(self):
        from .. import dtypes
        return dtypes.from_np(_STORAGE.__get__(self).dtype)

    @property
    def device(self):
        return backend.device_of(_STORAGE.__get__(self))

    def _apply_to_array(self, fn):
        """``module.to(...)`` before the first forward: the dtype/device change, the tensor stays empty."""
        _STORAGE.__set__(self, fn(_STORAGE.__get__(self)))

    def __repr__(self):
        return f"<{type(self).__name__}>"

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            arr = _STORAGE.__get__(self)
            memo[id(self)] = type(self)(requires_grad=self._requires_grad, device=backend.device_of(arr),
                                        dtype=self.dtype)
        return memo[id(self)]

    def __reduce__(self):
        raise ValueError(_USE_MSG.format("pickle"))


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A Parameter whose shape is set later (by a Lazy module's first forward, or by load_state_dict)."""
    cls_to_become = Parameter

    def __init__(self, requires_grad=True, device=None, dtype=None):
        from .. import dtypes
        _init(self, empty(0, device=device, dtype=dtype if dtype is not None else dtypes.get_default_dtype())._data)
        self._requires_grad = bool(requires_grad)


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """A buffer whose shape is set later (a LazyBatchNorm's running statistics)."""
    cls_to_become = Tensor

    def __init__(self, requires_grad=False, device=None, dtype=None, persistent=True):
        from .. import dtypes
        _init(self, empty(0, device=device, dtype=dtype if dtype is not None else dtypes.get_default_dtype())._data)
        self.persistent = persistent
        self._requires_grad = bool(requires_grad)


def is_lazy(t):
    """True for an uninitialized parameter or buffer."""
    return isinstance(t, UninitializedTensorMixin)
