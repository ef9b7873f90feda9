"""``minigrad.linalg``: the vector and matrix norms torch code reaches for, matmul aliases, and the
differentiable matrix functions of ``ops/linalg_extra.py`` (inv, det, slogdet, solve, cholesky, matrix_power,
vecdot, multi_dot, pinv) and ``ops/linalg_decomp.py`` (svd, svdvals, eigh, eigvalsh, qr, lstsq,
solve_triangular, matrix_exp, cholesky_ex) under torch.linalg's names, plus cond, matrix_rank, cross and
LinAlgError (a RuntimeError: a singular or not positive-definite matrix)."""
from __future__ import annotations

import math as _math
import numbers

from .ops._helpers import number_arg, one_dim, tensor_args
from .tensor import Tensor
from .ops.algebra import cross as _cross
from .ops.index import diagonal as _diagonal
from .ops.shape import cat as _cat
from .ops.linalg import matmul, outer  # noqa: F401
from .ops.linalg_decomp import (cholesky_ex, eigh, eigvalsh, lstsq, matrix_exp, matrix_rank, qr,  # noqa: F401
                                solve_triangular, svd_linalg as svd, svdvals)
from .ops.linalg_extra import (LinAlgError, det, inverse as inv, cholesky as _cholesky, matrix_power,  # noqa: F401
                               multi_dot, pinv_svd as _pinv_svd, slogdet as _slogdet, solve, vecdot)
from .ops.linalg_lu import (inv_ex, lu, lu_factor, lu_factor_ex, lu_solve, solve_ex, tensorinv,  # noqa: F401
                            tensorsolve)
from .ops.linalg_decomp import householder_product  # noqa: E402,F401
from .ops._helpers import return_type as _return_type
from .ops.reduce import _float_only, norm as _norm, norm_dtype

_slogdet_result = _return_type("linalg_slogdet", ["sign", "logabsdet"])


def slogdet(A, *, out=None):
    """(sign, log|det A|), as torch.slogdet, under torch.linalg's result name (``linalg_slogdet``)."""
    if out is not None:
        raise NotImplementedError("linalg.slogdet(out=...) is not implemented in minigrad; assign the result")
    return _slogdet_result(*_slogdet(A))


