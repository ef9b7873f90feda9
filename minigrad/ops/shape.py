"""Shape ops: reshape/view, permute/transpose, expand, flip, cat/stack, and what is built on them.

Views (``View``, ``Permute``, ``Expand``, basic slicing) share memory and the version counter with
their input, as torch's do. Their backward moves the gradient back to the input's layout.
Each op's class is followed by its functions (``Permute``, then ``permute``, ``transpose``, ``t``...).
"""
from __future__ import annotations

import numbers

import numpy as np

from .. import backend, dtypes
from . import _helpers
from ..autograd.function import Op, named
from ..autograd.grad_mode import STATE
from ..tensor import Size, Tensor, _wrap, copied_from_inference, memory_format as _MemoryFormat
from ._helpers import (_TORCH_NAMES, _can_cast, _shape_args, cast, int_arg, one_dim, sum_to, tensor_arg, tensor_args,
                       tensor_list, write_out)
from ..backend import array_module
from .index import index_select, slice_op


class View(Op):
    """out = x seen with another shape (no copy).   d/dx = g reshaped back"""
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return backend.reshape_view(x, shape)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.in_shape), None


def _infer_shape(shape, numel, op, in_shape):
    shape = list(shape)
    neg = [i for i, s in enumerate(shape) if s == -1]
    if len(neg) > 1:
        raise RuntimeError(f"{op}(): only one dimension can be inferred (-1), got shape {tuple(shape)}")
    if any(s < -1 for s in shape):
        raise RuntimeError(f"{op}(): invalid shape dimension in {tuple(shape)}")
    known = 1
    for s in shape:
        if s != -1:
            known *= s
    if neg:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel} ({op}(): the input "
                               f"has shape {tuple(in_shape)}; the sizes must multiply to {numel})")
        shape[neg[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel} ({op}(): the input has "
                           f"shape {tuple(in_shape)}; the sizes must multiply to {numel})")
    return tuple(shape)


def view(input, *args, size=None, dtype=None):
    """A view with another shape (or dtype); like torch, an error when the layout needs a copy."""
    if dtype is not None and (args or size is not None):
        raise TypeError(f"view() received an invalid combination of arguments - got a shape and dtype={dtype}, but "
                        "expected one of: (torch.dtype dtype), (tuple of ints size) (view(): reshape and reinterpret "
                        "in two calls, e.g. x.view(dtype).view(shape))")
    shape = args if size is None and dtype is None else (size if dtype is None else dtype,)
    if not shape or (len(shape) == 1 and isinstance(shape[0], Tensor) and not (
            shape[0].numel() == 1 and shape[0]._data.dtype.kind in "iu")):   # (one integer element: a size, as torch)
        got = "(Tensor)" if shape else "()"
        raise TypeError(f"view() received an invalid combination of arguments - got {got}, but expected one of: "
                        "(torch.dtype dtype), (tuple of ints size) (view(): give the new shape, e.g. x.view(-1))")
    if len(shape) == 1 and isinstance(shape[0], (dtypes.dtype, type, str)) and not isinstance(shape[0], int):
        return _view_dtype(input, shape[0])
    shape = _infer_shape(_shape_args(shape, "view"), input._data.size, "view", input._data.shape)
    if backend.reshape_view(input._data, shape) is None:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one dimension spans across "
            f"two contiguous subspaces). Use .reshape(...) instead. (view(): shape {tuple(input.shape)}, strides "
            f"{input.stride()}; or .contiguous().view(...))")
    return View.apply(input, shape)


def _view_dtype(input, dt):
    """``x.view(dtype)``: the same memory read as another dtype (no copy, outside the graph); with another
    element size the last dim scales, as torch's (it must be contiguous and divisible)."""
    dt, arr = dtypes.as_dtype(dt, "view"), input._data
    old, new = arr.dtype.itemsize, dt.np.itemsize
    names = f"{input.dtype} as {dt}"
    if old != new:
        if arr.ndim == 0:
            raise RuntimeError(f"view(dtype): self.dim() cannot be 0 to view {names} (different element sizes)")
        if arr.strides[-1] != old and arr.shape[-1] != 1:
            raise RuntimeError(f"view(dtype): self.stride(-1) must be 1 to view {names} (different element sizes), "
                               f"but got {arr.strides[-1] // old}")
        if new > old and (arr.shape[-1] * old) % new:
            raise RuntimeError(f"view(dtype): self.size(-1) must be divisible by {new // old} to view {names} "
                               f"(different element sizes), but got {arr.shape[-1]}")
        for d in range(arr.ndim - 1):  # each other row must start on a whole element of the new dtype
            if new > old and arr.strides[d] % new:
                raise RuntimeError(f"self.stride({d}) must be divisible by {new // old} to view {names} (different "
                                   f"element sizes), but got {arr.strides[d] // old} (view(dtype): call "
                                   ".contiguous() first)")
    out = _wrap(arr.view(dt.np))
    out._version_counter = input._version_counter
    return out


def view_as(input, other):
    tensor_args("view_as", ("other", other))
    return view(input, other.shape)


