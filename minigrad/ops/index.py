"""Indexing: ``x[key]``, ``x[key] = v``, gather, masked_fill and friends.

Reading ``x[key]`` sends the gradient back to the positions it read: ``ScatterInto`` puts ``g`` into
a zero tensor of ``x``'s shape at ``key``, adding where an index repeats (``x[[0, 0]]`` reads row 0
twice, so row 0 gets both gradients). ``gather``, ``max(dim)`` and ``index_select`` are indexing
with a key built from an index tensor, so they share this one backward.
"""
from __future__ import annotations

import numbers
import re
import warnings

import numpy as np

from .. import backend, dtypes, fast
from ..autograd.function import Op, _check_same_device, named, rename_node
from ..tensor import Tensor, _wrap, as_array
from ._helpers import (_TORCH_NAMES, bool_arg, int_arg, no_bool, number_arg, one_dim, sum_to, tensor_arg, tensor_args,
                       to_scalar, type_name)
from ..backend import array_module
from .pointwise import Where, where


# =============================================================================================
# Reading x[key]: Slice (a view) and Index (a copy); their backward is ScatterInto
# =============================================================================================
class Slice(Op):
    """out = x[key] for ints/slices/None/... (a view).   d/dx = g placed back at key, zeros elsewhere"""
    is_view = True

    @staticmethod
    def forward(ctx, x, key):
        ctx.in_shape, ctx.key = x.shape, key
        if ctx.needs_input_grad[0]:
            rename_node(ctx, _slice_node_name(key))
        out = x[key]
        if isinstance(out, np.generic):         # every dim indexed by an int: a 0-d view, as torch's (not a copy)
            out = x[(key if type(key) is tuple else (key,)) + (Ellipsis,)]
        return out

    @staticmethod
    def backward(ctx, g):
        return ScatterInto.apply(g, ctx.in_shape, ctx.key, False), None


def _slice_node_name(key):
    """torch names the node after the last step of the index: x[0] and x[:, 0] SelectBackward0,
    x[1:] SliceBackward0, x[..., None] UnsqueezeBackward0."""
    for k in reversed(key):
        if type(k) is int:
            return "SelectBackward0"
        if k is None:
            return "UnsqueezeBackward0"
        if type(k) is slice and k != slice(None):
            return "SliceBackward0"
    return "SliceBackward0"


def slice_op(x: Tensor, key):
    return Slice.apply(x, key)


class Index(Op):
    """out = x[key] with index arrays or masks (a copy).   d/dx = g added back at key (repeats add up)"""

    @staticmethod
    def forward(ctx, x, key):
        ctx.in_shape, ctx.key = x.shape, key
        return x[key]

    @staticmethod
    def backward(ctx, g):
        return ScatterInto.apply(g, ctx.in_shape, ctx.key, True), None


class ScatterInto(Op):
    """out = zeros(shape); out[key] (+)= g.   d/dg = out's gradient read back at key"""

    @staticmethod
    def forward(ctx, g, shape, key, accumulate):
        ctx.key, ctx.accumulate = key, accumulate
        out = array_module(g).zeros(shape, g.dtype)
        if accumulate:
            if not (fast.index.add_rows(out, key, g) or fast.index.add_at(out, key, g)):   # normal mode: rows
                backend.scatter_add(out, key, g)         # summed after a sort; one index per dim: flat positions
        else:
            out[key] = g
        return out

    @staticmethod
    def backward(ctx, gg):
        op = Index if ctx.accumulate else Slice
        return op.apply(gg, ctx.key), None, None, None


# ---------------------------------------------------------------------------------------------
# Keys: a user's index as NumPy/CuPy understand it
# ---------------------------------------------------------------------------------------------
def _flat(items):
    """The leaves of a nested list or tuple."""
    for e in items:
        if isinstance(e, (list, tuple)):
            yield from _flat(e)
        else:
            yield e


