"""``minigrad.linalg``: the vector and matrix norms torch code reaches for, plus matmul aliases."""
from __future__ import annotations

from .ops.linalg import matmul, outer  # noqa: F401
from .ops.reduce import norm as _norm


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