def squeeze_method(input, *dims, dim=None):
    """``x.squeeze(0, 2)``: the method also takes several dims as separate ints (torch.squeeze does not)."""
    if None in dims:
        raise TypeError("squeeze() received an invalid combination of arguments - got (NoneType), but expected one "
                        "of: (), (int dim), (tuple of ints dim) (squeeze(): call x.squeeze() for every size-1 dim)")
    return squeeze(input, dims if len(dims) > 1 else dims[0] if dims else dim)


def squeeze(input, dim=None):
    shape = input._data.shape
    if dim is None:
        new = tuple(s for s in shape if s != 1)
    else:
        dims = (dim,) if not isinstance(dim, (tuple, list)) else dim
        listed = [one_dim(d, len(shape), "squeeze") for d in dims]
        dims = set(listed)
        if len(dims) != len(listed):
            raise RuntimeError(f"dim {next(d for d in listed if listed.count(d) > 1)} appears multiple times in the "
                               f"list of dims (squeeze(): dims {tuple(dim)} for shape {tuple(shape)}; list each once)")
        new = tuple(s for i, s in enumerate(shape) if not (i in dims and s == 1))
    out = View.apply(input, new)
    return named(out, "SqueezeBackward0" if dim is None else "SqueezeBackward1" if not isinstance(dim, (tuple, list))
                 else "SqueezeBackward2")


def unsqueeze(input, dim):
    shape = input._data.shape
    n = len(shape) + 1
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
        if not (isinstance(dim, Tensor) and dim._data.ndim == 0 and dim._data.dtype.kind in "iu"):
            raise TypeError(f"unsqueeze(): dim must be an int, got {dim!r}")
        dim = int(dim._data)                         # a 0-d integer tensor reads as its value, as torch
    if not -n <= dim < n:
        raise IndexError(f"unsqueeze(): dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    d = dim % n
    return named(View.apply(input, shape[:d] + (1,) + shape[d:]), "UnsqueezeBackward0")


class Reshape(Op):
    """out = x copied into another shape (used when a view is impossible).   d/dx = g reshaped back"""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return x.reshape(shape)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.in_shape), None


def reshape(input, *args, shape=None):
    """Same data, new shape; a view when the memory layout allows it, else a copy."""
    if not args and shape is None:
        raise TypeError('reshape() missing 1 required positional arguments: "shape" (reshape(): give the new shape, '
                        "e.g. x.reshape(-1))")
    shape = args if shape is None else (shape,)
    shape = _infer_shape(_shape_args(shape, "reshape"), input._data.size, "reshape", input._data.shape)
    if shape == input._data.shape and not input._requires_grad:
        return View.apply(input, shape)
    if backend.reshape_view(input._data, shape) is not None:
        return View.apply(input, shape)
    return Reshape.apply(input, shape)


def function_reshape(input, shape):
    """``torch.reshape(input, shape)``: the shape as one sequence (the method ``x.reshape`` also takes ints)."""
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"reshape(): argument 'shape' (position 2) must be tuple of ints, not {type(shape).__name__} "
                        f"(torch.reshape(x, (n,)) takes a tuple; x.reshape({shape!r}) takes ints)")
    return reshape(input, shape)


def function_permute(input, dims):
    """``torch.permute(input, dims)``: the order as one sequence (the method ``x.permute`` also takes ints)."""
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"permute(): argument 'dims' (position 2) must be tuple of ints, not {type(dims).__name__} "
                        "(torch.permute(x, (1, 0)) takes a tuple; x.permute(1, 0) takes ints)")
    return permute(input, dims)


# (named as torch's, so that Python's own argument-count errors say reshape()/permute())
function_reshape.__name__ = function_reshape.__qualname__ = "reshape"
function_permute.__name__ = function_permute.__qualname__ = "permute"


def reshape_as(input, other):
    if not isinstance(other, Tensor):
        raise TypeError(f"reshape_as(): argument 'other' (position 1) must be Tensor, not {type(other).__name__} "
                        f"(for a shape use reshape())")
    return reshape(input, other.shape)


def flatten(input, start_dim=0, end_dim=-1):
    nd = input._data.ndim
    s = one_dim(start_dim, nd, "flatten")
    e = one_dim(end_dim, nd, "flatten")
    if nd == 0:
        return reshape(input, 1)
    if s > e:
        raise RuntimeError(f"flatten(): start_dim {start_dim} comes after end_dim {end_dim}")
    shape = input._data.shape
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return reshape(input, shape[:s] + (n,) + shape[e + 1:])


def unflatten(input, dim, sizes):
    d = one_dim(dim, input._data.ndim, "unflatten")
    if not isinstance(sizes, (tuple, list)):
        raise TypeError(f"unflatten(): argument 'sizes' (position 2) must be tuple of ints, not {type(sizes).__name__} "
                        f"(the sizes dim {dim} splits into, e.g. (2, -1))")
    shape = input._data.shape
    sizes = _infer_shape(tuple(sizes), shape[d], "unflatten", shape)
    return reshape(input, shape[:d] + sizes + shape[d + 1:])


def ravel(input):
    return reshape(input, -1)