def normalize_key(x: Tensor, key):
    """Turn a user's index into a tuple NumPy/CuPy understand: tensors and lists become arrays on x's
    device. Returns (key, is_basic).

    As in torch: a ``range`` or a tuple inside the key is a list of indices (``x[:, (0, 2)]``); a
    short list holding sequences, slices, tensors, None or ... is read as a tuple (``x[[0, 1:3]]``,
    torch's legacy rule, which it still follows with a warning)."""
    if isinstance(key, list) and len(key) < 32 and any(
            k is None or k is Ellipsis or isinstance(k, (list, tuple, range, slice, Tensor)) for k in key):
        key = tuple(key)
    if not isinstance(key, tuple):
        key = (key,)
    out = []
    basic = True
    dev = None
    for k in key:
        if k is None or k is Ellipsis or isinstance(k, slice):
            if isinstance(k, slice):
                k = _slice(k)
            out.append(k)
        elif isinstance(k, bool):
            out.append(k)
            basic = False
        elif isinstance(k, numbers.Integral):
            out.append(int(k))
        elif isinstance(k, Tensor):
            arr = k._data
            if arr.dtype.name not in ("int64", "int32", "uint8", "bool"):
                raise IndexError(f"tensors used as indices must be long, int, byte or bool tensors; got "
                                 f"{k.dtype} (convert the index with .long())")
            if arr.dtype.kind == "u":       # uint8: torch reads a byte tensor as a mask (deprecated), not as indices
                warnings.warn("indexing with dtype minigrad.uint8 is now deprecated, please use a dtype "
                              "minigrad.bool instead (a uint8 index tensor is read as a mask, as in torch)",
                              UserWarning, stacklevel=3)
                arr = arr.astype(np.bool_)
            if arr.ndim == 0 and arr.dtype.kind in "iu":
                out.append(int(arr.item()))
                continue
            dev = dev or x.device
            out.append(backend.to_device(arr, dev))
            basic = False
        elif isinstance(k, (list, tuple, range, np.ndarray)) or backend.is_array(k):
            arr = np.asarray(list(k) if isinstance(k, range) else k) if isinstance(k, (list, tuple, range)) else k
            if isinstance(k, (list, tuple)) and any(isinstance(e, Tensor) for e in k):
                arr = np.asarray([e.item() if isinstance(e, Tensor) else e for e in k])
            if arr.dtype.kind == "f" and arr.size and np.isfinite(arr).all() and not (
                    isinstance(k, (list, tuple)) and any(isinstance(e, np.floating) for e in _flat(k))):
                arr = np.trunc(arr).astype(np.int64)   # (torch reads a list or array of floats as ints, truncated)
            if arr.dtype.kind not in "biu":
                if arr.size == 0:
                    arr = arr.astype(np.int64)
                else:          # torch makes a tensor of the list: text in it is a TypeError, floats an IndexError
                    np_float = next((e for e in _flat(k) if isinstance(e, np.floating)), None) if isinstance(
                        k, (list, tuple)) else None
                    if np_float is not None:
                        raise TypeError(f"'numpy.{type(np_float).__name__}' object cannot be interpreted as an integer "
                                        f"(indexing a tensor of shape {tuple(x.shape)} with {k!r}: give ints, e.g. "
                                        "int(v))")
                    raise (TypeError if arr.dtype.kind in "USO" else IndexError)(
                        f"index lists must hold ints or bools, got {arr.dtype} (indexing a tensor of shape "
                        f"{tuple(x.shape)} with {k!r})")
            out.append(backend.to_device(arr, x.device))
            basic = False
        else:          # torch: a str is a TypeError (it tries to make a tensor of it), the rest IndexError
            raise (TypeError if isinstance(k, (str, bytes)) else IndexError)(
                f"only integers, slices (`:`), ellipsis (`...`), None and long or bool tensors are valid indices; "
                f"got {type(k).__name__} {k!r}")
    return tuple(out), basic


def _int_or_none(v):
    if v is None:
        return None
    if isinstance(v, Tensor):
        return int(v.item())
    if not hasattr(v, "__index__"):
        raise TypeError(f"slice indices must be integers or None or have an __index__ method (indexing: got "
                        f"{type(v).__name__} {v!r} in a slice; use ints, e.g. x[0:2])")
    return int(v.__index__())


def _index_error(x, key, exc):
    mask = _mask_mismatch(x, key)
    if mask is not None:
        return mask
    said = re.fullmatch(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)", str(exc))
    if said:                                                    # (NumPy's words for it: torch's are these)
        return IndexError(f"index {said[1]} is out of bounds for dimension {said[2]} with size {said[3]} (indexing "
                          f"a tensor of shape {tuple(x.shape)} with {key!r}: the index is out of range)")
    if str(exc).startswith("too many indices for array"):
        return IndexError(f"too many indices for tensor of dimension {x.ndim} (indexing a tensor of shape "
                          f"{tuple(x.shape)} with {key!r})")
    return IndexError(f"index {key!r} is out of range for a tensor of shape {tuple(x.shape)}: {exc}")


def _mask_mismatch(x, key):
    """torch's words for a bool mask whose shape is not the shape of the dims it covers (None if there is none)."""
    dim = 0
    for k in (key if isinstance(key, tuple) else (key,)):
        if k is Ellipsis:
            return None
        if isinstance(k, list) and k and all(isinstance(b, bool) for b in k):
            k = _wrap(np.asarray(k, dtype=np.bool_))      # (a list of bools is a mask too)
        if isinstance(k, Tensor) and k._data.dtype.kind == "b" and k._data.ndim:
            covered = tuple(x._data.shape[dim:dim + k._data.ndim])
            if tuple(k._data.shape) != covered:
                return IndexError(f"The shape of the mask {list(k.shape)} at index {dim} does not match the shape of "
                                  f"the indexed tensor {list(x.shape)} at index {dim} (a bool mask must have the "
                                  f"shape of the dims it selects from: {list(covered)})")
            dim += k._data.ndim
        elif k is not None:
            dim += 1
    return None


def _slice(k: slice) -> slice:
    """A slice of a key with plain ints; torch has no negative strides, so a step must be positive."""
    k = slice(_int_or_none(k.start), _int_or_none(k.stop), _int_or_none(k.step))
    if k.step is not None and k.step <= 0:
        raise ValueError(f"step must be greater than zero (index: slice step {k.step}); to reverse, use "
                         "x.flip(dim)")
    return k


def getitem(x: Tensor, key):
    """``x[key]``: a view for ints/slices, a copy for index tensors, lists and masks."""
    if type(key) is int or (type(key) is tuple and all(type(k) in (int, slice) for k in key)):
        nkey, basic = (key if type(key) is tuple else (key,)), True
        if type(key) is tuple:
            nkey = tuple(_slice(k) if type(k) is slice else k for k in key)
    else:
        nkey, basic = normalize_key(x, key)
        mismatch = None if basic else _mask_mismatch(x, key)
        if mismatch is not None:                 # (NumPy lets an empty mask of another shape select nothing)
            raise mismatch
        split = None if basic else _split_ints(nkey, x._data.ndim)
        if split is not None:                    # torch applies the ints first, then the rest
            return getitem(getitem(x, split[0]), split[1])
    try:
        return (Slice if basic else Index).apply(x, nkey)
    except IndexError as exc:
        raise _index_error(x, key, exc) from None


