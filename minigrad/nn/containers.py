"""Sequential, ModuleList, ModuleDict, ParameterList and ParameterDict."""
from __future__ import annotations

import collections.abc
import operator
from collections import OrderedDict

from ..tensor import Tensor
from .module import Module
from .parameter import Parameter


class _ModuleSequence(Module):
    """What Sequential and ModuleList share: numbered submodules, in order (renumbered 0..n-1 after an
    insert, a pop or a del, as torch's)."""

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def append(self, module):
        self.add_module(str(len(self._modules)), module)
        return self

    def extend(self, modules):
        if not isinstance(modules, collections.abc.Iterable):
            raise TypeError(f"{type(self).__name__}.extend should be called with an iterable, but got "
                            f"{type(modules).__name__} (wrap one module in a list, or use append())")
        for m in modules:
            self.append(m)
        return self

    def _renumber(self, mods):
        self._modules.clear()
        for i, m in enumerate(mods):
            self.add_module(str(i), m)

    def insert(self, index, module):
        n = len(self._modules)
        if not isinstance(module, Module):
            raise AssertionError(f"module should be of type: {Module}")
        if not -n <= index <= n:
            raise IndexError(f"Index out of range: {index}")
        mods = list(self._modules.values())
        mods.insert(index, module)
        self._renumber(mods)
        return self

    def pop(self, key):
        module = self[key]
        del self[key]
        return module

    def __delitem__(self, idx):
        keys = list(self._modules)
        doomed = keys[idx] if isinstance(idx, slice) else [keys[_index(idx, len(keys))]]
        for k in doomed:
            del self._modules[k]
        self._renumber(list(self._modules.values()))

    def __add__(self, other):
        if not isinstance(other, type(self)):
            raise ValueError(f"add operator supports only objects of {type(self).__name__} class, but "
                             f"{type(other)} is given.")
        return type(self)(*(list(self) + list(other))) if isinstance(self, Sequential) else \
            type(self)(list(self) + list(other))

    def __iadd__(self, other):
        return self.extend(other)

    def __dir__(self):
        return [k for k in super().__dir__() if not k.isdigit()]


class Sequential(_ModuleSequence):
    """Runs its modules one after the other: ``Sequential(conv, relu, ...)`` or from an OrderedDict."""

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, m in args[0].items():
                self.add_module(name, m)
        else:
            for i, m in enumerate(args):
                self.add_module(str(i), m)

    def forward(self, input):
        for m in self._modules.values():
            input = m(input)
        return input

    def __getitem__(self, idx):
        mods = list(self._modules.items())
        if isinstance(idx, slice):
            return Sequential(OrderedDict(mods[idx]))
        return mods[_index(idx, len(mods))][1]

    def __setitem__(self, idx, module):
        name = list(self._modules)[_index(idx, len(self._modules))]
        setattr(self, name, module)

    def __mul__(self, other):
        if not isinstance(other, int):
            raise TypeError(f"unsupported operand type(s) for *: {type(self)} and {type(other)}")
        if other <= 0:
            raise ValueError(f"Non-positive multiplication factor {other} for {type(self)}")
        return Sequential(*(list(self) * other))          # the same modules repeated, as torch's

    __rmul__ = __mul__

    def __imul__(self, other):
        return self.extend(list(self * other)[len(self):])


def _index(idx, n):
    idx = operator.index(idx)          # a float index is torch's TypeError
    if not -n <= idx < n:
        raise IndexError(f"index {idx} is out of range for a container of {n} modules")
    return idx % n


class ModuleList(_ModuleSequence):
    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, idx):
        mods = list(self._modules.values())
        if isinstance(idx, slice):
            return ModuleList(mods[idx])
        return mods[_index(idx, len(mods))]

    def __setitem__(self, idx, module):
        self.add_module(str(_index(idx, len(self._modules))), module)

    def insert(self, index, module):
        """As torch's: a negative index is refused (KeyError); one past the end appends; returns None."""
        if index < 0:
            raise KeyError(f"'{index}' (ModuleList.insert(): give a non-negative index)")
        mods = list(self._modules.values())
        mods.insert(index, module)
        self._renumber(mods)

    def forward(self, *args, **kwargs):
        raise NotImplementedError("ModuleList has no forward(); iterate over it in your own forward")

    def __repr__(self):
        """torch's: runs of equal reprs collapse to ``(0-2): 3 x Linear(...)``."""
        runs = []                                     # [first index, last index, repr]
        for i, m in enumerate(self._modules.values()):
            r = repr(m)
            if runs and runs[-1][2] == r:
                runs[-1][1] = i
            else:
                runs.append([i, i, r])
        if not runs:
            return f"{type(self).__name__}()"
        lines = [f"({a}): {r}" if a == b else f"({a}-{b}): {b - a + 1} x {r}" for a, b, r in runs]
        return f"{type(self).__name__}(\n  " + "\n  ".join(line.replace("\n", "\n  ") for line in lines) + "\n)"