def atleast_1d(*tensors):
    if len(tensors) != 1 or isinstance(tensors[0], (list, tuple)):    # several tensors: a tuple, as torch
        return tuple(atleast_1d(t) for t in (tensors if len(tensors) != 1 else tensors[0]))
    t = tensor_arg(tensors[0], "atleast_1d")
    return t.reshape(1) if t.ndim == 0 else t


def atleast_2d(*tensors):
    if len(tensors) != 1 or isinstance(tensors[0], (list, tuple)):
        return tuple(atleast_2d(t) for t in (tensors if len(tensors) != 1 else tensors[0]))
    t = tensor_arg(tensors[0], "atleast_2d")
    return t.reshape(1, -1) if t.ndim == 1 else (t.reshape(1, 1) if t.ndim == 0 else t)


class Permute(Op):
    """out = x with its dims reordered (a view).   d/dx = g with the inverse order"""
    is_view = True

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return x.transpose(dims)

    @staticmethod
    def backward(ctx, g):
        inverse = tuple(np.argsort(ctx.dims).tolist())
        return g.permute(inverse), None


def permute(input, *args, dims=None):
    if not args and dims is None:
        raise TypeError('permute() missing 1 required positional arguments: "dims" (permute(): give the new order '
                        'of all the dims, e.g. x.permute(1, 0))')
    dims = _shape_args(args if dims is None else (dims,), "permute")
    nd = input._data.ndim
    if len(dims) != nd:
        raise RuntimeError(f"permute(): number of dims don't match: the tensor has {nd} dims but {len(dims)} "
                           f"were given ({dims})")
    dims = tuple(one_dim(d, nd, "permute") for d in dims)
    if len(set(dims)) != nd:
        raise RuntimeError(f"permute(): repeated dim in {dims}")
    return Permute.apply(input, dims)


def transpose(input, dim0, dim1):
    tensor_args("transpose", ("input", input), first=1)
    nd = input._data.ndim
    if nd == 0:
        return View.apply(input, ())
    d0, d1 = one_dim(dim0, nd, "transpose"), one_dim(dim1, nd, "transpose")
    dims = list(range(nd))
    dims[d0], dims[d1] = dims[d1], dims[d0]
    return named(Permute.apply(input, tuple(dims)), "TransposeBackward0")


swapaxes = swapdims = transpose


def t(input):
    nd = input._data.ndim
    if nd > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {nd}D; use "
                           "transpose(dim0, dim1) or .mT")
    return named(transpose(input, 0, 1) if nd == 2 else View.apply(input, input._data.shape), "TBackward0")


def T(input):
    nd = input._data.ndim
    return Permute.apply(input, tuple(range(nd - 1, -1, -1)))


def mT(input):
    if input._data.ndim == 0:              # the identity, as torch (which deprecates it from 2.15)
        return input.view(())
    if input._data.ndim < 2:
        raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices; got a "
                           f"{input._data.ndim}-D tensor")
    return transpose(input, -2, -1)


def movedim(input, source, destination):
    nd = input._data.ndim
    if isinstance(source, (tuple, list)) != isinstance(destination, (tuple, list)):
        raise TypeError(f"movedim() received an invalid combination of arguments - got ({type(source).__name__}, "
                        f"{type(destination).__name__}), but expected one of: (int source, int destination), "
                        "(tuple of ints source, tuple of ints destination) (movedim(): give two ints or two sequences)")
    src = [one_dim(d, nd, "movedim") for d in (source if isinstance(source, (tuple, list)) else [source])]
    dst = [one_dim(d, nd, "movedim") for d in (destination if isinstance(destination, (tuple, list))
                                                else [destination])]
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) should contain the "
                           f"same number of dims as destination ({dst} dims)")
    for name, ds, given in (("source", src, source), ("destination", dst, destination)):
        if len(set(ds)) != len(ds):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({list(given)}); each dim must be listed once")
    order = [d for d in range(nd) if d not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return Permute.apply(input, tuple(order))


moveaxis = movedim


class Expand(Op):
    """out = x broadcast to a larger shape (a read-only view).   d/dx = g summed over the copies"""
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return array_module(x).broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, g):
        return sum_to(g, ctx.in_shape), None


def expand(input, *args, size=None):
    """Broadcast size-1 dims (and new leading dims) without copying; -1 keeps a size."""
    if not args and size is None:
        raise TypeError('expand() missing 1 required positional arguments: "size" (expand(): give the new sizes, '
                        'e.g. x.expand(4, -1))')
    sizes = _shape_args(args if size is None else (size,), "expand")
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand(): the number of sizes provided ({len(sizes)}) must be greater or equal "
                           f"to the number of dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    new = []
    for i, s in enumerate(sizes):
        if i < lead:
            if s < 0:
                raise RuntimeError(f"expand(): -1 is not allowed in a new leading dimension ({sizes})")
            new.append(s)
        else:
            old = shape[i - lead]
            if s == -1:
                s = old
            if old != s and old != 1:
                raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing size ({old}) at "
                                   f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                                   f"{list(shape)} (expand(): only dims of size 1 can grow)")
            new.append(s)
    new = tuple(new)
    if new == shape:
        return View.apply(input, shape)
    return Expand.apply(input, new)


