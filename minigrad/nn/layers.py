"""Layers: Linear, Conv2d, pooling, activations, Flatten, Dropout, normalisation, Embedding.

Each layer holds its parameters and calls the function of the same name in ``functional``.
Default initialisation is torch's, so a minigrad model starts out distributed like the torch model
it mirrors.
"""
from __future__ import annotations

import math
import numbers

from .. import dtypes
from ..autograd.grad_mode import no_grad
from ..factories import empty, ones, zeros
from ..ops.convnd import layer_tuple
from ..tensor import Tensor
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


def _factory_kwargs(device, dtype):
    return dict(device=device, dtype=dtype if dtype is not None else dtypes.get_default_dtype())


def layer_sizes(layer: str, **sizes):
    """A layer's sizes (in its weight's shape order) before torch's empty() makes the weight: empty()'s
    TypeError for a size that is no int, its RuntimeError for a negative one, naming the layer and argument."""
    for name, value in sizes.items():
        for n in value if isinstance(value, tuple) else (value,):
            if not isinstance(n, numbers.Integral):
                raise TypeError(f"empty(): argument 'size' must be tuple of ints, but got {type(n).__name__} "
                                f"({layer}: {name} must be an int, got {value!r})")
            if n < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {n}: {layer}: {name} is "
                                   f"{value!r} (the weight is made by empty(): sizes must be >= 0)")


