"""Complex tensors, for rotary position embeddings written with them (Meta's LLaMA:
``torch.view_as_real(torch.view_as_complex(x.reshape(..., -1, 2)) * freqs_cis)``, ``torch.polar``).

minigrad's arrays are real, so a complex tensor keeps its real and imaginary parts side by side in a real
tensor with one more dim of size 2 -- exactly what ``view_as_real`` shows -- and every complex op is a few
real ops on the parts: (a+bi)(c+di) = (ac-bd) + (ad+bc)i. Autograd needs nothing new: the gradient that
reaches the parts is torch's complex gradient (dL/da + i dL/db for a real loss) seen through
``view_as_real``. ``view_as_complex``/``view_as_real`` share the parts, as torch's views share memory.

What works: ``view_as_complex``, ``view_as_real``, ``polar``, ``complex``; ``.real``/``.imag`` (settable),
``+ - * /`` with complex or real tensors and Python numbers (``x * 1j``), ``@``/``matmul``/``einsum`` (two complex
operands of one dtype, as torch), ``conj``, ``abs``, ``angle``, ``exp``, ``sum``, ``mean``, ``norm``, ``z**2``,
``roll``, ``cat``/``stack``, shape ops (view/reshape/flatten/unsqueeze/squeeze/permute/transpose/T/mT/flip/repeat/
chunk/split/indexing, indexed assignment), ``to``/``detach``/``clone``/``copy_``, torch's printing; complex
factories (``zeros``, ``ones``, ``empty``, ``rand``, ``randn``, ``*_like`` with ``dtype=torch.cfloat/cdouble``,
``tensor`` of complex numbers, ``from_numpy`` of a complex array), complex ``nn.Parameter``s
(minigrad/_complex_parameter.py: their parts are the leaf an optimizer updates -- torch's optimizers also step
complex parameters as ``view_as_real`` pairs) and ``torch.fft`` (minigrad/fft.py). Any other op raises
NotImplementedError naming ``view_as_real``.
"""
from __future__ import annotations

import builtins

import numpy as np

from . import dtypes
from .autograd.function import Op, named
from .backend import array_module
from ._format import complex_repr
from .ops.einsum import einsum as _real_einsum
from .ops.linalg import matmul as _real_matmul
from .ops.pointwise import cos, exp, sin
from .ops.special import atan2
from .ops.shape import broadcast_tensors, stack
from .tensor import Size, Tensor


class _NoRealArray:
    """What a complex tensor holds where a real tensor holds its array: an op that reads it raises."""
    __slots__ = ()

    def __getattr__(self, name):
        raise NotImplementedError(
            f"this op has no complex form in minigrad (it read the real array's {name!r}); a complex tensor "
            "supports + - * /, matmul/einsum, conj, abs, angle, exp, sum, mean, real/imag, shape ops and torch.fft: "
            "for anything else work on "
            "torch.view_as_real(z) (its real and imaginary parts, last dim)")


_NO_REAL_ARRAY = _NoRealArray()


