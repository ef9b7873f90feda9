"""Small functions and methods that published PyTorch programs call, written with the ops that exist (no op
of their own: each one's gradient is its parts'). Real tensors only: the complex-number helpers (``conj``,
``real``, ``resolve_conj``) are what they are for a real tensor, and ``imag`` refuses, as torch's does."""
from __future__ import annotations

import itertools
import numbers

import numpy as np

from .. import dtypes
from ..tensor import Tensor, _wrap
from ..autograd.function import Op, named
from ..backend import array_module
from ._helpers import _shape_args, one_dim, tensor_arg


# ---------------------------------------------------------------------------------------------
# In-place forms and methods of functions that exist
# ---------------------------------------------------------------------------------------------
def tril_(self, diagonal=0):
    from .inplace import run_inplace
    return run_inplace(self, lambda t, _: t.tril(diagonal), None, "tril_")


def triu_(self, diagonal=0):
    from .inplace import run_inplace
    return run_inplace(self, lambda t, _: t.triu(diagonal), None, "triu_")


def square_(self):
    from .inplace import run_inplace
    return run_inplace(self, lambda t, _: t.square(), None, "square_")      # (bool: int64, refused as torch)


def sgn(input):
    """sign(x) for real x (torch's sgn is x/|x| for complex numbers)."""
    return tensor_arg(input, "sgn").sign()


class Angle(Op):
    """out = the argument of a real x: π where x < 0, 0 elsewhere, NaN kept.   d/dx = 0 (as torch)"""

    @staticmethod
    def forward(ctx, x):
        xp = array_module(x)
        return xp.where(x < 0, x.dtype.type(np.pi), xp.where(x != x, x, 0)).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        return _wrap(array_module(g._data).zeros_like(g._data))


def angle(input):
    """torch.angle: of a real tensor, π for the negative numbers and 0 for the others (an int or bool input gives
    the default float dtype); of a complex tensor, atan2(imag, real)."""
    if isinstance(input, Tensor) and input.is_complex():
        return input.angle()                            # (minigrad's complex tensors: _complex.py)
    t = tensor_arg(input, "angle")
    return named(Angle.apply(t if t.dtype.is_floating_point else t.to(dtypes.get_default_dtype())), "AngleBackward0")


def conj(input):
    """The complex conjugate: a real tensor itself (as torch's, which returns a view)."""
    return tensor_arg(input, "conj").conj() if input.dtype.is_complex else input


def conj_physical(input):
    """The complex conjugate, computed (minigrad's conj always is): a real tensor itself, as torch's."""
    return tensor_arg(input, "conj_physical").conj() if input.dtype.is_complex else input


resolve_conj = resolve_neg = conj


def real(input):
    """The real part: a real tensor itself; a complex one's real parts."""
    return tensor_arg(input, "real").real


def imag(input):
    t = tensor_arg(input, "imag")
    if t.dtype.is_complex:
        return t.imag
    raise TypeError(f"imag is not implemented for tensors with non-complex dtypes (imag(): got {t.dtype}; "
                    "minigrad has no complex dtypes)")      # (torch >= 2.15's TypeError; 2.13 raised RuntimeError)


def is_complex(input) -> bool:
    tensor_arg(input, "is_complex")
    return input.dtype.is_complex


def is_nonzero(input) -> bool:
    """bool(x) of a one-element tensor (torch's RuntimeError for more, or none)."""
    t = tensor_arg(input, "is_nonzero")
    if t.numel() == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if t.numel() > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(t.item())


def narrow_copy(input, dim, start, length):
    return tensor_arg(input, "narrow_copy").narrow(dim, start, length).clone()


def split_with_sizes(input, split_sizes, dim=0):
    return tensor_arg(input, "split_with_sizes").split(list(split_sizes), dim)


