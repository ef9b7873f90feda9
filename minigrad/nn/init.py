"""Weight initialisation, as ``torch.nn.init``: each function fills a tensor in place (without
recording a graph) and returns it."""
from __future__ import annotations

import math
import warnings

import numpy as np

from .. import backend
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor


def calculate_gain(nonlinearity, param=None):
    """The recommended scale of the weights for a given nonlinearity (torch's table)."""
    linear = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d")
    if nonlinearity in linear or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number (calculate_gain('leaky_relu', param): "
                             "give the slope as an int or float)")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity} (calculate_gain(): use linear, conv1d/2d/3d, "
                     "conv_transpose1d/2d/3d, sigmoid, tanh, relu, leaky_relu or selu)")


def _calculate_fan_in_and_fan_out(tensor):
    if tensor.dim() < 2:
        raise ValueError(f"fan in and fan out can not be computed for a tensor with fewer than 2 dimensions "
                         f"(shape {tuple(tensor.shape)})")
    receptive = 1
    for s in tensor.shape[2:]:
        receptive *= s
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor, mode):
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    mode = mode.lower() if isinstance(mode, str) else mode          # ('FAN_IN' is fan_in, as torch)
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', got {mode!r}")
    return fan_in if mode == "fan_in" else fan_out


def _zero_element(tensor):
    """torch warns and leaves a tensor with no elements alone (e.g. Linear(0, 3)'s weight)."""
    if 0 in tuple(tensor.shape):
        warnings.warn("Initializing zero-element tensors is a no-op", UserWarning, stacklevel=3)
        return True
    return False


@no_grad()
def uniform_(tensor: Tensor, a=0.0, b=1.0, generator=None):
    if a > b:
        _bad_range(a, b)
    return tensor.uniform_(a, b, generator=generator)


@no_grad()
def normal_(tensor: Tensor, mean=0.0, std=1.0, generator=None):
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    return tensor.normal_(mean, std, generator=generator)


@no_grad()
def trunc_normal_(tensor: Tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """N(mean, std²) restricted to [a, b], by rejection with torch's draws, in torch's order (so the same seed
    gives torch's numbers): when [a, b] holds more than 30% of the normal's mass, normal draws and every
    value outside [a, b] taken from a whole new draw; else uniform proposals on [a, b], each accepted when
    log(u) <= -½((x - mean)/std)² - (that at the density's highest point in [a, b]), for a second uniform u.
    A narrow interval far from the mean cannot stall."""
    if a > b:
        _bad_range(a, b)
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values "
                      "may be incorrect.", stacklevel=2)
    xp = backend.xp_for(tensor.device)

    def fresh(**kw):
        return tensor.new_empty(tuple(tensor.shape)).uniform_(generator=generator, **kw)._data

    mass = (math.erf((b - mean) / std / math.sqrt(2.0)) - math.erf((a - mean) / std / math.sqrt(2.0))) / 2
    if mass > 0.3:
        lo, hi = (float(np.asarray(v, tensor._data.dtype)) for v in (a, b))       # the bounds in the tensor's dtype
        out = tensor.new_empty(tuple(tensor.shape)).normal_(mean, std, generator=generator)._data
        while True:
            bad = (out < lo) | (out > hi)
            if not bool(bad.any()):
                break
            out = xp.where(bad, tensor.new_empty(tuple(tensor.shape)).normal_(mean, std, generator=generator)._data,
                           out)
    else:
        log_peak = -0.5 * ((max(a, min(mean, b)) - mean) / std) ** 2       # the density's log at its highest point

        def rejected(x):
            log_pdf = (x - x.dtype.type(mean)) / x.dtype.type(std)
            log_pdf = log_pdf ** 2 * x.dtype.type(-0.5) - x.dtype.type(log_peak)
            return xp.log(fresh()) > log_pdf
        out = fresh(a=a, b=b)
        pending = rejected(out)
        while bool(pending.any()):
            candidates = fresh(a=a, b=b)
            out = xp.where(pending, candidates, out)
            pending = xp.where(pending, rejected(candidates), pending)
    tensor._data[...] = out
    tensor._version_counter[0] += 1
    return tensor


def _bad_range(lo, hi):
    raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={lo} > to={hi}")


@no_grad()
def constant_(tensor: Tensor, val):
    return tensor.fill_(val)


def zeros_(tensor):
    return constant_(tensor, 0.0)