class ComplexAbs(Op):
    """|z| of z's parts (last dim 2).   d|z|/d(re, im) = (re, im) / |z|  (0 at z = 0, as torch's sgn)"""
    torch_name = "AbsBackward0"

    @staticmethod
    def forward(ctx, parts):
        r = array_module(parts).hypot(parts[..., 0], parts[..., 1])
        ctx.save_for_backward(parts, r)
        return r

    @staticmethod
    def backward(ctx, g):
        parts, r = ctx.saved_tensors
        return (g / r.masked_fill(r == 0, 1)).unsqueeze(-1) * parts
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
    data = property(lambda self: self.detach())

    @property
    def real(self):
        return self._parts[..., 0]

    @real.setter
    def real(self, value):                      # z.real = x: writes the real parts (torch's z.real.copy_(x))
        self._parts[..., 0] = value

    @property
    def imag(self):
        return self._parts[..., 1]

    @imag.setter
    def imag(self, value):
        self._parts[..., 1] = value

    @property
    def grad(self):
        g = self._parts.grad
        return None if g is None else ComplexTensor(g)

    @grad.setter
    def grad(self, value):                      # (zero_grad's p.grad = None)
        self._parts.grad = None if value is None else as_complex(value)._parts

    def size(self, dim=None):
        return self.shape if dim is None else self.shape[dim]

    def dim(self):
        return self.ndim

    def numel(self):
        return int(np.prod(self.shape))

    def element_size(self):                     # (bytes per complex element: both parts)
        return 2 * self._parts._data.itemsize

    itemsize = property(element_size)
    nbytes = property(lambda self: self.numel() * self.element_size())

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
        return ComplexTensor(self._parts[_parts_index(index)])

    def __setitem__(self, index, value):
        """z[i] = w: both parts written (differentiable, as the parts' own indexed assignment)."""
        value = value if isinstance(value, (Tensor, builtins.complex, int, float)) else builtins.complex(value)
        self._parts[_parts_index(index)] = as_complex(value, like=self)._parts if isinstance(value, Tensor) \
            else _tensor_of([value.real, value.imag], self._parts)

    def roll(self, shifts, dims=None):
        if dims is None:
            return self.reshape(-1).roll(shifts, 0).reshape(self.shape)
        dims = tuple(d % self.ndim for d in ((dims,) if isinstance(dims, int) else dims))
        return ComplexTensor(self._parts.roll(shifts, dims))

    def copy_(self, src, non_blocking=False):
        self._parts.copy_(as_complex(src, like=self)._parts)
        return self

    def zero_(self):
        self._parts.zero_()
        return self

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        return make("zeros", _shape(size), dtype or self.dtype, device or self.device, requires_grad)

    # --- arithmetic
    def conj(self):
        return ComplexTensor(stack([self.real, -self.imag], -1))

    def abs(self):
        return ComplexAbs.apply(self._parts)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        """torch.norm of a complex tensor: the norm of the magnitudes."""
        return self.abs().norm(2 if p == "fro" else p, dim, keepdim)

    def mul_(self, other):
        """In place, by a real number (clip_grad_norm_'s scaling of a complex gradient)."""
        if not isinstance(other, (int, float)):
            raise NotImplementedError("a complex tensor's mul_ takes a real number in minigrad; write z = z * w")
        self._parts.mul_(other)
        return self

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
        if isinstance(im, (int, float)) and im == 0:            # by a real: both parts scale
            return ComplexTensor(self._parts / (re.unsqueeze(-1) if isinstance(re, Tensor) else re))
        d = re * re + im * im                                   # (a+bi)/(c+di) = ((ac+bd) + (bc-ad)i) / (c²+d²)
        a, b = self.real, self.imag
        return ComplexTensor(stack(list(broadcast_tensors((a * re + b * im) / d, (b * re - a * im) / d)), -1))

    def add(self, other, *, alpha=1):
        return self + (other * alpha if alpha != 1 else other)

    def sub(self, other, *, alpha=1):
        return self - (other * alpha if alpha != 1 else other)

    def add_(self, other, *, alpha=1):
        """In place (the parts rewritten, as ``copy_``): z += alpha * other."""
        return self.copy_(self.add(other, alpha=alpha))

    def sub_(self, other, *, alpha=1):
        return self.copy_(self.sub(other, alpha=alpha))

    mul = multiply = __mul__
    div = divide = true_divide = __truediv__
    neg = negative = __neg__

    def __rtruediv__(self, other):
        return as_complex(other, like=self) / self if isinstance(other, Tensor) else \
            ComplexTensor(_tensor_of([other.real, other.imag], self._parts).expand(*self._parts.shape)) / self

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    def mean(self, dim=None, keepdim=False, *, dtype=None):
        n = self.numel() if dim is None else int(np.prod([self.shape[d] for d in ((dim,) if isinstance(dim, int) else dim)]))
        return self.sum(dim, keepdim) / n

    def __pow__(self, exponent):
        if exponent == 2:
            return self * self
        raise NotImplementedError("a complex tensor's power: minigrad has z**2 only (for |z|**2 write z.abs()**2)")

    pow = __pow__

    def square(self):
        return self * self

    def reciprocal(self):
        return 1 / self

    def conj_physical(self):
        return self.conj()

    def resolve_conj(self):                     # (conj() here computes the conjugate: nothing to resolve)
        return self

    resolve_neg = resolve_conj

    def flip(self, *dims):
        return ComplexTensor(self._parts.flip([d % self.ndim for d in _shape(dims)]))

    def repeat(self, *sizes):
        return ComplexTensor(self._parts.repeat(*_shape(sizes), 1))

    def chunk(self, chunks, dim=0):
        return tuple(ComplexTensor(p) for p in self._parts.chunk(chunks, dim % self.ndim))

    def split(self, split_size, dim=0):
        return tuple(ComplexTensor(p) for p in self._parts.split(split_size, dim % self.ndim))

    T = property(lambda self: self.permute(*reversed(range(self.ndim))))
    mT = property(lambda self: self.transpose(-2, -1))
    H = mH = property(lambda self: self.mT.conj())

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


