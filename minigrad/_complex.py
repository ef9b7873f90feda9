"""Complex tensors, for rotary position embeddings written with them (Meta's LLaMA:
``torch.view_as_real(torch.view_as_complex(x.reshape(..., -1, 2)) * freqs_cis)``, ``torch.polar``).

minigrad's arrays are real, so a complex tensor keeps its real and imaginary parts side by side in a real
tensor with one more dim of size 2 -- exactly what ``view_as_real`` shows -- and every complex op is a few
real ops on the parts: (a+bi)(c+di) = (ac-bd) + (ad+bc)i. Autograd needs nothing new: the gradient that
reaches the parts is torch's complex gradient (dL/da + i dL/db for a real loss) seen through
``view_as_real``. ``view_as_complex``/``view_as_real`` share the parts, as torch's views share memory.

What works: ``view_as_complex``, ``view_as_real``, ``polar``, ``complex``; ``.real``/``.imag``, ``+ - *``
with complex or real tensors and numbers, ``/`` by a real, ``conj``, ``abs``, ``angle``, ``exp``, ``sum``,
shape ops (view/reshape/flatten/unsqueeze/squeeze/permute/transpose/indexing), ``to``/``detach``/``clone``,
and torch's printing. Any other op raises NotImplementedError naming ``view_as_real``.
"""
from __future__ import annotations

import builtins

import numpy as np

from . import dtypes
from .autograd.function import named
from ._format import complex_repr
from .ops.pointwise import cos, exp, sin, sqrt
from .ops.special import atan2
from .ops.shape import broadcast_tensors, stack
from .tensor import Size, Tensor


class _NoRealArray:
    """What a complex tensor holds where a real tensor holds its array: an op that reads it raises."""
    __slots__ = ()

    def __getattr__(self, name):
        raise NotImplementedError(
            f"this op has no complex form in minigrad (it read the real array's {name!r}); a complex tensor "
            "supports + - * /, conj, abs, angle, exp, sum, real/imag and shape ops: for anything else work on "
            "torch.view_as_real(z) (its real and imaginary parts, last dim)")


_NO_REAL_ARRAY = _NoRealArray()
_COMPLEX_OF = {np.dtype(np.float32): dtypes.complex64, np.dtype(np.float64): dtypes.complex128}


