"""Lazy modules (``nn.LazyLinear``, ``nn.LazyConv2d``, ``nn.LazyBatchNorm2d``, ...): layers whose input size is
read from the first batch they see, as torch's (d2l.ai builds every model from them).

Until then the module holds ``UninitializedParameter`` / ``UninitializedBuffer`` objects. The first call runs
``initialize_parameters(*args)``, which gives them their shapes and torch's initialisation, and then the
module becomes ``cls_to_become`` (a LazyLinear is a Linear from then on; the Parameter objects stay the same,
so an optimizer made before the first forward keeps working). ``load_state_dict`` materializes them too."""
from __future__ import annotations

from itertools import chain

from .. import dtypes
from ..autograd.grad_mode import no_grad
from ..factories import zeros
from .conv_extra import Conv1d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from .layers import BatchNorm1d, BatchNorm2d, Conv2d, Linear
from .module import Module
from .norm_extra import BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d
from .parameter import UninitializedBuffer, UninitializedParameter, is_lazy

__all__ = ["LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d",
           "LazyConvTranspose2d", "LazyConvTranspose3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d",
           "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d"]


class LazyModuleMixin:
    """Mixed in before a Module class: the first call initializes the parameters from the inputs
    (``initialize_parameters``), then the module's class becomes ``cls_to_become`` (when set)."""
    cls_to_become = None

    def has_uninitialized_params(self):
        return any(is_lazy(t) for t in chain(self._parameters.values(), self._buffers.values()))

    def initialize_parameters(self, *args, **kwargs):
        raise NotImplementedError(f"initialize_parameters is not implemented for {type(self).__name__}")

    def __call__(self, *args, **kwargs):
        if not self.__dict__.get("_lazy_initialized"):
            self.initialize_parameters(*args, **kwargs)
            if self.has_uninitialized_params():
                raise RuntimeError(f"module {type(self).__name__} has not been fully initialized")
            object.__setattr__(self, "_lazy_initialized", True)
            if self.cls_to_become is not None:
                self.__class__ = self.cls_to_become
        return Module.__call__(self, *args, **kwargs)

    def _load_from_state_dict(self, state_dict, prefix, *rest):
        """An uninitialized tensor takes the shape of the checkpoint's (then loads it, as any other)."""
        for name, t in chain(self._parameters.items(), self._buffers.items()):
            src = state_dict.get(prefix + name)
            if t is not None and is_lazy(t) and src is not None and not is_lazy(src):
                with no_grad():
                    t.materialize(src.shape)
        super()._load_from_state_dict(state_dict, prefix, *rest)


class _LazyWeightMixin(LazyModuleMixin):
    """Linear and the convolutions: an uninitialized weight (and bias); torch's init once the input size
    (the attribute named ``_in_size``) is known."""
    _in_size = "in_features"
    _out_size = "out_features"

    def _make_lazy(self, out_size, bias, device, dtype):
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        setattr(self, self._out_size, out_size)
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and getattr(self, self._in_size) != 0:
            super().reset_parameters()


class LazyLinear(_LazyWeightMixin, Linear):
    """A Linear whose ``in_features`` is the last dim of its first input."""
    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        super().__init__(0, 0, False, device, dtype)
        self._make_lazy(out_features, bias, device, dtype)

    def initialize_parameters(self, input, *args, **kwargs):
        if self.has_uninitialized_params():
            with no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()


