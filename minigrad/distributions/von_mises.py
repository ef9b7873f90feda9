"""VonMises(loc, concentration κ): the circular normal, density exp(κ cos(x - loc)) / (2π I0(κ)) on angles.
Sampling is Best & Fisher's rejection sampler, in float64 with torch's draws (three uniforms per round for every
element until each has accepted once), so seeded samples are torch's; no reparameterised samples (as torch)."""
from __future__ import annotations

import math

from .. import dtypes
from ..autograd.grad_mode import no_grad
from ..factories import rand, zeros
from ..ops.pointwise import where
from ..ops.special import i0e, i1e
from . import constraints
from .distribution import Distribution, broadcast_all, lazy_property

__all__ = ["VonMises"]


def _log_i0(k):
    """log I0(κ), from the exponentially scaled I0e(κ) = e^-κ I0(κ)."""
    return i0e(k).log() + k


class VonMises(Distribution):
    """``mean`` and ``mode`` are loc; ``variance`` is the circular variance 1 - I1(κ)/I0(κ)."""
    arg_constraints = {"loc": constraints.real, "concentration": constraints.positive}
    support = constraints.real
    has_rsample = False
    _expand_params = {"loc": 0, "concentration": 0}

    def __init__(self, loc, concentration, validate_args=None):
        self.loc, self.concentration = broadcast_all(loc, concentration)
        super().__init__(self.loc.shape, validate_args=validate_args)

    def log_prob(self, value):
        value = self._value(value, self.loc)
        return self.concentration * (value - self.loc).cos() - math.log(2 * math.pi) - _log_i0(self.concentration)

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @lazy_property
    def variance(self):
        return 1 - i1e(self.concentration) / i0e(self.concentration)

    def _proposal_r(self, kappa):
        """r = (1 + ρ²) / (2ρ) of Best & Fisher's wrapped-Cauchy envelope (1/κ + κ for tiny κ)."""
        tau = 1 + (1 + 4 * kappa ** 2).sqrt()
        rho = (tau - (2 * tau).sqrt()) / (2 * kappa)
        return where(kappa < 1e-5, 1 / kappa + kappa, (1 + rho ** 2) / (2 * rho))

    def sample(self, sample_shape=()):
        shape = tuple(self._extended_shape(sample_shape))
        with no_grad():
            loc = self.loc.detach().to(dtypes.float64)
            kappa = self.concentration.detach().to(dtypes.float64)
            r = self._proposal_r(kappa)
            x = zeros(shape, dtype=dtypes.float64, device=self.loc.device)
            done = zeros(shape, dtype=dtypes.bool, device=self.loc.device)
            while not bool(done.all()):
                u1, u2, u3 = rand((3,) + shape, dtype=dtypes.float64, device=self.loc.device).unbind()
                z = (math.pi * u1).cos()
                f = (1 + r * z) / (r + z)
                c = kappa * (r - f)
                accept = ((c * (2 - c) - u2) > 0) | ((c / u2).log() + 1 - c >= 0)
                x = where(accept, (u3 - 0.5).sign() * f.acos(), x)      # (as torch: done ones redrawn too)
                done = done | accept
            return ((x + math.pi + loc) % (2 * math.pi) - math.pi).to(self.loc.dtype)