def _parts_index(index):
    """An index of a complex tensor as an index of its parts (the parts' last dim kept whole)."""
    index = index if isinstance(index, tuple) else (index,)
    return index + ((slice(None),) if any(i is Ellipsis for i in index) else (Ellipsis, slice(None)))


def _tensor_of(values, like):
    from .factories import tensor
    return tensor(values, dtype=like.dtype, device=like.device)


def as_complex(x, like=None):
    """``x`` as a complex tensor: itself, or a real tensor with zero imaginary parts (an integer tensor becomes
    float32 first; ``like``: a complex tensor whose precision a real float ``x`` takes, as torch's promotion)."""
    if isinstance(x, ComplexTensor):
        return x
    if not isinstance(x, Tensor):
        raise TypeError(f"expected a tensor, got {type(x).__name__}")
    if not x.dtype.is_floating_point:
        x = x.float()
    if like is not None and x.dtype != like._parts.dtype:
        x = x.to(like._parts.dtype)
    return ComplexTensor(stack([x, x.new_zeros(x.shape)], -1))


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


def _check_parts(a, b):
    """torch's checks of complex()'s and polar()'s two real tensors: floating (NotImplementedError, as torch >= 2.15;
    a RuntimeError in older torch), of one dtype; float16 too is refused, as minigrad has no complex32."""
    for t in (a, b):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {int(t is b)} in argument list, but got {type(t).__name__} "
                            "(complex()/polar() take two real tensors: wrap a number with minigrad.tensor(v))")
    if not (a.dtype.is_floating_point and b.dtype.is_floating_point):
        raise NotImplementedError(f"Expected both inputs to be Half, Float or Double tensors but got {a.dtype} and "
                                  f"{b.dtype}")
    if a.dtype != b.dtype:
        raise RuntimeError(f"Expected object of scalar type {a.dtype} but got scalar type {b.dtype} for second "
                           "argument (convert one, e.g. b.to(a.dtype))")
    if a._data.dtype not in _COMPLEX_OF:
        raise NotImplementedError(f"minigrad has no complex32: complex parts must be float32 or float64, got {a.dtype} "
                                  "(convert them with .float())")


def complex(real, imag):
    """``real + imag·i`` for two real tensors of the same float dtype (broadcast)."""
    _check_parts(real, imag)
    return ComplexTensor(stack(list(_broadcast(real, imag)), -1))


def polar(abs, angle):
    """``abs · (cos(angle) + i·sin(angle))``."""
    _check_parts(abs, angle)
    return ComplexTensor(stack(list(_broadcast(abs * cos(angle), abs * sin(angle))), -1))


def _broadcast(a, b):
    return broadcast_tensors(a, b)


def join(fn, tensors, dim):
    """torch.cat / torch.stack (``fn``) of complex tensors: of their parts, along the same dim."""
    nd = tensors[0].ndim + (fn.__name__ == "stack")
    return ComplexTensor(fn([as_complex(t)._parts for t in tensors], dim % builtins.max(nd, 1)))


def angle(input):
    """torch.angle: the argument of a complex tensor; of a real one, pi where it is negative, else 0."""
    return input.angle() if isinstance(input, ComplexTensor) else atan2(input.new_zeros(input.shape), input)


