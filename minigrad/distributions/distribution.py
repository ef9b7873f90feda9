"""The ``Distribution`` base class (torch's interface) and the helpers every distribution shares:
turning parameters into broadcast tensors, lazily derived parameters (``probs`` from ``logits``), draws
from minigrad's generator, and argument validation (on by default, as in torch)."""
from __future__ import annotations

import numbers

import numpy as np

from .. import backend, dtypes
from ..autograd.grad_mode import enable_grad, no_grad
from ..factories import tensor
from ..tensor import Size, Tensor, _wrap
from . import constraints

__all__ = ["Distribution"]


# ---------------------------------------------------------------- helpers

def _dtype_of(values):
    for v in values:
        if isinstance(v, Tensor) and v.dtype.is_floating_point:
            return v.dtype, v.device
    dev = next((v.device for v in values if isinstance(v, Tensor)), None)
    return dtypes.get_default_dtype(), dev


def as_float(v, like=()):
    """``v`` as a floating tensor: a Python number takes the dtype/device of the first float tensor in
    ``like`` (else the default dtype), as torch's ``broadcast_all`` does; an integer tensor becomes float."""
    if isinstance(v, Tensor):
        return v if v.dtype.is_floating_point else v.to(dtypes.get_default_dtype())
    if not isinstance(v, numbers.Number):
        raise ValueError(f"a distribution parameter must be a Tensor or a Python number, got {type(v).__name__}; "
                         "wrap it with minigrad.tensor(...)")
    dt, dev = _dtype_of(like)
    return tensor(float(v), dtype=dt, device=dev)


def broadcast_all(*values):
    """The parameters as float tensors expanded to one shape (a view: gradients flow to the originals)."""
    ts = [as_float(v, values) for v in values]
    try:
        shape = np.broadcast_shapes(*(tuple(t.shape) for t in ts))
    except ValueError:
        raise RuntimeError("distribution parameters of shapes " + ", ".join(str(tuple(t.shape)) for t in ts)
                           + " do not broadcast to one shape") from None
    return [t.expand(shape) if tuple(t.shape) != shape else t for t in ts]


def shape_of(sample_shape):
    """sample_shape as a tuple; a bare int is refused, as torch.Size(5) is."""
    if isinstance(sample_shape, numbers.Integral):
        raise TypeError(f"'int' object is not iterable (sample_shape must be a tuple or torch.Size: "
                        f"sample(({int(sample_shape)},)))")
    for i, s in enumerate(sample_shape):
        if not isinstance(s, numbers.Integral) and not (
                hasattr(s, "_data") and s._data.size == 1 and s._data.dtype.kind in "iu"):
            raise TypeError(f"torch.Size() takes an iterable of 'int' (item {i} is '{type(s).__name__}') "
                            f"(sample_shape {tuple(sample_shape)!r}: give whole numbers, e.g. (2,))")
    return tuple(int(s) for s in sample_shape)


def draw(like, method, *args, shape):
    """``method`` ("standard_gamma", "poisson", "binomial", "standard_normal", "random") of the generator of
    ``like``'s device, on arrays, as a tensor of ``like``'s dtype (no graph). NumPy's Generator and CuPy's
    RandomState share these method names."""
    dev = like.device
    gen = backend.generator(dev)
    with backend.on(dev):
        out = getattr(gen, method)(*args, size=tuple(shape))
    return _wrap(out.astype(like._data.dtype, copy=False))


def uniform_like(t, shape):
    return _wrap(backend.random_uniform(t.device, tuple(shape), t._data.dtype))


def normal_like(t, shape):
    return _wrap(backend.random_normal(t.device, tuple(shape), t._data.dtype))


def finfo(t):
    return np.finfo(t._data.dtype)


def clamp_probs(p):
    eps = float(finfo(p).eps)
    return p.clamp(eps, 1 - eps)


def probs_to_logits(probs, is_binary=False):
    p = clamp_probs(probs)
    return p.log() - (-p).log1p() if is_binary else p.log()


def logits_to_probs(logits, is_binary=False):
    from ..ops.reduce import softmax
    return logits.sigmoid() if is_binary else softmax(logits, -1)


class lazy_property:
    """A parameter computed on first use from another one and kept on the instance (``probs`` from
    ``logits``): validation skips it while it has not been computed. As torch's, it is computed with grad mode
    on, so a ``probs`` first read inside ``sample()`` (under no_grad) still carries the graph to ``logits``."""

    def __init__(self, fn):
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        with enable_grad():
            value = self.fn(instance)
        instance.__dict__[self.fn.__name__] = value
        return value


# ---------------------------------------------------------------- the base class