def cholesky(A, *, upper=False, out=None):
    if out is not None:
        raise NotImplementedError("linalg.cholesky(out=...) is not implemented in minigrad; assign the result")
    return _cholesky(A, upper=upper)


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """The pseudo-inverse of a (batch of) matrices of any rank, from the SVD: singular values at most
    max(atol, rtol·s_max) count as zero. As torch, rtol defaults to eps·max(m, n), or to 0 when only atol > 0 is
    given."""
    return _pinv_svd(A, atol, rtol, "linalg.pinv")


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The ``ord``-norm of ``x`` treated as a vector (over ``dim``, or all elements)."""
    if isinstance(ord, str):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' (position 2) must be Number, not str ({ord!r} is a "
                        "matrix norm: use linalg.matrix_norm or linalg.norm)")
    number_arg(ord, "linalg_vector_norm", "ord")
    return _norm(x, p=ord, dim=dim, keepdim=keepdim, dtype=dtype)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """``ord=None`` gives the 2-norm of the flattened tensor (the Frobenius norm for matrices);
    ``ord='fro'`` the Frobenius norm; otherwise a vector norm (``dim`` an int, or A 1-D) or a matrix norm
    (``dim`` a pair, or A 2-D: see ``matrix_norm``)."""
    if ord is None:
        return _norm(A, p=2, dim=dim, keepdim=keepdim, dtype=dtype)
    if dim is None:
        if A.ndim not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                               f"{A.ndim}D (shape {tuple(A.shape)}); pass dim=")
        dim = (-2, -1) if A.ndim == 2 else -1
    if isinstance(dim, (tuple, list)) and len(dim) == 2:
        return matrix_norm(A, ord, dim, keepdim, dtype=dtype)
    if isinstance(ord, str):
        raise RuntimeError(f"linalg.norm: ord={ord!r} is a matrix norm and needs a 2-D input or a dim pair, got "
                           f"dim={dim!r}")
    return _norm(A, p=ord, dim=dim, keepdim=keepdim, dtype=dtype)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """The matrix norm over the two dims ``dim``: 'fro' (√Σa²), 'nuc' (Σ singular values), 2 / -2 (the largest /
    smallest singular value), 1 / -1 (max / min column sum of |a|), inf / -inf (max / min row sum of |a|).
    Differentiable; the singular-value norms through svdvals."""
    tensor_args("linalg_matrix_norm", ("input", A), first=1)
    if isinstance(ord, Tensor) and ord.numel() == 1:
        ord = ord.item()                                # (a one-element tensor is read as its number, as torch)
    if not isinstance(ord, (str, numbers.Number)):
        raise TypeError(f"linalg_matrix_norm(): argument 'ord' must be Number or str, not {type(ord).__name__} "
                        "(give 'fro', 'nuc', 2, -2, 1, -1, inf or -inf)")
    if A.ndim < 2:
        raise RuntimeError(f"linalg.matrix_norm: The input tensor A must have at least 2 dimensions (got shape "
                           f"{tuple(A.shape)})")
    if ord == "fro":
        return _norm(A, p=2, dim=dim, keepdim=keepdim, dtype=dtype)
    if ord not in ("nuc", 2, -2, 1, -1, _math.inf, -_math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported (use 'fro', 'nuc', 2, -2, 1, -1, inf "
                           "or -inf)")
    _float_only(A, "linalg.matrix_norm", NotImplementedError, dtype_hint=False)
    if dtype is not None:
        A = A.to(norm_dtype(A, dtype, "linalg.matrix_norm"))
    d0, d1 = sorted(d % A.ndim for d in dim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    M = A.movedim((dim[0] % A.ndim, dim[1] % A.ndim), (-2, -1))
    if ord == "nuc":
        out = svdvals(M).sum(-1)
    else:               # 2 / -2: singular values; 1: column sums (over rows), inf: row sums (over columns)
        vals = svdvals(M) if abs(ord) == 2 else M.abs().sum(-2 if abs(ord) == 1 else -1)
        if vals.shape[-1] == 0 and ord > 0:    # the largest of none: 0 outside the graph, as torch (-2/-1/-inf raise)
            out = vals.detach().sum(-1)
        elif abs(ord) == 2:
            out = vals[..., 0] if ord == 2 else vals[..., -1]
        else:
            out = vals.amax(-1) if ord > 0 else vals.amin(-1)
    return out.unsqueeze(d0).unsqueeze(d1) if keepdim else out


def cond(A, p=None):
    """The condition number of A in the ``p`` norm: σ_max/σ_min for None or 2 (σ_min/σ_max for -2; any
    shape), ‖A‖·‖A⁻¹‖ for 'fro', 'nuc', 1, -1, inf, -inf (square A; inf where A is singular, as torch).
    Differentiable where the norms and the inverse are. Of no elements (0×0, an empty batch): zeros, as torch."""
    if A.numel() == 0:
        return A.new_zeros(tuple(A.shape[:-2]))
    if p in (None, 2, -2):
        S = svdvals(A)
        return S[..., 0] / S[..., -1] if p != -2 else S[..., -1] / S[..., 0]
    try:
        return matrix_norm(A, p) * matrix_norm(inv(A), p)
    except LinAlgError:
        if A.ndim == 2:
            return (A.sum() * 0.0 + _math.inf).detach()
    from .ops.shape import stack
    return stack([cond(a, p) for a in A.reshape(-1, *A.shape[-2:]).unbind(0)]).reshape(A.shape[:-2])


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (default the last), broadcasting the other dims."""
    if input.ndim != other.ndim:
        raise RuntimeError(f"linalg.cross: inputs must have the same number of dimensions (got shapes "
                           f"{tuple(input.shape)} and {tuple(other.shape)}; unsqueeze one)")
    dim = one_dim(dim, input.ndim, "linalg.cross")
    if input.shape[dim] != 3 or other.shape[dim] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {input.shape[dim]} and "
                           f"{other.shape[dim]}")
    return _cross(input, other, dim=dim)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The diagonals of the matrices in A's last two dims (by default): ``A.diagonal(offset, dim1, dim2)``, a view."""
    return _diagonal(A, offset, dim1, dim2)


