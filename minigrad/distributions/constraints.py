"""``minigrad.distributions.constraints``: the sets a parameter or a value must lie in, with torch's names.

``c.check(value)`` returns a bool tensor (one entry per batch element: a constraint with ``event_dim`` k
reduces the k right-most dims) and never records a graph. Distributions use them to validate their
arguments (``arg_constraints``) and the values they score (``support``).
"""
from __future__ import annotations

import numpy as np

from ..autograd.grad_mode import no_grad

__all__ = ["Constraint", "boolean", "cat", "dependent", "dependent_property", "greater_than", "greater_than_eq",
           "half_open_interval", "independent", "integer_interval", "interval", "is_dependent", "less_than",
           "corr_cholesky", "lower_cholesky", "lower_triangular", "multinomial", "nonnegative", "nonnegative_integer",
           "one_hot",
           "positive", "positive_definite", "positive_integer", "positive_semidefinite", "real", "real_vector",
           "simplex", "square", "symmetric", "unit_interval"]


def _fmt(bound):
    """A bound for a repr: a one-element tensor as its number, as torch prints it."""
    if hasattr(bound, "numel") and bound.numel() == 1:
        return bound.item()
    return bound


class Constraint:
    """A region of the reals. ``is_discrete``: integer-valued; ``event_dim``: how many right-most dims make
    one event (a simplex is a property of a whole vector, so its ``event_dim`` is 1)."""
    is_discrete = False
    event_dim = 0

    def check(self, value):
        with no_grad():
            return self._check(value)

    def _check(self, value):
        raise NotImplementedError

    def __repr__(self):
        return type(self).__name__.lstrip("_") + "()"


class _Dependent(Constraint):
    """A placeholder whose set depends on other parameters (Uniform's ``low``): it cannot be checked."""

    def __init__(self, *, is_discrete=False, event_dim=0):
        self.is_discrete, self.event_dim = is_discrete, event_dim

    def __call__(self, *, is_discrete=None, event_dim=None):
        return _Dependent(is_discrete=self.is_discrete if is_discrete is None else is_discrete,
                          event_dim=self.event_dim if event_dim is None else event_dim)

    def _check(self, value):
        raise ValueError("Cannot determine validity of dependent constraint")


def is_dependent(constraint):
    return isinstance(constraint, _Dependent)


class _DependentProperty(property, _Dependent):
    """``@constraints.dependent_property``: a ``support`` computed from the parameters (an interval(low, high))."""

    def __init__(self, fn=None, *, is_discrete=False, event_dim=0):
        property.__init__(self, fn)
        _Dependent.__init__(self, is_discrete=is_discrete, event_dim=event_dim)

    def __call__(self, fn):
        return _DependentProperty(fn, is_discrete=self.is_discrete, event_dim=self.event_dim)


class _Boolean(Constraint):
    is_discrete = True

    def _check(self, value):
        return (value == 0) | (value == 1)


class _OneHot(Constraint):
    is_discrete, event_dim = True, 1

    def _check(self, value):
        is_bool = ((value == 0) | (value == 1)).all(-1)
        return is_bool & (value.sum(-1) == 1)


class _IntegerInterval(Constraint):
    is_discrete = True

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def _check(self, value):
        return (value % 1 == 0) & (self.lower_bound <= value) & (value <= self.upper_bound)

    def __repr__(self):
        return f"IntegerInterval(lower_bound={_fmt(self.lower_bound)}, upper_bound={_fmt(self.upper_bound)})"


class _IntegerGreaterThan(Constraint):
    is_discrete = True

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def _check(self, value):
        return (value % 1 == 0) & (value >= self.lower_bound)

    def __repr__(self):
        return f"IntegerGreaterThan(lower_bound={_fmt(self.lower_bound)})"


class _Real(Constraint):
    def _check(self, value):
        return value == value                                  # False only at NaN


class _GreaterThan(Constraint):
    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def _check(self, value):
        return (value > self.lower_bound) & (value == value)

    def __repr__(self):
        return f"GreaterThan(lower_bound={_fmt(self.lower_bound)})"


class _GreaterThanEq(_GreaterThan):
    def _check(self, value):
        return value >= self.lower_bound

    def __repr__(self):
        return f"GreaterThanEq(lower_bound={_fmt(self.lower_bound)})"


class _LessThan(Constraint):
    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def _check(self, value):
        return value < self.upper_bound

    def __repr__(self):
        return f"LessThan(upper_bound={_fmt(self.upper_bound)})"


class _Interval(Constraint):
    """lower_bound <= x <= upper_bound."""

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def _check(self, value):
        return (self.lower_bound <= value) & (value <= self.upper_bound)

    def __repr__(self):
        return f"Interval(lower_bound={_fmt(self.lower_bound)}, upper_bound={_fmt(self.upper_bound)})"


class _HalfOpenInterval(_Interval):
    """lower_bound <= x < upper_bound."""

    def _check(self, value):
        return (self.lower_bound <= value) & (value < self.upper_bound)

    def __repr__(self):
        return f"HalfOpenInterval(lower_bound={_fmt(self.lower_bound)}, upper_bound={_fmt(self.upper_bound)})"