def _split_along(input, sections, dim, op, least):
    t = tensor_arg(input, op)
    if t.ndim < least:
        raise RuntimeError(f"{op} requires a tensor with at least {least} dimension, but got a tensor with "
                           f"{t.ndim} dimensions!")
    if isinstance(sections, numbers.Integral) and (sections == 0 or t.shape[dim] % sections):
        raise RuntimeError(f"{op} attempted to split along dimension {dim}, but the size of the dimension "
                           f"{t.shape[dim]} is not divisible by the split_size {sections}!")
    return t.tensor_split(sections, dim)


def hsplit(input, sections):
    t = tensor_arg(input, "hsplit")
    return _split_along(t, sections, 0 if t.ndim == 1 else 1, "torch.hsplit", 1)


def vsplit(input, sections):
    return _split_along(input, sections, 0, "torch.vsplit", 2)


def dsplit(input, sections):
    return _split_along(input, sections, 2, "torch.dsplit", 3)


# ---------------------------------------------------------------------------------------------
# Scatter forms: a copy of the input with one slice, slice range or diagonal replaced by src
# ---------------------------------------------------------------------------------------------
def _replaced(input, src, view_of, op):
    t, s = tensor_arg(input, op), tensor_arg(src, op)
    out = t.clone()
    target = view_of(out)
    if tuple(target.shape) != tuple(s.shape):
        raise RuntimeError(f"{op}(): expected src to have a size equal to the slice of self. src size = "
                           f"{list(s.shape)}, slice size = {list(target.shape)}")
    target.copy_(s)
    return out


def select_scatter(input, src, dim, index):
    return _replaced(input, src, lambda o: o.select(dim, index), "select_scatter")


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    def view(o):
        d = one_dim(dim, o.ndim, "slice_scatter")
        return o[(slice(None),) * d + (slice(start, end, step),)]
    return _replaced(input, src, view, "slice_scatter")


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    return _replaced(input, src, lambda o: o.diagonal(offset, dim1, dim2), "diagonal_scatter")


# ---------------------------------------------------------------------------------------------
# Constructions from a vector
# ---------------------------------------------------------------------------------------------
def vander(x, N=None, increasing=False):
    """Columns x^0 .. x^(N-1) (decreasing powers unless ``increasing``), as torch.vander."""
    t = tensor_arg(x, "vander")
    if t.ndim != 1:
        raise RuntimeError(f"x must be a one-dimensional tensor (vander(): got shape {tuple(t.shape)})")
    n = t.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    if t.dtype.is_floating_point is False and t.dtype is not dtypes.int64:
        t = t.long()
    powers = [t.new_ones(t.shape)] + [t ** k for k in range(1, n)] if n else []
    if not increasing:
        powers = powers[::-1]
    from .shape import stack
    return stack(powers, 1) if powers else t.new_zeros((t.shape[0], 0))