def expand_as(input, other):
    tensor_args("expand_as", ("other", other))
    return expand(input, other.shape)


def broadcast_to(input, size):
    tensor_args("broadcast_to", ("input", input), first=1)
    if not isinstance(size, (tuple, list, Size)):
        raise TypeError(f"broadcast_to(): argument 'size' (position 2) must be tuple of ints, not {type(size).__name__} "
                        f"(give the shape as a tuple, e.g. ({size!r},))")
    return expand(input, size)


def broadcast_shapes(*shapes):
    """The shape the given shapes broadcast to (an int stands for a 1-d shape), checked as torch checks it:
    a negative size met where no other size is fixed yet is a ValueError, a clash a RuntimeError."""
    shapes = tuple((s,) if isinstance(s, numbers.Integral) else tuple(s) for s in shapes)
    out = [1] * max(map(len, shapes), default=0)
    for s in shapes:
        for i in range(1, len(s) + 1):
            if not isinstance(s[-i], numbers.Integral):
                raise TypeError(f"broadcast_shapes(): sizes must be ints, got {s!r}")
            if out[-i] == 1:
                if s[-i] < 0:
                    raise ValueError(f"Attempting to broadcast a dimension with negative length! "
                                     f"(broadcast_shapes(): got {shapes}; sizes must be >= 0)")
                out[-i] = s[-i]
            elif s[-i] not in (1, out[-i]):
                raise RuntimeError(f"shapes {shapes} cannot be broadcast together (broadcast_shapes(): size "
                                   f"{s[-i]} against {out[-i]} in dim {-i})")
    return Size(out)


def broadcast_tensors(*tensors):
    tensor_list(tensors, "broadcast_tensors")
    shape = broadcast_shapes(*[t.shape for t in tensors])
    return tuple(expand(t, shape) for t in tensors)


class Flip(Op):
    """out = x reversed along dims (a copy, as torch).   d/dx = g flipped back"""

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return array_module(x).flip(x, dims).copy()

    @staticmethod
    def backward(ctx, g):
        return g.flip(ctx.dims), None


def flip(input, *args, dims=None):
    if not args and dims is None:
        raise TypeError('flip() missing 1 required positional arguments: "dims"; e.g. x.flip(0) or flip(x, dims=(0,))')
    if dims is not None and not isinstance(dims, (tuple, list)):
        raise TypeError(f"flip(): argument 'dims' must be tuple of ints, not {type(dims).__name__}; give a tuple, "
                        "e.g. dims=(0,)")
    dims = _shape_args(args if dims is None else (dims,), "flip")
    dims = tuple(one_dim(d, input._data.ndim, "flip") for d in dims)
    for i, d in enumerate(dims):
        if d in dims[:i]:
            raise RuntimeError(f"flip(): dim {d} appears multiple times in the list of dims {tuple(dims)}")
    return Flip.apply(input, dims if input._data.ndim else ())     # a 0-d tensor's dim 0 flips nothing


def fliplr(input):
    if tensor_arg(input, "fliplr").ndim < 2:
        raise RuntimeError(f"fliplr(): Input must be >= 2-d (got shape {tuple(input.shape)}); use flip(x, dims)")
    return flip(input, (1,))


def flipud(input):
    if tensor_arg(input, "flipud").ndim < 1:
        raise RuntimeError("flipud(): Input must be >= 1-d (got a 0-d tensor, which has nothing to flip)")
    return flip(input, (0,))


