"""Sparse COO tensors: the part graph networks use (``torch.spmm(adj, support)``, ``torch.sparse.mm``).

A sparse tensor keeps the coordinates of its entries (``indices``: int64, ndim x nnz), their values
(``values``: a dense 1-d tensor, which autograd follows) and its size. What it computes is written with
dense ops on the values -- ``to_dense()`` is an ``index_put`` with accumulation, a product with a dense
matrix is ``index_select``, ``mul`` and ``index_add`` -- so gradients reach the values and the dense operand
through the ordinary engine, and every number is the one a dense computation gives.

What works: ``sparse_coo_tensor``, ``Tensor.to_sparse()``, the legacy ``torch.sparse.FloatTensor(i, v, size)``;
``to_dense``, ``coalesce`` (duplicates summed, indices sorted), ``indices``/``values``/``_nnz``,
``mm``/``spmm``/``matmul``/``@`` with a dense matrix, ``sparse.sum``, ``sparse.addmm``, ``t``, ``+`` (with a
sparse or a dense tensor), ``*`` and ``/`` by a number, ``to``/``float``/``double``/``cpu``. Any other op
raises NotImplementedError, as torch's ops without a sparse kernel do: call ``.to_dense()`` first. CSR
tensors and sparse gradients (``s.grad`` is the values' gradient as a sparse tensor) are not there.
"""
from __future__ import annotations

import numpy as np

from . import dtypes
from .autograd.function import named
from .factories import as_tensor
from .ops.linalg import mm as _dense_mm
from .ops.shape import cat
from .tensor import Size, Tensor, _wrap, layout

__all__ = ["mm", "sum", "addmm", "FloatTensor", "DoubleTensor", "LongTensor", "sparse_coo"]

sparse_coo = layout("sparse_coo")

_SUPPORTED = ("to_dense(), coalesce(), indices()/values(), mm/spmm/matmul/@ with a dense matrix, sparse.sum, "
              "t(), + with a sparse or dense tensor, * or / by a number, to()/float()/double()")


class _NoDenseArray:
    """What a sparse tensor holds where a dense tensor holds its array: an op that reads it raises."""
    __slots__ = ()

    def __getattr__(self, name):
        raise NotImplementedError(
            f"this op has no sparse form in minigrad (it read the dense array's {name!r}); minigrad's sparse COO "
            f"tensors support {_SUPPORTED}: call .to_dense() first")

    def __array__(self, *args, **kwargs):
        self.__getattr__("__array__")


_NO_DENSE_ARRAY = _NoDenseArray()


