"""LKJCholesky(dim, concentration η): the Cholesky factor L of a random dim x dim correlation matrix whose density is
proportional to det(L Lᵀ)^(η - 1) (η = 1: uniform over correlation matrices; larger η: nearer the identity).
Sampling is the onion method, vectorised as torch's: a Beta draw per row for its squared off-diagonal length,
a normal draw for its direction, the diagonal filling each row to unit norm."""
from __future__ import annotations

import math

from ..factories import arange, zeros
from ..ops.algebra import diag_embed
from ..ops.shape import cat
from ..ops.special import lgamma, mvlgamma
from ..autograd.grad_mode import no_grad
from . import constraints
from .beta import Beta
from .distribution import Distribution, broadcast_all, finfo, normal_like

__all__ = ["LKJCholesky"]


class LKJCholesky(Distribution):
    arg_constraints = {"concentration": constraints.positive}
    support = constraints.corr_cholesky

    def __init__(self, dim, concentration=1.0, validate_args=None):
        if dim < 2:
            raise ValueError(f"Expected dim to be an integer greater than or equal to 2. Found dim={dim}.")
        self.dim = dim
        (self.concentration,) = broadcast_all(concentration)
        # row i's squared off-diagonal length: Beta(i/2 ... ) with torch's offsets (0, 0, 1, ..., dim - 2)
        marginal = self.concentration + 0.5 * (dim - 2)
        offset = arange(dim - 1, dtype=self.concentration.dtype, device=self.concentration.device)
        offset = cat([zeros(1, dtype=offset.dtype, device=offset.device), offset])
        self._beta = Beta(offset + 0.5, marginal.unsqueeze(-1) - 0.5 * offset)
        super().__init__(self.concentration.shape, (dim, dim), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        batch_shape = tuple(batch_shape)
        new.concentration = self.concentration.expand(batch_shape)
        new._beta = self._beta.expand(batch_shape + (self.dim,))
        Distribution.__init__(new, batch_shape, (self.dim, self.dim), validate_args=False)
        return new

    def sample(self, sample_shape=()):
        with no_grad():
            y = self._beta.sample(sample_shape).unsqueeze(-1)
            u = normal_like(y, self._extended_shape(sample_shape)).tril(-1)
            u = u / (u ** 2).sum(-1, keepdim=True).sqrt()
            u[..., 0, :] = 0.0                     # (row 0 has no off-diagonal part: 0/0 there)
            w = y.sqrt() * u
            diag = (1 - (w ** 2).sum(-1)).clamp(min=float(finfo(w).tiny)).sqrt()
            return w + diag_embed(diag)

    def log_prob(self, value):
        """Σ_i (2(η - 1) + dim - i) log L_ii over rows i = 2..dim, minus the log normaliser."""
        value = self._value(value, self.concentration)
        diag = value.diagonal(0, -2, -1)[..., 1:]
        order = arange(2, self.dim + 1, device=self.concentration.device)
        order = 2 * (self.concentration - 1).unsqueeze(-1) + self.dim - order
        unnormalised = (order * diag.log()).sum(-1)
        dm1 = self.dim - 1
        alpha = self.concentration + 0.5 * dm1
        normaliser = 0.5 * dm1 * math.log(math.pi) + mvlgamma(alpha - 0.5, dm1) - lgamma(alpha) * dm1
        return unnormalised - normaliser