class Roll(Op):
    """out = x shifted cyclically.   d/dx = g shifted back"""

    @staticmethod
    def forward(ctx, x, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return array_module(x).roll(x, shifts, dims)

    @staticmethod
    def backward(ctx, g):
        back = tuple(-s for s in ctx.shifts) if isinstance(ctx.shifts, tuple) else -ctx.shifts
        return g.roll(back, ctx.dims), None, None


def roll(input, shifts, dims=None):
    """Shift cyclically along ``dims`` (the flattened tensor when None); one shift per dim."""
    shift_list = list(shifts) if isinstance(shifts, (tuple, list)) else [shifts]
    if isinstance(dims, (tuple, list)) and not dims:
        dims = None                                     # no dims: the flattened tensor, as torch
    dim_list = [] if dims is None else list(dims) if isinstance(dims, (tuple, list)) else [dims]
    if len(shift_list) != len(dim_list) and not (dims is None and len(shift_list) == 1):
        raise RuntimeError(f"roll(): shifts and dimensions must align. shifts: {len(shift_list)}, dims:"
                           f"{len(dim_list)}; give one shift per dim")
    for s in shift_list:
        if isinstance(s, Tensor) and (s.numel() != 1 or s._data.dtype.kind not in "iu"):
            raise TypeError(f"roll(): argument 'shifts' (position 1) must be tuple of ints, not Tensor ({s!r}; give "
                            "an int or a tuple of ints)")
    for s in shift_list + dim_list:
        if not isinstance(s, (numbers.Integral, Tensor)) or isinstance(s, bool):
            raise TypeError(f"roll(): shifts and dims must be ints or tuples of ints, got {s!r} "
                            f"({type(s).__name__})")
    shift_list = [int(s) for s in shift_list]
    if dims is None:
        flat = Roll.apply(input.reshape(-1), shift_list[0], 0).reshape(input.shape)
        return named(flat, "RollBackward0", inputs=(input,))         # torch: one node
    dims = tuple(one_dim(d, input._data.ndim, "roll") for d in dim_list)
    return Roll.apply(input, tuple(shift_list), dims)


class Tile(Op):
    """out = x repeated ``reps`` times along each dim.   d/dx = g summed over the repeats"""
    torch_name = "RepeatBackward0"

    @staticmethod
    def forward(ctx, x, reps):
        x_shape = (1,) * (len(reps) - x.ndim) + x.shape
        ctx.in_shape, ctx.x_shape, ctx.reps = x.shape, x_shape, reps
        return array_module(x).tile(x.reshape(x_shape), reps)

    @staticmethod
    def backward(ctx, g):
        split = []
        for r, s in zip(ctx.reps, ctx.x_shape):
            split += [r, s]
        g = g.reshape(split).sum(dim=tuple(range(0, len(split), 2)))
        return g.reshape(ctx.in_shape), None


def repeat(input, *sizes, repeats=None):
    """Tile the tensor: ``x.repeat(2, 3)`` repeats twice along dim 0 and three times along dim 1."""
    if repeats is not None and not sizes:
        sizes = (repeats,)                              # (x.repeat(repeats=(2, 3)), torch's keyword)
    if not sizes:
        raise TypeError('repeat() missing 1 required positional arguments: "repeats" (e.g. x.repeat(2, 1))')
    reps = _shape_args(sizes, "repeat")
    if len(reps) < input._data.ndim:
        raise RuntimeError(f"repeat(): number of repeat dims ({len(reps)}) can not be smaller than the number "
                           f"of dims of the tensor ({input._data.ndim})")
    if any(r < 0 for r in reps):
        raise RuntimeError(f"repeat(): Trying to create tensor with negative dimension: repeats {reps} must all be "
                           f"non-negative")
    return Tile.apply(input, reps)


def tile(input, dims):
    reps = _shape_args((dims,), "tile")
    if any(r < 0 for r in reps):
        raise RuntimeError(f"tile(): Trying to create tensor with negative dimension: dims {reps} must all be "
                           "non-negative")
    reps = (1,) * (input._data.ndim - len(reps)) + reps
    return Tile.apply(input, reps)


def tile_method(input, *dims, **kwargs):
    """``x.tile(2, 1)``: torch's method takes the sizes as separate numbers too (torch.tile only as a tuple)."""
    return tile(input, dims[0] if len(dims) == 1 else dims, **kwargs) if dims else tile(input, **kwargs)


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each slice along ``dim`` repeated ``repeats`` times (an int, or one count per slice); with only a 1-D
    tensor of counts, ``repeat_interleave(counts)`` gives each index i counts[i] times (as torch)."""
    if repeats is None:
        if not isinstance(input, Tensor) or input.ndim != 1:
            raise RuntimeError(f"repeat_interleave only accept 1D vector as repeat (repeat_interleave(repeats): got "
                               f"shape {tuple(getattr(input, 'shape', ()))}; pass a 1-D tensor of counts)")
        input, repeats = _wrap(backend.to_device(np.arange(input.shape[0]), input.device)), input
    if dim is None:
        input, dim = input.reshape(-1), 0
    d = one_dim(dim, input._data.ndim, "repeat_interleave")
    n = input._data.shape[d]
    if isinstance(repeats, Tensor):
        if repeats._data.dtype.kind not in "iu":
            raise NotImplementedError(f"\"repeat_interleave_cpu\" not implemented for "
                                      f"'{_TORCH_NAMES[repeats._data.dtype.name]}' (repeat_interleave(): repeats is "
                                      f"{repeats.dtype}; give integer counts, e.g. repeats.long())")
        if repeats.ndim > 1:
            raise RuntimeError(f"repeats must be 0-dim or 1-dim tensor (repeat_interleave(): got shape "
                               f"{tuple(repeats.shape)})")
        if repeats.ndim == 1 and repeats.shape[0] not in (1, n):
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{repeats.shape[0]} and input.size({dim}) = {n} (repeat_interleave(): give one count "
                               f"per slice along dim {d}, or a single count)")
        repeats = repeats.tolist()
    elif not isinstance(repeats, numbers.Integral):
        raise TypeError(f"repeat_interleave(): argument 'repeats' must be a Tensor or an int, not "
                        f"{type(repeats).__name__} ({repeats!r})")
    if np.any(np.asarray(repeats) < 0):
        raise RuntimeError(f"repeats can not be negative (repeat_interleave(): got {repeats})")
    idx = np.repeat(np.arange(n), repeats)
    if output_size is not None and output_size != len(idx):
        raise RuntimeError(f"allocated size does not match required size (repeat_interleave(): output_size="
                           f"{output_size}, but the repeats give {len(idx)})")
    return index_select(input, d, _wrap(backend.to_device(idx, input.device)))


class Cat(Op):
    """out = inputs joined along dim.   d/dinput_i = the slice of g where input i landed"""

    @staticmethod
    def forward(ctx, *arrays, dim):
        ctx.dim = dim
        ctx.sizes = [a.shape[dim] for a in arrays]
        return array_module(*arrays).concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, g):
        grads, start = [], 0
        for need, size in zip(ctx.needs_input_grad, ctx.sizes):
            grads.append(g.narrow(ctx.dim, start, size) if need else None)
            start += size
        return tuple(grads)


def _cat_operands(tensors, op):
    if isinstance(tensors, Tensor):
        raise TypeError(f"{op}(): expected a sequence of tensors (a list or tuple), got a single Tensor; "
                        f"write {op}([a, b])")
    if not isinstance(tensors, (list, tuple)):       # (a set, a generator, an iterator: refused, as torch)
        raise TypeError(f"{op}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}; give a list or tuple, e.g. {op}([a, b])")
    tensors = list(tensors)
    if not tensors:
        if op == "cat":
            raise ValueError("cat(): expected a non-empty list of Tensors")
        raise RuntimeError(f"{op} expects a non-empty TensorList ({op}(): give at least one tensor)")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}(): expected a sequence of tensors, but element {i} is "
                            f"{type(t).__name__}")
    dt = tensors[0].dtype
    if dt.is_complex:                               # complex tensors: cat/stack join their parts (_complex.py)
        return tensors
    for t in tensors[1:]:
        dt = dtypes.promote_types(dt, t.dtype)
    return [cast(t, dt) for t in tensors]


def _no_overlap(out, tensors, op):
    """torch's refusal of an ``out`` tensor that shares memory with one of the inputs (``cat([x], out=x)``)."""
    if isinstance(out, Tensor):
        for t in tensors:
            if isinstance(t, Tensor):
                _helpers.check_partial_overlap(out, t, f"{op}(out=...)", full=True)


def _joined_into(r, out, tensors, op):
    """cat/stack's out=: a dtype the joined result can't be cast to is torch.cat's TypeError (stack is a cat)."""
    if isinstance(out, Tensor) and not _can_cast(r._data.dtype, out._data.dtype):
        raise TypeError(f"torch.cat(): input types can't be cast to the desired output type "
                        f"{_TORCH_NAMES[out._data.dtype.name]} ({op}(): the inputs give {r.dtype}, out is "
                        f"{out.dtype}; give an out tensor of {r.dtype})")
    _no_overlap(out, tensors, op)
    return write_out(r, out, op)


def cat(tensors, dim=0, *, out=None):
    """Join tensors along an existing dim (shapes must match elsewhere)."""
    if out is not None:
        return _joined_into(cat(tensors, dim), out, tensors, "cat")
    tensors = _cat_operands(tensors, "cat")
    if tensors[0].__class__ is not Tensor and tensors[0].dtype.is_complex:
        from .._complex import join                                         # complex: their parts joined
        return join(cat, tensors, dim)
    tensors = [t for t in tensors if not (t._data.ndim == 1 and t._data.shape[0] == 0)] or tensors[:1]
    ref = tensors[0]
    for i, t in enumerate(tensors):
        if t._data.ndim == 0:
            raise RuntimeError(f"cat(): zero-dimensional tensor (at position {i}) cannot be concatenated; use "
                               "stack(), or reshape it to (1,) first")
    d = one_dim(dim, ref._data.ndim, "cat")
    for i, t in enumerate(tensors):
        if t._data.ndim != ref._data.ndim or any(a != b for j, (a, b) in
                                                 enumerate(zip(t._data.shape, ref._data.shape)) if j != d):
            shapes = f"(cat(): got shapes {[tuple(x.shape) for x in tensors]})"
            if t._data.ndim != ref._data.ndim:
                raise RuntimeError(f"Tensors must have same number of dimensions: got {ref._data.ndim} and "
                                   f"{t._data.ndim} {shapes}")
            j = next(j for j, (a, b) in enumerate(zip(t._data.shape, ref._data.shape)) if j != d and a != b)
            raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size "
                               f"{ref._data.shape[j]} but got size {t._data.shape[j]} for tensor number {i} in the "
                               f"list. {shapes}")
    if len(tensors) == 1:
        return Clone.apply(tensors[0])
    return Cat.apply(*tensors, dim=d)


