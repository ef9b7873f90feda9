"""Matrix functions with gradients: inverse, det, slogdet/logdet, solve, cholesky, matrix_power, plus
torch.linalg's vecdot and multi_dot. Each backward is written with these same ops (and matmul), so
second derivatives work. Batches of matrices (..., n, n) are handled by the array library's linalg."""
from __future__ import annotations


import numpy as np

from ..autograd.function import Op, named
from ..autograd.grad_mode import STATE
from ..factories import eye
from ..tensor import _wrap
from ._helpers import _TORCH_NAMES, int_arg, return_type, sum_to, tensor_arg, tensor_list
from .pointwise import ctx_xp, where
from .reduce import products_of_the_others

slogdet_result = return_type("slogdet", ["sign", "logabsdet"])


def _square(A, op):
    A = tensor_arg(A, op)
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.{op}: A must be batches of square matrices, but the input has shape "
                           f"{tuple(A.shape)}")
    if A.dtype.name == "float16" and op != "matrix_exp":     # (NumPy's linalg refuses half: a TypeError leaked)
        raise NotImplementedError(f"linalg.{op}: Low precision dtypes not supported. Got Half (convert with .float())")
    if not A.dtype.is_floating_point:        # NotImplementedError as torch >= 2.15 (a RuntimeError subclass)
        raise NotImplementedError(f"linalg.{op}: Expected a floating point or complex tensor as input. Got "
                                  f"{A.dtype} (convert with .double() or .float())")
    return A


def no_half(A, op):
    """The factorisations have no float16 kernel (torch: NotImplementedError, or its base RuntimeError)."""
    if A.dtype.itemsize < 4:
        raise NotImplementedError(f'linalg.{op}: "{op}" not implemented for \'Half\' (low precision dtypes are not '
                                  f"supported; convert the {A.dtype} input with .float())")


class LinAlgError(RuntimeError):
    """A matrix whose values defeat the factorisation (singular, not positive-definite), as
    torch.linalg.LinAlgError: a RuntimeError, so ``except RuntimeError`` catches it too. Named as torch's class,
    ``torch._C._LinAlgError`` (what ``type(e).__name__`` prints); minigrad._C holds it under that name too."""

    __module__ = "minigrad._C"


LinAlgError.__name__ = LinAlgError.__qualname__ = "_LinAlgError"


def _linalg_error(op, exc):
    return LinAlgError(f"linalg.{op}: {exc} (the matrix may be singular or not positive-definite)")


class Inverse(Op):
    """out = A⁻¹.   d/dA: -out^T · g · out^T"""

    @staticmethod
    def forward(ctx, A):
        try:
            out = ctx_xp(A).linalg.inv(A)
        except Exception as exc:                                   # LinAlgError
            raise _linalg_error("inv", "The diagonal element is zero, the inversion could not be completed "
                                f"because the input matrix is singular ({exc})") from None
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return -(out.mT @ g @ out.mT)


def inverse(input):
    """A⁻¹ for a (batch of) square matrices."""
    return Inverse.apply(_square(input, "inv"))


def matrix_power(input, n):
    """A^n by repeated squaring (n < 0: of A⁻¹; n = 0: the identity)."""
    A = tensor_arg(input, "matrix_power")
    n = int_arg(n, "linalg_matrix_power", "n", 2)
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, got shape {tuple(A.shape)}")
    if n == 0:
        ident = eye(A.shape[-1], dtype=A.dtype, device=A.device).expand(tuple(A.shape))
        return where(_wrap(A.xp.ones(A._data.shape, dtype=bool)), ident, A)   # in A's graph, gradient 0
    if n < 0:
        A, n = inverse(A), -n
    result, base = None, A
    while n:
        if n & 1:
            result = base if result is None else result @ base
        n >>= 1
        if n:
            base = base @ base
    return result


