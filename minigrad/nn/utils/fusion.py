"""``torch.nn.utils.fusion``: fold an eval-mode BatchNorm into the convolution or linear layer before it.

For y = bn(conv(x)) in eval mode, with s = bn.weight / sqrt(running_var + eps) per output channel:
    fused weight = conv.weight * s  (along the output channels),  fused bias = (conv.bias - running_mean) * s + bn.bias
so one layer computes what the two did (up to rounding). The fused layer is a copy; the originals are unchanged.
"""
from __future__ import annotations

import copy

from ...factories import ones_like, zeros_like
from ..parameter import Parameter

__all__ = ["fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval", "fuse_linear_bn_weights"]


def _check_eval(layer, bn, what):
    if layer.training or bn.training:
        raise AssertionError(f"Fusion only for eval! ({what}: call .eval() on both modules first)")
    if bn.running_mean is None or bn.running_var is None:
        raise AssertionError(f"{what}: the BatchNorm has no running statistics (track_running_stats=False)")


def _bn_scale(bn_rv, bn_eps, bn_w):
    """bn.weight / sqrt(running_var + eps): each channel's factor (weight 1 when the norm has no affine)."""
    return (ones_like(bn_rv) if bn_w is None else bn_w) * (bn_rv + bn_eps).rsqrt()


def fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose=False):
    """The fused (weight, bias) Parameters; ``transpose``: a ConvTranspose weight (in, out, ...)."""
    w_dtype = conv_w.dtype
    b_dtype = conv_b.dtype if conv_b is not None else w_dtype
    b = zeros_like(bn_rm) if conv_b is None else conv_b
    shift = zeros_like(bn_rm) if bn_b is None else bn_b
    scale = _bn_scale(bn_rv, bn_eps, bn_w)
    shape = ([1, -1] if transpose else [-1, 1]) + [1] * (conv_w.dim() - 2)
    fused_w = (conv_w * scale.reshape(shape)).to(dtype=w_dtype)
    fused_b = ((b - bn_rm) * scale + shift).to(dtype=b_dtype)
    return Parameter(fused_w, conv_w.requires_grad), Parameter(fused_b, b.requires_grad)


def fuse_conv_bn_eval(conv, bn, transpose=False):
    """A copy of ``conv`` that computes bn(conv(x)) (both in eval mode)."""
    _check_eval(conv, bn, "fuse_conv_bn_eval")
    fused = copy.deepcopy(conv)
    fused.weight, fused.bias = fuse_conv_bn_weights(fused.weight, fused.bias, bn.running_mean, bn.running_var,
                                                    bn.eps, bn.weight, bn.bias, transpose)
    return fused


def fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b):
    """The fused (weight, bias) Parameters of a Linear followed by a BatchNorm1d."""
    w_dtype = linear_w.dtype
    b_dtype = linear_b.dtype if linear_b is not None else w_dtype
    b = zeros_like(bn_rm) if linear_b is None else linear_b
    shift = zeros_like(bn_rm) if bn_b is None else bn_b
    scale = _bn_scale(bn_rv, bn_eps, bn_w)
    fused_w = linear_w * scale.unsqueeze(-1).to(dtype=w_dtype)
    fused_b = ((b - bn_rm) * scale + shift).to(dtype=b_dtype)
    return Parameter(fused_w, linear_w.requires_grad), Parameter(fused_b, b.requires_grad)


def fuse_linear_bn_eval(linear, bn):
    """A copy of ``linear`` that computes bn(linear(x)) (both in eval mode)."""
    _check_eval(linear, bn, "fuse_linear_bn_eval")
    if linear.out_features != bn.num_features and bn.num_features != 1:
        raise AssertionError("To fuse, linear.out_features == bn.num_features or bn.num_features == 1 "
                             f"(fuse_linear_bn_eval: got {linear.out_features} and {bn.num_features})")
    fused = copy.deepcopy(linear)
    fused.weight, fused.bias = fuse_linear_bn_weights(fused.weight, fused.bias, bn.running_mean, bn.running_var,
                                                      bn.eps, bn.weight, bn.bias)
    return fused