class Identity(Module):
    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """y = x Wᵀ + b, with W of shape (out_features, in_features)."""

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        kw = _factory_kwargs(device, dtype)
        layer_sizes(type(self).__name__, out_features=out_features, in_features=in_features)
        self.weight = Parameter(empty(out_features, in_features, **kw))
        self.bias = Parameter(empty(out_features, **kw)) if bias else None
        if not bias:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class Conv2d(Module):
    """2-D convolution over (N, C, H, W) input (im2col + one matmul; see minigrad/ops/conv.py)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__()
        if groups <= 0:
            raise ValueError(f"groups must be a positive integer (Conv2d got groups={groups!r})")
        if in_channels % groups != 0:
            raise ValueError(f"in_channels must be divisible by groups (Conv2d got in_channels={in_channels}, "
                             f"groups={groups})")
        if out_channels % groups != 0:
            raise ValueError(f"out_channels must be divisible by groups (Conv2d got out_channels={out_channels}, "
                             f"groups={groups})")
        if isinstance(padding, str) and padding not in ("same", "valid"):
            raise ValueError(f"Invalid padding string {padding!r}, should be one of {_PADDING_STRINGS}")
        self.stride = layer_tuple(stride, 2)            # as torch: a sequence of the wrong length is refused when the layer runs
        if padding == "same" and any(s != 1 for s in self.stride):
            raise ValueError(f"padding='same' is not supported for strided convolutions (Conv2d got stride="
                             f"{self.stride}); use stride=1, or give the padding as numbers")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {_PADDING_MODE_SET}, but got "
                             f"padding_mode={padding_mode!r}")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size, self.dilation = layer_tuple(kernel_size, 2), layer_tuple(dilation, 2)
        self.padding = padding if isinstance(padding, str) else layer_tuple(padding, 2)
        self.padding_mode = padding_mode
        kw = _factory_kwargs(device, dtype)
        layer_sizes("Conv2d", out_channels=out_channels, in_channels=in_channels, kernel_size=self.kernel_size)
        self.weight = Parameter(empty(out_channels, in_channels // groups, *self.kernel_size, **kw))
        if bias:
            self.bias = Parameter(empty(out_channels, **kw))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        if self.padding_mode != "zeros":               # pad explicitly, then convolve without padding (as torch)
            ph, pw = self._explicit_padding()
            input = F.pad(input, (pw[0], pw[1], ph[0], ph[1]), mode=self.padding_mode)
            return F.conv2d(input, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)
        return F.conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)

    def _explicit_padding(self):
        """(before, after) padding of each spatial dim, including what 'same' works out to."""
        if self.padding == "valid":
            return (0, 0), (0, 0)
        if self.padding == "same":
            out = []
            for k, d in zip(self.kernel_size, self.dilation):
                total = d * (k - 1)
                out.append((total // 2, total - total // 2))
            return tuple(out)
        return tuple((p, p) for p in self.padding)

    def extra_repr(self):
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0, 0):
            s += f", padding={self.padding}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
_PADDING_STRINGS = {"same", "valid"}          # sets written as torch writes them, so they print in the
_PADDING_MODE_SET = {"zeros", "reflect", "replicate", "circular"}     # same order in torch's messages


class MaxPool2d(Module):
    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size, self.stride, self.padding = kernel_size, stride if stride is not None else kernel_size, padding
        self.dilation, self.return_indices, self.ceil_mode = dilation, return_indices, ceil_mode

    def forward(self, input):
        return F.max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                            self.return_indices)

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class AvgPool2d(Module):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.kernel_size, self.stride, self.padding = kernel_size, stride if stride is not None else kernel_size, padding
        self.ceil_mode, self.count_include_pad, self.divisor_override = ceil_mode, count_include_pad, divisor_override

    def forward(self, input):
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return F.adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveMaxPool2d(Module):
    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)

    extra_repr = AdaptiveAvgPool2d.extra_repr


class _Activation(Module):
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class ReLU(_Activation):
    def forward(self, input):
        return input.relu_() if self.inplace else F.relu(input)


class ReLU6(_Activation):
    def forward(self, input):
        return F.relu6(input, self.inplace)


class Sigmoid(Module):
    def forward(self, input):
        return F.sigmoid(input)


class Tanh(Module):
    def forward(self, input):
        return F.tanh(input)


class LeakyReLU(_Activation):
    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__(inplace)
        self.negative_slope = negative_slope

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(_Activation):
    def __init__(self, alpha=1.0, inplace=False):
        super().__init__(inplace)
        self.alpha = alpha

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class GELU(Module):
    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class SiLU(_Activation):
    def forward(self, input):
        return F.silu(input, self.inplace)


class Softplus(Module):
    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class _SoftmaxBase(Module):
    def __init__(self, dim=None):
        super().__init__()
        if dim is not None and not isinstance(dim, int):     # (torch 2.15's check, at construction)
            raise TypeError(f"dim must be an int or None, got {type(dim)} ({type(self).__name__}(dim={dim!r}): "
                            "give one dim, e.g. dim=-1)")
        self.dim = dim

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmax(_SoftmaxBase):
    def forward(self, input):
        return F.softmax(input, self.dim, _stacklevel=5)


class LogSoftmax(_SoftmaxBase):              # (not a Softmax: torch's isinstance answers)
    def forward(self, input):
        return F.log_softmax(input, self.dim, _stacklevel=5)


class Flatten(Module):
    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    def __init__(self, dim, unflattened_size):
        super().__init__()
        if not isinstance(dim, (int, str)):
            raise TypeError(f"invalid argument type for dim parameter (Unflatten: got {type(dim).__name__})")
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError("unflattened_size must be a tuple of ints, but found type "
                            f"{type(unflattened_size).__name__}")
        for i, n in enumerate(unflattened_size):
            if not isinstance(n, int):
                raise TypeError(f"unflattened_size must be tuple of ints, but found element of type {type(n).__name__} "
                                f"at pos {i}")
        self.dim, self.unflattened_size = dim, unflattened_size

    def forward(self, input):
        return input.unflatten(self.dim, tuple(self.unflattened_size))

    def extra_repr(self):
        return f"dim={self.dim!r}, unflattened_size={self.unflattened_size}"


class Dropout(Module):
    """Zeroes elements with probability p while training (scaling the rest by 1/(1-p))."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if not isinstance(p, (numbers.Real, Tensor)):        # torch's `p < 0` fails: its TypeError, in words
            raise TypeError(f"'<' not supported between instances of '{type(p).__name__}' and 'int' "
                            f"({type(self).__name__}: p must be a number in [0, 1], got {p!r})")
        if p < 0 or p > 1:                      # (as torch: a NaN p is refused when the layer runs)
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class _BatchNorm(Module):
    _dims = None
    _version = 2                # version 2 added num_batches_tracked (as torch's)

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, *lists):
        """A checkpoint without num_batches_tracked and without version 2 in its metadata (a plain dict,
        or an older save) loads, the counter kept (as torch's)."""
        key = prefix + "num_batches_tracked"
        if self.track_running_stats and local_metadata.get("version", 1) < 2 and key not in state_dict:
            state_dict[key] = self.num_batches_tracked
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, *lists)

    def reset_running_stats(self):
        """running_mean 0, running_var 1, num_batches_tracked 0 (as torch's)."""
        if self.track_running_stats:
            with no_grad():
                self.running_mean.zero_()
                self.running_var.fill_(1)
                self.num_batches_tracked.zero_()

    def reset_parameters(self):
        self.reset_running_stats()
        if self.affine:
            with no_grad():
                self.weight.fill_(1)
                if self.bias is not None:
                    self.bias.zero_()

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
                 dtype=None, *, bias=True):
        super().__init__()
        kw = _factory_kwargs(device, dtype)
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine or track_running_stats:
            layer_sizes(type(self).__name__, num_features=num_features)
        if affine:
            self.weight = Parameter(ones(num_features, **kw))
            if bias:
                self.bias = Parameter(zeros(num_features, **kw))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features, **kw))
            self.register_buffer("running_var", ones(num_features, **kw))
            self.register_buffer("num_batches_tracked", zeros((), dtype=dtypes.int64, device=device))
        else:
            self.running_mean = self.running_var = None

    def forward(self, input):
        from .functional_extra import _not_tensor
        _not_tensor(input, "dim", type(self).__name__)           # (torch's layer asks input.dim() first)
        if input.ndim not in self._dims:
            raise ValueError(f"expected {' or '.join(f'{d}D' for d in self._dims)} input (got {input.ndim}D input) "
                             f"({type(self).__name__}: input of shape {tuple(input.shape)})")
        if input.shape[1] != self.num_features:
            raise RuntimeError(f"running_mean should contain {input.shape[1]} elements not {self.num_features} "
                               f"({type(self).__name__}: the input has {input.shape[1]} channels in dim 1 of "
                               f"{tuple(input.shape)}, the layer num_features={self.num_features})")
        use_batch = self.training or self.running_mean is None
        momentum = self.momentum if self.momentum is not None else 0.0
        if self.training and self.track_running_stats:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:                    # a cumulative average, as torch
                momentum = 1.0 / float(self.num_batches_tracked.item())
        return F.batch_norm(input, self.running_mean if self.track_running_stats else None,
                            self.running_var if self.track_running_stats else None, self.weight, self.bias,
                            use_batch, momentum, self.eps)

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    _dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    _dims = (4,)