def ones_(tensor):
    return constant_(tensor, 1.0)


@no_grad()
def eye_(tensor):
    if tensor.dim() != 2:
        raise ValueError("eye_(): only 2-D tensors are supported")
    xp = backend.xp_for(tensor.device)
    tensor._data[...] = xp.eye(*tensor.shape, dtype=tensor._data.dtype)
    tensor._version_counter[0] += 1
    return tensor


def xavier_uniform_(tensor, gain=1.0, generator=None):
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), generator)


def kaiming_uniform_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """U(-b, b) with b = gain·√(3 / fan): the default of Linear and Conv2d weights (with a = √5)."""
    if _zero_element(tensor):
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    if _zero_element(tensor):
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std, generator)


@no_grad()
def orthogonal_(tensor, gain=1.0, generator=None):
    if tensor.ndim < 2:
        raise ValueError(f"Only tensors with 2 or more dimensions are supported (orthogonal_ got shape "
                         f"{tuple(tensor.shape)})")
    if tensor.numel() == 0:                      # nothing to fill (torch returns it unchanged)
        return tensor
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    from ..factories import _generator
    g = _generator(generator, tensor.device, "orthogonal_")
    flat = tensor.new_empty((rows, cols)).normal_(0, 1, generator=g)._data.astype(np.float64)   # torch's draws
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    tensor._data[...] = backend.to_device((gain * q).reshape(tensor.shape).astype(tensor._data.dtype), tensor.device)
    tensor._version_counter[0] += 1
    return tensor


@no_grad()
def dirac_(tensor, groups=1):
    """The identity of a convolution: a 1 at the kernel's centre linking output channel i to input channel i
    (within each of ``groups`` groups), 0 elsewhere."""
    if tensor.ndim not in (3, 4, 5):
        raise ValueError(f"Only tensors with 3, 4, or 5 dimensions are supported (dirac_ got shape "
                         f"{tuple(tensor.shape)})")
    out, inp = tensor.shape[0], tensor.shape[1]
    if out % groups:
        raise ValueError(f"dim 0 must be divisible by groups (dirac_: {out} and groups={groups})")
    per_group = out // groups
    d = np.arange(min(per_group, inp))
    rows = (np.arange(groups)[:, None] * per_group + d).reshape(-1)
    arr = np.zeros(tuple(tensor.shape), dtype=tensor._data.dtype)
    arr[(rows, np.tile(d, groups)) + tuple(n // 2 for n in tensor.shape[2:])] = 1
    tensor._data[...] = backend.to_device(arr, tensor.device)
    tensor._version_counter[0] += 1
    return tensor


@no_grad()
def sparse_(tensor, sparsity, std=0.01, generator=None):
    """N(0, std²) values with a fraction ``sparsity`` of each column set to 0 (Martens 2010)."""
    if tensor.ndim != 2:
        raise ValueError(f"Only tensors with 2 dimensions are supported (sparse_ got shape {tuple(tensor.shape)})")
    rows, cols = tensor.shape
    normal_(tensor, 0.0, std, generator)
    from ..factories import randperm
    zeros = int(math.ceil(sparsity * rows))
    for col in range(cols):             # torch's draws: one permutation of the rows per column
        tensor._data[backend.to_device(randperm(rows, generator=generator)._data[:zeros], tensor.device), col] = 0
    tensor._version_counter[0] += 1
    return tensor


def _deprecated(fn):
    """torch's pre-0.4 name without the underscore: the same function, with torch's FutureWarning."""
    old = fn.__name__[:-1]

    def alias(*args, **kwargs):
        warnings.warn(f"`nn.init.{old}` is now deprecated in favor of `nn.init.{fn.__name__}`.", FutureWarning,
                      stacklevel=2)
        return fn(*args, **kwargs)
    alias.__name__ = alias.__qualname__ = old
    alias.__doc__ = f"Deprecated: use ``{fn.__name__}``."
    return alias


uniform, normal, constant = _deprecated(uniform_), _deprecated(normal_), _deprecated(constant_)
xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal = (_deprecated(xavier_uniform_), _deprecated(xavier_normal_),
                                                                    _deprecated(kaiming_uniform_),
                                                                    _deprecated(kaiming_normal_))
eye, dirac, orthogonal, sparse = _deprecated(eye_), _deprecated(dirac_), _deprecated(orthogonal_), _deprecated(sparse_)
