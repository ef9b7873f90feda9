"""LU with partial pivoting and what torch builds on it: linalg.lu, lu_factor(_ex), lu_solve, torch.lu_unpack,
inv_ex and solve_ex (the factorisation's ``info`` instead of an error), tensorinv and tensorsolve.

The factorisation is LAPACK's getrf, row by row of the pivot column (a loop over the n columns, each
step a batched NumPy update): the pivot is the first largest ``|a|`` at or below the diagonal; a zero
pivot is left in U and reported in ``info`` (its 1-based column), the column below it is not scaled.
A = P L U with L unit lower triangular. The gradient (square A, as torch):
    gA = P L⁻ᴴ (tril₋₁(Lᴴ gL) + triu(gU Uᴴ)) U⁻ᴴ."""
from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Op
from ..tensor import _wrap
from ._helpers import return_type, tensor_arg
from .linalg_decomp import _matrices
from .linalg_extra import LinAlgError, _square, inverse, solve
from .pointwise import ctx_xp, where

lu_result = return_type("linalg_lu", ["P", "L", "U"])
lu_factor_result = return_type("linalg_lu_factor", ["LU", "pivots"])
lu_factor_ex_result = return_type("linalg_lu_factor_ex", ["LU", "pivots", "info"])
lu_unpack_result = return_type("lu_unpack", ["P", "L", "U"])
inv_ex_result = return_type("linalg_inv_ex", ["inverse", "info"])
solve_ex_result = return_type("linalg_solve_ex", ["result", "info"])


def _getrf(xp, A):
    """(packed LU, row order perm with A[perm] = L U, LAPACK's 1-based pivots, info) of a batch (..., m, n)."""
    a = A.astype(A.dtype, copy=True)
    m, n = a.shape[-2:]
    batch = a.shape[:-2]
    perm = xp.broadcast_to(xp.arange(m), batch + (m,)).copy()
    pivots = xp.zeros(batch + (min(m, n),), np.int32)
    info = xp.zeros(batch, np.int32)
    for k in range(min(m, n)):
        p = k + xp.argmax(xp.abs(a[..., k:, k]), axis=-1)               # (first largest, as LAPACK)
        pivots[..., k] = p + 1
        rows_k, rows_p = a[..., k, :].copy(), xp.take_along_axis(a, p[..., None, None], -2)[..., 0, :]
        a[..., k, :] = rows_p
        xp.put_along_axis(a, p[..., None, None], rows_k[..., None, :], -2)
        pk, pp = perm[..., k].copy(), xp.take_along_axis(perm, p[..., None], -1)[..., 0]
        perm[..., k] = pp
        xp.put_along_axis(perm, p[..., None], pk[..., None], -1)
        piv = a[..., k, k]
        zero = piv == 0
        info = xp.where(zero & (info == 0), k + 1, info).astype(np.int32)
        scale = xp.where(zero, 0, 1 / xp.where(zero, 1, piv))[..., None]
        a[..., k + 1:, k] *= xp.where(zero[..., None], 1, scale)
        a[..., k + 1:, k + 1:] -= a[..., k + 1:, k:k + 1] * a[..., k:k + 1, k + 1:]
    return a, perm, pivots, info


