"""Matrix decompositions and the functions built on them, with gradients: svd, eigh, qr, solve_triangular,
cholesky_solve, matrix_exp; lstsq, cholesky_ex and the legacy torch.svd are compositions of these.
Every backward is written with minigrad ops (matmul, solve_triangular, matrix_exp itself), so second
derivatives work. Batches of matrices (..., m, n) go through the array library's batched linalg.

Notation in the docstrings: g (or gX) is the gradient arriving for an output X, skew(X) = X − Xᵀ,
and a formula assumes what makes the decomposition differentiable (distinct singular values or eigenvalues,
full rank): where that fails, so does the gradient, with inf or NaN -- as torch's."""
from __future__ import annotations


import warnings

import numpy as np

from ..autograd.function import Op, named
from ..tensor import _wrap
from ._helpers import return_type, tensor_arg
from .linalg_extra import LinAlgError, _square, cholesky, no_half
from .pointwise import ctx_xp, where
from .shape import cat

svd_result = return_type("linalg_svd", ["U", "S", "Vh"])
svd_legacy_result = return_type("svd", ["U", "S", "V"])
eigh_result = return_type("linalg_eigh", ["eigenvalues", "eigenvectors"])
qr_result = return_type("linalg_qr", ["Q", "R"])
lstsq_result = return_type("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])
cholesky_ex_result = return_type("linalg_cholesky_ex", ["L", "info"])


def _matrices(A, op):
    """``A`` when it is a floating (batch of) matrix (..., m, n); else torch's error."""
    A = tensor_arg(A, f"linalg.{op}")
    if A.ndim < 2:
        raise RuntimeError(f"linalg.{op}: The input tensor A must have at least 2 dimensions (got shape "
                           f"{tuple(A.shape)}); a vector v is a matrix as v.unsqueeze(0) or v.unsqueeze(-1)")
    if not A.dtype.is_floating_point:
        raise NotImplementedError(f"linalg.{op}: Expected a floating point or complex tensor as input. Got "
                                  f"{A.dtype} (convert with .double() or .float())")
    no_half(A, op)
    return A


def _eye(n, like):
    """The n×n identity as a constant tensor of ``like``'s dtype and device."""
    return _wrap(like.xp.eye(n, dtype=like._data.dtype))


def _diag(v):
    """The (batch of) diagonal matrices with ``v`` (..., k) on the diagonal."""
    return v.unsqueeze(-1) * _eye(v.shape[-1], v)


def _off_diagonal_denominator(w):
    """E_ij = w_j − w_i, with 1 on the diagonal (the diagonal of what E divides is 0 there)."""
    return w.unsqueeze(-2) - w.unsqueeze(-1) + _eye(w.shape[-1], w)


def _batch_expand(op, A, B):
    """A (..., n, n) and B (..., n, k) with their batch dims broadcast to one shape."""
    try:
        batch = np.broadcast_shapes(tuple(A.shape[:-2]), tuple(B.shape[:-2]))
    except ValueError:
        raise RuntimeError(f"linalg.{op}: the batch dims of A {tuple(A.shape)} and B {tuple(B.shape)} do not "
                           "broadcast") from None
    return A.expand(batch + tuple(A.shape[-2:])), B.expand(batch + tuple(B.shape[-2:]))


# ---------------------------------------------------------------------------------------------
# singular value decomposition
# ---------------------------------------------------------------------------------------------
class Svd(Op):
    """A = U diag(S) Vh, k = min(m, n).   With E_ij = S_j² − S_i² (1 on the diagonal) and
    core = (skew(UᵀgU) S + S skew(Vh gVhᵀ)) / E + diag(gS):
    d/dA = U core Vh + (I − UUᵀ) gU S⁻¹ Vh + U S⁻¹ gVh (I − VhᵀVh)   (distinct nonzero S; with full_matrices
    only the first k columns of U and rows of Vh count, as torch). gS alone: d/dA = U diag(gS) Vh."""

    @staticmethod
    def forward(ctx, A, full_matrices):
        U, S, Vh = ctx_xp(A).linalg.svd(A, full_matrices=full_matrices)
        k = S.shape[-1]
        ctx.full = full_matrices
        ctx.set_materialize_grads(False)          # gS alone must not meet 0/E when singular values repeat
        ctx.save_for_backward(U[..., :k] if full_matrices else U, S, Vh[..., :k, :] if full_matrices else Vh)
        return U, S, Vh

    @staticmethod
    def backward(ctx, gU, gS, gVh):
        U, S, Vh = ctx.saved_tensors
        k = S.shape[-1]
        if ctx.full:
            gU = None if gU is None else gU[..., :k]
            gVh = None if gVh is None else gVh[..., :k, :]
        if gU is None and gVh is None:
            return (U * gS.unsqueeze(-2)) @ Vh, None
        Sr, Sc = S.unsqueeze(-2), S.unsqueeze(-1)           # S as a row and as a column
        core = 0.0
        if gU is not None:
            UtgU = U.mT @ gU
            core = core + (UtgU - UtgU.mT) * Sr
        if gVh is not None:
            VhgV = Vh @ gVh.mT
            core = core + Sc * (VhgV - VhgV.mT)
        core = core / _off_diagonal_denominator(S * S)
        if gS is not None:
            core = core + _diag(gS)
        gA = U @ core @ Vh
        if gU is not None and U.shape[-2] > k:              # tall A: the part of gU outside U's columns
            gUS = gU / Sr
            gA = gA + (gUS - U @ (U.mT @ gUS)) @ Vh
        if gVh is not None and Vh.shape[-1] > k:            # wide A: the part of gVh outside Vh's rows
            SgVh = gVh / Sc
            gA = gA + U @ (SgVh - (SgVh @ Vh.mT) @ Vh)
        return gA, None


def svd_linalg(A, full_matrices=True, *, driver=None):
    """torch.linalg.svd: (U, S, Vh) with A = U diag(S) Vh, S descending. Gradients need distinct singular
    values; with ``full_matrices=True`` the extra columns of U / rows of Vh get none (as torch)."""
    A = _matrices(A, "svd")
    if driver is not None:
        raise RuntimeError("linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with cuSOLVER "
                           "backend (leave it unset)")
    return svd_result(*Svd.apply(A, bool(full_matrices)))


def svdvals(A, *, driver=None):
    """The singular values of A, descending. d/dA = U diag(g) Vh."""
    return svd_linalg(_matrices(A, "svdvals"), full_matrices=False, driver=driver).S


def svd(input, some=True, compute_uv=True):
    """torch.svd (legacy): (U, S, V) -- V, not Vh -- reduced when ``some``; without ``compute_uv``, U and V
    are zero matrices of full size, as torch's."""
    A = _matrices(input, "svd")
    U, S, Vh = svd_linalg(A, full_matrices=not some or not compute_uv)
    if not compute_uv:
        return svd_legacy_result(U.detach() * 0.0, S, Vh.mT.detach() * 0.0)
    return svd_legacy_result(U, S, Vh.mT)


# ---------------------------------------------------------------------------------------------
# symmetric eigendecomposition
# ---------------------------------------------------------------------------------------------
class Eigh(Op):
    """A = V diag(L) Vᵀ, A symmetric (only its UPLO triangle is read), L ascending.
    With E_ij = L_j − L_i (1 on the diagonal):  d/dA = V (skew(Vᵀ gV) / 2 / E + diag(gL)) Vᵀ
    (distinct eigenvalues where gV is used); gL alone: d/dA = V diag(gL) Vᵀ."""
    torch_name = "LinalgEighBackward0"

    @staticmethod
    def forward(ctx, A, uplo):
        L, V = ctx_xp(A).linalg.eigh(A, UPLO=uplo)
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(L, V)
        return L, V

    @staticmethod
    def backward(ctx, gL, gV):
        L, V = ctx.saved_tensors
        if gV is None:
            return (V * gL.unsqueeze(-2)) @ V.mT, None
        VtgV = V.mT @ gV
        core = (VtgV - VtgV.mT) * 0.5 / _off_diagonal_denominator(L)
        if gL is not None:
            core = core + _diag(gL)
        return V @ core @ V.mT, None


class Eigvals(Op):
    """L = the eigenvalues of a general square real A (LAPACK's geev), complex: returned as their (..., n, 2) real
    and imaginary parts. With A = V diag(L) V⁻¹ and gL = g_re + i·g_im:  d/dA = Re(V⁻ᴴ diag(gL) Vᴴ).
    The backward is computed on arrays (complex ones), so it is not itself differentiable."""
    torch_name = "LinalgEigBackward0"

    @staticmethod
    def forward(ctx, A):
        L, V = np.linalg.eig(A)
        ctx.V = V
        return np.stack([L.real, L.imag], -1).astype(A.dtype)

    @staticmethod
    def backward(ctx, g):
        from ..autograd.grad_mode import is_grad_enabled
        if is_grad_enabled():
            raise NotImplementedError("linalg.eigvals: a second derivative (create_graph=True) is not implemented "
                                      "in minigrad; for a symmetric A use linalg.eigvalsh")
        gL = g._data[..., 0] + 1j * g._data[..., 1]
        VH = np.conj(np.swapaxes(ctx.V, -1, -2))
        return _wrap(np.linalg.solve(VH, gL[..., :, None] * VH).real.astype(g._data.dtype))


class Eig(Op):
    """A = V diag(L) V⁻¹ for a general square real A (LAPACK's geev), L and V complex, returned as their real and
    imaginary parts ((..., n, 2) and (..., n, n, 2)); V's columns have unit norm. With E_ij = conj(L_j − L_i) (1 on
    the diagonal), X = Vᴴ gV minus Vᴴ V diag(Re diag(Vᴴ gV)), divided by E, its diagonal replaced by gL:
    d/dA = Re(V⁻ᴴ X Vᴴ). A loss that depends on the eigenvectors' phases (Im diag(Vᴴ gV) not 0) is ill-defined and
    refused, as torch. The backward is computed on (complex) arrays, so it is not itself differentiable."""
    torch_name = "LinalgEigBackward0"

    @staticmethod
    def forward(ctx, A):
        L, V = np.linalg.eig(A)
        ctx.set_materialize_grads(False)
        ctx.L, ctx.V = L, V
        parts = lambda z: np.stack([z.real, z.imag], -1).astype(A.dtype)     # noqa: E731
        return parts(L), parts(V)

    @staticmethod
    def backward(ctx, gL, gV):
        from ..autograd.grad_mode import is_grad_enabled
        if is_grad_enabled():
            raise NotImplementedError("linalg.eig: a second derivative (create_graph=True) is not implemented "
                                      "in minigrad; for a symmetric A use linalg.eigh")
        L, V = ctx.L, ctx.V
        VH = np.conj(np.swapaxes(V, -1, -2))
        dtype = (gL if gL is not None else gV)._data.dtype
        as_complex = lambda g: g._data[..., 0] + 1j * g._data[..., 1]         # noqa: E731
        if gV is None:
            X = np.zeros(V.shape, V.dtype)
        else:
            VhgV = VH @ as_complex(gV)
            d = np.diagonal(VhgV, axis1=-2, axis2=-1)
            if not np.allclose(d.imag, 0, rtol=1e-2, atol=1e-2):
                raise RuntimeError("linalg_eig_backward: The eigenvectors in the complex case are specified up to "
                                   "multiplication by e^{i phi}. The specified loss function depends on this "
                                   "quantity, so it is ill-defined.")
            X = VhgV - VH @ (V * d.real[..., None, :])
            Lc = np.conj(L)
            E = Lc[..., None, :] - Lc[..., :, None]
            n = L.shape[-1]
            E[..., np.arange(n), np.arange(n)] = 1
            X = X / E
        if gL is not None:
            n = L.shape[-1]
            X[..., np.arange(n), np.arange(n)] = as_complex(gL)
        return _wrap(np.linalg.solve(VH, X @ VH).real.astype(dtype))


def _uplo(UPLO, op):
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"linalg.{op}: Expected UPLO argument to be 'L' or 'U', but got {UPLO!r}")
    return UPLO