class ComplexTensor(Tensor):
    """A complex tensor whose parts are ``_parts`` (a real float32/float64 Tensor, last dim 2)."""

    def __init__(self, parts):
        object.__setattr__(self, "_data", _NO_REAL_ARRAY)
        self._parts = parts
        self._requires_grad, self._grad_fn, self._version_counter = False, None, parts._version_counter

    # --- what it is
    shape = property(lambda self: Size(self._parts.shape[:-1]))
    dtype = property(lambda self: _COMPLEX_OF[self._parts._data.dtype])
    device = property(lambda self: self._parts.device)
    is_cuda = property(lambda self: self._parts.is_cuda)
    ndim = property(lambda self: self._parts.ndim - 1)
    requires_grad = property(lambda self: self._parts.requires_grad,
                             lambda self, flag: self._parts.requires_grad_(flag))
    grad_fn = property(lambda self: self._parts.grad_fn)
    is_leaf = property(lambda self: self._parts.is_leaf)
    real = property(lambda self: self._parts[..., 0])
    imag = property(lambda self: self._parts[..., 1])
    data = property(lambda self: self.detach())

    @property
    def grad(self):
        g = self._parts.grad
        return None if g is None else ComplexTensor(g)

    def size(self, dim=None):
        return self.shape if dim is None else self.shape[dim]

    def dim(self):
        return self.ndim

    def numel(self):
        return int(np.prod(self.shape))

    def __len__(self):
        return self.shape[0]

    def is_complex(self):
        return True

    def is_floating_point(self):
        return False

    def requires_grad_(self, requires_grad=True):
        self._parts.requires_grad_(requires_grad)
        return self

    def detach(self):
        return ComplexTensor(self._parts.detach())

    def clone(self, *, memory_format=None):
        return ComplexTensor(self._parts.clone())

    def contiguous(self, memory_format=None):
        return ComplexTensor(self._parts.contiguous())

    def to(self, *args, **kwargs):
        """A device move; a complex dtype gives its parts' precision (complex64: float32)."""
        args = [_real_dtype(a) for a in args]
        if "dtype" in kwargs:
            kwargs["dtype"] = _real_dtype(kwargs["dtype"])
        return ComplexTensor(self._parts.to(*args, **kwargs))

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None):
        return self.to("cuda" if device is None else device)

    def type_as(self, other):
        return self.to(other.device)

    def numpy(self, *, force=False):
        parts = self._parts.numpy(force=force) if force else self._parts.numpy()
        out = np.empty(parts.shape[:-1], np.complex64 if parts.dtype == np.float32 else np.complex128)
        out.real, out.imag = parts[..., 0], parts[..., 1]
        return out

    def tolist(self):
        return self.detach().numpy().tolist()

    def item(self):
        return builtins.complex(self.detach().numpy().reshape(-1)[0]) if self.numel() == 1 else self._parts.item()

    # --- shape ops: on the leading dims of the parts
    def view(self, *shape):
        return ComplexTensor(self._parts.view(*_shape(shape), 2))

    def reshape(self, *shape):
        return ComplexTensor(self._parts.reshape(*_shape(shape), 2))

    def flatten(self, start_dim=0, end_dim=-1):
        return ComplexTensor(self._parts.flatten(start_dim % max(self.ndim, 1), end_dim % max(self.ndim, 1)))

    def unsqueeze(self, dim):
        return ComplexTensor(self._parts.unsqueeze(dim % (self.ndim + 1)))

    def squeeze(self, dim=None):
        if dim is None:
            dims = [d for d, n in enumerate(self.shape) if n == 1]
            return ComplexTensor(self._parts.squeeze(tuple(dims))) if dims else self
        return ComplexTensor(self._parts.squeeze(dim % max(self.ndim, 1)))

    def permute(self, *dims):
        dims = _shape(dims)
        return ComplexTensor(self._parts.permute(*[d % self.ndim for d in dims], self.ndim))

    def transpose(self, dim0, dim1):
        return ComplexTensor(self._parts.transpose(dim0 % self.ndim, dim1 % self.ndim))

    def expand(self, *sizes):
        return ComplexTensor(self._parts.expand(*_shape(sizes), 2))

    def __getitem__(self, index):
        index = index if isinstance(index, tuple) else (index,)
        tail = (slice(None),) if any(i is Ellipsis for i in index) else (Ellipsis, slice(None))
        return ComplexTensor(self._parts[index + tail])

    # --- arithmetic
    def conj(self):
        return ComplexTensor(stack([self.real, -self.imag], -1))

    def abs(self):
        return sqrt(self.real * self.real + self.imag * self.imag)

    def angle(self):
        return atan2(self.imag, self.real)

    def exp(self):
        r = exp(self.real)
        return ComplexTensor(stack([r * cos(self.imag), r * sin(self.imag)], -1))

    def sum(self, dim=None, keepdim=False):
        if dim is None:
            return ComplexTensor(named(self._parts.reshape(-1, 2).sum(0), "SumBackward0"))
        dims = [d % self.ndim for d in ((dim,) if isinstance(dim, int) else dim)]
        return ComplexTensor(self._parts.sum(tuple(dims), keepdim=keepdim))

    def __add__(self, other):
        re, im = _parts_of(other)
        return ComplexTensor(stack([self.real + re, self.imag + im], -1))

    __radd__ = __add__

    def __sub__(self, other):
        re, im = _parts_of(other)
        return ComplexTensor(stack([self.real - re, self.imag - im], -1))

    def __rsub__(self, other):
        return -self + other

    def __neg__(self):
        return ComplexTensor(-self._parts)

    def __mul__(self, other):
        re, im = _parts_of(other)
        a, b = self.real, self.imag
        if isinstance(im, (int, float)) and im == 0:            # by a real: both parts scale
            return ComplexTensor(self._parts * (re.unsqueeze(-1) if isinstance(re, Tensor) else re))
        return ComplexTensor(stack([a * re - b * im, a * im + b * re], -1))

    __rmul__ = __mul__

    def __truediv__(self, other):
        re, im = _parts_of(other)
        if not (isinstance(im, (int, float)) and im == 0):
            raise NotImplementedError("division by a complex value: multiply by its conj() and divide by its abs()**2")
        return ComplexTensor(self._parts / (re.unsqueeze(-1) if isinstance(re, Tensor) else re))

    def __repr__(self):
        return complex_repr(self)

    __str__ = __repr__

    def __reduce__(self):
        return (ComplexTensor, (self._parts,))

    def __deepcopy__(self, memo):
        return self.clone()


