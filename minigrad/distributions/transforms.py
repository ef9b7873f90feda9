"""``minigrad.distributions.transforms``: invertible maps y = f(x) with log|det ∂y/∂x|, for
TransformedDistribution (torch's names: ExpTransform, AffineTransform, SigmoidTransform, TanhTransform,
PowerTransform, ComposeTransform, and ``t.inv`` for the inverse). All act elementwise (``event_dim`` 0)
unless AffineTransform is given an ``event_dim``; ``sign`` is +1 or -1 for monotone maps."""
from __future__ import annotations

import math
import numbers

from . import constraints
from ..factories import zeros_like
from ..tensor import Size, Tensor
from .distribution import finfo

__all__ = ["Transform", "ComposeTransform", "ExpTransform", "AffineTransform", "SigmoidTransform",
           "TanhTransform", "PowerTransform", "identity_transform", "IndependentTransform", "SoftmaxTransform",
           "StickBreakingTransform", "LowerCholeskyTransform", "SoftplusTransform", "AbsTransform",
           "CorrCholeskyTransform", "ReshapeTransform", "PositiveDefiniteTransform", "CumulativeDistributionTransform"]


def _softplus(x):
    from ..nn.functional import softplus   # minigrad.nn loads on first use
    return softplus(x)


def _pad_last(x, before, after, value):
    from ..nn.functional import pad
    return pad(x, (before, after), value=value)


def _clipped_sigmoid(x):
    fi = finfo(x)
    return x.sigmoid().clamp(float(fi.tiny), 1 - float(fi.eps))


def _sum_rightmost(x, n):
    return x.reshape(tuple(x.shape[:x.ndim - n]) + (-1,)).sum(-1) if n > 0 else x


class Transform:
    """y = self(x), x = self.inv(y), and ``log_abs_det_jacobian(x, y)`` (elementwise for event_dim 0).

    ``cache_size=1`` remembers the last pair (x, y): calling on the same x object gives the same y, and the
    inverse of that y object gives x back (as torch: e.g. a tanh-squashed sample's log_prob then uses the
    x it came from instead of atanh(y), which is inf at ±1)."""
    domain = constraints.real
    codomain = constraints.real
    bijective = True
    sign = 1
    _cache_size = 0
    _compared = None            # torch's ==: None, only itself; else the attributes that must agree (() for none)

    def __init__(self, cache_size=0):
        if cache_size not in (0, 1):
            raise ValueError(f"cache_size must be 0 or 1 ({type(self).__name__}: got {cache_size!r})")
        self._cache_size = cache_size
        self._cached_x_y = (None, None)

    def with_cache(self, cache_size=1):
        """This transform with the given cache size (itself when it already has it)."""
        if self._cache_size == cache_size:
            return self
        if type(self).__init__ is Transform.__init__:
            return type(self)(cache_size=cache_size)
        raise NotImplementedError(f"{type(self).__name__}.with_cache is not implemented")

    @property
    def event_dim(self):
        return self.domain.event_dim

    @property
    def inv(self):
        return _InverseTransform(self)

    def __call__(self, x):
        return self._call(x) if not self._cache_size else self._through_cache(x, 0)

    def _inv_call(self, y):
        return self._inverse(y) if not self._cache_size else self._through_cache(y, 1)

    def _through_cache(self, value, side):
        """The other side of the pair (x, y) for ``value`` on ``side`` (0: x, 1: y), from the cache when
        ``value`` is the object seen last."""
        pair = self._cached_x_y
        if value is pair[side]:
            return pair[1 - side]
        other = self._inverse(value) if side else self._call(value)
        self._cached_x_y = (other, value) if side else (value, other)
        return other

    def _call(self, x):
        raise NotImplementedError(f"{type(self).__name__}: the forward map is not implemented")

    def _inverse(self, y):
        raise NotImplementedError(f"{type(self).__name__}: the inverse map is not implemented")

    def log_abs_det_jacobian(self, x, y):
        raise NotImplementedError(f"{type(self).__name__}.log_abs_det_jacobian is not implemented")

    def forward_shape(self, shape):
        return shape

    def inverse_shape(self, shape):
        return shape

    def __repr__(self):
        return type(self).__name__ + "()"

    def __eq__(self, other):            # (as torch's: transforms are then unhashable)
        if self is other:
            return True
        return self._compared is not None and isinstance(other, type(self)) and \
            all(_same(getattr(self, k), getattr(other, k)) for k in self._compared)

    def __ne__(self, other):
        return not self == other