def eigh(A, UPLO="L"):
    """(eigenvalues ascending, eigenvectors as columns) of a symmetric A, from its UPLO triangle."""
    return eigh_result(*Eigh.apply(_square(A, "eigh"), _uplo(UPLO, "eigh")))


def eigvalsh(A, UPLO="L"):
    """The eigenvalues of a symmetric A, ascending. d/dA = V diag(g) Vᵀ."""
    return eigh_result(*Eigh.apply(_square(A, "eigvalsh"), _uplo(UPLO, "eigvalsh"))).eigenvalues


# ---------------------------------------------------------------------------------------------
# triangular solves
# ---------------------------------------------------------------------------------------------
def _triangle(xp, A, upper, unit):
    """The upper or lower triangle of A (with ones on the diagonal when ``unit``)."""
    T = xp.triu(A) if upper else xp.tril(A)
    if unit:
        T = xp.where(xp.eye(A.shape[-1], dtype=bool), xp.ones((), A.dtype), T)
    return T


def _solve_array(xp, T, B, op):
    try:
        return xp.linalg.solve(T, B)
    except Exception as exc:                                     # LinAlgError: a zero on T's diagonal
        raise LinAlgError(f"linalg.{op}: The solver failed because the triangular matrix is singular (a zero "
                          f"on its diagonal; torch returns inf/NaN here) ({exc})") from None