class Det(Op):
    """out = det(A).   d/dA = g · det(A) · A⁻ᵀ, the cofactor matrix. Where det(A) = 0: 0, as torch (its solve
    is scaled by det = 0), except under create_graph, where torch (and minigrad) take the cofactors from the SVD"""

    @staticmethod
    def forward(ctx, A):
        out = ctx_xp(A).linalg.det(A)
        ctx.save_for_backward(A, out)
        return out

    @staticmethod
    def backward(ctx, g):
        A, out = ctx.saved_tensors
        singular = (out == 0).unsqueeze(-1).unsqueeze(-1)
        if not bool(singular.any()):
            return (g * out).unsqueeze(-1).unsqueeze(-1) * inverse(A).mT
        # invert I in their place: det = 0 makes their gradient 0
        ident = eye(A.shape[-1], dtype=A.dtype, device=A.device)
        cofactors = out.unsqueeze(-1).unsqueeze(-1) * inverse(where(singular, ident, A)).mT
        if STATE.enabled:                          # create_graph: the singular ones' true cofactors
            cofactors = where(singular, _cofactors_by_svd(A), cofactors)
        return g.unsqueeze(-1).unsqueeze(-1) * cofactors


def _cofactors_by_svd(A):
    """det(A)·A⁻ᵀ for any A, singular too: with A = U diag(S) Vh it is det(U)·det(Vh) · U diag(Π_{j≠i} S_j) Vh
    (no division by a zero singular value)."""
    from .linalg_decomp import svd_linalg          # (the decompositions sit above this module)
    U, S, Vh = svd_linalg(A)
    sign = (det(U) * det(Vh)).unsqueeze(-1).unsqueeze(-1)
    return sign * (U * products_of_the_others(S, -1).unsqueeze(-2)) @ Vh


def det(input):
    return Det.apply(_square(input, "det"))


class LogAbsDet(Op):
    """out = log|det(A)|.   d/dA = g · A⁻ᵀ. At a singular A (out = -inf): the inf/NaN that solving Aᵀ X = g·I
    through the zero pivot gives, as torch (a constant: no second derivative there)"""

    @staticmethod
    def forward(ctx, A):
        _, out = ctx_xp(A).linalg.slogdet(A)
        ctx.save_for_backward(A, out)
        return out

    @staticmethod
    def backward(ctx, g):
        A, out = ctx.saved_tensors
        if bool((out == float("-inf")).any()):
            from .linalg_lu import solve_through_zero_pivots       # (the LU module sits above this one)
            ident = eye(A.shape[-1], dtype=A.dtype, device=A.device)
            return solve_through_zero_pivots(A.mT, g.detach().unsqueeze(-1).unsqueeze(-1) * ident)
        return g.unsqueeze(-1).unsqueeze(-1) * inverse(A).mT


class DetSign(Op):
    """out = the sign of det(A) (-1, 0 or 1).   d/dA = 0"""

    @staticmethod
    def forward(ctx, A):
        ctx.shape = A.shape
        sign, _ = ctx_xp(A).linalg.slogdet(A)
        return sign

    @staticmethod
    def backward(ctx, g):
        return (g * 0.0).unsqueeze(-1).unsqueeze(-1).expand(ctx.shape)


def slogdet(input):
    """(sign of det(A), log|det(A)|); the gradient flows through log|det|."""
    A = _square(input, "slogdet")
    return slogdet_result(named(DetSign.apply(A), "LinalgSlogdetBackward0"),     # (torch: one node, two outputs)
                          named(LogAbsDet.apply(A), "LinalgSlogdetBackward0"))


def logdet(input):
    """log det(A): NaN where det < 0, -inf where it is 0 (log|det|'s own -inf, and its gradient, as torch)."""
    sign, logabs = slogdet(input)
    return where(sign < 0, float("nan"), logabs)


class Cholesky(Op):
    """L = chol(A), A = L Lᵀ.   d/dA = sym(L⁻ᵀ Φ(Lᵀ g) L⁻¹), Φ = lower triangle with half the diagonal"""

    @staticmethod
    def forward(ctx, A, upper):
        try:
            L = ctx_xp(A).linalg.cholesky(A)
        except Exception as exc:
            raise _linalg_error("cholesky", f"The factorization could not be completed because the input is not "
                                f"positive-definite ({exc})") from None
        ctx.upper = upper
        out = L.swapaxes(-1, -2).copy() if upper else L
        ctx.save_for_backward(out)              # (the output itself: a double backward differentiates through it)
        return out

    @staticmethod
    def backward(ctx, g):
        L, = ctx.saved_tensors
        if ctx.upper:
            g, L = g.mT, L.mT
        n = L.shape[-1]
        xp = L.xp
        lower = _wrap(xp.tri(n, n, 0, dtype=bool))
        half = _wrap(xp.where(xp.eye(n, dtype=bool), 0.5, 1.0).astype(L._data.dtype))
        phi = where(lower, L.mT @ g, 0.0) * half
        Linv = inverse(L)
        S = Linv.mT @ phi @ Linv
        return (S + S.mT) * 0.5, None