concat = concatenate = cat


def hstack(tensors):
    tensors = [t.reshape(1) if t.ndim == 0 else t for t in _cat_operands(tensors, "hstack")]   # (atleast_1d)
    return _named_cat("hstack", tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    tensors = _cat_operands(tensors, "vstack")
    return _named_cat("vstack", [t.reshape(1, -1) if t.ndim <= 1 else t for t in tensors], 0)     # (atleast_2d)


def _named_cat(op, tensors, dim):
    try:
        return cat(tensors, dim)
    except RuntimeError as exc:
        raise RuntimeError(f"{op}(): {exc}") from None


class Stack(Op):
    """out = inputs stacked along a new dim.   d/dinput_i = g.select(dim, i)"""

    @staticmethod
    def forward(ctx, *arrays, dim):
        ctx.dim = dim
        return array_module(*arrays).stack(arrays, axis=dim)

    @staticmethod
    def backward(ctx, g):
        return tuple(g.select(ctx.dim, i) if need else None for i, need in enumerate(ctx.needs_input_grad))


def stack(tensors, dim=0, *, out=None):
    """Join same-shaped tensors along a new dim."""
    if isinstance(dim, bool) or not isinstance(dim, (numbers.Integral, Tensor)):
        raise TypeError(f"stack(): argument 'dim' must be int, not {type(dim).__name__} ({dim!r})")
    if out is not None:
        return _joined_into(stack(tensors, dim), out, tensors, "stack")
    tensors = _cat_operands(tensors, "stack")
    if tensors[0].__class__ is not Tensor and tensors[0].dtype.is_complex:
        from .._complex import join                                         # complex: their parts joined
        return join(stack, tensors, dim)
    shape = tensors[0]._data.shape
    if isinstance(dim, Tensor):
        dim = _helpers.int_arg(dim, "stack", "dim", 2)
    nd = len(shape) + 1                     # (the dim is checked first, against the first tensor: as torch)
    if not -nd <= dim < nd:
        raise IndexError(f"stack(): dimension out of range (expected to be in range of [{-nd}, {nd - 1}], "
                         f"but got {dim})")
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shape)} at entry 0 and "
                               f"{list(t.shape)} at entry {i} (stack(): shapes {[tuple(x.shape) for x in tensors]}; "
                               "pad or crop them to one shape first)")
    return Stack.apply(*tensors, dim=dim % nd)