def _same(a, b):
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        return bool((a == b).all())
    return a == b


class _InverseTransform(Transform):
    _compared = ("_inv",)

    def __init__(self, transform):
        super().__init__(cache_size=transform._cache_size)
        self._inv = transform

    domain = property(lambda self: self._inv.codomain)
    codomain = property(lambda self: self._inv.domain)
    sign = property(lambda self: self._inv.sign)

    @property
    def inv(self):
        return self._inv

    def __call__(self, y):
        return self._inv._inv_call(y)

    def with_cache(self, cache_size=1):
        return self._inv.with_cache(cache_size).inv

    def log_abs_det_jacobian(self, x, y):
        return -self._inv.log_abs_det_jacobian(y, x)

    def __repr__(self):
        return f"_InverseTransform({self._inv!r})"


class ComposeTransform(Transform):
    """parts[-1](... parts[0](x)); the log-determinants add (summed over event dims where they differ)."""
    _compared = ("parts",)

    def __init__(self, parts, cache_size=0):
        if cache_size:
            parts = [p.with_cache(cache_size) for p in parts]
        super().__init__(cache_size=cache_size)
        self.parts = list(parts)

    def with_cache(self, cache_size=1):
        return self if self._cache_size == cache_size else ComposeTransform(self.parts, cache_size=cache_size)

    @property
    def domain(self):
        return self.parts[0].domain if self.parts else constraints.real

    @property
    def codomain(self):
        return self.parts[-1].codomain if self.parts else constraints.real

    @property
    def sign(self):
        s = 1
        for p in self.parts:
            s *= p.sign
        return s

    @property
    def event_dim(self):
        return max([p.event_dim for p in self.parts], default=0)

    @property
    def inv(self):
        return ComposeTransform([p.inv for p in reversed(self.parts)])

    def _call(self, x):
        for p in self.parts:
            x = p(x)
        return x

    def log_abs_det_jacobian(self, x, y):
        if not self.parts:                          # the identity: zeros like x, as torch
            return zeros_like(x)
        total, ev = 0.0, self.event_dim
        for p in self.parts:
            xn = p(x)
            total = total + _sum_rightmost(p.log_abs_det_jacobian(x, xn), ev - p.event_dim)
            x = xn
        return total

    def __repr__(self):                 # (torch's layout: one part a line)
        return "ComposeTransform(\n    " + ",\n    ".join(repr(p) for p in self.parts) + "\n)"


identity_transform = ComposeTransform([])


class ExpTransform(Transform):
    """y = eˣ; log|dy/dx| = x."""
    _compared = ()
    codomain = constraints.positive

    def _call(self, x):
        return x.exp()

    def _inverse(self, y):
        return y.log()

    def log_abs_det_jacobian(self, x, y):
        return x


class SoftplusTransform(Transform):
    """y = log(1 + eˣ); x = y + log(1 - e⁻ʸ); log|dy/dx| = -softplus(-x)."""
    _compared = ()
    codomain = constraints.positive

    def _call(self, x):
        return _softplus(x)

    def _inverse(self, y):
        return (-y).expm1().neg().log() + y

    def log_abs_det_jacobian(self, x, y):
        return -_softplus(-x)


class AbsTransform(Transform):
    """y = |x| (not bijective: the inverse gives the positive root)."""
    _compared = ()
    codomain = constraints.positive
    bijective = False

    def _call(self, x):
        return x.abs()

    def _inverse(self, y):
        return y


