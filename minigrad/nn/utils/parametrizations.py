"""``minigrad.nn.utils.parametrizations``: weight_norm and spectral_norm as parametrizations (torch's
newer form; ``parametrize.py`` does the registering)."""
from __future__ import annotations

from ...autograd.grad_mode import no_grad
from ...ops.linalg import mv
from ..module import Module
from . import parametrize
from .weight_norm import _as_matrix, _unit, _weight_norm, norm_except_dim


class _WeightNorm(Module):
    """(g, v) -> g · v/‖v‖; right_inverse: weight -> (‖weight‖, weight)."""

    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return norm_except_dim(weight, 2, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    """``module.<name>`` = g · v/‖v‖ with g (``parametrizations.<name>.original0``) and v (``original1``)
    learned; ``dim=None``: one norm for the whole tensor."""
    return parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)


class _SpectralNorm(Module):
    """weight -> weight / σ, σ estimated by power iteration on the buffers ``_u`` and ``_v`` (15 steps at
    creation, ``n_power_iterations`` per training forward); a 1-D weight is just normalised."""

    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.ndim
        if not -ndim <= dim < ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of [-{ndim}, {ndim - 1}] but got "
                             f"{dim})")
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.dim, self.eps = dim % ndim, eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            mat = _as_matrix(weight, self.dim)
            h, w = mat.shape
            with no_grad():
                self.register_buffer("_u", _unit(mat.new_empty(h).normal_(0, 1), eps))
                self.register_buffer("_v", _unit(mat.new_empty(w).normal_(0, 1), eps))
            self._power_method(mat, 15)

    def _power_method(self, mat, n):
        with no_grad():
            for _ in range(n):
                self._u.copy_(_unit(mv(mat, self._v), self.eps))
                self._v.copy_(_unit(mv(mat.t(), self._u), self.eps))

    def forward(self, weight):
        if weight.ndim == 1:
            return _unit(weight, self.eps)
        mat = _as_matrix(weight, self.dim)
        if self.training:
            self._power_method(mat, self.n_power_iterations)
        return weight / self._u.clone().dot(mv(mat, self._v.clone()))

    def right_inverse(self, value):
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """``module.<name>`` divided by its spectral norm, as a parametrization (buffers
    ``parametrizations.<name>.0._u`` / ``._v``); ``dim``: the matrix rows (1 for ConvTranspose, else 0)."""
    weight = getattr(module, name, None)
    if weight is None or not hasattr(weight, "ndim"):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if dim is None:
        dim = 1 if type(module).__name__.startswith("ConvTranspose") else 0
    return parametrize.register_parametrization(module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