class ModuleDict(Module):
    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def keys(self):
        return self._modules.keys()

    def values(self):
        return self._modules.values()

    def items(self):
        return self._modules.items()

    def pop(self, key):
        module = self[key]
        del self[key]
        return module

    def clear(self):
        self._modules.clear()

    def update(self, modules):
        if not isinstance(modules, collections.abc.Iterable):
            raise TypeError(f"ModuleDict.update should be called with an iterable of key/value pairs, but got "
                            f"{type(modules).__name__} (give a dict or (name, module) pairs)")
        if hasattr(modules, "items"):
            for k, m in modules.items():
                self.add_module(k, m)
            return
        for j, pair in enumerate(modules):
            if not isinstance(pair, (tuple, list, str)):
                raise TypeError(f"ModuleDict update sequence element #{j} should be Iterable; is "
                                f"{type(pair).__name__} (give (name, module) pairs or a dict)")
            if len(pair) != 2:
                raise ValueError(f"ModuleDict update sequence element #{j} has length {len(pair)}; 2 is required")
            self.add_module(*pair)


class ParameterList(Module):
    """Parameters by position. A tensor is made a Parameter (as torch's); any other value (a float, a
    string...) is kept as a plain attribute, in its place in the list."""

    def __init__(self, values=None):
        super().__init__()
        self._size = 0
        for v in values or []:
            self.append(v)

    def append(self, value):
        self._size += 1
        self[self._size - 1] = value
        return self

    def extend(self, values):
        for v in values:
            self.append(v)
        return self

    def __setitem__(self, idx, value):
        _set_entry(self, str(_index(idx, self._size)), value)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return ParameterList([self[i] for i in range(self._size)[idx]])
        return getattr(self, str(_index(idx, self._size)))

    def __len__(self):
        return self._size

    def __iter__(self):
        return (self[i] for i in range(self._size))

    def extra_repr(self):
        return _parameter_lines(enumerate(self), lambda p: str(p.dtype))


def _set_entry(container, key, value):
    """A tensor goes in as a Parameter; another value as a plain attribute (as torch's containers)."""
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        value = Parameter(value)
    if isinstance(value, Parameter):
        container.register_parameter(key, value)
    else:
        container._clear(key)
        object.__setattr__(container, key, value)


class ParameterDict(Module):
    """Parameters by name, in insertion order (a tensor given is made a Parameter, as torch's; any other
    value is kept as a plain attribute)."""

    def __init__(self, parameters=None):
        super().__init__()
        self._keys = {}
        if parameters is not None:
            self.update(parameters)

    def __getitem__(self, key):
        if key not in self._keys:       # (torch's ParameterDict looks keys up as attributes: AttributeError)
            raise AttributeError(f"'ParameterDict' object has no attribute '{key}' (keys: {list(self._keys)})")
        return getattr(self, key)

    def __setitem__(self, key, value):
        if not isinstance(key, str):
            raise TypeError(f"ParameterDict: keys must be str, got {type(key).__name__}")
        self._keys[key] = None
        _set_entry(self, key, value)

    def __delitem__(self, key):
        del self._keys[key]
        delattr(self, key)

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def __contains__(self, key):
        return key in self._keys

    def keys(self):
        return self._keys.keys()

    def values(self):
        return [self[k] for k in self._keys]

    def items(self):
        return [(k, self[k]) for k in self._keys]

    def get(self, key, default=None):
        return self[key] if key in self._keys else default

    def pop(self, key):
        value = self[key]
        del self[key]
        return value

    def clear(self):
        for k in list(self._keys):
            del self[k]

    def update(self, parameters):
        items = parameters.items() if hasattr(parameters, "items") else parameters
        if isinstance(parameters, collections.abc.Mapping) and not isinstance(parameters, (OrderedDict, ParameterDict)):
            items = sorted(items)           # (torch's: a plain dict's keys in sorted order; an OrderedDict's as given)
        for k, p in items:
            self[k] = p

    def extra_repr(self):
        return _parameter_lines(self.items(), lambda p: p.type())


def _parameter_lines(items, kind):
    """torch's listing of a parameter container: '  (name): Parameter containing: [<kind> of size 2x3]'."""
    lines = []
    for k, p in items:
        if not isinstance(p, Parameter):
            lines.append(f"  ({k}): Object of type: {type(p).__name__}")
            continue
        size = "x".join(str(n) for n in p.shape)
        device = f" ({p.device})" if p.device.type != "cpu" else ""
        lines.append(f"  ({k}): Parameter containing: [{kind(p)} of size {size}{device}]")
    return "\n".join(lines)