class PowerTransform(Transform):
    """y = x^exponent on x > 0; log|dy/dx| = log|exponent · y / x|."""
    _compared = ("exponent",)
    domain = constraints.positive
    codomain = constraints.positive

    def __init__(self, exponent, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.exponent = exponent

    def with_cache(self, cache_size=1):
        return self if self._cache_size == cache_size else PowerTransform(self.exponent, cache_size=cache_size)

    @property
    def sign(self):
        return 1 if float(self.exponent) > 0 else -1

    def _call(self, x):
        return x ** self.exponent

    def _inverse(self, y):
        return y ** (1 / self.exponent)

    def log_abs_det_jacobian(self, x, y):
        return (self.exponent * y / x).abs().log()


class SigmoidTransform(Transform):
    """y = σ(x); x = logit(y) with y clamped into (tiny, 1 - eps); log|dy/dx| = -softplus(-x) - softplus(x)."""
    _compared = ()
    codomain = constraints.unit_interval

    def _call(self, x):
        return _clipped_sigmoid(x)

    def _inverse(self, y):
        fi = finfo(y)
        y = y.clamp(float(fi.tiny), 1 - float(fi.eps))
        return y.log() - (-y).log1p()

    def log_abs_det_jacobian(self, x, y):
        return -_softplus(-x) - _softplus(x)


class TanhTransform(Transform):
    """y = tanh(x); x = atanh(y) (not clamped, as torch); log|dy/dx| = 2(log 2 - x - softplus(-2x))."""
    _compared = ()
    codomain = constraints.interval(-1.0, 1.0)

    def _call(self, x):
        return x.tanh()

    def _inverse(self, y):
        return y.atanh()

    def log_abs_det_jacobian(self, x, y):
        return 2.0 * (math.log(2.0) - x - _softplus(-2.0 * x))


class AffineTransform(Transform):
    """y = loc + scale·x; log|dy/dx| = log|scale|, summed over the ``event_dim`` right-most dims."""
    _compared = ("loc", "scale")

    def __init__(self, loc, scale, event_dim=0, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.loc, self.scale, self._event_dim = loc, scale, event_dim

    def with_cache(self, cache_size=1):
        return self if self._cache_size == cache_size else AffineTransform(self.loc, self.scale, self._event_dim,
                                                                           cache_size=cache_size)

    @property
    def event_dim(self):
        return self._event_dim

    @property
    def domain(self):
        return constraints.real if self._event_dim == 0 else constraints.independent(constraints.real,
                                                                                     self._event_dim)
    codomain = domain

    @property
    def sign(self):
        if isinstance(self.scale, numbers.Real):
            return 1 if float(self.scale) > 0 else -1
        return self.scale.sign()

    def _call(self, x):
        return self.loc + self.scale * x

    def _inverse(self, y):
        return (y - self.loc) / self.scale

    def log_abs_det_jacobian(self, x, y):
        if isinstance(self.scale, numbers.Real):
            out = x.detach() * 0 + math.log(abs(self.scale))
        else:
            out = self.scale.abs().log().expand(tuple(x.shape)) if tuple(self.scale.shape) != tuple(x.shape) \
                else self.scale.abs().log()
        return _sum_rightmost(out, self._event_dim)


class IndependentTransform(Transform):
    """``base_transform`` with ``reinterpreted_batch_ndims`` more right-most dims treated as one event: its
    log-determinant is summed over them."""

    def __init__(self, base_transform, reinterpreted_batch_ndims, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.base_transform = base_transform.with_cache(cache_size) if cache_size else base_transform
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims

    def with_cache(self, cache_size=1):
        return self if self._cache_size == cache_size else IndependentTransform(
            self.base_transform, self.reinterpreted_batch_ndims, cache_size=cache_size)

    domain = property(lambda self: constraints.independent(self.base_transform.domain,
                                                           self.reinterpreted_batch_ndims))
    codomain = property(lambda self: constraints.independent(self.base_transform.codomain,
                                                             self.reinterpreted_batch_ndims))
    bijective = property(lambda self: self.base_transform.bijective)
    sign = property(lambda self: self.base_transform.sign)

    def _call(self, x):
        return self.base_transform(x)

    def _inverse(self, y):
        return self.base_transform.inv(y)

    def log_abs_det_jacobian(self, x, y):
        return _sum_rightmost(self.base_transform.log_abs_det_jacobian(x, y), self.reinterpreted_batch_ndims)

    def __repr__(self):
        return f"IndependentTransform({self.base_transform!r}, {self.reinterpreted_batch_ndims})"


class SoftmaxTransform(Transform):
    """y = softmax(x) over the last dim (not bijective: x = log y is one of its preimages)."""
    _compared = ()
    domain = constraints.real_vector
    codomain = constraints.simplex
    bijective = False

    def _call(self, x):
        probs = (x - x.max(-1, True)[0]).exp()
        return probs / probs.sum(-1, True)

    def _inverse(self, y):
        return y.log()


class StickBreakingTransform(Transform):
    """R^K -> the (K+1)-simplex: each coordinate takes a sigmoid share of the stick left (offset so that
    x = 0 maps to the uniform vector); log|det| = Σ (-x' + logsigmoid(x') + log y_i), x' = x - log offset."""
    _compared = ()
    domain = constraints.real_vector
    codomain = constraints.simplex

    @staticmethod
    def _offset(n, like):
        from ..factories import arange
        return (n - arange(n, dtype=like.dtype, device=like.device)).log()

    def _call(self, x):
        z = _clipped_sigmoid(x - self._offset(x.shape[-1], x))
        return _pad_last(z, 0, 1, 1.0) * _pad_last((1 - z).cumprod(-1), 1, 0, 1.0)

    def _inverse(self, y):
        crop = y[..., :-1]
        left = (1 - crop.cumsum(-1)).clamp(min=float(finfo(y).tiny))
        return crop.log() - left.log() + self._offset(crop.shape[-1], y)

    def log_abs_det_jacobian(self, x, y):
        from ..nn.functional import logsigmoid
        x = x - self._offset(x.shape[-1], x)
        return (-x + logsigmoid(x) + y[..., :-1].log()).sum(-1)

    def forward_shape(self, shape):
        return tuple(shape[:-1]) + (shape[-1] + 1,)

    def inverse_shape(self, shape):
        return tuple(shape[:-1]) + (shape[-1] - 1,)


class LowerCholeskyTransform(Transform):
    """A square matrix -> a lower-triangular one with a positive diagonal (strict lower part kept, the
    diagonal exponentiated)."""
    _compared = ()
    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.lower_cholesky

    def _call(self, x):
        return x.tril(-1) + x.diagonal(dim1=-2, dim2=-1).exp().diag_embed()

    def _inverse(self, y):
        return y.tril(-1) + y.diagonal(dim1=-2, dim2=-1).log().diag_embed()


def _tril_mask(n, diag, device):
    """(n, n) bool: the positions at or below diagonal ``diag`` (-1: strictly below)."""
    from ..factories import arange
    r = arange(n, device=device)
    return r < r.view(-1, 1) + (diag + 1)


def _vec_to_strict_tril(vec):
    """The (..., D, D) matrix with ``vec``'s D(D-1)/2 values in its strict lower triangle, row by row."""
    n = vec.shape[-1]
    D = round((0.25 + 2 * n) ** 0.5 + 0.5)
    if D * (D - 1) // 2 != n:
        raise ValueError(f"The size of last dimension is {n} which cannot be expressed as the lower triangular part "
                         "of a square D x D matrix.")
    mat = vec.new_zeros(tuple(vec.shape[:-1]) + (D, D))
    mat[..., _tril_mask(D, -1, vec.device)] = vec
    return mat


def _tril_to_vec(mat, diag):
    return mat[..., _tril_mask(mat.shape[-1], diag, mat.device)]


class CorrCholeskyTransform(Transform):
    """R^(D(D-1)/2) -> the Cholesky factor of a D x D correlation matrix: tanh squashes each value into (-1, 1), they
    fill the strict lower triangle row by row, and stick-breaking on the squares scales each row to unit norm (the
    diagonal takes the rest). log|det| is of x and the flattened strict lower part of y."""
    _compared = ()
    domain = constraints.real_vector
    codomain = constraints.corr_cholesky
    bijective = True

    def _call(self, x):
        from ..factories import eye
        eps = float(finfo(x).eps)
        r = _vec_to_strict_tril(x.tanh().clamp(-1 + eps, 1 - eps))
        z1m_cumprod_sqrt = (1 - r ** 2).sqrt().cumprod(-1)
        r = r + eye(r.shape[-1], dtype=r.dtype, device=r.device)
        return r * _pad_last(z1m_cumprod_sqrt[..., :-1], 1, 0, 1.0)

    def _inverse(self, y):
        y_cumsum = 1 - (y * y).cumsum(-1)
        shifted = _pad_last(y_cumsum[..., :-1], 1, 0, 1.0)
        t = _tril_to_vec(y, -1) / _tril_to_vec(shifted, -1).sqrt()
        return (t.log1p() - (-t).log1p()) / 2

    def log_abs_det_jacobian(self, x, y):
        y1m_cumsum = 1 - (y * y).cumsum(-1)
        stick = 0.5 * _tril_to_vec(y1m_cumsum, -2).log().sum(-1)
        tanh = -2 * (x + _softplus(-2 * x) - math.log(2.0)).sum(-1)
        return stick + tanh

    def forward_shape(self, shape):
        if len(shape) < 1:
            raise ValueError("Too few dimensions on input")
        n = shape[-1]
        D = round((0.25 + 2 * n) ** 0.5 + 0.5)
        if D * (D - 1) // 2 != n:
            raise ValueError("Input is not a flattend lower-diagonal number")
        return tuple(shape[:-1]) + (D, D)

    def inverse_shape(self, shape):
        if len(shape) < 2:
            raise ValueError("Too few dimensions on input")
        if shape[-2] != shape[-1]:
            raise ValueError("Input is not square")
        D = shape[-1]
        return tuple(shape[:-2]) + (D * (D - 1) // 2,)


class ReshapeTransform(Transform):
    """Reshape the rightmost ``in_shape`` part of a tensor to ``out_shape`` (as many elements); log|det| 0."""

    def __init__(self, in_shape, out_shape, cache_size=0):
        self.in_shape, self.out_shape = tuple(in_shape), tuple(out_shape)
        if math.prod(self.in_shape) != math.prod(self.out_shape):
            raise ValueError("in_shape, out_shape have different numbers of elements")
        super().__init__(cache_size=cache_size)

    @property
    def domain(self):
        return constraints.independent(constraints.real, len(self.in_shape))

    @property
    def codomain(self):
        return constraints.independent(constraints.real, len(self.out_shape))

    def with_cache(self, cache_size=1):
        return self if self._cache_size == cache_size else ReshapeTransform(self.in_shape, self.out_shape, cache_size)

    def _call(self, x):
        return x.reshape(tuple(x.shape[:x.ndim - len(self.in_shape)]) + self.out_shape)

    def _inverse(self, y):
        return y.reshape(tuple(y.shape[:y.ndim - len(self.out_shape)]) + self.in_shape)

    def log_abs_det_jacobian(self, x, y):
        return x.new_zeros(tuple(x.shape[:x.ndim - len(self.in_shape)]))

    def forward_shape(self, shape):
        if len(shape) < len(self.in_shape):
            raise ValueError("Too few dimensions on input")
        cut = len(shape) - len(self.in_shape)
        if tuple(shape[cut:]) != self.in_shape:
            raise ValueError(f"Shape mismatch: expected {tuple(shape[cut:])} but got {self.in_shape}")
        return Size(tuple(shape[:cut]) + self.out_shape)

    def inverse_shape(self, shape):
        if len(shape) < len(self.out_shape):
            raise ValueError("Too few dimensions on input")
        cut = len(shape) - len(self.out_shape)
        if tuple(shape[cut:]) != self.out_shape:
            raise ValueError(f"Shape mismatch: expected {tuple(shape[cut:])} but got {self.out_shape}")
        return Size(tuple(shape[:cut]) + self.in_shape)


class PositiveDefiniteTransform(Transform):
    """A square matrix -> a positive-definite one: L Lᵀ with L = LowerCholeskyTransform of it."""
    _compared = ()
    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.positive_definite

    def _call(self, x):
        L = LowerCholeskyTransform()(x)
        return L @ L.mT

    def _inverse(self, y):
        from ..linalg import cholesky
        return LowerCholeskyTransform().inv(cholesky(y))


class CumulativeDistributionTransform(Transform):
    """x -> distribution.cdf(x) (onto the unit interval; a Gaussian copula from a multivariate normal);
    the inverse is its icdf and log|det| its log_prob."""
    codomain = constraints.unit_interval

    def __init__(self, distribution, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.distribution = distribution

    @property
    def domain(self):
        return self.distribution.support

    def with_cache(self, cache_size=1):
        return self if self._cache_size == cache_size else CumulativeDistributionTransform(self.distribution,
                                                                                            cache_size)

    def _call(self, x):
        return self.distribution.cdf(x)

    def _inverse(self, y):
        return self.distribution.icdf(y)

    def log_abs_det_jacobian(self, x, y):
        return self.distribution.log_prob(x)