_SCALAR_TYPE = {dtypes.float16: "Half", dtypes.int64: "Long", dtypes.int32: "Int", dtypes.int16: "Short",
                dtypes.int8: "Char", dtypes.uint8: "Byte", dtypes.bool: "Bool"}


def _shape(shape):
    return tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list, Size)) else tuple(shape)


def _real_dtype(d):
    return {dtypes.complex64: dtypes.float32, dtypes.complex128: dtypes.float64}.get(d, d) \
        if isinstance(d, dtypes.dtype) else d


def _parts_of(other):
    """(real part, imaginary part) of a complex tensor, a real tensor, or a number."""
    if isinstance(other, ComplexTensor):
        return other.real, other.imag
    if isinstance(other, builtins.complex):
        return other.real, other.imag
    if isinstance(other, (Tensor, int, float)):
        return other, 0
    raise TypeError(f"a complex tensor combines with tensors and numbers, not {type(other).__name__}")


# ------------------------------------------------------------------------------------------------- torch's functions
def view_as_complex(input):
    """The complex tensor whose (real, imaginary) parts are ``input``'s last dim (size 2), sharing them."""
    if isinstance(input, ComplexTensor) or not isinstance(input, Tensor):
        raise TypeError(f"view_as_complex(): expected a real tensor, got {type(input).__name__}")
    if input.dtype not in (dtypes.float32, dtypes.float64):
        raise NotImplementedError(f"view_as_complex is only supported for half, float and double tensors, but got "
                                  f"a tensor of scalar type: {_SCALAR_TYPE.get(input.dtype, input.dtype)} (minigrad: "
                                  "float and double)")
    if input.dim() == 0 or input.shape[-1] != 2:
        raise RuntimeError(f"Tensor must have a last dimension of size 2 (view_as_complex(): got shape "
                           f"{list(input.shape)}; reshape to (..., -1, 2) first)")
    return ComplexTensor(named(input.view(input.shape), "ViewAsComplexBackward0"))


def view_as_real(input):
    """A complex tensor's (real, imaginary) parts as a real tensor with a last dim of size 2 (shared)."""
    if not isinstance(input, ComplexTensor):
        raise TypeError(f"view_as_real is only supported for complex tensors (got {input.dtype if isinstance(input, Tensor) else type(input).__name__})")
    return named(input._parts.view(input._parts.shape), "ViewAsRealBackward0")


def complex(real, imag):
    """``real + imag·i`` for two real tensors of the same float dtype (broadcast)."""
    if real.dtype != imag.dtype or real.dtype not in (dtypes.float32, dtypes.float64):
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got {real.dtype} and "
                           f"{imag.dtype}")
    return ComplexTensor(stack(list(_broadcast(real, imag)), -1))


def polar(abs, angle):
    """``abs · (cos(angle) + i·sin(angle))``."""
    if abs.dtype != angle.dtype:
        raise RuntimeError(f"Expected object of scalar type {abs.dtype} but got {angle.dtype} for argument 'angle'")
    return ComplexTensor(stack(list(_broadcast(abs * cos(angle), abs * sin(angle))), -1))


def _broadcast(a, b):
    return broadcast_tensors(a, b)
