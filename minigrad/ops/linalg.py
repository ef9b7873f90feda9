"""Matrix products: ``matmul`` (``@``) with torch's rules for vectors and batches, and friends."""
from __future__ import annotations

import math
import operator

import numpy as np

from .. import fast
from ..autograd.function import Op, named, rename_node
from ..tensor import Tensor, _wrap
from ._helpers import _TORCH_NAMES, number_arg, quiet, sum_to, tensor_args, write_out
from .pointwise import where


class Matmul(Op):
    """out = a @ b.   d/da = g @ bᵀ,  d/db = aᵀ @ g  (summed over broadcast batch dims)"""

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        if need_a or need_b:
            ctx.save_for_backward(a if need_b else None, b if need_a else None)
            ctx.shape_a, ctx.shape_b = a.shape, b.shape
            ctx.transposed = transposed_operands(a, b)
        if a.ndim == 2 and b.ndim > 2 and not a.flags.c_contiguous:
            a = a.copy()          # a transposed matrix against a batch: BLAS wants it contiguous
        return quiet(operator.matmul, a, b)      # (inf · 0 in a sum: NaN, silently as torch)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        shape_a, shape_b = ctx.shape_a, ctx.shape_b
        if len(shape_a) == 1 and len(shape_b) == 1:          # dot product: out = Σ a_i b_i
            return (g * b if need_a else None), (g * a if need_b else None)
        # a vector is a 1-row matrix on the left and a 1-column matrix on the right
        if len(shape_a) == 1:
            g = g.unsqueeze(-2)
            a = a.unsqueeze(0) if a is not None else None
        if len(shape_b) == 1:
            g = g.unsqueeze(-1)
            b = b.unsqueeze(-1) if b is not None else None
        ga, gb = mm_grads(g, a, b, ctx.needs_input_grad, ctx.transposed)
        if need_a:
            ga = sum_to(ga, ((1,) + shape_a) if len(shape_a) == 1 else shape_a).reshape(shape_a)
        if need_b:
            gb = sum_to(gb, (shape_b + (1,)) if len(shape_b) == 1 else shape_b).reshape(shape_b)
        return ga, gb


def transposed_operands(a, b):
    """For the arrays of a product a @ b: which operands are transposed views of contiguous matrices (2-D by
    2-D products only, as torch's mm)."""
    if a.ndim != 2 or b.ndim != 2:
        return _NEITHER
    fa, fb = a.flags, b.flags
    return (fa.f_contiguous and not fa.c_contiguous), (fb.f_contiguous and not fb.c_contiguous)


_NEITHER = (False, False)


def mm_grads(g, a, b, needs, transposed):
    """d/da = g @ bᵀ,  d/db = aᵀ @ g  (None where not needed). As torch's mm, an operand that is a transposed
    view (x @ w.t()) gets its gradient in its own layout, (gᵀ a)ᵀ, so that the gradient reaching w itself
    is contiguous (grad.view(-1) works)."""
    ga = ((b @ g.mT).mT if transposed[0] else g @ b.mT) if needs[0] else None
    gb = ((g.mT @ a).mT if transposed[1] else a.mT @ g) if needs[1] else None
    return ga, gb