class Distribution:
    """What every distribution has: ``batch_shape`` (independent, not identically distributed copies),
    ``event_shape`` (the shape of one draw), ``sample``/``rsample``, ``log_prob`` and, when validation is on,
    checks of the parameters (``arg_constraints``) and of scored values (``support``)."""
    has_rsample = False
    has_enumerate_support = False
    _validate_args = True
    arg_constraints: dict = {}
    support = None

    @staticmethod
    def set_default_validate_args(value):
        """Turn argument validation on or off for every distribution made afterwards (torch: on)."""
        if value not in (True, False):
            raise ValueError(f"set_default_validate_args expects True or False, got {value!r}")
        Distribution._validate_args = value

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape, self._event_shape = Size(tuple(batch_shape)), Size(tuple(event_shape))
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            self._check_parameters()

    def _check_parameters(self):
        for name, constraint in self.arg_constraints.items():
            if constraints.is_dependent(constraint):
                continue
            if name not in self.__dict__ and isinstance(getattr(type(self), name, None), lazy_property):
                continue
            value = getattr(self, name)
            if not bool(constraint.check(value).all()):
                raise ValueError(f"Expected parameter {name} (Tensor of shape {tuple(value.shape)}) of distribution "
                                 f"{self!r} to satisfy the constraint {constraint!r}, but found invalid values:\n"
                                 f"{value.detach()}")

    def _validate_sample(self, value):
        name = type(self).__name__
        if not isinstance(value, Tensor):
            raise ValueError(f"{name}: the value argument to log_prob must be a Tensor, got {type(value).__name__}")
        ev = tuple(self._event_shape)
        if ev and tuple(value.shape[len(value.shape) - len(ev):]) != ev or len(value.shape) < len(ev):
            raise ValueError(f"{name}: the right-most size of value must match event_shape: "
                             f"{tuple(value.shape)} vs {ev}")
        expected = tuple(self._batch_shape) + ev
        for i, j in zip(reversed(tuple(value.shape)), reversed(expected)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(f"{name}: value is not broadcastable with batch_shape+event_shape: "
                                 f"{tuple(value.shape)} vs {expected}")
        support = self.support
        if support is not None and not bool(support.check(value).all()):
            raise ValueError(f"Expected value argument (Tensor of shape {tuple(value.shape)}) to be within the "
                             f"support ({support!r}) of the distribution {self!r}, but found invalid values:\n"
                             f"{value.detach()}")

    def _value(self, value, like):
        """``value`` as a tensor of ``like``'s dtype, validated when validation is on."""
        if self._validate_args:
            self._validate_sample(value)
        if isinstance(value, Tensor):
            return value
        return as_float(value, (like,))

    @property
    def _param(self):
        """The parameter given to a probs-or-logits distribution (the one named by ``self._given``)."""
        return self.__dict__[self._given]

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def event_shape(self):
        return self._event_shape

    def _extended_shape(self, sample_shape=()):
        return Size(shape_of(sample_shape) + tuple(self._batch_shape) + tuple(self._event_shape))

    def sample(self, sample_shape=()):
        """A draw of shape sample_shape + batch_shape + event_shape, without a graph."""
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=()):
        raise NotImplementedError(f"{type(self).__name__} has no reparameterised sampler (rsample); use sample()")

    def sample_n(self, n):
        return self.sample((n,))

    def log_prob(self, value):
        raise NotImplementedError(f"{type(self).__name__}.log_prob is not implemented")

    def cdf(self, value):
        raise NotImplementedError(f"{type(self).__name__}.cdf is not implemented")

    def icdf(self, value):
        raise NotImplementedError(f"{type(self).__name__}.icdf is not implemented")

    def entropy(self):
        raise NotImplementedError(f"{type(self).__name__}.entropy is not implemented")

    def enumerate_support(self, expand=True):
        raise NotImplementedError(f"{type(self).__name__} has no enumerate_support (it is not discrete)")

    def perplexity(self):
        return self.entropy().exp()

    @property
    def mean(self):
        raise NotImplementedError(f"{type(self).__name__}.mean is not implemented")

    @property
    def mode(self):
        raise NotImplementedError(f"{type(self).__name__}.mode is not implemented")

    @property
    def variance(self):
        raise NotImplementedError(f"{type(self).__name__}.variance is not implemented")

    @property
    def stddev(self):
        return self.variance.sqrt()

    # expand: every tensor parameter named in _expand_params (with its number of event dims) is expanded
    _expand_params: dict = {}

    def expand(self, batch_shape, _instance=None):
        """The same distribution with a larger batch_shape (parameters broadcast as views, no copy)."""
        batch_shape = Size(shape_of(batch_shape))
        new = type(self).__new__(type(self)) if _instance is None else _instance
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k not in self._expand_params})
        for name, event_dims in self._expand_params.items():
            if name in self.__dict__:
                v = self.__dict__[name]
                tail = tuple(v.shape[len(v.shape) - event_dims:]) if event_dims else ()
                new.__dict__[name] = v.expand(tuple(batch_shape) + tail)
        new._batch_shape = batch_shape
        return new

    def _expand_wrapped(self, attr, batch_shape):
        """``expand`` of a distribution built around another one (kept in ``attr``): a copy whose inner
        distribution is expanded, with its batch_shape."""
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        inner = getattr(self, attr).expand(batch_shape)
        setattr(new, attr, inner)
        new._batch_shape = inner.batch_shape
        return new

    def __repr__(self):
        parts = []
        for p in self.arg_constraints:
            v = self.__dict__.get(p)
            if isinstance(v, Tensor):
                parts.append(f"{p}: {v if v.numel() == 1 else v.shape}")     # (a 0-d tensor formats as its item)
        return f"{type(self).__name__}({', '.join(parts)})"