def cholesky(input, upper=False):
    """L (lower triangular) with A = L Lᵀ, for a symmetric positive-definite A (Lᵀ with ``upper``)."""
    return Cholesky.apply(_square(input, "cholesky"), upper)


class Solve(Op):
    """X = A⁻¹B.   d/dB = A⁻ᵀ g,  d/dA = -(A⁻ᵀ g) Xᵀ"""

    @staticmethod
    def forward(ctx, A, B):
        try:
            X = ctx_xp(A, B).linalg.solve(A, B)
        except Exception as exc:
            raise _linalg_error("solve", f"The solver failed because the input matrix is singular ({exc})") from None
        ctx.save_for_backward(A, X)
        ctx.shapes = A.shape, B.shape
        return X

    @staticmethod
    def backward(ctx, g):
        A, X = ctx.saved_tensors
        gB = solve(A.mT, g)
        gA = -(gB @ X.mT)
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(gA, ctx.shapes[0]) if need_a else None, sum_to(gB, ctx.shapes[1]) if need_b else None)


def solve(A, B, *, left=True):
    """X with A X = B (B a matrix (..., n, k) or a vector (..., n))."""
    A = _square(A, "solve")
    B = tensor_arg(B, "solve")
    if not left:
        return solve(A.mT, B.mT).mT
    if A.dtype != B.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A of type {A.dtype} and "
                           f"B of type {B.dtype} instead")
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))
    if vector and B.shape[-1] == A.shape[-1]:
        return Solve.apply(A, B.unsqueeze(-1)).squeeze(-1)
    if vector or B.shape[-2] != A.shape[-1]:
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation AX = B ({tuple(A.shape)} "
                           f"and {tuple(B.shape)})")
    shape = np.broadcast_shapes(tuple(A.shape[:-2]), tuple(B.shape[:-2]))
    return Solve.apply(A.expand(shape + tuple(A.shape[-2:])), B.expand(shape + tuple(B.shape[-2:])))