def combinations(input, r=2, with_replacement=False):
    """All r-length combinations of a 1-D tensor's elements, one per row (as itertools orders them)."""
    t = tensor_arg(input, "combinations")
    if t.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return t.new_zeros((0,))
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    rows = np.array(list(pick(range(t.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    idx = _wrap(t.xp.asarray(rows.reshape(-1)))
    return t[idx].reshape(-1, r)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """Running trapezoid-rule integral of y along ``dim`` (one fewer element than y there)."""
    t = tensor_arg(y, "cumulative_trapezoid")
    if t.dtype is dtypes.bool:
        raise NotImplementedError("cumulative_trapezoid: received a bool input for `y`, but bool is not supported "
                                  "(convert it with .float())")
    d = one_dim(dim, t.ndim, "cumulative_trapezoid")
    n = t.shape[d]
    if n == 0:
        return t.narrow(d, 0, 0)
    mid = (t.narrow(d, 1, n - 1) + t.narrow(d, 0, n - 1)) / 2
    if x is not None:
        xs = tensor_arg(x, "cumulative_trapezoid")
        xd = one_dim(dim, xs.ndim, "cumulative_trapezoid") if xs.ndim > 1 else 0
        steps = xs.narrow(xd, 1, n - 1) - xs.narrow(xd, 0, n - 1)
        if xs.ndim == 1 and t.ndim > 1:
            steps = steps.reshape((-1,) + (1,) * (t.ndim - d - 1))
        mid = mid * steps
    else:
        mid = mid * (1.0 if dx is None else dx)
    return mid.cumsum(d)


def unravel_index(indices, shape):
    """The coordinates of flat indices in ``shape``: a tuple of int64 tensors (torch.unravel_index)."""
    t = indices if isinstance(indices, Tensor) else _wrap(np.asarray(indices))
    if t.dtype.is_floating_point or t.dtype is dtypes.bool:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {t.dtype}")
    shape = (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)
    size = int(np.prod(shape))
    flat = t._data
    if flat.size and (flat.min() < -size or flat.max() >= size):
        raise RuntimeError(f"unravel_index(): indices out of bounds for shape {shape}")
    coords = t.xp.unravel_index(flat % size if size else flat, shape)
    return tuple(_wrap(c.astype(np.int64)) for c in coords)


# ---------------------------------------------------------------------------------------------
# Small methods of torch's Tensor
# ---------------------------------------------------------------------------------------------






def adjoint(input):
    """The conjugate transpose of the last two dims: for a real tensor, ``t.mT`` (a view)."""
    t = tensor_arg(input, "adjoint")
    if t.ndim == 0:                        # the identity, as torch (which deprecates it from 2.15)
        return t.view(())
    if t.ndim < 2:
        raise RuntimeError(f"adjoint() is only supported on matrices or batches of matrices, got shape {tuple(t.shape)}"
                           "; use t.t() or t.unsqueeze(0)")
    return t.transpose(-2, -1)


def sum_to_size(self, *size):
    """Sum ``self`` down to ``size``, a shape ``self`` could be expanded from (torch's sum_to_size):
    the dims ``size`` lacks or has as 1 are summed."""
    shape = tuple(_shape_args(size, "sum_to_size"))
    own = tuple(self.shape)
    lead = len(own) - len(shape)
    if lead < 0 or any(s != o and s != 1 for s, o in zip(shape, own[lead:])):
        raise RuntimeError(f"size {{{list(shape)}}} is not expandable to size {{{list(own)}}} (sum_to_size(): each "
                           "dim of the size must be 1 or equal to the tensor's, counting from the last)")
    dims = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1 and own[lead + i] != 1)
    return self.sum(dims, keepdim=True).reshape(shape) if dims else self




def _bernoulli(self, p=None, *, generator=None):
    from ..factories import bernoulli
    if isinstance(p, Tensor):
        raise TypeError("bernoulli(): argument 'p' must be a float, not Tensor (t.bernoulli() draws with t's "
                        "values as the probabilities; minigrad.bernoulli(probs) takes a tensor)")
    return bernoulli(self, p, generator=generator)


# ---------------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------------
def can_cast(from_, to) -> bool:
    """torch's casting rule for in-place ops and ``out=``: never to a lower category (float to int, int to
    bool); within a category any size goes."""
    a, b = dtypes.as_dtype(from_, "can_cast"), dtypes.as_dtype(to, "can_cast")
    return a._kind <= b._kind


def result_type(tensor, other) -> dtypes.dtype:
    """The dtype an elementwise op of ``tensor`` and ``other`` (a tensor or a number) gives, by torch's rules."""
    for name, v in (("tensor", tensor), ("other", other)):
        if not isinstance(v, (Tensor, numbers.Number)):
            raise TypeError(f"result_type(): argument '{name}' must be Tensor or Number, not {type(v).__name__}")
    return dtypes.result_type(tensor, other)


def typename(obj) -> str:
    """'torch.FloatTensor'-style names for tensors (minigrad's), the class name for anything else."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = type(obj)
    return cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def _baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
    from .linalg import baddbmm
    return baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)


def _multinomial(self, num_samples, replacement=False, *, generator=None):
    from ..factories import multinomial
    return multinomial(self, num_samples, replacement, generator=generator)


def _refuse_imag(self):
    return imag(self)


def isreal(input):
    """True everywhere: minigrad has no complex tensors (torch's answer for a real tensor)."""
    t = tensor_arg(input, "isreal")
    return _wrap(t.xp.ones(t._data.shape, bool))


def is_same_size(input, other) -> bool:
    return tuple(tensor_arg(input, "is_same_size").shape) == tuple(tensor_arg(other, "is_same_size").shape)


def _false(self) -> bool:
    return False


def range_(start, end, step=1, *, dtype=None, device=None, requires_grad=False):
    """torch.range (deprecated there): ``start`` to ``end`` *including* ``end``, floats by default."""
    import warnings
    from ..factories import arange
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).", UserWarning, stacklevel=2)
    n = int((end - start) // step) + 1
    out = arange(n, dtype=dtypes.float64) * step + start
    return out.to(dtypes.get_default_dtype() if dtype is None else dtype).to(device or out.device).requires_grad_(
        requires_grad)


def _absent(name, what, fix):
    def refuse(*args, **kwargs):
        raise TypeError(f"{name}(): minigrad has no {what} (its tensors are dense NumPy/CuPy arrays of real "
                        f"numbers), so torch.{name} is not available; {fix}")
    refuse.__name__ = refuse.__qualname__ = name
    refuse.__doc__ = f"torch.{name}: refused with a TypeError (minigrad has no {what})."
    return refuse


_SPARSE_FIX = ("build the dense matrix, A = torch.zeros(size).index_put_((indices[0], indices[1]), values, "
               "accumulate=True), and multiply with torch.mm (the same values)")

sparse_csr_tensor = _absent("sparse_csr_tensor", "sparse CSR tensors", _SPARSE_FIX.replace(
    "build the dense matrix", "use torch.sparse_coo_tensor (COO: the same entries) or build the dense matrix"))


def _assert(condition, message):
    """torch._assert (timm's and torchvision's shape checks): ``assert condition, message``, a Python assert
    that ``python -O`` does not remove."""
    if not condition:
        raise AssertionError(message)


def empty_strided(size, stride, *, dtype=None, device=None, requires_grad=False, **_):
    """An uninitialised tensor of ``size`` laid out with ``stride`` (in elements), as torch's."""
    from ..factories import empty
    if len(tuple(stride)) != len(tuple(size)):
        raise RuntimeError(f"dimensionality of sizes ({len(tuple(size))}) must match dimensionality of strides "
                           f"({len(tuple(stride))}) (empty_strided(): give one stride per dim)")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and strides={list(stride)} "
                           "(empty_strided(): strides must be non-negative)")
    size, stride = tuple(size), tuple(stride)
    n = 0 if 0 in size else 1 + sum((k - 1) * st for k, st in zip(size, stride))    # the storage it spans
    out = empty(n, dtype=dtype, device=device).as_strided(size, stride).detach()      # (laid out as asked)
    return out.requires_grad_() if requires_grad else out


METHODS = {"angle": angle, "real": property(conj), "imag": property(_refuse_imag), "tril_": tril_, "triu_": triu_, "square_": square_, "sgn": sgn, "conj": conj, "resolve_conj": conj,
           "conj_physical": conj_physical,
           "resolve_neg": conj, "is_complex": is_complex, "is_nonzero": is_nonzero, "narrow_copy": narrow_copy,
           "split_with_sizes": split_with_sizes, "hsplit": hsplit, "vsplit": vsplit, "dsplit": dsplit,
           "select_scatter": select_scatter, "slice_scatter": slice_scatter, "diagonal_scatter": diagonal_scatter,
           "cumulative_trapezoid": cumulative_trapezoid, "baddbmm": _baddbmm, "multinomial": _multinomial,
           "adjoint": adjoint, "mH": property(adjoint),       # (positive, isposinf, isneginf, renorm: misc.py, algebra.py)
           "sum_to_size": sum_to_size, "bernoulli": _bernoulli, "is_cpu": property(lambda self: not self.is_cuda),
           "is_conj": _false, "is_neg": _false, "isreal": isreal, "is_same_size": is_same_size,
           "is_meta": property(_false), "is_quantized": property(_false),
           "new_empty_strided": lambda self, size, stride, **kw: empty_strided(
               size, stride, **{"dtype": self.dtype, "device": self.device, **kw})}