def matmul(input, other, *, out=None, _op="matmul"):
    """Matrix product with torch's rules: 1-D x 1-D is a dot product, vectors are promoted to matrices,
    leading (batch) dims broadcast. (``_op``: the name errors give, for mm, bmm, mv and dot.)"""
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError(f"matmul(): both arguments must be tensors, got {type(input).__name__} and "
                        f"{type(other).__name__}")
    if input.__class__ is not Tensor and input.is_sparse:         # a sparse COO matrix (minigrad/sparse.py)
        return input.mm(other)
    if (input.__class__ is not Tensor or other.__class__ is not Tensor) and (input.dtype.is_complex or other.dtype.is_complex):
        from .._complex import matmul as complex_matmul          # complex operands: products of their parts
        return complex_matmul(input, other)
    if other.__class__ is not Tensor and other.is_sparse:
        return other.__rmatmul__(input)
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f"{_op}(): both arguments must have the same dtype, got {input.dtype} "
                           f"{tuple(input.shape)} and {other.dtype} {tuple(other.shape)}; convert one, e.g. "
                           "x.float() or model.double()")
    a, b = input, other
    sa, sb = a._data.shape, b._data.shape
    if len(sa) == 0 or len(sb) == 0:
        raise RuntimeError(f"matmul(): both arguments need at least 1 dimension, got shapes {tuple(sa)} and "
                           f"{tuple(sb)}; use * for scalars")
    k_a = sa[-1]
    k_b = sb[0] if len(sb) == 1 else sb[-2]
    if k_a != k_b:
        mats = f"mm: mat1 and mat2 shapes cannot be multiplied ({sa[-2] if len(sa) == 2 else 1}x{k_a} and " \
            f"{sb[0]}x{sb[1]}); " if len(sa) <= 2 and len(sb) == 2 else ""   # (torch's words for a matrix; 2.13: no "mm: ")
        raise RuntimeError(f"{mats}{_op}(): shapes {tuple(sa)} and {tuple(sb)} cannot be multiplied ({k_a} != "
                           f"{k_b}): the last dim of the first must equal the "
                           f"{'only' if len(sb) == 1 else 'second-to-last'} dim of the second")
    if len(sa) > 2 or len(sb) > 2:
        try:
            np.broadcast_shapes(sa[:-2], sb[:-2])
        except ValueError:
            raise RuntimeError(f"matmul(): batch dims of shapes {tuple(sa)} and {tuple(sb)} don't broadcast"
                               ) from None
    if a._data.dtype.kind in "b":
        raise NotImplementedError("\"addmm_impl_cpu_\" not implemented for 'Bool' (matmul(): bool tensors are not "
                                  "supported; convert to int or float first)")
    r = fast.multiplicative.deferred_product(a, b)     # in MultiplicativeUpdate's closure: made when read
    if r is None:
        r = Matmul.apply(a, b)
    if r._grad_fn is not None and len(sa) <= 2 and len(sb) <= 2:        # torch's names for these cases
        rename_node(r._grad_fn, {(2, 2): "MmBackward0", (1, 1): "DotBackward0", (2, 1): "MvBackward0",
                                 (1, 2): "SqueezeBackward4"}[len(sa), len(sb)])
    elif r._grad_fn is not None:        # batched: torch folds to one matrix product and views the result back;
        # a matrix times a batch is computed transposed and copied back to row-major
        rename_node(r._grad_fn, "CloneBackward0" if len(sa) == 2 else "UnsafeViewBackward0")
    return r if out is None else write_out(r, out, _op, exact=True)


def mm(input, mat2):
    tensor_args("mm", ("input", input), ("mat2", mat2))
    if input.ndim != 2 or mat2.ndim != 2:
        raise RuntimeError(f"mm(): expected 2-D tensors, got shapes {tuple(input.shape)} and {tuple(mat2.shape)}")
    return matmul(input, mat2, _op="mm")


def bmm(input, mat2):
    tensor_args("bmm", ("input", input), ("mat2", mat2))
    if input.ndim != 3 or mat2.ndim != 3 or input.shape[0] != mat2.shape[0]:
        raise RuntimeError(f"bmm(): expected 3-D tensors with the same batch size, got shapes "
                           f"{tuple(input.shape)} and {tuple(mat2.shape)}")
    return named(matmul(input, mat2, _op="bmm"), "BmmBackward0")


def mv(input, vec):
    tensor_args("mv", ("input", input), ("vec", vec))
    if input.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions (mv(): input must be a matrix, got a "
                         "0-d tensor)")
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"mv(): expected a matrix and a vector, got shapes {tuple(input.shape)} and "
                           f"{tuple(vec.shape)}")
    return matmul(input, vec, _op="mv")


def dot(input, other, *, _op="dot"):
    tensor_args(_op, ("input", input), ("tensor" if _op == "dot" else "other", other))
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"{_op}(): 1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    if input.shape[0] != other.shape[0]:
        raise RuntimeError(f"{_op}(): inconsistent tensor size, expected tensor [{input.shape[0]}] and src "
                           f"[{other.shape[0]}] to have the same number of elements")
    return matmul(input, other, _op=_op)


def vdot(input, other):
    """Σ conj(input)·other of two vectors: ``dot`` (minigrad's tensors are real, so nothing to conjugate)."""
    return named(dot(input, other, _op="vdot"), "VdotBackward0")


def inner(input, other):
    """Σ over the last dim of both: shapes (*a, k) and (*b, k) give (*a, *b); a 0-d input multiplies."""
    tensor_args("inner", ("input", input), ("other", other))
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    k = input.shape[-1]
    if other.shape[-1] != k:
        raise RuntimeError(f"inner(): the last dimension must match on both input tensors but got shapes "
                           f"{list(input.shape)} and {list(other.shape)}")
    rows = lambda t: math.prod(t.shape[:-1])          # (not -1: a last dim of size 0 leaves it undetermined)
    out = matmul(input.reshape(rows(input), k), other.reshape(rows(other), k).mT, _op="inner")
    return out.reshape(tuple(input.shape[:-1]) + tuple(other.shape[:-1]))