class LayerNorm(Module):
    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape, self.eps = tuple(normalized_shape), eps
        kw = _factory_kwargs(device, dtype)
        if elementwise_affine:
            layer_sizes("LayerNorm", normalized_shape=self.normalized_shape)
            self.weight = Parameter(ones(self.normalized_shape, **kw))
            self.bias = Parameter(zeros(self.normalized_shape, **kw)) if bias else None
        else:
            self.weight = self.bias = None

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.weight is not None}, "
                f"bias={self.bias is not None}")


class Embedding(Module):
    """A lookup table of ``num_embeddings`` rows; ``padding_idx``'s row starts at zero and gets no gradient.
    ``sparse=True`` is accepted (and shown by ``repr``) but the weight's gradient is a dense tensor: minigrad
    has no sparse tensors. The values are the same, and the rows the gradient covers are noted for
    ``optim.SparseAdam``'s lazy update (see F.embedding)."""

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None):
        super().__init__()
        if padding_idx is not None:              # (torch's two asserts: index 0, or NaN, is never refused here)
            if padding_idx > 0 and padding_idx >= num_embeddings or padding_idx < 0 and padding_idx < -num_embeddings:
                raise F._EmbeddingAssertion("Padding_idx must be within num_embeddings")
            if padding_idx < 0:
                padding_idx += num_embeddings               # (counted from the end, as torch)
        self.num_embeddings, self.embedding_dim, self.padding_idx = num_embeddings, embedding_dim, padding_idx
        self.max_norm, self.norm_type, self.scale_grad_by_freq, self.sparse = max_norm, norm_type, scale_grad_by_freq, sparse
        if _weight is None:
            layer_sizes("Embedding", num_embeddings=num_embeddings, embedding_dim=embedding_dim)
            self.weight = Parameter(empty(num_embeddings, embedding_dim, **_factory_kwargs(device, dtype)),
                                    requires_grad=not _freeze)
            self.reset_parameters()
        else:
            if tuple(_weight.shape) != (num_embeddings, embedding_dim):
                raise AssertionError(f"Shape of weight does not match num_embeddings and embedding_dim (got "
                                 f"{tuple(_weight.shape)}, expected ({num_embeddings}, {embedding_dim}))")
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self):
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0.0

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0,
                        scale_grad_by_freq=False, sparse=False):
        if embeddings.dim() != 2:
            raise F._EmbeddingAssertion(f"Embeddings parameter is expected to be 2-dimensional (got shape "
                                     f"{tuple(embeddings.shape)})")
        rows, cols = embeddings.shape
        return cls(rows, cols, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, _weight=embeddings,
                   _freeze=freeze)

    def forward(self, input):
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                           self.scale_grad_by_freq, self.sparse)

    def extra_repr(self):
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            s += ", scale_grad_by_freq=True"
        if self.sparse:
            s += ", sparse=True"
        return s
