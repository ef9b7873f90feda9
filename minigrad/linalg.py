"""``minigrad.linalg``: the vector and matrix norms torch code reaches for, matmul aliases, and the
differentiable matrix functions of ``ops/linalg_extra.py`` under torch.linalg's names (inv, det, slogdet,
solve, cholesky, matrix_power, vecdot, multi_dot, pinv)."""
from __future__ import annotations

from .ops.linalg import matmul, outer  # noqa: F401
from .ops.linalg_extra import (det, inverse as inv, cholesky as _cholesky, matrix_power, multi_dot,  # noqa: F401
                               pinverse as _pinverse, slogdet, solve, vecdot)
from .ops.reduce import norm as _norm


def cholesky(A, *, upper=False, out=None):
    if out is not None:
        raise NotImplementedError("linalg.cholesky(out=...) is not implemented in minigrad; assign the result")
    return _cholesky(A, upper=upper)


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The pseudo-inverse of a full-rank matrix. minigrad computes it through a solve, so no singular value
    is cut off: a tolerance (``atol``, ``rtol``) other than 0 is refused rather than ignored."""
    if atol or rtol:
        raise NotImplementedError("linalg.pinv(atol=..., rtol=...): cutting off small singular values is not "
                                  "implemented in minigrad (it handles full-rank matrices); leave them unset")
    return _pinverse(A)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The ``ord``-norm of ``x`` treated as a vector (over ``dim``, or all elements)."""
    return _norm(x, p=ord, dim=dim, keepdim=keepdim, dtype=dtype)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """``ord=None`` gives the 2-norm of the flattened tensor (the Frobenius norm for matrices);
    ``ord='fro'`` the Frobenius norm; a number gives a vector norm over ``dim``."""
    if ord in (None, "fro"):
        return _norm(A, p=2, dim=dim, keepdim=keepdim, dtype=dtype)
    if isinstance(ord, str):
        raise NotImplementedError(f"linalg.norm(ord={ord!r}) is not implemented in minigrad; use 'fro'")
    if dim is None and A.ndim == 2:
        raise NotImplementedError("linalg.norm with a numeric ord on a matrix (a matrix norm) is not "
                                  "implemented; use vector_norm or ord='fro'")
    return _norm(A, p=ord, dim=dim, keepdim=keepdim, dtype=dtype)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    if ord != "fro":
        raise NotImplementedError(f"linalg.matrix_norm(ord={ord!r}) is not implemented; use 'fro'")
    return _norm(A, p=2, dim=dim, keepdim=keepdim, dtype=dtype)