class SparseTensor(Tensor):
    """A sparse COO tensor (``layout=torch.sparse_coo``): ``_idx`` (NumPy int64, ndim x nnz), ``_vals`` (a dense
    1-d Tensor), ``_size`` (a tuple), ``_coalesced``. Prints as torch's."""

    def __init__(self, idx, vals, size, coalesced=False):
        object.__setattr__(self, "_data", _NO_DENSE_ARRAY)
        self._idx, self._vals, self._size, self._coalesced = idx, vals, tuple(int(n) for n in size), coalesced
        self._requires_grad, self._grad_fn = False, None
        self._version_counter = [0]

    # --- what it is
    shape = property(lambda self: Size(self._size))
    dtype = property(lambda self: self._vals.dtype)
    device = property(lambda self: self._vals.device)
    is_cuda = property(lambda self: self._vals.is_cuda)
    layout = property(lambda self: sparse_coo)
    is_sparse = property(lambda self: True)
    ndim = property(lambda self: len(self._size))
    requires_grad = property(lambda self: self._vals.requires_grad,
                             lambda self, flag: self._vals.requires_grad_(flag))
    data = property(lambda self: self.detach())
    grad_fn = property(lambda self: self._vals.grad_fn)
    is_leaf = property(lambda self: self._vals.is_leaf)

    @property
    def grad(self):
        g = self._vals.grad
        return None if g is None else SparseTensor(self._idx, g, self._size, self._coalesced)

    def size(self, dim=None):
        return self.shape if dim is None else self._size[dim]

    def dim(self):
        return len(self._size)

    def numel(self):
        return int(np.prod(self._size))

    def __len__(self):
        return self._size[0]

    def _nnz(self):
        return self._idx.shape[1]

    def is_coalesced(self):
        return self._coalesced

    def requires_grad_(self, requires_grad=True):
        self._vals.requires_grad_(requires_grad)
        return self

    def detach(self):
        return SparseTensor(self._idx, self._vals.detach(), self._size, self._coalesced)

    def clone(self):
        return SparseTensor(self._idx.copy(), self._vals.clone(), self._size, self._coalesced)

    # --- its parts
    def _indices(self):
        return _wrap(self._idx)

    def _values(self):
        return self._vals

    def indices(self):
        if not self._coalesced:
            raise RuntimeError("Cannot get indices on an uncoalesced tensor, please call .coalesce() first")
        return _wrap(self._idx)

    def values(self):
        if not self._coalesced:
            raise RuntimeError("Cannot get values on an uncoalesced tensor, please call .coalesce() first")
        return self._vals

    def coalesce(self):
        """Indices sorted (row-major) and duplicates summed, as one entry each."""
        if self._coalesced:
            return self
        if self._nnz() == 0:
            return SparseTensor(self._idx, self._vals, self._size, True)
        flat = np.ravel_multi_index(tuple(self._idx), self._size)
        keys, where = np.unique(flat, return_inverse=True)
        idx = np.stack(np.unravel_index(keys, self._size)).astype(np.int64).reshape(len(self._size), -1)
        vals = self._vals.new_zeros(len(keys)).index_add(0, _wrap(where.astype(np.int64)), self._vals)
        return SparseTensor(idx, vals, self._size, True)

    def to_dense(self, dtype=None, *, masked_grad=None):
        dense = self._vals.new_zeros(self._size).index_put(tuple(_wrap(i) for i in self._idx), self._vals,
                                                           accumulate=True)
        named(dense, "ToDenseBackward0")
        return dense if dtype is None else dense.to(dtype)

    def to_sparse(self, *args, **kwargs):
        return self

    def __getitem__(self, index):
        """``s[i]``: the entries of row i, as a sparse tensor of the other dims (an int index only)."""
        if not isinstance(index, int) or isinstance(index, bool) or not self._size:
            raise NotImplementedError(f"sparse tensor indexing: minigrad takes one int index (s[i]), got "
                                      f"{index!r}; call .to_dense() first")
        n = self._size[0]
        if not -n <= index < n:
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size {n}")
        hit = np.nonzero(self._idx[0] == index % n)[0]
        vals = self._vals.index_select(0, _wrap(hit.astype(np.int64)))
        return SparseTensor(self._idx[1:, hit], vals, self._size[1:], self._coalesced)

    # --- conversions
    def to(self, *args, **kwargs):
        return SparseTensor(self._idx, self._vals.to(*args, **kwargs), self._size, self._coalesced)

    def float(self):
        return self.to(dtypes.float32)

    def double(self):
        return self.to(dtypes.float64)

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None):
        return self.to("cuda" if device is None else device)

    def t(self):
        if len(self._size) != 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 sparse and 0 dense dimensions, but self is "
                               f"{len(self._size)}D")
        return SparseTensor(self._idx[::-1].copy(), self._vals, self._size[::-1], False)

    def transpose(self, dim0, dim1):
        order = list(range(len(self._size)))
        order[dim0], order[dim1] = order[dim1], order[dim0]
        return SparseTensor(self._idx[order].copy(), self._vals, tuple(self._size[d] for d in order), False)

    # --- arithmetic
    def mm(self, mat2):
        return spmm(self, mat2)

    matmul = __matmul__ = mm

    def __rmatmul__(self, other):
        return spmm(other, self)

    def sum(self, dim=None, keepdim=False, dtype=None):
        if dim is None:
            return self._vals.sum(dtype=dtype)
        return sum(self, dim)

    def __add__(self, other):
        if isinstance(other, SparseTensor):
            if other._size != self._size:
                raise RuntimeError(f"add: expected 'self' and 'other' to have same size, but self has size "
                                   f"{list(self._size)} while other has size {list(other._size)}")
            return SparseTensor(np.concatenate([self._idx, other._idx], axis=1),
                                cat([self._vals, other._vals]), self._size, False)
        if isinstance(other, Tensor):
            raise RuntimeError("add(sparse, dense) is not supported. Use add(dense, sparse) instead.")
        raise NotImplementedError(f"add(): a sparse tensor adds a sparse tensor, not {type(other).__name__}; "
                                  "call .to_dense() first")

    def __radd__(self, other):
        """``dense + sparse``: a dense tensor (Python asks this subclass first)."""
        if isinstance(other, Tensor):
            return other + self.to_dense()
        return self.__add__(other)

    def __mul__(self, other):
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return SparseTensor(self._idx, self._vals * other, self._size, self._coalesced)
        if isinstance(other, Tensor) and other.dim() == 0:
            return SparseTensor(self._idx, self._vals * other, self._size, self._coalesced)
        raise NotImplementedError(f"mul(): minigrad multiplies a sparse tensor by a number only (got "
                                  f"{type(other).__name__}); call .to_dense() first")

    __rmul__ = __mul__

    def __truediv__(self, other):
        return self.__mul__(1.0 / other) if isinstance(other, (int, float)) else \
            SparseTensor(self._idx, self._vals / other, self._size, self._coalesced)

    def __neg__(self):
        return self * -1

    def __repr__(self):
        from ._format import sparse_repr
        return sparse_repr(self)

    __str__ = __repr__

    def __reduce__(self):
        return (SparseTensor, (self._idx, self._vals, self._size, self._coalesced))

    def __deepcopy__(self, memo):
        return self.clone()