def _split_ints(key, ndim):
    """torch and NumPy disagree on keys that mix ints with index arrays (x[0, :, [1, 2]]): NumPy
    treats the int as one more index array (and may move the result's dims to the front); torch
    selects with the int first. Returns (ints-only key, rest) for such keys, else None."""
    has_int = any(type(k) is int for k in key)
    if not has_int:
        return None
    consumed = sum(1 if k is not None and k is not Ellipsis and not (hasattr(k, "dtype") and k.dtype.kind == "b")
                   else (k.ndim if hasattr(k, "dtype") else 0) for k in key)
    expanded = []
    for k in key:
        if k is Ellipsis:
            expanded.extend([slice(None)] * (ndim - consumed))
        else:
            expanded.append(k)
    first, rest = [], []
    for k in expanded:
        if type(k) is int:
            first.append(k)
        elif k is None:
            rest.append(k)
        else:
            mask_dims = k.ndim if hasattr(k, "dtype") and k.dtype.kind == "b" else 1
            first.extend([slice(None)] * mask_dims)
            rest.append(k)
    return tuple(first), tuple(rest)


# ---------------------------------------------------------------------------------------------
# Indexing with a key built from an index tensor: gather, take_along_dim, index_select
# ---------------------------------------------------------------------------------------------
class Gather(Index):
    """out[i][j] = x[index[i][j]][j] (along dim 0; likewise for other dims): indexing, same backward"""


class Max(Index):
    """values of max(x, dim): x indexed at the argmax.   d/dx = g at the argmax, 0 elsewhere"""


class Min(Index):
    """values of min(x, dim): x indexed at the argmin.   d/dx = g at the argmin, 0 elsewhere"""


def along_dim_key(index_arr, dim, xp):
    """The advanced-index key that reads ``x`` along ``dim`` at ``index`` (gather's rule)."""
    nd = index_arr.ndim
    key = []
    for d in range(nd):
        if d == dim:
            key.append(index_arr)
        else:
            shape = [1] * nd
            shape[d] = index_arr.shape[d]
            key.append(xp.arange(index_arr.shape[d]).reshape(shape))
    return tuple(key)


def _check_index_tensor(index, op):
    if not isinstance(index, Tensor):
        raise TypeError(f"{op}(): index must be a Tensor, got {type(index).__name__}")
    if index._data.dtype.kind not in "iu":
        raise RuntimeError(f"{op}(): expected dtype int64 for index, got {index.dtype}")


def gather(input, dim, index, *, sparse_grad=False):
    """out[i][j][k] = input[index[i][j][k]][j][k] when dim = 0 (and so on for other dims)."""
    _check_index_tensor(index, "gather")
    bool_arg(sparse_grad, "gather", "sparse_grad")
    if _zero_d_on_vector(input, index):
        return named(gather(input, dim, index.reshape(1)).reshape(()), "GatherBackward0")
    if index._data.dtype.name not in ("int32", "int64"):
        raise RuntimeError(f"gather(): Expected dtype int32/int64 for index (got {index.dtype}; convert it with "
                           "index.long())")
    d = one_dim(dim, input._data.ndim, "gather")
    idx = backend.to_device(index._data, input.device)
    if idx.ndim != input._data.ndim:
        raise RuntimeError(f"gather(): index tensor must have the same number of dimensions as input "
                           f"tensor; got index {tuple(index.shape)} and input {tuple(input.shape)}")
    for i, (a, b) in enumerate(zip(idx.shape, input._data.shape)):
        if i != d and a > b:
            raise RuntimeError(f"gather(): size of index {tuple(index.shape)} is larger than input "
                               f"{tuple(input.shape)} in dimension {i}")
    n = input._data.shape[d]
    if idx.size and (int(idx.min()) < 0 or int(idx.max()) >= n):
        bad = int(idx.min()) if int(idx.min()) < 0 else int(idx.max())
        raise RuntimeError(f"gather(): index out of bounds: index {bad} is out of bounds for dimension {d} with size "
                           f"{n} (index values range from {int(idx.min())} to {int(idx.max())}; they must lie in "
                           f"[0, {n}))")
    return Gather.apply(input, along_dim_key(idx, d, array_module(idx)))


def take_along_dim(input, indices, dim=None, _name=None, _squeeze=False):
    """Read ``input`` along ``dim`` at ``indices`` (shapes must match outside ``dim``); ``_squeeze``: without
    ``dim`` (indices of size 1 there: max(x, dim)'s values as one node, as torch's)."""
    tensor_args("take_along_dim", ("input", input), first=1)
    if not isinstance(indices, Tensor):
        raise TypeError(f"take_along_dim(): argument 'indices' (position 2) must be Tensor, not "
                        f"{type(indices).__name__} (give an int64 tensor of the input's rank)")
    if dim is None:
        return gather(input.reshape(-1), 0, indices.reshape(-1))
    if _name is None and indices.ndim != input.ndim:          # (torch compares the ranks before it reads dim)
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {input.ndim} dimensions for input, and {indices.ndim} dimensions for indices")
    d = one_dim(dim, input._data.ndim, "take_along_dim")
    if _name is None and indices._data.dtype.name != "int64":
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{_SCALAR[indices._data.dtype.name]} (convert them with indices.long())")
    if _name is None and indices.shape != input.shape:
        input, indices = _broadcast_along(input, indices, d)
    idx = backend.to_device(indices._data, input.device)
    op = {"Max": Max, "Min": Min}.get(_name, Gather)
    key = along_dim_key(idx, d, array_module(idx))
    return op.apply(input, tuple(k.squeeze(d) for k in key) if _squeeze else key)