class SolveTriangular(Op):
    """X = T⁻¹B, T the upper or lower triangle of A (unit diagonal if unitriangular).
    d/dB = T⁻ᵀ g,   d/dA = that triangle of −(T⁻ᵀ g) Xᵀ (strictly below/above the diagonal if unitriangular)."""

    @staticmethod
    def forward(ctx, A, B, upper, unit):
        X = _solve_array(ctx_xp(A, B), _triangle(ctx_xp(A), A, upper, unit), B, "solve_triangular")
        ctx.upper, ctx.unit = upper, unit
        ctx.save_for_backward(A, X)
        return X

    @staticmethod
    def backward(ctx, g):
        A, X = ctx.saved_tensors
        upper, unit = ctx.upper, ctx.unit
        gB = SolveTriangular.apply(A.mT, g, not upper, unit)    # Tᵀ is the other triangle of Aᵀ
        gA = None
        if ctx.needs_input_grad[0]:
            full = -(gB @ X.mT)
            gA = full.triu(1 if unit else 0) if upper else full.tril(-1 if unit else 0)
        return gA, gB, None, None


def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """X with T X = B (``left``) or X T = B, T the upper/lower triangle of A; batch dims broadcast."""
    A, B = _square(A, "solve_triangular"), tensor_arg(B, "linalg.solve_triangular")
    if B.ndim < 2:
        raise RuntimeError(f"linalg.solve_triangular: The input tensor B must have at least 2 dimensions (got shape "
                           f"{tuple(B.shape)}); make a vector a column with b.unsqueeze(-1)")
    if B.dtype != A.dtype:
        B = B.to(A.dtype)                         # as torch: B is computed in A's dtype
    if not left:                                  # X T = B  <=>  Tᵀ Xᵀ = Bᵀ, Tᵀ the other triangle of Aᵀ
        return solve_triangular(A.mT, B.mT, upper=not upper, unitriangular=unitriangular).mT
    if B.shape[-2] != A.shape[-1]:
        raise RuntimeError(f"linalg.solve_triangular: Incompatible shapes of A and B for the equation AX = B "
                           f"({tuple(A.shape[-2:])} and {tuple(B.shape[-2:])})")
    A, B = _batch_expand("solve_triangular", A, B)
    return SolveTriangular.apply(A, B, bool(upper), bool(unitriangular))