class Clone(Op):
    """out = a copy of x.   d/dx = 1"""

    @staticmethod
    def forward(ctx, x):
        return x.copy()

    @staticmethod
    def backward(ctx, g):
        return g


def _check_memory_format(memory_format, ndim, op):
    if not isinstance(memory_format, _MemoryFormat):
        raise TypeError(f"{op}(): argument 'memory_format' must be torch.memory_format, not "
                        f"{type(memory_format).__name__} (give e.g. minigrad.contiguous_format or channels_last)")
    memory_format.check_rank(ndim, op)


def clone(input, *, memory_format=None):
    if memory_format is not None:
        _check_memory_format(memory_format, input.ndim, "clone")
    if input._creation_meta is not None:
        return copied_from_inference(input, Clone.apply(input))
    return Clone.apply(input)


def contiguous(input, *, memory_format=None):
    if memory_format is not None:
        _check_memory_format(memory_format, input.ndim, "contiguous")
    if input._data.flags.c_contiguous:
        return input
    return Clone.apply(input)


# =============================================================================================
# Pieces along a dim: basic slicing (index.py's Slice), no op of their own
# =============================================================================================
def narrow(input, dim, start, length):
    d = one_dim(dim, input._data.ndim, "narrow")
    if not isinstance(start, Tensor):
        start = int_arg(start, "narrow", "start", 2)
    length = int_arg(length, "narrow", "length", 3)
    if isinstance(start, Tensor):
        if start._data.ndim or start._data.dtype.kind not in "iu":
            raise RuntimeError(f"start must be an 0-dim integral Tensor. (narrow(): got a {start.dtype} tensor of "
                               f"shape {tuple(start.shape)}; pass an int)")
        start = int(start._data)
    size = input._data.shape[d]
    if not -size <= start <= size:
        raise IndexError(f"narrow(): start {start} out of range for dim {d} of size {size} (expected to be in "
                         f"range of [{-size}, {size}])")
    if start < 0:
        start += size
    if length < 0:
        raise RuntimeError(f"narrow(): length must be non-negative, got {length}")
    if start + length > size:
        raise RuntimeError(f"narrow(): start ({start}) + length ({length}) exceeds dimension size ({size}) of "
                           f"dim {d}; shorten length or start earlier")
    key = (slice(None),) * d + (slice(start, start + length),)
    return slice_op(input, key)


def select(input, dim, index):
    d = one_dim(dim, input._data.ndim, "select")
    index = int_arg(index, "select", "index", 2)
    size = input._data.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {tuple(input.shape)} at "
                         f"dimension {d}; the index must be in [{-size}, {size})")
    return slice_op(input, (slice(None),) * d + (index % size,))


def _at_least_1d(x, what):
    """split/chunk/tensor_split of a 0-d tensor: torch's RuntimeError (there is no dim to cut)."""
    if isinstance(x, Tensor) and x._data.ndim == 0:
        raise RuntimeError(f"{what} at least a 1-dimensional tensor, but got a tensor with 0 dims; reshape(1) it first")


