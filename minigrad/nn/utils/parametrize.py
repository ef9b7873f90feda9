"""``minigrad.nn.utils.parametrize``: a tensor of a module computed from other tensors on each access.

``register_parametrization(m, "weight", P())`` moves ``m.weight`` to ``m.parametrizations.weight.original``
(or ``original0, original1, ...`` when ``P.right_inverse`` returns several tensors) and makes ``m.weight``
a property returning ``P()(original)`` -- so the gradient flows to the originals. As torch, the module's
class becomes a subclass named ``Parametrized<Class>`` that holds the property; removing the last
parametrization gives the class back.
"""
from __future__ import annotations

import copy
from contextlib import contextmanager

from ...autograd.grad_mode import no_grad
from ...tensor import Tensor
from ..containers import ModuleDict, ModuleList
from ..module import Module
from ..parameter import Parameter

_cache = {}
_cache_depth = [0]


@contextmanager
def cached():
    """Inside this block each parametrized tensor is computed once (on first access) and reused."""
    _cache_depth[0] += 1
    try:
        yield
    finally:
        _cache_depth[0] -= 1
        if not _cache_depth[0]:
            _cache.clear()


def _register_parameter_or_buffer(module, name, x):
    if isinstance(x, Parameter):
        module.register_parameter(name, x)
    else:
        module.register_buffer(name, x)


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor (applied in order) and the original tensor(s) they start from."""

    def __init__(self, modules, original, unsafe=False):
        super().__init__(modules)
        self.unsafe = unsafe
        new = original
        with no_grad():
            for m in reversed(list(self)):
                if hasattr(m, "right_inverse"):
                    try:
                        new = m.right_inverse(new)
                    except NotImplementedError:      # a parametrization that cannot be inverted starts from
                        pass                         # the tensor as it is (as torch's)
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            if new is not original:                       # keep the same Parameter object (optimizers hold it)
                with no_grad():
                    original.copy_(new)
            _register_parameter_or_buffer(self, "original", original)
        else:
            for i, part in enumerate(new):
                part = part.detach()
                part = Parameter(part, original.requires_grad) if isinstance(original, Parameter) else part
                _register_parameter_or_buffer(self, f"original{i}", part)

    def right_inverse(self, value):
        """``module.<tensor> = value``: store the originals that give ``value``."""
        with no_grad():
            for m in reversed(list(self)):
                if not hasattr(m, "right_inverse"):       # (no way back to the originals: as torch, refused)
                    raise RuntimeError(f"parametrization {type(m).__name__} does not implement right_inverse.")
                value = m.right_inverse(value)
            if self.is_tensor:
                self.original.copy_(value)
            else:
                for i, part in enumerate(value):
                    getattr(self, f"original{i}").copy_(part)

    def forward(self):
        if self.is_tensor:
            x = self[0](self.original)
        else:
            x = self[0](*(getattr(self, f"original{i}") for i in range(self.ntensors)))
        for m in list(self)[1:]:
            x = m(x)
        return x


def _property(tensor_name):
    def get(self):
        plist = self.parametrizations[tensor_name]
        if not _cache_depth[0]:
            return plist()
        key = (id(self), tensor_name)
        if key not in _cache:
            _cache[key] = plist()
        return _cache[key]

    def set(self, value):
        self.parametrizations[tensor_name].right_inverse(value)
    return property(get, set)


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """Make ``module.<tensor_name>`` the output of ``parametrization`` (a Module) applied to the stored
    original; a second call on the same tensor appends to its list. Returns ``module``."""
    if not isinstance(parametrization, Module):
        raise TypeError(f"register_parametrization(): the parametrization must be an nn.Module, got "
                        f"{type(parametrization).__name__}")
    if is_parametrized(module, tensor_name):
        plist = module.parametrizations[tensor_name]
        if not unsafe:
            with no_grad():
                before = plist()
                after = parametrization(before)
            _check_same(before, after, tensor_name, "appended")
        plist.append(parametrization)
        return module
    original = getattr(module, tensor_name, None)
    if not isinstance(original, Tensor):
        raise ValueError(f"Module '{module}' parametrization target '{tensor_name}' is not a parameter or buffer "
                         "of it")
    plist = ParametrizationList([parametrization], original, unsafe=unsafe)
    if not unsafe:
        with no_grad():
            _check_same(original, plist(), tensor_name, "registered")
    delattr(module, tensor_name)
    if not is_parametrized(module):
        cls = module.__class__
        module.__class__ = type(f"Parametrized{cls.__name__}", (cls,), {
            "_unparametrized_class": cls, "__getstate__": _refuse_pickle, "__deepcopy__": _deepcopy})
        module.parametrizations = ModuleDict()
    setattr(module.__class__, tensor_name, _property(tensor_name))
    module.parametrizations[tensor_name] = plist
    return module


def _refuse_pickle(self):
    raise RuntimeError("Serialization of parametrized modules is only supported through state_dict() (the "
                       f"{type(self).__name__} class is made on the fly and cannot be found by pickle): save "
                       "module.state_dict() and load it into a module parametrized the same way")


def _deepcopy(self, memo):
    new = self.__class__.__new__(self.__class__)
    memo[id(self)] = new
    new.__dict__.update(copy.deepcopy(self.__dict__, memo))
    return new


def _check_same(original, out, tensor_name, what):
    if not isinstance(out, Tensor) or tuple(out.shape) != tuple(original.shape) or out.dtype != original.dtype:
        got = (f"shape {tuple(out.shape)} and dtype {out.dtype}" if isinstance(out, Tensor)
               else type(out).__name__)
        raise ValueError(f"register_parametrization(): the parametrization {what} on '{tensor_name}' must give a "
                         f"tensor of shape {tuple(original.shape)} and dtype {original.dtype}, got {got} (pass "
                         "unsafe=True to allow a change)")


def is_parametrized(module, tensor_name=None):
    """Whether ``module`` has a parametrization (on ``tensor_name``, if given)."""
    plists = module.__dict__.get("_modules", {}).get("parametrizations")
    if not isinstance(plists, ModuleDict):
        return False
    return len(plists) > 0 if tensor_name is None else tensor_name in plists


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """Remove every parametrization on ``module.<tensor_name>``; with ``leave_parametrized`` the tensor
    keeps its current (parametrized) value, else it gets its original back."""
    if not is_parametrized(module, tensor_name):
        raise ValueError(f"Module {module} does not have a parametrization on {tensor_name}")
    plist = module.parametrizations[tensor_name]
    if plist.is_tensor:
        original = plist.original
        if leave_parametrized:
            with no_grad():
                value = getattr(module, tensor_name)
                original.copy_(value)
    elif leave_parametrized:
        value = getattr(module, tensor_name).detach()
        original = Parameter(value, value.requires_grad or plist.original0.requires_grad) \
            if isinstance(plist.original0, Parameter) else value
    else:
        raise ValueError("Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized "
                         "in terms of a sequence of tensors.")
    delattr(module.__class__, tensor_name)
    del module.parametrizations[tensor_name]
    _register_parameter_or_buffer(module, tensor_name, original)
    if not is_parametrized(module):
        del module.parametrizations
        module.__class__ = module.__class__._unparametrized_class
    return module


def type_before_parametrizations(module):
    """The module's class before any parametrization was registered."""
    return module.__class__._unparametrized_class if is_parametrized(module) else type(module)