def solve_through_zero_pivots(A, B):
    """X with A X = B (square A, B of A's shape) by ``_getrf`` and forward/back substitution, a row at a time,
    without refusing a singular A: its zero pivot divides by zero, giving the inf/NaN pattern torch's
    unchecked solve gives (torch's gradient of slogdet at a singular matrix)."""
    xp = A.xp
    lu_, perm, _, _ = _getrf(xp, A._data)
    x = xp.take_along_axis(B._data, perm[..., None], -2)                  # L U X = B[perm]
    n = lu_.shape[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(n):                                                # L Z = B[perm], L unit lower
            x[..., i, :] -= (lu_[..., i, :i, None] * x[..., :i, :]).sum(-2)
        for i in reversed(range(n)):                                      # U X = Z
            x[..., i, :] -= (lu_[..., i, i + 1:, None] * x[..., i + 1:, :]).sum(-2)
            x[..., i, :] /= lu_[..., i, i, None]
    return _wrap(x)


def _unpack(xp, packed, perm, dtype):
    m, n = packed.shape[-2:]
    k = min(m, n)
    L = xp.tril(packed[..., :, :k], -1) + xp.eye(m, k, dtype=dtype)
    U = xp.triu(packed[..., :k, :])
    P = xp.swapaxes(xp.eye(m, dtype=dtype)[perm], -1, -2)              # P[perm[i], i] = 1
    return P, L, U


class LU(Op):
    """(P, L, U) with A = P L U.   d/dA = P L⁻ᴴ (tril₋₁(Lᴴ gL) + triu(gU Uᴴ)) U⁻ᴴ  (square A)"""

    @staticmethod
    def forward(ctx, A):
        xp = ctx_xp(A)
        packed, perm, _, _ = _getrf(xp, A)
        P, L, U = _unpack(xp, packed, perm, A.dtype)
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(P, L, U)
        return P, L, U

    @staticmethod
    def backward(ctx, gP, gL, gU):
        P, L, U = ctx.saved_tensors
        if L.shape[-2] != U.shape[-1]:
            raise NotImplementedError("linalg.lu: the gradient of the LU of a non-square matrix is not implemented "
                                      "in minigrad")
        phi = 0
        if gL is not None:
            phi = (L.mT @ gL).tril(-1)
        if gU is not None:
            phi = phi + (gU @ U.mT).triu()
        return P @ inverse(L).mT @ phi @ inverse(U).mT


def lu(A, *, pivot=True):
    """(P, L, U) with A = P L U: P a permutation, L unit lower triangular, U upper triangular."""
    A = _matrices(A, "lu")
    if not pivot:
        raise NotImplementedError("linalg.lu(pivot=False) is not implemented in minigrad (nor by torch on the CPU)")
    P, L, U = LU.apply(A)
    return lu_result(P.detach(), L, U)                 # (P is a constant of A: no gradient, as torch)


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """(LU, pivots, info): L and U in one matrix (L's unit diagonal left out), LAPACK's 1-based row swaps,
    and per matrix 0 or the column of the first zero pivot."""
    A = _matrices(A, "lu_factor_ex")
    P, L, U = lu(A, pivot=pivot)
    _, _, pivots, info = _getrf(A.xp, A._data)
    if check_errors and int(info.max(initial=0)) > 0:
        raise RuntimeError(f"torch.linalg.lu_factor_ex: U[{int(info.max())},{int(info.max())}] is zero and using it "
                          "on lu_solve would result in a division by zero.")
    k = min(A.shape[-2:])
    packed = L[..., :, :k].tril(-1)
    packed = _pad_cols(packed, A.shape[-1]) + _pad_rows(U, A.shape[-2])
    return lu_factor_ex_result(packed, _wrap(pivots), _wrap(info))


def _pad_cols(x, n):
    k = x.shape[-1]
    return x if k == n else _cat_zeros(x, n - k, -1)


def _pad_rows(x, m):
    k = x.shape[-2]
    return x if k == m else _cat_zeros(x, m - k, -2)


def _cat_zeros(x, count, dim):
    from .shape import cat
    shape = list(x.shape)
    shape[dim] = count
    return cat([x, _wrap(x.xp.zeros(shape, x._data.dtype))], dim)


def lu_factor(A, *, pivot=True):
    """(LU, pivots): ``lu_factor_ex`` that raises when a pivot is zero (a singular matrix)."""
    LU_, pivots, info = lu_factor_ex(A, pivot=pivot)
    if int(info._data.max(initial=0)) > 0:
        i = int(info._data.max())
        raise RuntimeError(f"torch.linalg.lu_factor: U[{i},{i}] is zero and using it on lu_solve would result in a "
                          "division by zero. If you still want to perform the factorization, consider calling "
                          "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")
    return lu_factor_result(LU_, pivots)


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """(P, L, U) from ``lu_factor``'s packed matrix and pivots."""
    LU_data = tensor_arg(LU_data, "lu_unpack")
    xp = LU_data.xp
    m, n = LU_data.shape[-2:]
    k = min(m, n)
    piv = LU_pivots._data.astype(np.int64) - 1
    perm = xp.broadcast_to(xp.arange(m), piv.shape[:-1] + (m,)).copy()
    for i in range(piv.shape[-1]):                                      # replay the row swaps
        a, b = perm[..., i].copy(), xp.take_along_axis(perm, piv[..., i:i + 1], -1)[..., 0]
        perm[..., i] = b
        xp.put_along_axis(perm, piv[..., i:i + 1], a[..., None], -1)
    eye_mk = _wrap(xp.eye(m, k, dtype=LU_data._data.dtype))
    L = LU_data[..., :, :k].tril(-1) + eye_mk if unpack_data else None
    U = LU_data[..., :k, :].triu() if unpack_data else None
    P = _wrap(xp.swapaxes(xp.eye(m, dtype=LU_data._data.dtype)[perm], -1, -2)) if unpack_pivots else None
    empty = _wrap(xp.zeros(0, LU_data._data.dtype))
    return lu_unpack_result(empty if P is None else P, empty if L is None else L, empty if U is None else U)


def lu_solve(LU_data, pivots, B, *, left=True, adjoint=False):
    """X with A X = B (or X A = B, or Aᴴ X = B) from A's ``lu_factor``."""
    P, L, U = lu_unpack(LU_data, pivots)
    A = P @ L @ U
    A = A.mT if adjoint else A
    return solve(A, B, left=left)


def inv_ex(A, *, check_errors=False):
    """(A⁻¹, info): info 0 per invertible matrix, else the column of the first zero pivot (and that
    matrix's inverse is NaN here; torch leaves whatever LAPACK computed)."""
    A = _square(A, "inv_ex")
    info = _info(A)
    if not info.any():
        return inv_ex_result(inverse(A), _wrap(info))
    if check_errors:
        raise LinAlgError(f"linalg.inv_ex: The diagonal element {int(info.max())} is zero, the inversion could not be "
                          "completed because the input matrix is singular.")
    ok = _wrap((info == 0)[..., None, None])
    safe = where(ok, A, _wrap(A.xp.broadcast_to(A.xp.eye(A.shape[-1], dtype=A._data.dtype), A.shape)))
    return inv_ex_result(where(ok, inverse(safe), math.nan), _wrap(info))


def solve_ex(A, B, *, left=True, check_errors=False):
    """(X, info) with A X = B: as ``solve``, with ``inv_ex``'s info instead of an error for singular A."""
    A = _square(A, "solve_ex")
    info = _info(A)
    if not info.any():
        return solve_ex_result(solve(A, B, left=left), _wrap(info))
    if check_errors:
        raise LinAlgError(f"torch.linalg.solve_ex: The solver failed because the input matrix is singular (the diagonal "
                          f"element {int(info.max())} of its LU is zero).")
    X = inv_ex(A).inverse
    return solve_ex_result(X @ B if left and B.ndim != 1 else solve_vector(X, B, left), _wrap(info))


def solve_vector(X, B, left):
    return (X @ B.unsqueeze(-1)).squeeze(-1) if left else B @ X


def _info(A):
    return _getrf(A.xp, A._data)[3]


def tensorinv(A, ind=2):
    """The tensor inverse: X with tensordot(X, A, ind) = identity; A's first ``ind`` dims and the rest must
    hold the same number of elements."""
    A = tensor_arg(A, "tensorinv")
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows, cols = A.shape[:ind], A.shape[ind:]
    if math.prod(rows) != math.prod(cols):
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), "
                           f"but got {math.prod(cols)} != {math.prod(rows)} (linalg.tensorinv of shape {tuple(A.shape)})")
    return inverse(A.reshape(math.prod(rows), math.prod(cols))).reshape(*cols, *rows)


def tensorsolve(A, B, dims=None):
    """X with tensordot(A, X, X.ndim) = B (``dims``: A's dims moved to the end first)."""
    A, B = tensor_arg(A, "tensorsolve"), tensor_arg(B, "tensorsolve")
    if dims is not None:
        rest = [d for d in range(A.ndim) if d not in [d % A.ndim for d in dims]]
        A = A.permute(*rest, *[d % A.ndim for d in dims])
    x_shape = A.shape[B.ndim:]
    n = math.prod(x_shape)
    if math.prod(B.shape) != n:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape"
                           f"[:other.ndim]), but got {n} != {math.prod(B.shape)} (linalg.tensorsolve of A "
                           f"{tuple(A.shape)} and B {tuple(B.shape)})")
    return solve(A.reshape(n, n), B.reshape(n)).reshape(*x_shape)