triangular_solve_result = return_type("triangular_solve", ["solution", "cloned_coefficient"])


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    """torch's older form of ``linalg.solve_triangular(A, b, upper=upper)`` (arguments reversed; with
    ``transpose``, Aᵀ X = b): (solution, a copy of A). Deprecated in torch, with its warning."""
    warnings.warn("torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangular and will be "
                  "removed in a future PyTorch release: X = torch.triangular_solve(B, A).solution should be "
                  "replaced with X = torch.linalg.solve_triangular(A, B).", UserWarning, stacklevel=2)
    A = tensor_arg(A, "triangular_solve")
    T, up = (A.mT, not upper) if transpose else (A, upper)
    return triangular_solve_result(solve_triangular(T, b, upper=up, unitriangular=unitriangular), A.clone())


class CholeskySolve(Op):
    """X = (L Lᵀ)⁻¹ B, L the lower triangle of the factor (with upper: (UᵀU)⁻¹ B, U its upper triangle).
    d/dB = (L Lᵀ)⁻¹ g,   C = d/dB Xᵀ + X d/dBᵀ,   d/dL = −C L   (d/dU = −U C)"""

    @staticmethod
    def forward(ctx, B, L, upper):
        xp = ctx_xp(B, L)
        T = _triangle(xp, L, upper, False)
        if upper:
            T = T.swapaxes(-1, -2)                                   # UᵀU = T Tᵀ with T = Uᵀ lower
        Y = _solve_array(xp, T, B, "cholesky_solve")
        X = _solve_array(xp, T.swapaxes(-1, -2), Y, "cholesky_solve")
        ctx.upper = upper
        ctx.save_for_backward(L, X)
        return X

    @staticmethod
    def backward(ctx, g):
        L, X = ctx.saved_tensors
        gB = CholeskySolve.apply(g, L, ctx.upper)
        gL = None
        if ctx.needs_input_grad[1]:
            C = gB @ X.mT
            C = C + C.mT
            gL = -(L @ C) if ctx.upper else -(C @ L)
        return gB, gL, None