class Pinv(Op):
    """out = A⁺ = V·diag(1/s)·Uᵀ from the SVD A = U·diag(s)·Vᵀ; singular values at most max(atol, rtol·s_max)
    count as zero (so a rank-deficient A is fine).   d/dA (for a constant rank):
    -out^T·g·out^T + (I - A·out)·g^T·out·out^T + out^T·out·g^T·(I - out·A)"""

    @staticmethod
    def forward(ctx, A, atol, rtol):
        xp = ctx_xp(A)
        u, s, vh = xp.linalg.svd(A, full_matrices=False)
        cutoff = xp.maximum(atol, rtol * (s.max(axis=-1, keepdims=True) if s.shape[-1] else 0))
        s_inv = xp.where(s > cutoff, 1 / xp.where(s > cutoff, s, 1), 0)
        out = (vh.swapaxes(-1, -2) * s_inv[..., None, :]) @ u.swapaxes(-1, -2)
        ctx.save_for_backward(A, out)
        return out.astype(A.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        A, out = ctx.saved_tensors
        m, n = A.shape[-2:]
        eye_m, eye_n = eye(m, dtype=A.dtype, device=A.device), eye(n, dtype=A.dtype, device=A.device)
        return (-(out.mT @ g @ out.mT) + (eye_m - A @ out) @ g.mT @ out @ out.mT
                + out.mT @ out @ g.mT @ (eye_n - out @ A)), None, None


def pinv_svd(A, atol, rtol, op):
    """The pseudo-inverse of a (batch of) matrices, any rank (torch's cut-off rule: see Pinv). As torch, rtol
    defaults to eps·max(m, n), or to 0 when only an atol > 0 is given."""
    A = tensor_arg(A, op)
    if A.ndim < 2 or not A.dtype.is_floating_point or A.dtype.name == "float16":
        raise RuntimeError(f"linalg.pinv({_TORCH_NAMES[A._data.dtype.name]}{{{list(A.shape)}}}): expected a tensor "
                           "with 2 or more dimensions of float, double, cfloat or cdouble types (convert with "
                           ".float(), or reshape a vector to a matrix)")
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else float(np.finfo(A._data.dtype).eps) * max(A.shape[-2:])
    return named(Pinv.apply(A, float(atol or 0.0), float(rtol)), "LinalgPinvBackward0")


def pinverse(input, rcond=1e-15):
    """The Moore-Penrose pseudo-inverse: singular values below rcond·s_max count as zero (differentiable)."""
    return pinv_svd(input, 0.0, rcond, "pinverse")


# ---------------------------------------------------------------------------------------------
# torch.linalg's vecdot and multi_dot: compositions of mul, sum and matmul
# ---------------------------------------------------------------------------------------------
def vecdot(x, y, *, dim=-1):
    """Σ x·y along ``dim`` (broadcasting)."""
    if getattr(x, "dtype", None) != getattr(y, "dtype", None) and hasattr(y, "dtype") and hasattr(x, "dtype"):
        from ._helpers import _TORCH_NAMES
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{_TORCH_NAMES[x._data.dtype.name]} and y of type {_TORCH_NAMES[y._data.dtype.name]} "
                           f"instead (x {x.dtype} {tuple(x.shape)}, y {y.dtype} {tuple(y.shape)}; convert one)")
    if tensor_arg(x, "vecdot")._data.dtype.kind in "biu":
        raise NotImplementedError(f"linalg.vecdot: Expected a floating point or complex tensor as input. Got {x.dtype} "
                                  "(convert it with .float())")
    return (x * y).sum(dim)


def multi_dot(tensors):
    """A chain of matrix products (the first may be a vector (n,), the last (m,))."""
    ts = list(tensors)
    tensor_list(ts, "multi_dot")
    if len(ts) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(ts)}")
    for i, t in enumerate(ts):
        end = "the first tensor" if i == 0 else "the last tensor" if i == len(ts) - 1 else None
        if (t.ndim not in (1, 2)) if end else t.ndim != 2:
            raise RuntimeError(f"multi_dot(): {end + ' must be 1D or 2D' if end else f'tensor {i} must be 2D'} but "
                               f"got {t.ndim}D (shape {tuple(t.shape)}; only the ends may be vectors)")
    first_vec, last_vec = ts[0].ndim == 1, ts[-1].ndim == 1
    if first_vec:
        ts[0] = ts[0].unsqueeze(0)
    if last_vec:
        ts[-1] = ts[-1].unsqueeze(-1)
    out = ts[0]
    for t in ts[1:]:
        out = out @ t
    if first_vec:
        out = out.squeeze(0)
    if last_vec:
        out = out.squeeze(-1)
    return out


def chain_matmul(*matrices):
    tensor_list(matrices, "chain_matmul")
    for m in matrices:
        if m.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {m.ndim}, expected 2 instead. (chain_matmul(): every argument "
                               f"must be a matrix, got shape {tuple(m.shape)}; use linalg.multi_dot for end vectors)")
    if len(matrices) == 1:                  # one matrix: a copy of it, as torch (multi_dot wants two)
        m = tensor_arg(matrices[0], "chain_matmul")
        if m.ndim != 2:
            raise RuntimeError(f"chain_matmul(): Tensor dimension is {m.ndim}, expected 2 instead (a matrix)")
        return m.clone()
    return multi_dot(matrices)


# ---------------------------------------------------------------------------------------------
# Tensor methods (torch.linalg's names for these functions are in minigrad/linalg.py)
# ---------------------------------------------------------------------------------------------
METHODS = {"inverse": inverse, "det": det, "slogdet": slogdet, "logdet": logdet, "cholesky": cholesky,
           "matrix_power": matrix_power, "pinverse": pinverse}