def outer(input, vec2):
    return input.reshape(-1, 1) * vec2.reshape(1, -1)


ger = outer


def _check_ndim(op, ndim, **tensors):
    kind = {2: "a matrix", 3: "a 3D tensor"}[ndim]
    for name, t in tensors.items():
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(t).__name__}")
        if t.ndim < ndim and op == "baddbmm":   # (torch reads the batch's dim 2 first: an IndexError)
            where = (f"Dimension out of range (expected to be in range of [{-t.ndim}, {t.ndim - 1}], but got 2)"
                     if t.ndim else "Dimension specified as 0 but tensor has no dimensions")
            raise IndexError(f"{where} ({op}(): {name} must be {kind}, got {t.ndim}-D tensor of shape "
                             f"{tuple(t.shape)})")
        if t.ndim != ndim:
            raise RuntimeError(f"{op}(): {name} must be {kind}, got {t.ndim}-D tensor of shape {tuple(t.shape)}")


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    _check_ndim("addmm", 2, mat1=mat1, mat2=mat2)
    if isinstance(input, Tensor) and input._data.dtype != mat2._data.dtype:
        n1, n2 = _TORCH_NAMES[input._data.dtype.name], _TORCH_NAMES[mat2._data.dtype.name]
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {n1} and {n2} (addmm(): input is "
                           f"{input.dtype}, mat1/mat2 {mat2.dtype}; convert the input, e.g. input.to(mat2.dtype))")
    return named(add_scaled(input, matmul(mat1, mat2), beta, alpha, "addmm"), "AddmmBackward0")


def add_scaled(input, prod, beta, alpha, op):
    """beta·input + alpha·prod as torch's addmm family: ``input`` broadcasts to prod's shape (never the other
    way), and beta = 0 does not read it (NaN there is ignored; its gradient is 0)."""
    tensor_args(op, ("input", input), first=1)
    number_arg(beta, op, "beta")
    number_arg(alpha, op, "alpha")
    if input.shape != prod.shape:
        _check_expands(input.shape, prod.shape, op)
    if prod._data.dtype.kind in "biu":          # integer products: the scales are cast to int first (torch)
        beta, alpha = int(beta), int(alpha)
    if alpha != 1:
        prod = prod * alpha
    if beta == 0 and isinstance(input, Tensor):
        return prod + where(_wrap(input.xp.zeros(input.shape, bool)), input, 0)   # 0, connected to input
    return prod + (input if beta == 1 else input * beta)


def _check_expands(shape, target, op):
    shape, target = tuple(shape), tuple(target)
    for i in range(1, len(shape) + 1):
        if i > len(target) or shape[-i] not in (1, target[-i]):
            raise RuntimeError(f"{op}(): the input of shape {shape} does not broadcast to the product's shape "
                               f"{target} (the expanded size of the tensor must match the existing size at "
                               "non-singleton dimensions); reshape the input to match")


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    _check_ndim("baddbmm", 3, batch1=batch1, batch2=batch2)
    if isinstance(input, Tensor) and not input._data.dtype == batch1._data.dtype == batch2._data.dtype:
        n = [_TORCH_NAMES[t._data.dtype.name].lower() for t in (input, batch1, batch2)]
        raise RuntimeError(f"Input dtypes must be the same, got: input {n[0]}, batch1: {n[1]}, batch2: {n[2]} "
                           f"(baddbmm(): input {input.dtype}, batch1 {batch1.dtype}, batch2 {batch2.dtype}; convert "
                           "them to one dtype, e.g. .float())")
    if batch1.shape[0] != batch2.shape[0]:
        raise RuntimeError(f"baddbmm(): Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch1.shape[0]}, {batch1.shape[2]}] but got: [{batch2.shape[0]}, {batch2.shape[1]}] "
                           f"(batch1 {tuple(batch1.shape)}, batch2 {tuple(batch2.shape)}: the batch sizes must "
                           "be equal)")
    return add_scaled(input, matmul(batch1, batch2), beta, alpha, "baddbmm")


def linear(input, weight, bias=None):
    """input @ weightᵀ + bias, as ``torch.nn.functional.linear``."""
    out = matmul(input, weight.mT if weight.ndim == 2 else weight)
    return out if bias is None else out + bias