class _Simplex(Constraint):
    """Nonnegative vectors (last dim) that sum to 1 (within 1e-6)."""
    event_dim = 1

    def _check(self, value):
        return (value >= 0).all(-1) & ((value.sum(-1) - 1).abs() < 1e-6)


class _Multinomial(Constraint):
    is_discrete, event_dim = True, 1

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def _check(self, value):
        return (value >= 0).all(-1) & (value.sum(-1) <= self.upper_bound)


class _LowerTriangular(Constraint):
    event_dim = 2

    def _check(self, value):
        return (value.tril() == value).reshape(tuple(value.shape[:-2]) + (-1,)).min(-1)[0]


class _LowerCholesky(Constraint):
    """Lower-triangular with a positive diagonal."""
    event_dim = 2

    def _check(self, value):
        tril = (value.tril() == value).reshape(tuple(value.shape[:-2]) + (-1,)).min(-1)[0]
        return tril & (value.diagonal(0, -2, -1) > 0).min(-1)[0]


class _CorrCholesky(Constraint):
    """The Cholesky factor of a correlation matrix: lower Cholesky with rows of unit norm (to 10·n·eps)."""
    event_dim = 2

    def _check(self, value):
        tol = float(np.finfo(value._data.dtype).eps) * value.shape[-1] * 10
        row_norm = (value.detach() ** 2).sum(-1).sqrt()
        unit = ((row_norm - 1.0).abs() <= tol).min(-1)[0]
        return _LowerCholesky()._check(value) & unit


class _Square(Constraint):
    event_dim = 2

    def _check(self, value):
        from ..factories import full
        return full(tuple(value.shape[:-2]), value.shape[-1] == value.shape[-2], dtype=_bool())


class _Symmetric(_Square):
    def _check(self, value):
        square = super()._check(value)
        if not bool(square.all()):
            return square
        close = ((value - value.transpose(-2, -1)).abs() <= 1e-6 * (1 + value.abs())).all(-1).all(-1)
        return close


class _PositiveSemidefinite(_Symmetric):
    def _check(self, value):
        sym = super()._check(value)
        if not bool(sym.all()):
            return sym
        return _eigvalsh_min(value) >= 0


class _PositiveDefinite(_Symmetric):
    """Symmetric with a Cholesky factor (all eigenvalues > 0)."""

    def _check(self, value):
        sym = super()._check(value)
        if not bool(sym.all()):
            return sym
        return _eigvalsh_min(value) > 0


def _bool():
    from .. import dtypes
    return dtypes.bool


def _eigvalsh_min(value):
    """The smallest eigenvalue of each symmetric matrix (computed on the array, no graph)."""
    from ..tensor import _wrap
    return _wrap(value.xp.linalg.eigvalsh(value._data).min(-1))


class _Independent(Constraint):
    """``base`` checked elementwise, then all-reduced over ``reinterpreted_batch_ndims`` more dims."""

    def __init__(self, base_constraint, reinterpreted_batch_ndims):
        self.base_constraint, self.reinterpreted_batch_ndims = base_constraint, reinterpreted_batch_ndims

    @property
    def is_discrete(self):
        return self.base_constraint.is_discrete

    @property
    def event_dim(self):
        return self.base_constraint.event_dim + self.reinterpreted_batch_ndims

    def _check(self, value):
        ok = self.base_constraint._check(value)
        for _ in range(self.reinterpreted_batch_ndims):
            ok = ok.all(-1)
        return ok

    def __repr__(self):
        return f"IndependentConstraint({self.base_constraint!r}, {self.reinterpreted_batch_ndims})"


class _Cat(Constraint):
    """Constraints applied to consecutive pieces of ``dim``."""

    def __init__(self, cseq, dim=0, lengths=None):
        self.cseq, self.dim = list(cseq), dim
        self.lengths = list(lengths) if lengths is not None else [1] * len(self.cseq)

    def _check(self, value):
        from ..ops.shape import cat as _cat
        parts, start = [], 0
        for c, n in zip(self.cseq, self.lengths):
            parts.append(c._check(value.narrow(self.dim, start, n)))
            start += n
        return _cat(parts, self.dim)


dependent = _Dependent()
dependent_property = _DependentProperty
independent = _Independent
boolean = _Boolean()
one_hot = _OneHot()
nonnegative_integer = _IntegerGreaterThan(0)
positive_integer = _IntegerGreaterThan(1)
integer_interval = _IntegerInterval
real = _Real()
real_vector = _Independent(real, 1)
positive = _GreaterThan(0.0)
nonnegative = _GreaterThanEq(0.0)
greater_than = _GreaterThan
greater_than_eq = _GreaterThanEq
less_than = _LessThan
multinomial = _Multinomial
unit_interval = _Interval(0.0, 1.0)
interval = _Interval
half_open_interval = _HalfOpenInterval
simplex = _Simplex()
lower_triangular = _LowerTriangular()
lower_cholesky = _LowerCholesky()
corr_cholesky = _CorrCholesky()
square = _Square()
symmetric = _Symmetric()
positive_semidefinite = _PositiveSemidefinite()
positive_definite = _PositiveDefinite()
cat = _Cat