def _broadcast_along(input, indices, d):
    """take_along_dim broadcasts input and indices against each other in every dim but ``d`` (torch); the
    ranks are equal (take_along_dim checked)."""
    if all(a == b for k, (a, b) in enumerate(zip(input.shape, indices.shape)) if k != d):
        return input, indices                   # (nothing to broadcast: no expand nodes)
    shape = []
    for k, (a, b) in enumerate(zip(input.shape, indices.shape)):
        if k != d and a != b and 1 not in (a, b):
            raise RuntimeError(f"The size of tensor a ({a}) must match the size of tensor b ({b}) at non-singleton "
                               f"dimension {k} (take_along_dim(): input {tuple(input.shape)} and indices "
                               f"{tuple(indices.shape)} broadcast in every dim but dim {d})")
        shape.append(max(a, b))
    return (input.expand(*shape[:d], input.shape[d], *shape[d + 1:]),
            indices.expand(*shape[:d], indices.shape[d], *shape[d + 1:]))


def take(input, index):
    tensor_args("take", ("input", input), ("index", index), first=1)
    _check_index_tensor(index, "take")
    if index._data.dtype != np.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got {_TORCH_NAMES[index._data.dtype.name]} "
                           "(convert it with index.long())")
    n = input._data.size
    if index._data.size and (int(index._data.min()) < -n or int(index._data.max()) >= n):
        bad = int(index._data.max()) if int(index._data.max()) >= n else int(index._data.min())
        raise IndexError(f"take(): out of range: tried to access index {bad} on a tensor of {n} elements")
    index = index % n if n else index              # take counts negative indices from the end, as torch
    return gather(input.reshape(-1), 0, index.reshape(-1)).reshape(index.shape)


class AsStrided(Op):
    """out[i] = x's elements (row-major) at offset + Σ_k i_k·stride_k: a view of x's memory, as torch's (x is
    contiguous; an element may be read more than once).   d/dx = g added back where it was read (repeats add up)"""
    is_view = True

    @staticmethod
    def forward(ctx, x, size, stride, offset):
        ctx.x_shape, ctx.size, ctx.stride, ctx.offset = x.shape, size, stride, offset
        flat = x.reshape(-1)[offset:]                           # (a view: x is contiguous)
        return backend.as_strided(flat, size, tuple(st * x.itemsize for st in stride), writeable=True)

    @staticmethod
    def backward(ctx, g):
        read = _strided_positions(g.xp, ctx.size, ctx.stride, ctx.offset).reshape(-1)
        gx = _wrap(g.xp.zeros(int(np.prod(ctx.x_shape)), g._data.dtype)).index_add(0, _wrap(read), g.reshape(-1))
        return gx.view(ctx.x_shape), None, None, None


def _strided_positions(xp, size, stride, offset):
    """The row-major positions ``offset + Σ_k i_k·stride_k`` as_strided reads, for every index ``i`` of ``size``."""
    flat = xp.full((), int(offset), np.int64)
    for k, (n, st) in enumerate(zip(size, stride)):
        flat = flat + (xp.arange(n, dtype=np.int64) * st).reshape((n,) + (1,) * (len(size) - k - 1))
    return xp.broadcast_to(flat, size)