def cholesky_solve(B, L, upper=False):
    """X with A X = B, given A's Cholesky factor L (A = L Lᵀ; with ``upper``, A = UᵀU)."""
    B, L = tensor_arg(B, "cholesky_solve"), _square(L, "cholesky_solve")
    if B.ndim < 2:
        raise RuntimeError(f"cholesky_solve: b should have at least 2 dimensions, but has {B.ndim} dimensions "
                           "instead; make a vector a column with b.unsqueeze(-1)")
    if B.dtype != L.dtype:
        raise RuntimeError(f"cholesky_solve: Expected b and A to have the same dtype, but found b of type {B.dtype} "
                           f"and A of type {L.dtype} instead")
    if B.shape[-2] != L.shape[-1]:
        raise RuntimeError(f"cholesky_solve: Incompatible matrix sizes for cholesky_solve: each A matrix is "
                           f"{L.shape[-1]} by {L.shape[-1]} but each b matrix is {B.shape[-2]} by {B.shape[-1]}")
    L, B = _batch_expand("cholesky_solve", L, B)
    return CholeskySolve.apply(B, L, bool(upper))


geqrf_result = return_type("geqrf", ["a", "tau"])


def geqrf(input):
    """(a, tau): QR in LAPACK's compact form (R on and above the diagonal, the Householder vectors below it, tau
    their scales), as torch.geqrf; no gradient (torch gives none)."""
    A = tensor_arg(input, "geqrf")
    if A.ndim < 2:
        raise RuntimeError(f"geqrf: The input tensor A must have at least 2 dimensions (got shape {tuple(A.shape)})")
    if not A.dtype.is_floating_point:
        raise NotImplementedError(f'geqrf: "geqrf_cpu" not implemented for {A.dtype} (convert with .double())')
    no_half(A, "geqrf")
    h, tau = A.xp.linalg.qr(A._data, mode="raw")
    return geqrf_result(_wrap(A.xp.ascontiguousarray(h.swapaxes(-1, -2))), _wrap(tau))