# ------------------------------------------------------------------------------------------------- construction
def sparse_coo_tensor(indices, values, size=None, *, dtype=None, device=None, pin_memory=False,
                      requires_grad=False, check_invariants=None, is_coalesced=None):
    """A sparse COO tensor with entries ``values`` at ``indices`` (ndim x nnz); ``size`` defaults to the
    smallest that holds every index."""
    idx = as_tensor(indices)
    if idx.dtype != dtypes.int64 or idx.dim() != 2:
        if idx.dim() != 2:
            raise RuntimeError(f"sparse_coo_tensor(): indices must be sparse_dim x nnz, but got: {list(idx.shape)}")
        if idx.dtype.is_floating_point:
            raise RuntimeError(f"sparse_coo_tensor(): indices must be an int64 tensor, got {idx.dtype}")
    idx_np = np.ascontiguousarray(idx.cpu().numpy().astype(np.int64))
    vals = values if isinstance(values, Tensor) else as_tensor(values)
    if dtype is not None:
        vals = vals.to(dtype)
    elif not vals.dtype.is_floating_point and not isinstance(values, Tensor):
        pass
    if device is not None:
        vals = vals.to(device)
    if vals.dim() != 1 or vals.shape[0] != idx_np.shape[1]:
        raise RuntimeError(f"sparse_coo_tensor(): number of dimensions of values must be 1 and it must have "
                           f"nnz={idx_np.shape[1]} entries (the number of index columns), got values of shape "
                           f"{list(vals.shape)}")
    if size is None:
        size = tuple(int(m) + 1 for m in idx_np.max(axis=1)) if idx_np.shape[1] else (0,) * idx_np.shape[0]
    size = tuple(size)
    if len(size) != idx_np.shape[0]:
        raise RuntimeError(f"sparse_coo_tensor(): number of dimensions must be sparse_dim ({idx_np.shape[0]}, the "
                           f"rows of indices) + dense_dim (0), but got {len(size)} (size {list(size)})")
    if idx_np.size and (idx_np.min() < 0 or (idx_np.max(axis=1) >= np.array(size)).any()):
        bad = int(np.argmax((idx_np.max(axis=1) >= np.array(size)) | (idx_np.min(axis=1) < 0)))
        raise RuntimeError(f"sparse_coo_tensor(): size is inconsistent with indices: for dim {bad}, size is "
                           f"{size[bad]} but found index {int(idx_np[bad].max())}")
    if requires_grad:
        vals = vals.detach().requires_grad_(True)
    elif vals.requires_grad:                    # a node of its own, as torch's (the values stay a leaf)
        vals = named(vals.view(vals.shape), "SparseCooTensorWithDimsAndTensorsBackward0")
    coalesced = bool(is_coalesced) if is_coalesced is not None else idx_np.shape[1] <= 1
    return SparseTensor(idx_np, vals, size, coalesced)