def split(tensor, split_size_or_sections, dim=0):
    _at_least_1d(tensor, "split expects")
    d = one_dim(dim, tensor._data.ndim, "split")
    n = tensor._data.shape[d]
    if isinstance(split_size_or_sections, Tensor) and split_size_or_sections._data.ndim == 0:
        split_size_or_sections = int(split_size_or_sections._data)       # (a 0-d tensor: its value, as torch)
    if isinstance(split_size_or_sections, numbers.Integral):
        s = int(split_size_or_sections)
        if s <= 0 and n > 0:
            raise RuntimeError(f"split(): split_size must be positive, got {s}")
        sizes = ([s] * (n // s) + ([n % s] if n % s else []) if s > 0 else []) or [0]   # empty: one empty part
    else:
        if isinstance(split_size_or_sections, Tensor):
            raise TypeError("split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not "
                            "Tensor (split(): pass split_sizes.tolist())")
        if not isinstance(split_size_or_sections, (list, tuple, range)):
            raise TypeError(f"split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not "
                            f"{type(split_size_or_sections).__name__} (split(): give an int size or a list of sizes, "
                            f"got {split_size_or_sections!r})")
        sizes = list(split_size_or_sections)
        bad = [i for i, s in enumerate(sizes) if isinstance(s, bool) or not isinstance(s, numbers.Integral)]
        if bad:
            raise TypeError(f"split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, but found "
                            f"element of type {type(sizes[bad[0]]).__name__} at pos {bad[0]}")
        if builtins_sum(sizes) != n:
            raise RuntimeError(f"split(): split sizes {sizes} don't add up to the dimension size {n}; give sizes "
                               f"that sum to {n}")
    return _several_views(tuple(named(v, "SplitBackward0") for v in _parts(tensor, d, sizes)), tensor, "Split")


def split_method(self, split_size, dim=0):
    """``Tensor.split``: as ``split``, its first argument named ``split_size`` (torch's method's name)."""
    return split(self, split_size, dim)


split_method.__name__ = split_method.__qualname__ = "split"


def _parts(tensor, d, sizes):
    """Consecutive parts of ``tensor`` along dim ``d``, of the given sizes (views)."""
    out, start = [], 0
    for s in sizes:
        out.append(narrow(tensor, d, start, s))
        start += s
    return tuple(out)


def _several_views(views, base, op):
    """Mark the views a function returns together (split, chunk, unbind): with grad mode on and a base
    that requires grad, none of them may change in place (torch's rule; ops/inplace.py refuses)."""
    if STATE.enabled and base._requires_grad:
        for i, v in enumerate(views):
            v._creation_meta = ("multi", op, i)
    return views


def builtins_sum(xs):
    total = 0
    for x in xs:
        total += x
    return total


def chunk(input, chunks, dim=0):
    _at_least_1d(input, "chunk expects")
    d = one_dim(dim, input._data.ndim, "chunk")
    n = input._data.shape[d]
    if isinstance(chunks, bool) or not isinstance(chunks, numbers.Integral):
        if not (isinstance(chunks, Tensor) and chunks._data.ndim == 0 and chunks._data.dtype.kind in "iu"):
            raise TypeError(f"chunk(): argument 'chunks' (position 1) must be int, not {type(chunks).__name__} "
                            f"({chunks!r}); pass the number of parts as an int")
        chunks = int(chunks._data)
    size = -(-n // chunks) if chunks > 0 else 0
    if chunks <= 0:
        raise RuntimeError(f"chunk(): chunks must be positive, got {chunks}")
    if n == 0:                                       # an empty dim: `chunks` empty parts, as torch
        return split(input, [0] * chunks, d)
    return split(input, max(size, 1), d)


def tensor_split(input, indices_or_sections, dim=0):
    """``k`` nearly equal parts (the first n % k one longer), or the parts between given indices."""
    _at_least_1d(input, "tensor_split expected")
    d = one_dim(dim, input._data.ndim, "tensor_split")
    n = input._data.shape[d]
    if isinstance(indices_or_sections, Tensor):
        if indices_or_sections._data.dtype.kind not in "iu" or indices_or_sections._data.ndim > 1:
            raise RuntimeError("tensor_split(): expected tensor_indices_or_sections to be a zero-dimensional "
                               f"or one-dimensional tensor of integers, got {indices_or_sections.dtype} of "
                               f"shape {tuple(indices_or_sections.shape)}")
        indices_or_sections = indices_or_sections.tolist()
    if not isinstance(indices_or_sections, numbers.Integral) and not (
            isinstance(indices_or_sections, (tuple, list)) and all(
                isinstance(i, numbers.Integral) and not isinstance(i, bool) for i in indices_or_sections)):
        raise TypeError(f"tensor_split(): expected an int or a tuple of ints for indices_or_sections, got "
                        f"{indices_or_sections!r}")
    if isinstance(indices_or_sections, numbers.Integral):
        k = int(indices_or_sections)
        if k <= 0:
            raise RuntimeError(f"tensor_split(): number of sections must be larger than 0, got {k}")
        q, r = divmod(n, k)
        return _parts(input, d, [q + 1] * r + [q] * (k - r))    # (torch lets these change in place)
    bounds = [0] + [min(max(int(i) + n if int(i) < 0 else int(i), 0), n) for i in indices_or_sections] + [n]
    return tuple(narrow(input, d, a, max(b - a, 0)) for a, b in zip(bounds[:-1], bounds[1:]))


def unbind(input, dim=0):
    d = one_dim(dim, input._data.ndim, "unbind")
    return _several_views(tuple(named(select(input, d, i), "UnbindBackward0") for i in range(input._data.shape[d])),
                          input, "Unbind")