def householder_product(A, tau):
    """The first n columns of Q = H_1 ⋯ H_k, H_i = I - tau_i v_i v_iᵀ, v_i column i of A (m×n) below the diagonal
    with 1 on it (torch.linalg.householder_product, orgqr): one matmul per reflector, so gradients flow to both."""
    A, tau = tensor_arg(A, "householder_product"), tensor_arg(tau, "householder_product")
    m, n, k = A.shape[-2], A.shape[-1], tau.shape[-1]
    if not (m >= n >= k) or tuple(tau.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"torch.linalg.householder_product: expected A (*, m, n) with m >= n and tau (*, k) with "
                           f"k <= n and the same batch, got A {tuple(A.shape)} and tau {tuple(tau.shape)}")
    below = _wrap(A.xp.tri(m, n, -1, dtype=bool))
    V = where(below, A, 0.0) + _eye(m, A)[:, :n]
    Q = _eye(m, A)
    for i in range(k):                                  # (a loop over the k reflectors, not over elements)
        v = V[..., :, i:i + 1]
        Q = Q - (Q @ v) * tau[..., i:i + 1].unsqueeze(-1) @ v.mT
    return Q[..., :, :n]


def cholesky_inverse(L, upper=False):
    """A⁻¹ from A's Cholesky factor L (A = L Lᵀ; with ``upper``, A = UᵀU): cholesky_solve of the identity."""
    L = _square(L, "cholesky_inverse")
    return named(cholesky_solve(_eye(L.shape[-1], L), L, upper), "CholeskyInverseBackward0", inputs=(L,))


# ---------------------------------------------------------------------------------------------
# QR
# ---------------------------------------------------------------------------------------------
def _qr_tall_backward(Q, R, gQ, gR):
    """m ≥ n: M = R gRᵀ − gQᵀ Q,  d/dA = (gQ + Q copyltu(M)) R⁻ᵀ,  copyltu(M) = tril(M) + tril(M, −1)ᵀ."""
    M = R @ gR.mT - gQ.mT @ Q
    sym = M.tril() + M.tril(-1).mT
    return solve_triangular(R.mT, gQ + Q @ sym, upper=False, left=False)       # (...) R⁻ᵀ


class Qr(Op):
    """A = QR, Q with orthonormal columns, R upper triangular.  m ≥ n: see _qr_tall_backward.
    m < n: A = [X | Y] with X square, R = [U | V], V = QᵀY:  d/dY = Q gV,  d/dX = _qr_tall_backward(gQ + Y gVᵀ, gU)."""

    @staticmethod
    def forward(ctx, A, mode):
        xp = ctx_xp(A)
        Q, R = xp.linalg.qr(A, mode="reduced" if mode == "r" else mode)
        ctx.mode = mode
        ctx.save_for_backward(A, Q, R)
        return (xp.zeros((0,), A.dtype) if mode == "r" else Q), R

    @staticmethod
    def backward(ctx, gQ, gR):
        A, Q, R = ctx.saved_tensors
        m, n = A.shape[-2:]
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please "
                               "use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.")
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("linalg.qr: The derivative of linalg.qr depends on Q, which is not computed when "
                               "mode='complete' and nrows > ncols (use mode='reduced')")
        if m >= n:
            return _qr_tall_backward(Q, R, gQ, gR), None
        Y, gU, gV = A[..., m:], gR[..., :m], gR[..., m:]
        gX = _qr_tall_backward(Q, R[..., :m], gQ + Y @ gV.mT, gU)
        return cat([gX, Q @ gV], -1), None


def qr(A, mode="reduced"):
    """torch.linalg.qr: (Q, R); mode 'reduced' (k = min(m, n) columns of Q), 'complete' (all m), or 'r'
    (R only; Q is empty and a backward through R raises, as torch)."""
    A = _matrices(A, "qr")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode {mode!r} but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    return qr_result(*Qr.apply(A, mode))


