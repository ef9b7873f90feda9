"""Conv1d/Conv3d, the transposed convolutions, 1-D/3-D pooling, unpooling, Upsample, padding layers,
Fold/Unfold: torch's constructors, parameter names, shapes, initialisation and ``repr``."""
from __future__ import annotations

import math

from .. import dtypes
from ..factories import empty
from ..ops.convnd import layer_tuple, ntuple, transposed_out_size
from . import functional as F
from . import init
from .layers import layer_sizes
from .module import Module
from .parameter import Parameter

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """What every convolution layer shares: weight/bias of torch's shapes and init, padding modes, repr."""
    nd = 2
    transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None, output_padding=0):
        super().__init__()
        name, nd = type(self).__name__, self.nd
        if groups <= 0:
            raise ValueError(f"{name}: groups must be a positive integer, got {groups}")
        if in_channels % groups:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups:
            raise ValueError("out_channels must be divisible by groups")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {list(_PADDING_MODES)}, but got "
                             f"padding_mode='{padding_mode}'")
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'valid', 'same'}}")
            if padding == "same" and any(s != 1 for s in layer_tuple(stride, nd)):
                raise ValueError(f"padding='same' is not supported for strided convolutions ({name} got stride="
                                 f"{stride}); use stride=1, or give the padding as numbers")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        # as torch: an int is repeated, a sequence kept as given; a wrong length (Conv1d(3, 4, (3, 3))) or a
        # non-int is refused when the layer runs (the functional form names the argument) or by the weight's empty()
        self.kernel_size, self.stride, self.dilation = (layer_tuple(v, nd) for v in (kernel_size, stride, dilation))
        self.padding = padding if isinstance(padding, str) else layer_tuple(padding, nd)
        self.output_padding = layer_tuple(output_padding, nd)
        self.padding_mode = padding_mode
        kw = dict(device=device, dtype=dtype if dtype is not None else dtypes.get_default_dtype())
        shape = (in_channels, out_channels // groups) if self.transposed else (out_channels, in_channels // groups)
        layer_sizes(name, out_channels=out_channels, in_channels=in_channels, kernel_size=self.kernel_size)
        self.weight = Parameter(empty(*shape, *self.kernel_size, **kw))
        if bias:
            self.bias = Parameter(empty(out_channels, **kw))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def _mode_padded(self, input):
        """For padding_mode != 'zeros': the input padded by that mode (the convolution then pads nothing)."""
        if isinstance(self.padding, str):
            if self.padding == "valid":
                return input, 0
            total = [d * (k - 1) for d, k in zip(self.dilation, self.kernel_size)]
            pads = []
            for t in reversed(total):
                pads += [t // 2, t - t // 2]
        else:
            pads = [p for p in reversed(self.padding) for _ in range(2)]
        return F.pad(input, pads, mode=self.padding_mode), 0

    def extra_repr(self):
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * self.nd:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * self.nd:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * self.nd:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


class _Conv(_ConvNd):
    fn = None

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                 padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype)

    def forward(self, input):
        padding = self.padding
        if self.padding_mode != "zeros":
            input, padding = self._mode_padded(input)
        return getattr(F, self.fn)(input, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class Conv1d(_Conv):
    """1-D convolution over (N, C, L) input."""
    nd, fn = 1, "conv1d"


class Conv3d(_Conv):
    """3-D convolution over (N, C, D, H, W) input."""
    nd, fn = 3, "conv3d"


class _ConvTranspose(_ConvNd):
    transposed = True
    fn = None

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype, output_padding)

    def _output_padding(self, input, output_size):
        """The output_padding that gives ``output_size`` (torch's rule: within a stride of the smallest)."""
        if output_size is None:
            return self.output_padding
        size = list(output_size)
        if len(size) not in (self.nd, self.nd + 2):
            raise ValueError(f"{type(self).__name__}: for {input.dim()}D input, output_size must have {self.nd} or "
                             f"{self.nd + 2} elements (got {len(size)}): the output's spatial sizes, optionally "
                             f"after (N, C_out)")
        size = size[-self.nd:]
        smallest = transposed_out_size(tuple(input.shape[-self.nd:]), self.kernel_size, self.stride, self.padding,
                                       self.dilation, (0,) * self.nd)
        pads = []
        for want, lo, s in zip(size, smallest, self.stride):
            if not lo <= want < lo + s:
                raise ValueError(f"requested an output size of {tuple(size)}, but valid sizes range from "
                                 f"{tuple(smallest)} to {tuple(m + s - 1 for m, s in zip(smallest, self.stride))} "
                                 f"(for an input of {tuple(input.shape[-self.nd:])})")
            pads.append(want - lo)
        return tuple(pads)

    def forward(self, input, output_size=None):
        op = self._output_padding(input, output_size)
        return getattr(F, self.fn)(input, self.weight, self.bias, self.stride, self.padding, op, self.groups,
                                   self.dilation)


class ConvTranspose1d(_ConvTranspose):
    nd, fn = 1, "conv_transpose1d"


class ConvTranspose2d(_ConvTranspose):
    nd, fn = 2, "conv_transpose2d"


class ConvTranspose3d(_ConvTranspose):
    nd, fn = 3, "conv_transpose3d"


# ---------------------------------------------------------------------------------------------
# Pooling and unpooling
# ---------------------------------------------------------------------------------------------
class _MaxPool(Module):
    fn = None

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input):
        return getattr(F, self.fn)(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                                   self.return_indices)

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPool):
    fn = "max_pool1d"


class MaxPool3d(_MaxPool):
    fn = "max_pool3d"