def as_strided(input, size, stride, storage_offset=0):
    """The elements at ``storage_offset + sum(i_k * stride_k)`` of ``input``'s elements in row-major
    order, for each index ``i`` of ``size`` (torch reads the storage; here the tensor is read as if
    contiguous). A view of a contiguous input (writing into it changes ``input``, as torch's); a copy of
    another. The gradient adds back into each element read (an element read twice gets both)."""
    size, stride = tuple(int(n) for n in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError(f"as_strided(): mismatch in length of strides and shape ({len(size)} sizes, "
                           f"{len(stride)} strides); give one stride per dim")
    if any(n < 0 for n in size) or any(s < 0 for s in stride) or storage_offset < 0:
        raise RuntimeError(f"as_strided(): sizes {size}, strides {stride} and storage_offset {storage_offset} "
                           "must be non-negative")
    last = int(storage_offset) + sum((n - 1) * st for n, st in zip(size, stride)) if all(size) else -1
    if last >= input._data.size:
        raise RuntimeError(f"as_strided(): setStorage: sizes {list(size)}, strides {list(stride)}, storage offset "
                           f"{storage_offset} read element {last}, out of bounds for a tensor of "
                           f"{input._data.size} elements (shape {tuple(input.shape)})")
    if input._data.flags.c_contiguous:
        return AsStrided.apply(input, size, stride, int(storage_offset))
    flat = _strided_positions(input.xp, size, stride, storage_offset)
    return named(Index.apply(input.reshape(-1), (flat.copy(),)), "AsStridedBackward0")


def index_select(input, dim, index):
    _check_index_tensor(index, "index_select")
    if index._data.dtype.name not in ("int32", "int64"):
        raise RuntimeError(f"index_select(): Expected dtype int32 or int64 for index (got {index.dtype}; convert "
                           "it with index.long())")
    d = one_dim(dim, input._data.ndim, "index_select")
    if index._data.ndim > 1:
        raise IndexError("index_select(): index must be 1-D")
    idx = index._data.reshape(-1)
    if input._data.ndim and idx.size and input._data.shape[d] == 0:
        raise RuntimeError(f"index_select(): self indexing axis dim should be positive (the input's dim {d} is empty: "
                           f"shape {tuple(input.shape)}; there is nothing to select)")
    if input._data.ndim and idx.size:
        _check_select_range(input, d, idx)
    key = (slice(None),) * d + (backend.to_device(idx, input.device),)
    try:
        return named(Index.apply(input, key), "IndexSelectBackward0")
    except IndexError as exc:
        raise _index_error(input, index.tolist(), exc) from None


def _check_select_range(input, d, idx):
    """index_select's indices must lie in [0, size) (a negative one is refused, as torch). torch's CPU kernel
    raises RuntimeError for dim 1 of a tensor of 2 or more dims, IndexError otherwise: so does this."""
    n = input._data.shape[d]
    lo, hi = int(idx.min()), int(idx.max())
    if lo >= 0 and hi < n:
        return
    bad = lo if lo < 0 else hi
    where = (f"index_select(): index {bad} is out of range for dimension {d} of size {n} (input of shape "
             f"{tuple(input.shape)}); indices must be in [0, {n})")
    if d == 1 and input._data.ndim > 1:
        raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={n}: {where}")
    raise IndexError(f"index out of range in self: {where}")


# ---------------------------------------------------------------------------------------------
# Writing: IndexPut (x[key] = v, scatter), ViewPut (in-place changes of a view: inplace.py), index_add
# ---------------------------------------------------------------------------------------------
class IndexPut(Op):
    """out = x with out[key] = v.   d/dx = g with zeros at key,  d/dv = g[key] (summed to v's shape)"""

    @staticmethod
    def forward(ctx, x, v, key):
        ctx.key = key
        ctx.v_shape = getattr(v, "shape", ())
        out = x.copy()
        out[key] = v
        return out

    @staticmethod
    def backward(ctx, g):
        need_x, need_v = ctx.needs_input_grad[:2]
        gx = IndexPut.apply(g, 0.0, ctx.key) if need_x else None
        gv = None
        if need_v:
            read = (Slice if _is_basic(ctx.key) else Index).apply(g, ctx.key)
            gv = sum_to(read, ctx.v_shape)
        return gx, gv, None


def _is_basic(key) -> bool:
    return all(k is None or k is Ellipsis or isinstance(k, (int, slice)) for k in key)


def _zero_d_on_vector(input, *args) -> bool:
    """torch reads a 0-d index (or src) on a 1-d input as one of one element (gather, scatter*)."""
    return (isinstance(input, Tensor) and input.ndim == 1
            and any(isinstance(a, Tensor) and a.ndim == 0 for a in args))


def _as_one(src):
    return src.reshape(1) if isinstance(src, Tensor) and src.ndim == 0 else src


def _check_scatter(input, dim, index, src, op):
    input = tensor_arg(input, op)
    tensor_args(op, ("index", index), first=2)
    if not isinstance(src, (Tensor, numbers.Number)):
        raise TypeError(f"{op}(): argument 'src' (position 3) must be Tensor, not {type_name(src)} (give a tensor "
                        "or, for scatter, a number)")
    if index.dtype.name not in ("int32", "int64"):
        raise RuntimeError(f"{op}(): Expected dtype int32/int64 for index (got "
                           f"{index.dtype if isinstance(index, Tensor) else type(index).__name__}; convert it with "
                           "index.long())")
    d = one_dim(dim, input.ndim, op)
    if not isinstance(src, Tensor) and index.ndim == input.ndim and any(
            i != d and a > b for i, (a, b) in enumerate(zip(index.shape, input.shape))):
        raise RuntimeError(f"Expected index {list(index.shape)} to be no larger than self {list(input.shape)} apart "
                           f"from dimension {d} ({op}(): shrink the index to the input's shape)")
    if index.ndim != input.ndim and not (index.ndim <= 1 and input.ndim <= 1):
        raise RuntimeError(f"{op}(): Index tensor must have the same number of dimensions as self tensor "
                           f"(index {tuple(index.shape)}, self {tuple(input.shape)})")
    if isinstance(src, Tensor):
        if src.dtype != input.dtype:
            raise RuntimeError(f"{op}(): Expected self.dtype to be equal to src.dtype (got {input.dtype} and "
                               f"{src.dtype})")
        if src.ndim:
            one_dim(dim, src.ndim, op)                # (torch reads dim on src too: an IndexError past its dims)
        if src.ndim != index.ndim and not (src.ndim <= 1 and index.ndim <= 1):
            raise RuntimeError(f"{op}(): Index tensor must have the same number of dimensions as src tensor "
                               f"(index {tuple(index.shape)}, src {tuple(src.shape)})")
        for i in range(index.ndim):
            if index.shape[i] > src.shape[i] or (i != d and index.shape[i] > input.shape[i]):
                raise RuntimeError(f"{op}(): Expected index {tuple(index.shape)} to be smaller than self "
                                   f"{tuple(input.shape)} apart from dimension {d} and to be smaller size than src "
                                   f"{tuple(src.shape)}")
    idx = backend.to_device(index._data, input.device)
    n = input.shape[d] if input.ndim else 1
    if idx.size and (int(idx.min()) < 0 or int(idx.max()) >= n):
        raise RuntimeError(f"{op}(): index {int(idx.max()) if int(idx.max()) >= n else int(idx.min())} is out of "
                           f"bounds for dimension {d} with size {n}")
    return input, d, idx


class Scatter(Op):
    """out = x with out[key] = src[part] (scatter: key reads along dim at index; part: src's first index.shape
    entries).   d/dx = g with zeros at key,  d/dsrc = g[key] in part, zeros elsewhere"""

    @staticmethod
    def forward(ctx, x, src, key, part, add):
        ctx.key, ctx.part, ctx.src_shape, ctx.add = key, part, getattr(src, "shape", ()), add
        out = x.copy()
        if add:
            if not fast.index.add_at(out, key, src[part]):     # normal mode: add.at at flat positions
                backend.scatter_add(out, key, src[part])
        else:
            out[key] = src[part] if part is not None else src
        return out

    @staticmethod
    def backward(ctx, g):
        need_x, need_src = ctx.needs_input_grad[:2]
        gx = (g if ctx.add else IndexPut.apply(g, 0.0, ctx.key)) if need_x else None
        gsrc = None
        if need_src:
            gsrc = Index.apply(g, ctx.key)
            if tuple(gsrc.shape) != ctx.src_shape:      # src larger than index: no gradient for the rest
                gsrc = ScatterInto.apply(gsrc, ctx.src_shape, ctx.part, False)
        return gx, gsrc, None, None, None


def scatter(input, dim, index, src=None, value=None, *, reduce=None):
    """out = input with out[index[i][j]][j] = src[i][j] (dim 0; likewise for other dims)."""
    if reduce is not None:
        if reduce == "add":
            return scatter_add(input, dim, index, src)
        raise NotImplementedError(f"scatter(reduce={reduce!r}) is not implemented; use scatter_add")
    _check_index_tensor(index, "scatter")
    if _zero_d_on_vector(input, index, src, value):
        return scatter(input, dim, _as_one(index), _as_one(src), _as_one(value))
    _check_scatter(input, dim, index, src if src is not None else value, "scatter")
    d = one_dim(dim, input._data.ndim, "scatter")
    idx = backend.to_device(index._data, input.device)
    key = along_dim_key(idx, d, array_module(idx))
    if isinstance(src, Tensor):
        return Scatter.apply(input, src, key, tuple(slice(0, s) for s in idx.shape), False)
    return named(Scatter.apply(input, value if src is None else src, key, None, False), "ScatterBackward1")   # (torch's, for a number)


def scatter_add(input, dim, index, src):
    """out = input, then out[index[i][j]][j] += src[i][j] (dim 0; likewise for other dims)."""
    _check_index_tensor(index, "scatter_add")
    tensor_args("scatter_add", ("src", src), first=3)        # (scatter takes a number; scatter_add does not)
    if _zero_d_on_vector(input, index, src):
        return scatter_add(input, dim, _as_one(index), _as_one(src))
    _check_scatter(input, dim, index, src, "scatter_add")
    d = one_dim(dim, input._data.ndim, "scatter_add")
    idx = backend.to_device(index._data, input.device)
    key = along_dim_key(idx, d, array_module(idx))
    return named(Scatter.apply(input, src, key, tuple(slice(0, s) for s in idx.shape), True), "ScatterAddBackward0")


def index_add(input, dim, index, source, *, alpha=1):
    """out = input with alpha * source[i] (slice i along ``dim``) added to slice index[i]; repeats add up."""
    number_arg(alpha, "index_add", "alpha")
    if isinstance(alpha, float) and input._data.dtype.kind in "biu" and source._data.dtype.kind in "biu":
        alpha = int(alpha)                              # integer tensors: alpha truncated first, as torch (2.5 -> 2)
    d = one_dim(dim, input._data.ndim, "index_add")
    _check_index_add(input, d, index, source)
    if input._data.ndim == 0:
        return index_add(input.reshape(1), 0, index, source.reshape(-1), alpha=alpha).reshape(())
    key = (slice(None),) * d + (backend.to_device(index._data, input.device),)
    out = input + ScatterInto.apply(source * alpha if alpha != 1 else source, input._data.shape, key, True)
    return named(out, "IndexAddBackward0", inputs=(input, source))             # (one node in torch)


_SCALAR = {"float16": "Half", "float32": "Float", "float64": "Double", "uint8": "Byte", "int8": "Char",
           "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool"}


def _check_index_add(input, d, index, source):
    """torch's checks of index_add: an int32/int64 index of at most one dim, in range, one per slice of
    ``source`` along ``dim``, and ``source`` of ``input``'s dtype (no silent promotion of the result)."""
    if not isinstance(index, Tensor) or not isinstance(source, Tensor):
        bad = index if not isinstance(index, Tensor) else source
        raise TypeError(f"index_add(): index and source must be tensors, got {type(bad).__name__}")
    if index._data.dtype.name not in ("int32", "int64"):
        raise RuntimeError(f"index_add_(): Expected dtype int32/int64 for index but got: "
                           f"{_SCALAR.get(index._data.dtype.name)} (index_add(): convert it with index.long())")
    if index._data.ndim > 1:
        raise IndexError(f"index_add_(): Index is supposed to be a vector, got shape {tuple(index.shape)}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"index_add_(): self ({_SCALAR.get(input._data.dtype.name)}) and source "
                           f"({_SCALAR.get(source._data.dtype.name)}) must have the same scalar type (convert source "
                           f"with source.to({input.dtype}))")
    n = index._data.size
    size = source._data.shape[d] if source._data.ndim else 1
    if n != size:
        raise RuntimeError(f"index_add_(): Number of indices ({n}) should be equal to source.size(dim): ({size}), "
                           f"for dim: {d}")
    own, src = input._data.shape, source._data.shape
    if src and own[:d] + own[d + 1:] != src[:d] + src[d + 1:]:
        raise RuntimeError(f"index_add_(): source tensor shape must match self tensor shape, excluding the specified "
                           f"dimension. Got self.shape = {list(own)} source.shape = {list(src)}")
    dim_size = own[d] if own else 1
    low, high = (int(index._data.min()), int(index._data.max())) if n else (0, 0)
    if low < 0 or high >= dim_size:
        raise RuntimeError(f"index_add_(): index {low if low < 0 else high} is out of bounds for dimension {d} with "
                           f"size {dim_size} (indices must lie in [0, {dim_size}); negative ones are refused too)")


class ViewPut(Op):
    """out = x with the part that ``view_cls`` sees (x.t(), x.view(...), x[1:], x.diagonal()...)
    replaced by v: how an in-place change of a view rewrites the history of the tensor it views.
    d/dx = g with zeros in the viewed part,  d/dv = that part of g (the same view of g)"""

    @staticmethod
    def forward(ctx, x, v, view_cls, view_args):
        ctx.view_cls, ctx.view_args = view_cls, view_args
        out = x.copy()
        scratch = view_cls._node_cls()                  # a ctx for the view's forward, recording nothing
        scratch.needs_input_grad = (False,) * (1 + len(view_args))
        view_cls.forward(scratch, out, *view_args)[...] = v                # write through the view
        return out

    @staticmethod
    def backward(ctx, g):
        need_x, need_v = ctx.needs_input_grad[:2]
        return (ViewPut.apply(g, 0.0, ctx.view_cls, ctx.view_args) if need_x else None,
                ctx.view_cls.apply(g, *ctx.view_args) if need_v else None, None, None)


# ---------------------------------------------------------------------------------------------
# Masks
# ---------------------------------------------------------------------------------------------
class MaskedFill(Where):
    """out = value where mask else x (Where with the mask as condition).   d/dx = 0 where mask, else 1"""
    edge_args, edge_non_tensors = (2, 1), False     # (mask, value, x): torch lists x, and a tensor value


def masked_fill(input, mask, value):
    """``value`` where ``mask`` is True, ``input`` elsewhere (mask and input broadcast together, as torch's:
    a mask with more dims gives a bigger output; ``masked_fill_`` needs the input's shape)."""
    if not isinstance(mask, Tensor):
        raise TypeError(f"masked_fill(): argument 'mask' (position 1) must be Tensor, not {type(mask).__name__}; "
                        "pass a bool tensor such as (x > 0)")
    if mask._data.dtype != np.bool_:
        raise RuntimeError(f"masked_fill(): expected a bool mask tensor, got "
                           f"{mask.dtype if isinstance(mask, Tensor) else type(mask).__name__}")
    try:
        shape = np.broadcast_shapes(mask._data.shape, input._data.shape)
    except ValueError:
        shape = None
    if shape is None:
        raise RuntimeError(f"masked_fill(): the mask of shape {tuple(mask.shape)} and the input of shape "
                           f"{tuple(input.shape)} must broadcast together")
    if isinstance(value, Tensor):
        if value._data.ndim != 0:
            raise RuntimeError(f"masked_fill() only supports a 0-dimensional value tensor, but got one with "
                               f"{value._data.ndim} dimension(s) (shape {tuple(value.shape)}); pass a number or a 0-d "
                               "tensor, or use torch.where(mask, value, input)")
        value = value.to(input.dtype)
    else:
        value = to_scalar(value)
        if not isinstance(value, numbers.Number):
            raise TypeError(f"masked_fill(): value must be a number or a 0-dim Tensor, not "
                            f"{type(value).__name__} ({value!r})")
        value = dtypes.check_fits(value, input._data.dtype, "masked_fill()")     # (1e40 into float32 too)
        if input._data.dtype.kind != "f":
            value = input._data.dtype.type(value).item()
    _check_same_device("masked_fill", [input, mask])
    if shape != input._data.shape:
        input = input.expand(shape)
    out = MaskedFill.apply(mask, value, input)
    return named(out, "MaskedFillBackward1") if isinstance(value, Tensor) else out     # (torch's overload for a tensor value)


def masked_select(input, mask):
    tensor_args("masked_select", ("mask", mask), first=1)
    if mask._data.dtype != np.bool_:
        got = mask.dtype if isinstance(mask, Tensor) else type(mask).__name__
        raise RuntimeError(f"masked_select: expected BoolTensor for mask, got {got} (compare first, e.g. x > 0)")
    if mask.shape != input.shape:
        try:
            shape = np.broadcast_shapes(tuple(input.shape), tuple(mask.shape))
        except ValueError:
            raise RuntimeError(f"The size of tensor a ({input.shape[-1]}) must match the size of tensor b "
                               f"({mask.shape[-1]}) (masked_select(): the mask {tuple(mask.shape)} must broadcast "
                               f"with the input {tuple(input.shape)})") from None
        input, mask = input.expand(shape), mask.expand(shape)
    return getitem(input, mask)


def nonzero(input, *, as_tuple=False):
    """The indices of the non-zero elements: an (n, ndim) tensor, or a tuple of ndim index tensors."""
    if as_tuple is not True and as_tuple is not False:
        raise TypeError(f"nonzero(): argument 'as_tuple' must be bool, not {type(as_tuple).__name__}")
    if input._data.ndim == 0:                         # torch: a 0-d tensor is seen as 1-d
        if as_tuple:
            return nonzero(input.reshape(1), as_tuple=True)
        return _wrap(input.xp.zeros((int(bool(input._data)), 0), np.int64))
    idx = input.xp.nonzero(input._data)
    if as_tuple:
        return tuple(_wrap(i.astype(np.int64)) for i in idx)
    return _wrap(input.xp.stack(idx, axis=1).astype(np.int64) if idx else
                 input.xp.zeros((0, 0), np.int64))


def argwhere(input):
    return nonzero(input)


def one_hot(tensor, num_classes=-1):
    """Class indices (int64) to one-hot rows, as ``torch.nn.functional.one_hot``."""
    if not isinstance(tensor, Tensor) or tensor._data.dtype.kind not in "iu":
        raise RuntimeError("one_hot is only applicable to index tensors (int64)")
    arr = tensor._data
    if not arr.size and num_classes <= 0:
        raise RuntimeError("Can not infer total number of classes from empty tensor. (one_hot(): pass "
                           "num_classes=...)")
    if num_classes == -1:
        num_classes = int(arr.max()) + 1
    if arr.size and (int(arr.min()) < 0 or int(arr.max()) >= num_classes):
        rule = "non-negative" if int(arr.min()) < 0 else "smaller than num_classes"
        raise RuntimeError(f"Class values must be {rule}. (one_hot(): class values must be in [0, {num_classes}); "
                           f"got values from {int(arr.min())} to {int(arr.max())})")
    xp = tensor.xp
    return _wrap((arr[..., None] == xp.arange(num_classes)).astype(np.int64))


# ---------------------------------------------------------------------------------------------
# Matrix parts: triangles and diagonals, by masks and indexing
# ---------------------------------------------------------------------------------------------
class Diagonal(Op):
    """out = the diagonal (offset, dim1, dim2) of x, as the last dim (a view).
    d/dx = zeros with g on that diagonal"""
    is_view = True

    @staticmethod
    def forward(ctx, x, offset, dim1, dim2):
        ctx.x_shape, ctx.args = x.shape, (offset, dim1, dim2)
        d = x.diagonal(offset, dim1, dim2)
        if isinstance(d, np.ndarray):
            d.flags.writeable = True          # NumPy hands out a read-only view; torch's is writable
        return d

    @staticmethod
    def backward(ctx, g):
        zeros = _wrap(g.xp.zeros(ctx.x_shape, g._data.dtype))
        return ViewPut.apply(zeros, g, Diagonal, ctx.args), None, None, None


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal of the (dim1, dim2) matrices, offset above (> 0) or below (< 0) the main one; a
    view, as torch's: writing into it writes into ``input``."""
    tensor_args("diagonal", ("input", input), first=1)
    nd = input._data.ndim
    d1, d2 = one_dim(dim1, nd, "diagonal"), one_dim(dim2, nd, "diagonal")
    if d1 == d2:
        raise RuntimeError(f"diagonal(): diagonal dimensions cannot be identical ({dim1}, {dim2})")
    return Diagonal.apply(input, int(int_arg(offset, "diagonal", "offset", 1)), d1, d2)


def diag(input, diagonal=0):
    """The diagonal of a matrix, or a matrix with a vector on its diagonal."""
    diagonal = int_arg(diagonal, "diag", "diagonal", 1)
    xp = input.xp
    if input.ndim == 1:
        n = input.shape[0] + abs(diagonal)
        rows = xp.arange(input.shape[0]) + max(-diagonal, 0)
        cols = xp.arange(input.shape[0]) + max(diagonal, 0)
        return named(ScatterInto.apply(input, (n, n), (rows, cols), False), "DiagEmbedBackward0")
    if input.ndim == 2:                       # a copy, not a view: torch's node is DiagonalBackward0_copy
        return named(Diagonal.apply(input, diagonal, 0, 1).clone(), "DiagonalBackward0_copy", inputs=(input,))
    raise RuntimeError(f"diag(): expected a 1-D or 2-D tensor, got {input.ndim}-D")


def trace(input):
    if isinstance(input, Tensor) and input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim} (shape {tuple(input.shape)})")
    no_bool("trace", "trace", input)
    return named(diag(input).sum(), "TraceBackward0", inputs=(input,))