class _LazyConvMixin(_LazyWeightMixin):
    """The convolutions: ``in_channels`` is dim 1 of a batched input (dim 0 of an unbatched one)."""
    _nd = 2
    transposed = False
    _in_size, _out_size = "in_channels", "out_channels"

    def _get_in_channels(self, input):
        unbatched = self._nd + 1
        if input.dim() not in (unbatched, unbatched + 1):
            raise RuntimeError(f"Expected {unbatched}D (unbatched) or {unbatched + 1}D (batched) input to "
                               f"{type(self).__name__}, but got input of size: {input.shape}")
        return input.shape[1] if input.dim() == unbatched + 1 else input.shape[0]

    def initialize_parameters(self, input, *args, **kwargs):
        if self.has_uninitialized_params():
            self.in_channels = self._get_in_channels(input)
            if self.in_channels % self.groups != 0:
                raise ValueError("in_channels must be divisible by groups")
            if self.transposed:
                shape = (self.in_channels, self.out_channels // self.groups, *self.kernel_size)
            else:
                shape = (self.out_channels, self.in_channels // self.groups, *self.kernel_size)
            with no_grad():
                self.weight.materialize(shape)
                if self.bias is not None:
                    self.bias.materialize((self.out_channels,))
                self.reset_parameters()


def _lazy_conv(name, base, nd):
    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        base.__init__(self, 0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode, device, dtype)
        self._make_lazy(out_channels, bias, device, dtype)
    __init__.__doc__ = f"A {base.__name__} whose in_channels is read from its first input."
    return type(name, (_LazyConvMixin, base), {"__init__": __init__, "cls_to_become": base, "_nd": nd,
                                               "__module__": __name__, "__doc__": __init__.__doc__})


def _lazy_conv_transpose(name, base, nd):
    def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True,
                 dilation=1, padding_mode="zeros", device=None, dtype=None):
        base.__init__(self, 0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation,
                      padding_mode, device, dtype)
        self._make_lazy(out_channels, bias, device, dtype)
    __init__.__doc__ = f"A {base.__name__} whose in_channels is read from its first input."
    return type(name, (_LazyConvMixin, base), {"__init__": __init__, "cls_to_become": base, "_nd": nd,
                                               "transposed": True, "__module__": __name__,
                                               "__doc__": __init__.__doc__})


LazyConv1d = _lazy_conv("LazyConv1d", Conv1d, 1)
LazyConv2d = _lazy_conv("LazyConv2d", Conv2d, 2)
LazyConv3d = _lazy_conv("LazyConv3d", Conv3d, 3)
LazyConvTranspose1d = _lazy_conv_transpose("LazyConvTranspose1d", ConvTranspose1d, 1)
LazyConvTranspose2d = _lazy_conv_transpose("LazyConvTranspose2d", ConvTranspose2d, 2)
LazyConvTranspose3d = _lazy_conv_transpose("LazyConvTranspose3d", ConvTranspose3d, 3)


class _LazyNormMixin(LazyModuleMixin):
    """BatchNorm/InstanceNorm: ``num_features`` is dim 1 of the first input (as torch's)."""

    def _make_lazy(self, affine, track_running_stats, device, dtype, bias):
        self.affine, self.track_running_stats = affine, track_running_stats
        for name in ("running_mean", "running_var", "num_batches_tracked"):
            self.__dict__.pop(name, None)           # plain None attributes the base set: buffers from now on
        if affine:
            self.weight = UninitializedParameter(device=device, dtype=dtype)
            if bias:
                self.bias = UninitializedParameter(device=device, dtype=dtype)
        if track_running_stats:
            self.register_buffer("running_mean", UninitializedBuffer(device=device, dtype=dtype))
            self.register_buffer("running_var", UninitializedBuffer(device=device, dtype=dtype))
            self.register_buffer("num_batches_tracked", zeros((), dtype=dtypes.int64, device=device))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def reset_parameters(self):
        """weight 1, bias 0, running_mean 0, running_var 1, num_batches_tracked 0 (once the shapes are known)."""
        if self.has_uninitialized_params() or self.num_features == 0:
            return
        with no_grad():
            for t, value in ((self.weight, 1), (self.bias, 0), (self.running_mean, 0), (self.running_var, 1),
                             (self.num_batches_tracked, 0)):
                if t is not None:
                    t.fill_(value)

    def initialize_parameters(self, input, *args, **kwargs):
        if self.has_uninitialized_params():
            self.num_features = input.shape[1]
            with no_grad():
                for t in (self.weight, self.bias, self.running_mean, self.running_var):
                    if t is not None:
                        t.materialize((self.num_features,))
                self.reset_parameters()


def _lazy_norm(name, base):
    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None,
                 *, bias=True):
        base.__init__(self, 0, eps, momentum, False, False, device, dtype, bias=False)
        self._make_lazy(affine, track_running_stats, device, dtype, bias)
    __init__.__doc__ = f"A {base.__name__} whose num_features is read from its first input."
    return type(name, (_LazyNormMixin, base), {"__init__": __init__, "cls_to_become": base,
                                               "__module__": __name__, "__doc__": __init__.__doc__})


LazyBatchNorm1d = _lazy_norm("LazyBatchNorm1d", BatchNorm1d)
LazyBatchNorm2d = _lazy_norm("LazyBatchNorm2d", BatchNorm2d)
LazyBatchNorm3d = _lazy_norm("LazyBatchNorm3d", BatchNorm3d)
LazyInstanceNorm1d = _lazy_norm("LazyInstanceNorm1d", InstanceNorm1d)     # (torch's lazy instance norms are
LazyInstanceNorm2d = _lazy_norm("LazyInstanceNorm2d", InstanceNorm2d)     # affine and tracking by default,
LazyInstanceNorm3d = _lazy_norm("LazyInstanceNorm3d", InstanceNorm3d)     # unlike InstanceNorm2d)