def to_sparse(dense, sparse_dim=None, *, layout=None, blocksize=None, dense_dim=None):
    """``Tensor.to_sparse()``: the non-zero entries of a dense tensor, coalesced."""
    if layout is not None and str(layout) != "torch.sparse_coo":
        raise TypeError(f"to_sparse(): minigrad has sparse COO tensors only, not {layout}")
    arr = dense.detach().cpu().numpy()
    idx = np.stack(np.nonzero(arr)).astype(np.int64).reshape(arr.ndim, -1)
    vals = dense[tuple(_wrap(i) for i in idx)] if arr.ndim else dense.reshape(1)
    return SparseTensor(idx, vals, tuple(arr.shape), True)


def _legacy(dtype):
    def construct(indices, values, size=None):
        return sparse_coo_tensor(indices, values, size)     # (the values keep their dtype, as torch's)
    construct.__name__ = {dtypes.float32: "FloatTensor", dtypes.float64: "DoubleTensor"}.get(dtype, "LongTensor")
    construct.__doc__ = "The legacy constructor ``torch.sparse.%s(indices, values, size)``." % construct.__name__
    return construct


FloatTensor, DoubleTensor, LongTensor = _legacy(dtypes.float32), _legacy(dtypes.float64), _legacy(dtypes.int64)
Tensor.to_sparse = to_sparse               # (a dense tensor's method; minigrad/__init__.py imports this module)


# ------------------------------------------------------------------------------------------------- ops
def mm(sparse, dense):
    """``sparse @ dense`` for a 2-D sparse matrix: each entry (r, c, v) adds v * dense[c] to row r."""
    if not isinstance(sparse, SparseTensor):
        if isinstance(dense, SparseTensor):                  # dense @ sparse = (sparse.T @ dense.T).T
            return mm(dense.t(), sparse.t()).t()
        return _dense_mm(sparse, dense)
    if isinstance(dense, SparseTensor):
        dense = dense.to_dense()
    if sparse.dim() != 2 or dense.dim() != 2 or sparse._size[1] != dense.shape[0]:
        raise RuntimeError(f"mm(): mat1 and mat2 shapes cannot be multiplied ({sparse._size[0]}x{sparse._size[1]} "
                           f"sparse and {'x'.join(map(str, dense.shape))})")
    if sparse.dtype != dense.dtype:
        raise RuntimeError(f"mm(): expected mat1 and mat2 to have the same dtype, but got: {sparse.dtype} != "
                           f"{dense.dtype}")
    rows, cols = (_wrap(i) for i in sparse._idx)
    terms = dense.index_select(0, cols) * sparse._vals.unsqueeze(1)
    return named(dense.new_zeros((sparse._size[0], dense.shape[1])).index_add(0, rows, terms), "SparseAddmmBackward0")


def spmm(sparse, dense):
    """``torch.spmm``, ``torch.mm``, ``sparse @ dense``: ``mm`` under torch's name for its node."""
    return named(mm(sparse, dense), "MmBackward0")


def addmm(mat, mat1, mat2, *, beta=1, alpha=1):
    """``beta * mat + alpha * (mat1 @ mat2)`` with a sparse mat1."""
    return beta * mat + alpha * mm(mat1, mat2)


def sum(input, dim=None, dtype=None):
    """``torch.sparse.sum``: all entries (a dense 0-d tensor), or over ``dim`` (a sparse tensor of the rest)."""
    if not isinstance(input, SparseTensor):
        raise RuntimeError("sparse.sum(): expected a sparse tensor; for a dense one use tensor.sum()")
    if dim is None:
        return input._vals.sum(dtype=dtype)
    dims = sorted(d % input.dim() for d in ((dim,) if isinstance(dim, int) else dim))
    keep = [d for d in range(input.dim()) if d not in dims]
    if not keep:
        return input._vals.sum(dtype=dtype)
    size = tuple(input._size[d] for d in keep)
    return SparseTensor(input._idx[keep].copy(), input._vals, size, False).coalesce()