def qr_removed(input, some=True):
    """torch.qr and Tensor.qr were removed in torch 2.14; minigrad follows the newest torch."""
    raise RuntimeError("qr(): This function was deprecated since version 1.9 and is now removed (as in torch >= "
                       "2.14). Use minigrad.linalg.qr(A, mode='reduced' if some else 'complete')")


# ---------------------------------------------------------------------------------------------
# least squares, matrix exponential, Cholesky with an info code
# ---------------------------------------------------------------------------------------------
def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution of A X = B for a full-rank A: through QR, X = R⁻¹ QᵀB (m ≥ n), or the
    minimum-norm X = Q R⁻ᵀ B with Aᵀ = QR (m < n). Differentiable through qr and solve_triangular.
    residuals, rank and singular_values follow torch's ``driver`` conventions (gelsy by default)."""
    A, B = _matrices(A, "lstsq"), tensor_arg(B, "linalg.lstsq")
    if driver not in (None, "gelsy", "gels", "gelsd", "gelss"):
        raise RuntimeError(f"torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss), "
                           f"got {driver!r}")
    if A.dtype != B.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's "
                           f"dtype {A.dtype} and other's dtype {B.dtype}")
    vector = B.ndim == A.ndim - 1
    if vector:
        B = B.unsqueeze(-1)
    if B.ndim < 2 or B.shape[-2] != A.shape[-2]:
        raise RuntimeError(f"torch.linalg.lstsq: input.size(-2) should match other.size(-2) (A {tuple(A.shape)}, "
                           f"B {tuple(B.shape)})")
    A, B = _batch_expand("lstsq", A, B)
    m, n = A.shape[-2:]
    rank = matrix_rank(A, rtol=rcond)
    if rank.numel() and int(rank._data.min()) < min(m, n):
        raise RuntimeError(f"linalg.lstsq: minigrad solves full-rank problems only, and A {tuple(A.shape)} has rank "
                           f"{int(rank._data.min())} < {min(m, n)} (with rcond={rcond}); drop the dependent columns "
                           "or rows of A, or add a small ridge term")
    if m >= n:
        Q, R = qr(A)
        X = solve_triangular(R, Q.mT @ B, upper=True)
    else:
        Q, R = qr(A.mT)
        X = Q @ solve_triangular(R.mT, B, upper=False)
    driver = driver or "gelsy"
    empty = _wrap(A.xp.zeros((0,), A._data.dtype))
    residuals = ((A @ X - B) ** 2).sum(-2) if driver != "gelsy" and m > n else empty
    if driver == "gels":
        rank = _wrap(A.xp.zeros((0,), np.int64))
    sv = svdvals(A.detach()) if driver in ("gelsd", "gelss") else empty
    return lstsq_result(X.squeeze(-1) if vector else X, residuals, rank, sv)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, tol=None):
    """The number of singular values (eigenvalue magnitudes when ``hermitian``) above max(atol, rtol · the
    largest); rtol defaults to eps · max(m, n), or to 0 when an atol above 0 is given. No gradient."""
    A = _matrices(A, "matrix_rank")
    atol = tol if tol is not None else atol
    xp, a = A.xp, A._data
    sv = xp.abs(xp.linalg.eigvalsh(a)) if hermitian else xp.linalg.svd(a, compute_uv=False)
    atol = 0.0 if atol is None else getattr(atol, "_data", atol)
    if rtol is None:
        rtol = 0.0 if bool(xp.any(xp.asarray(atol) > 0)) else np.finfo(a.dtype).eps * max(a.shape[-2:])
    rtol = getattr(rtol, "_data", rtol)
    top = sv.max(-1) if sv.shape[-1] else xp.zeros(sv.shape[:-1], a.dtype)
    cut = xp.maximum(atol, rtol * top)
    return _wrap((sv > xp.asarray(cut)[..., None]).sum(-1).astype(np.int64))