def tril(input, diagonal=0):
    """The lower triangle (on and below the ``diagonal``-th diagonal) of the last two dims; zeros above."""
    n, m = _matrix_dims(input, "tril")
    diagonal = int_arg(diagonal, "tril", "diagonal", 1)
    return named(where(_wrap(input.xp.tri(n, m, diagonal, dtype=bool)), input, _zero_like(input)), "TrilBackward0",
                 edge_args=(1,))


def triu(input, diagonal=0):
    """The upper triangle (on and above the ``diagonal``-th diagonal) of the last two dims; zeros below."""
    n, m = _matrix_dims(input, "triu")
    diagonal = int_arg(diagonal, "triu", "diagonal", 1)
    return named(where(_wrap(~input.xp.tri(n, m, diagonal - 1, dtype=bool)), input, _zero_like(input)), "TriuBackward0",
                 edge_args=(1,))


def _matrix_dims(input, op):
    if input._data.ndim < 2:
        raise RuntimeError(f"{op}: input tensor must have at least 2 dimensions, got shape {tuple(input.shape)}")
    return input._data.shape[-2:]


def _zero_like(input):
    """A 0-d zero of ``input``'s dtype, so that where() keeps the dtype (bool stays bool)."""
    return _wrap(input.xp.zeros((), input._data.dtype))