# ------------------------------------------------------------------------------------- products, factories, Parameter
_C10 = {dtypes.complex64: "c10::complex<float>", dtypes.complex128: "c10::complex<double>", dtypes.float32: "float",
        dtypes.float64: "double"}
_SCALAR = {dtypes.complex64: "ComplexFloat", dtypes.complex128: "ComplexDouble", dtypes.float32: "Float",
           dtypes.float64: "Double"}


def _product(f, a, b):
    """f(a, b) for a bilinear real f (matmul, einsum) and complex a, b: (A+iB)(C+iD) = (AC-BD) + (AD+BC)i."""
    A, B, C, D = a.real, a.imag, b.real, b.imag
    return ComplexTensor(stack([f(A, C) - f(B, D), f(A, D) + f(B, C)], -1))


def matmul(input, other):
    """torch.matmul of two complex tensors of one dtype (torch refuses a complex-real mix too)."""
    if input.dtype != other.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_C10.get(input.dtype, input.dtype)} "
                           f"!= {_C10.get(other.dtype, other.dtype)} (matmul(): convert one, e.g. "
                           f"other.to({input.dtype}))")
    return _product(_real_matmul, input, other)


def einsum(equation, *operands):
    """torch.einsum with complex operands (FNO's ``einsum("bixy,ioxy->boxy", x_ft, weights)``): the product of
    the parts, operand by operand."""
    out = operands[0]
    if len(operands) > 2:
        raise NotImplementedError(f"einsum(): minigrad's complex einsum takes one or two operands, got "
                                  f"{len(operands)} (split {equation!r} into pairwise einsums)")
    for t in operands:
        if t.dtype != out.dtype:
            raise RuntimeError(f"expected scalar type {_SCALAR.get(out.dtype, out.dtype)} but found "
                               f"{_SCALAR.get(t.dtype, t.dtype)} (einsum(): convert the operands to one dtype, e.g. "
                               f"t.to({out.dtype}))")
    if len(operands) == 1:
        re, im = out.real, out.imag
        return ComplexTensor(stack([_real_einsum(equation, re), _real_einsum(equation, im)], -1))
    return _product(lambda x, y: _real_einsum(equation, x, y), *operands)


def from_array(arr, dtype=None, device=None, requires_grad=False, share=False):
    """A complex tensor of a NumPy array of numbers, of ``dtype`` (default: the array's precision); ``share``: the
    array's own memory when contiguous (torch.from_numpy)."""
    from .factories import tensor
    from .tensor import _wrap
    real = _real_dtype(dtype) if dtype is not None else dtypes.float32 if arr.dtype == np.complex64 else dtypes.float64
    if share and arr.flags.c_contiguous:
        return ComplexTensor(_wrap(arr.view(arr.real.dtype).reshape(arr.shape + (2,))))
    parts = np.stack([arr.real, arr.imag], -1)
    return ComplexTensor(tensor(parts, dtype=real, device=device).requires_grad_(requires_grad))


def make(kind, shape, dtype, device=None, requires_grad=False, generator=None):
    """zeros/ones/empty/rand/randn of a complex dtype, as torch draws them: rand's parts uniform on [0, 1) each,
    randn's normal with variance 1/2 each (so that E|z|² = 1)."""
    from . import factories
    real = _real_dtype(dtype)
    shape = tuple(shape) + (2,)
    if kind in ("zeros", "empty"):
        parts = factories.zeros(shape, dtype=real, device=device)
    elif kind == "ones":
        parts = stack([factories.ones(shape[:-1], dtype=real, device=device),
                       factories.zeros(shape[:-1], dtype=real, device=device)], -1)
    elif kind == "rand":
        parts = factories.rand(shape, dtype=real, device=device, generator=generator)
    elif kind == "randn":
        parts = factories.randn(shape, dtype=real, device=device, generator=generator) * float(np.sqrt(0.5))
    else:
        raise NotImplementedError(f"{kind}(): no complex form in minigrad (zeros, ones, empty, rand, randn have one)")
    return ComplexTensor(parts.detach().requires_grad_(requires_grad))