def _expm_array(xp, A, degree=18):
    """exp(A) by scaling and squaring: X = A/2ˢ with ‖X‖₁ ≤ 1/2 (s per matrix), Taylor of degree 18 (truncation
    below 1e-22 relative), then s squarings (each matrix squared only while its own s lasts)."""
    norm1 = xp.abs(A).sum(-2).max(-1)
    finite = xp.isfinite(norm1)
    s = xp.ceil(xp.log2(xp.where(finite & (norm1 > 0.5), norm1, 0.5) / 0.5)).astype(np.int64)
    X = A * (0.5 ** s).astype(A.dtype)[..., None, None]
    eye = xp.broadcast_to(xp.eye(A.shape[-1], dtype=A.dtype), A.shape)
    term, E = eye, eye
    for k in range(1, degree + 1):
        term = (term @ X) / k
        E = E + term
    for i in range(int(s.max()) if s.size else 0):
        E = xp.where((s > i)[..., None, None], E @ E, E)
    return E


class MatrixExp(Op):
    """out = exp(A) = Σ Aᵏ/k!.   d/dA = the upper-right n×n block of exp([[Aᵀ, g], [0, Aᵀ]])"""

    @staticmethod
    def forward(ctx, A):
        ctx.save_for_backward(A)
        return _expm_array(ctx_xp(A), A)

    @staticmethod
    def backward(ctx, g):
        A, = ctx.saved_tensors
        n = A.shape[-1]
        At = A.mT
        block = cat([cat([At, g], -1), cat([At * 0.0, At], -1)], -2)
        return matrix_exp(block)[..., :n, n:]


def matrix_exp(A):
    """The matrix exponential of a (batch of) square matrices."""
    A = _square(A, "matrix_exp")
    return A.clone() if A.numel() == 0 else MatrixExp.apply(A)     # (0×0 or an empty batch: nothing to do)


def _cholesky_info(xp, A):
    """torch's info code per matrix: 0, or the order of the first leading minor that is not positive-definite.
    A column-by-column Cholesky over the whole batch at once (called only when the fast factorisation failed)."""
    n = A.shape[-1]
    L = xp.zeros_like(A)
    info = xp.zeros(A.shape[:-2], np.int32)
    for j in range(n):
        d = A[..., j, j] - (L[..., j, :j] ** 2).sum(-1)
        bad = ~(d > 0) & (info == 0)
        info = xp.where(bad, j + 1, info)
        d = xp.where(info == 0, d, 1.0)
        L[..., j, j] = xp.sqrt(d)
        below = A[..., j + 1:, j] - (L[..., j + 1:, :j] * L[..., j, None, :j]).sum(-1)
        L[..., j + 1:, j] = below / L[..., j, j, None]
    return info


def cholesky_ex(A, *, upper=False, check_errors=False):
    """(L, info): the Cholesky factor and per matrix 0, or the order of the leading minor that is not
    positive-definite. L of such a matrix is only its lower triangle (torch leaves LAPACK's partial factor:
    read L only where info == 0)."""
    A = _square(A, "cholesky_ex")
    xp = A.xp
    try:
        L = cholesky(A, upper=upper)
        return cholesky_ex_result(L, _wrap(xp.zeros(A.shape[:-2], np.int32)))
    except LinAlgError:
        info = _cholesky_info(xp, A._data)
    if check_errors:
        first = int(info.max())
        raise LinAlgError(f"linalg.cholesky_ex: The factorization could not be completed because the input is not "
                          f"positive-definite (the leading minor of order {first} is not positive-definite)")
    ok = _wrap((info == 0)[..., None, None])
    safe = where(ok, A, _eye(A.shape[-1], A))          # factor the good matrices, the identity for the others
    L = where(ok, cholesky(safe), A.tril())
    return cholesky_ex_result(L.mT if upper else L, _wrap(info))


# ---------------------------------------------------------------------------------------------
# Tensor methods (torch.linalg's names are in minigrad/linalg.py)
# ---------------------------------------------------------------------------------------------
METHODS = {"triangular_solve": triangular_solve,
           "svd": svd, "qr": qr_removed, "cholesky_solve": cholesky_solve, "matrix_exp": matrix_exp,
           "cholesky_inverse": cholesky_inverse, "geqrf": geqrf, "orgqr": householder_product}