def vander(x, *, N=None):
    """The Vandermonde matrix of the last dim of x: columns x^0, x^1, .., x^(N-1) (increasing powers; N defaults
    to x's last size); batch dims are kept. Differentiable (the powers are a cumulative product)."""
    if x.ndim < 1:
        raise RuntimeError(f"linalg.vander: x must have at least one dimension, got a 0-d tensor")
    n = x.shape[-1] if N is None else N
    if n <= 1:
        raise RuntimeError(f"linalg.vander: N must be greater than 1, got N={n}")
    powers = x.unsqueeze(-1).expand(*x.shape, n - 1).cumprod(-1)
    return _cat([x.new_ones(tuple(x.shape) + (1,)), powers], -1)


_eig_result = _return_type("linalg_eig", ["eigenvalues", "eigenvectors"])


def _eig_arrays(A, op):
    """NumPy's (LAPACK geev's, as torch's CPU) eigen-decomposition of a square real (batch of) matrix."""
    import numpy as np
    from .autograd.grad_mode import is_grad_enabled
    from .backend import to_numpy
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.{op}: A must be batches of square matrices, but they are {A.shape[-2] if A.ndim > 1 else 1} "
                           f"by {A.shape[-1] if A.ndim else 1} matrices (got shape {tuple(A.shape)})")
    if not A.dtype.is_floating_point or A.dtype.itemsize < 4:
        raise RuntimeError(f"linalg.{op}: Expected a floating point or complex tensor as input. Got {A.dtype} "
                           "(minigrad: float32 or float64)")
    if A.requires_grad and is_grad_enabled():
        raise NotImplementedError(f"linalg.{op}: gradients through a general eigen-decomposition are not implemented "
                                  f"in minigrad; for a symmetric A use linalg.eigh, or call it on A.detach()")
    arr = to_numpy(A._data)
    if not np.isfinite(arr).all():
        raise LinAlgError(f"linalg.{op}: The algorithm failed to converge because the input matrix contained "
                          "non-finite values.")
    return np.linalg.eig(arr)


def _complex_tensor(z, like):
    from ._complex import ComplexTensor
    from .backend import to_device
    from .tensor import _wrap
    import numpy as np
    parts = np.stack([z.real, z.imag], -1).astype(like._data.dtype)      # (..., 2): ComplexTensor's layout
    return ComplexTensor(_wrap(to_device(parts, like.device)))


def eigvals(A, *, out=None):
    """The eigenvalues of a square real matrix (or batch), complex (complex64 for float32), in LAPACK's order,
    as torch's; differentiable once (ops/linalg_decomp.py's Eigvals), on the CPU."""
    if out is not None:
        raise NotImplementedError("linalg.eigvals(out=...) is not implemented in minigrad; assign the result")
    from .autograd.grad_mode import is_grad_enabled
    if A.requires_grad and is_grad_enabled() and A.device.type == "cpu":
        from ._complex import ComplexTensor
        from .ops.linalg_decomp import Eigvals
        _eig_arrays(A.detach(), "eigvals")                  # (its checks: a square float matrix, finite values)
        return ComplexTensor(Eigvals.apply(A))
    return _complex_tensor(_eig_arrays(A, "eigvals")[0], A)


def eig(A, *, out=None):
    """(eigenvalues, eigenvectors) of a square real matrix (or batch), complex, the eigenvectors unit-norm columns
    (LAPACK's geev, as torch's CPU); differentiable once (ops/linalg_decomp.py's Eig), on the CPU."""
    if out is not None:
        raise NotImplementedError("linalg.eig(out=...) is not implemented in minigrad; assign the result")
    from .autograd.grad_mode import is_grad_enabled
    if A.requires_grad and is_grad_enabled() and A.device.type == "cpu":
        from ._complex import ComplexTensor
        from .ops.linalg_decomp import Eig
        _eig_arrays(A.detach(), "eig")                      # (its checks: a square float matrix, finite values)
        L, V = Eig.apply(A)
        return _eig_result(ComplexTensor(L), ComplexTensor(V))
    w, v = _eig_arrays(A, "eig")
    return _eig_result(_complex_tensor(w, A), _complex_tensor(v, A))