class AvgPool1d(Module):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__()
        self.kernel_size = layer_tuple(kernel_size, 1)      # as torch: checked when the layer runs
        self.stride = layer_tuple(stride if stride is not None else kernel_size, 1)
        self.padding = layer_tuple(padding, 1)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool3d(Module):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input):
        return F.avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _MaxUnpool(Module):
    nd, fn = 2, None

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        name = type(self).__name__
        self.kernel_size = ntuple(kernel_size, self.nd, "kernel_size", name)
        self.stride = ntuple(stride if stride is not None else kernel_size, self.nd, "stride", name)
        self.padding = ntuple(padding, self.nd, "padding", name)

    def forward(self, input, indices, output_size=None):
        return getattr(F, self.fn)(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpool):
    nd, fn = 1, "max_unpool1d"


class MaxUnpool2d(_MaxUnpool):
    nd, fn = 2, "max_unpool2d"


class MaxUnpool3d(_MaxUnpool):
    nd, fn = 3, "max_unpool3d"


class _AdaptiveAvgPool(Module):
    fn = None

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return getattr(F, self.fn)(input, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptiveAvgPool):
    fn = "adaptive_avg_pool1d"


class AdaptiveAvgPool3d(_AdaptiveAvgPool):
    fn = "adaptive_avg_pool3d"


class _AdaptiveMaxPool(_AdaptiveAvgPool):
    def __init__(self, output_size, return_indices=False):
        super().__init__(output_size)
        self.return_indices = return_indices

    def forward(self, input):
        return getattr(F, self.fn)(input, self.output_size, self.return_indices)


class AdaptiveMaxPool1d(_AdaptiveMaxPool):
    fn = "adaptive_max_pool1d"


class AdaptiveMaxPool3d(_AdaptiveMaxPool):
    fn = "adaptive_max_pool3d"


# ---------------------------------------------------------------------------------------------
# Resampling and padding
# ---------------------------------------------------------------------------------------------
class Upsample(Module):
    """Resize by ``size`` or ``scale_factor`` with ``F.interpolate``'s modes."""

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        self.scale_factor = (tuple(float(f) for f in scale_factor) if isinstance(scale_factor, (tuple, list))
                             else float(scale_factor) if scale_factor else None)      # (0: none, as torch)
        self.mode, self.align_corners, self.recompute_scale_factor = mode, align_corners, recompute_scale_factor

    def forward(self, input):
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self):
        info = f"scale_factor={self.scale_factor!r}" if self.scale_factor is not None else f"size={self.size!r}"
        return info + f", mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


class _Pad(Module):
    nd, mode = 1, "constant"

    def __init__(self, padding, value=0.0):
        super().__init__()
        self.padding = layer_tuple(padding, 2 * self.nd)        # as torch: F.pad checks it when the layer runs
        self.value = value

    def forward(self, input):
        if self.mode == "constant":
            return F.pad(input, self.padding, "constant", self.value)
        return F.pad(input, self.padding, self.mode)

    def extra_repr(self):
        return f"{self.padding}"


def _pad_class(name, nd, mode, constant=False):
    if constant:
        def init_(self, padding, value):
            _Pad.__init__(self, padding, value)

        def repr_(self):
            return f"padding={self.padding}, value={self.value}"
        body = {"__init__": init_, "extra_repr": repr_}
    elif mode == "constant":                     # ZeroPad
        def init_(self, padding):
            _Pad.__init__(self, padding, 0.0)
        body = {"__init__": init_}
    else:
        body = {}
    if "__init__" in body:                       # (a missing argument's TypeError names the class, as torch's)
        body["__init__"].__qualname__ = f"{name}.__init__"
    return type(name, (_Pad,), dict(nd=nd, mode=mode, __module__=__name__,
                                    __doc__=f"Pads the last {nd} dim(s) ({mode}).", **body))


ReflectionPad1d = _pad_class("ReflectionPad1d", 1, "reflect")
ReflectionPad2d = _pad_class("ReflectionPad2d", 2, "reflect")
ReflectionPad3d = _pad_class("ReflectionPad3d", 3, "reflect")
ReplicationPad1d = _pad_class("ReplicationPad1d", 1, "replicate")
ReplicationPad2d = _pad_class("ReplicationPad2d", 2, "replicate")
ReplicationPad3d = _pad_class("ReplicationPad3d", 3, "replicate")
CircularPad1d = _pad_class("CircularPad1d", 1, "circular")
CircularPad2d = _pad_class("CircularPad2d", 2, "circular")
CircularPad3d = _pad_class("CircularPad3d", 3, "circular")
ZeroPad1d = _pad_class("ZeroPad1d", 1, "constant")
ZeroPad2d = _pad_class("ZeroPad2d", 2, "constant")
ZeroPad3d = _pad_class("ZeroPad3d", 3, "constant")
ConstantPad1d = _pad_class("ConstantPad1d", 1, "constant", constant=True)
ConstantPad2d = _pad_class("ConstantPad2d", 2, "constant", constant=True)
ConstantPad3d = _pad_class("ConstantPad3d", 3, "constant", constant=True)


class _Sliding(Module):
    """What Unfold and Fold share (neither is the other, as in torch): the sliding blocks' geometry."""

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = kernel_size, dilation, padding, stride

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
                f"stride={self.stride}")


class Unfold(_Sliding):
    def forward(self, input):
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)


class Fold(_Sliding):
    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__(kernel_size, dilation, padding, stride)
        self.output_size = output_size

    def forward(self, input):
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return f"output_size={self.output_size}, " + super().extra_repr()


__all__ = [n for n, v in dict(globals()).items() if isinstance(v, type) and issubclass(v, Module)
           and v.__module__ == __name__ and not n.startswith("_")]
