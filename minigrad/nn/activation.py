"""Activation modules beyond those in ``layers.py``; each calls the function of the same name in
``functional`` (no parameters, except PReLU's weight)."""
from __future__ import annotations

from .. import dtypes
from ..factories import empty
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


_REQUIRED = object()            # a setting with no default (torch's required positional argument)


class _Elementwise(Module):
    """An activation with keyword settings, shown by ``repr`` as torch shows them."""
    fn = None
    settings = ()

    def __init__(self, *args, **kwargs):
        super().__init__()
        names = [n for n, _ in self.settings]
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}() takes at most {len(names)} positional arguments")
        values = dict(self.settings)
        values.update(zip(names, args))
        for k, v in kwargs.items():
            if k not in values:
                raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {k!r}")
            values[k] = v
        missing = [k for k, v in values.items() if v is _REQUIRED]
        if missing:
            raise TypeError(f"{type(self).__name__}.__init__() missing {len(missing)} required positional argument"
                            f"{'s' if len(missing) > 1 else ''}: " + " and ".join(f"'{k}'" for k in missing))
        for k, v in values.items():
            setattr(self, k, v)

    def forward(self, input):
        return getattr(F, self.fn)(input, **{n: getattr(self, n) for n, _ in self.settings})

    def extra_repr(self):
        return ", ".join(f"{n}={getattr(self, n)}" for n, _ in self.settings
                         if n != "inplace" or self.inplace)


class SELU(_Elementwise):
    fn, settings = "selu", (("inplace", False),)


class CELU(_Elementwise):
    fn, settings = "celu", (("alpha", 1.0), ("inplace", False))


class Softsign(_Elementwise):
    fn = "softsign"


class Hardsigmoid(_Elementwise):
    fn, settings = "hardsigmoid", (("inplace", False),)

    def extra_repr(self):
        return ""                                   # torch does not show inplace here


class Hardswish(_Elementwise):
    fn, settings = "hardswish", (("inplace", False),)

    def extra_repr(self):
        return ""                                   # torch does not show inplace here


class Hardtanh(_Elementwise):
    fn, settings = "hardtanh", (("min_val", -1.0), ("max_val", 1.0), ("inplace", False))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.max_val > self.min_val:
            raise AssertionError(f"max_val ({self.max_val}) must be greater than min_val ({self.min_val})")


class Mish(_Elementwise):
    fn, settings = "mish", (("inplace", False),)


class LogSigmoid(_Elementwise):
    fn = "logsigmoid"


class Tanhshrink(_Elementwise):
    fn = "tanhshrink"


class Hardshrink(_Elementwise):
    fn, settings = "hardshrink", (("lambd", 0.5),)

    def extra_repr(self):
        return f"{self.lambd}"


class Softshrink(_Elementwise):
    fn, settings = "softshrink", (("lambd", 0.5),)

    def extra_repr(self):
        return f"{self.lambd}"


class Threshold(_Elementwise):
    fn, settings = "threshold", (("threshold", _REQUIRED), ("value", _REQUIRED), ("inplace", False))


class GLU(_Elementwise):
    fn, settings = "glu", (("dim", -1),)


class Softmin(_Elementwise):
    fn, settings = "softmin", (("dim", None),)


class Softmax2d(Module):
    """Softmax over the channels of (N, C, H, W) or (C, H, W) input."""

    def forward(self, input):
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected a 3-D or 4-D input, got shape {tuple(input.shape)}")
        return F.softmax(input, -3)


class PReLU(Module):
    """x for x > 0, else a·x, with a learned ``weight`` of ``num_parameters`` values (init 0.25)."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(empty(num_parameters, device=device,
                                      dtype=dtype if dtype is not None else dtypes.get_default_dtype()))
        self.reset_parameters()

    def reset_parameters(self):
        init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


__all__ = [n for n, v in dict(globals()).items() if isinstance(v, type) and issubclass(v, Module)
           and v.__module__ == __name__ and not n.startswith("_")]
