"""``minigrad.nn.utils.parametrizations``: weight_norm and spectral_norm as parametrizations (torch's
newer form; ``parametrize.py`` does the registering)."""
from __future__ import annotations

from ...autograd.grad_mode import no_grad
from ...dtypes import finfo
from ...factories import eye, randn, zeros_like
from ...ops.linalg import mv
from ...ops.linalg_decomp import matrix_exp, qr as linalg_qr
from ...ops.linalg_extra import solve as linalg_solve
from ...ops.pointwise import where
from ...ops.shape import cat
from ...tensor import Tensor
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


# ---------------------------------------------------------------------------------------------
# orthogonal: Q = base @ exp(A), A skew-symmetric (or Cayley, or Householder reflectors)
# ---------------------------------------------------------------------------------------------
_ORTHOGONAL_MAPS = ("matrix_exp", "cayley", "householder")


def _householder_product(A, tau):
    """The first k columns of H_1 ··· H_k, H_i = I - tau_i v_i v_iᵀ, v_i = column i of A below the diagonal with
    a 1 on it (LAPACK's orgqr, as torch.linalg.householder_product), differentiable in A and tau."""
    n, k = A.shape[-2], A.shape[-1]
    V = A.tril(-1) + eye(n, k, dtype=A.dtype, device=A.device)
    Q = eye(n, dtype=A.dtype, device=A.device).expand(*A.shape[:-2], n, n)
    for i in range(k):
        v = V[..., :, i:i + 1]
        Q = Q - tau[..., i, None, None] * ((Q @ v) @ v.mT)
    return Q[..., :k]


def _make_orthogonal(A):
    """The Q of A's QR decomposition with R's diagonal made positive (torch's geqrf + householder_product)."""
    Q, R = linalg_qr(A)
    return Q * R.diagonal(dim1=-2, dim2=-1).sign().unsqueeze(-2)


def _geqrf(Q):
    """(reflectors, tau) of Q's QR decomposition, the reflectors packed below the diagonal and R on and above
    it, as torch.geqrf (LAPACK's geqrf, through the backend's ``qr(mode='raw')``)."""
    raw, tau = Q.xp.linalg.qr(Q._data, mode="raw")
    return (Tensor._from_array(Q.xp.ascontiguousarray(raw.swapaxes(-1, -2))),
            Tensor._from_array(tau.astype(raw.dtype)))


def _is_orthogonal(Q):
    n, k = Q.size(-2), Q.size(-1)
    eye_k = eye(k, dtype=Q.dtype, device=Q.device)
    eps = 10 * n * finfo(Q.dtype).eps
    return bool(((Q.mT @ Q) - eye_k).norm() < eps)


class _Orthogonal(Module):
    """X -> an orthogonal matrix (orthonormal columns, or rows when wide). matrix_exp/cayley: of the skew-
    symmetric A = tril(X) - tril(X)ᵀ; householder: of the reflectors below X's diagonal. With the trivialization,
    the result is multiplied by the buffer ``base`` (the starting weight made orthogonal), and the parameter
    itself starts at -I (so that the map gives the identity)."""

    def __init__(self, weight, orthogonal_map, *, use_trivialization=True):
        super().__init__()
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X):
        n, k = X.size(-2), X.size(-1)
        transposed = n < k
        if transposed:
            X = X.mT
            n, k = k, n
        if self.orthogonal_map in ("matrix_exp", "cayley"):
            X = X.tril()
            if n != k:
                X = cat([X, X.new_zeros(n, n - k).expand(*X.shape[:-2], -1, -1)], dim=-1)
            A = X - X.mT
            if self.orthogonal_map == "matrix_exp":
                Q = matrix_exp(A)
            else:
                eye_n = eye(n, dtype=A.dtype, device=A.device)
                Q = linalg_solve(eye_n - 0.5 * A, eye_n + 0.5 * A)
            if n != k:
                Q = Q[..., :k]
        else:
            A = X.tril(diagonal=-1)
            tau = 2.0 / (1.0 + (A * A).sum(dim=-2))
            Q = _householder_product(A, tau)
            Q = Q * X.diagonal(dim1=-2, dim2=-1).int().unsqueeze(-2)
        if "base" in self._buffers:
            Q = self.base @ Q
        return Q.mT if transposed else Q

    def right_inverse(self, Q):
        with no_grad():
            if Q.shape != self.shape:
                raise ValueError(f"Expected a matrix or batch of matrices of shape {self.shape}. Got a tensor of "
                                 f"shape {Q.shape}.")
            Q_init = Q
            n, k = Q.size(-2), Q.size(-1)
            if n < k:
                Q = Q.mT
                n, k = k, n
            if "base" not in self._buffers:
                if self.orthogonal_map in ("matrix_exp", "cayley"):
                    raise NotImplementedError("It is not possible to assign to the matrix exponential or the Cayley "
                                              "parametrizations when use_trivialization=False.")
                A, tau = _geqrf(Q)
                diag = A.diagonal(dim1=-2, dim2=-1)
                diag.copy_(diag.sign() * where(tau == 0.0, -1.0, 1.0))
                return A.mT if Q_init.size(-2) < Q_init.size(-1) else A
            if n == k:
                Q = Q.clone() if _is_orthogonal(Q) else _make_orthogonal(Q)
            else:                 # complete the columns with random ones, as torch (its values differ from torch's)
                Q = _make_orthogonal(cat([Q, randn(*Q.shape[:-2], n, n - k, dtype=Q.dtype, device=Q.device)], -1))
            self.base = Q
            neg_id = zeros_like(Q_init)
            neg_id.diagonal(dim1=-2, dim2=-1).fill_(-1.0)
            return neg_id


def orthogonal(module, name="weight", orthogonal_map=None, *, use_trivialization=True):
    """``module.<name>`` kept orthogonal (orthonormal columns when tall, rows when wide) during training:
    ``orthogonal_map`` "matrix_exp" (the default for square matrices), "cayley" or "householder" (the default
    otherwise). The starting value is the weight itself when orthogonal, else the Q of its QR decomposition."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if weight.ndim < 2:
        raise ValueError(f"Expected a matrix or batch of matrices. Got a tensor of {weight.ndim} dimensions.")
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.size(-2) == weight.size(-1) else "householder"
    if orthogonal_map not in _ORTHOGONAL_MAPS:
        raise ValueError('orthogonal_map has to be one of "matrix_exp", "cayley", "householder". '
                         f"Got: {orthogonal_map}")
    orth = _Orthogonal(weight, orthogonal_map, use_trivialization=use_trivialization)
    parametrize.register_parametrization(module, name, orth, unsafe=True)
    return module
