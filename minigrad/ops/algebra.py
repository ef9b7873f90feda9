"""More of torch's tensor algebra, each a composition of differentiable ops (so gradients, and
second derivatives, come from the ops it is made of): tensordot, kron, cross, cdist, block_diag,
cartesian_prod, diff, diag_embed, diagflat, rot90, trapezoid, cov, and a few stacking helpers."""
from __future__ import annotations

import builtins
import numbers

import numpy as np

from .. import backend, dtypes, factories
from ..dtypes import result_type
from ..factories import tensor
from ..autograd.function import named
from ..tensor import Tensor, _wrap
from ._helpers import (_TORCH_NAMES, NotTensorError, float_input, int_arg, number_arg, one_dim, return_type, tensor_arg,
                       tensor_args, type_name)
from .compat import diagonal_scatter
from .einsum import einsum, meshgrid
from .index import diagonal
from .linalg import add_scaled, inner, mv, vdot
from .pointwise import where
from .reduce import norm
from .shape import cat, stack


def tensordot(a, b, dims=2, out=None):
    """Contract the last ``dims`` dims of a with the first ``dims`` of b, or the dims listed in
    ``dims = ([a's], [b's])``; a contracted dim of size 1 broadcasts against its partner (as torch)."""
    for x in (a, b):                    # (torch's Python code asks for .dim(): an AttributeError)
        if not isinstance(x, Tensor):
            raise NotTensorError(f"'{type(x).__name__}' object has no attribute 'dim' (tensordot(): both arguments "
                                 "must be tensors; wrap numbers and lists with minigrad.tensor(...))")
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if not isinstance(dims, (numbers.Integral, list, tuple)):
        raise RuntimeError(f"tensordot expects dims to be int or tuple[list[int], list[int]] or list[list[int]] "
                           f"containing two lists, but got dims={dims}")
    if isinstance(dims, numbers.Integral):
        if dims < 0 or dims > min(a.ndim, b.ndim):
            raise RuntimeError(f"tensordot(): dims must be in [0, {min(a.ndim, b.ndim)}], got {dims}")
        da, db = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        if len(dims) != 2:
            raise ValueError(f"not enough values to unpack (expected 2, got {len(dims)}) (tensordot(): dims lists "
                             "the contracted dims of each tensor, e.g. ([1], [0]))")
        da, db = ([d] if isinstance(d, numbers.Integral) else list(d) for d in dims)
    if len(da) != len(db):
        raise RuntimeError(f"tensordot(): both dimension lists should have the same length, got {da} and {db}")
    da = [one_dim(d, a.ndim, "tensordot") for d in da]
    db = [one_dim(d, b.ndim, "tensordot") for d in db]
    for i, j in zip(da, db):           # a size-1 dim broadcasts against the other: sum the other over its dim
        if b.shape[j] == 1:
            a = a.sum(i, keepdim=True)
        elif a.shape[i] == 1:
            b = b.sum(j, keepdim=True)
        elif a.shape[i] != b.shape[j]:
            raise RuntimeError(f"tensordot(): contracted dimensions need to match, but first has size {a.shape[i]} "
                               f"in dim {i} and second has size {b.shape[j]} in dim {j}")
    letters = iter("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    la = [next(letters) for _ in range(a.ndim)]
    lb = [next(letters) for _ in range(b.ndim)]
    for i, j in zip(da, db):
        lb[j] = la[i]
    out_labels = [c for i, c in enumerate(la) if i not in da] + [c for j, c in enumerate(lb) if j not in db]
    return einsum(f"{''.join(la)},{''.join(lb)}->{''.join(out_labels)}", a, b)


def kron(input, other):
    """The Kronecker product: every element of input times the whole of other, in blocks."""
    a, b = tensor_arg(input, "kron"), tensor_arg(other, "kron")
    nd = max(a.ndim, b.ndim)
    a = a.reshape((1,) * (nd - a.ndim) + tuple(a.shape))
    b = b.reshape((1,) * (nd - b.ndim) + tuple(b.shape))
    inter_a, inter_b = [], []
    for sa, sb in zip(a.shape, b.shape):
        inter_a += [sa, 1]
        inter_b += [1, sb]
    prod = a.reshape(inter_a) * b.reshape(inter_b)
    return prod.reshape(tuple(sa * sb for sa, sb in zip(a.shape, b.shape)))


def cross(input, other, dim=None):
    """The cross product of 3-vectors along ``dim`` (the first dim of size 3 when None, as torch)."""
    a, b = tensor_arg(input, "cross"), tensor_arg(other, "cross")
    if a.ndim != b.ndim:
        raise RuntimeError(f"linalg.cross: inputs must have the same number of dimensions. (cross(): shapes "
                           f"{tuple(a.shape)} and {tuple(b.shape)}; unsqueeze one)")
    if a._data.dtype != b._data.dtype:
        from ._helpers import _TORCH_NAMES
        raise RuntimeError(f"expected scalar type {_TORCH_NAMES[a._data.dtype.name]} but found "
                           f"{_TORCH_NAMES[b._data.dtype.name]} (cross(): input is {a.dtype}, other {b.dtype}; "
                           "convert one, e.g. other.to(input.dtype))")
    try:
        shape = np.broadcast_shapes(tuple(a.shape), tuple(b.shape))
    except ValueError:
        raise RuntimeError(f"cross(): the shapes {tuple(a.shape)} and {tuple(b.shape)} cannot be broadcast "
                           "together; both need a dimension of length 3") from None
    a, b = a.expand(shape), b.expand(shape)
    if dim is None:
        dims = [i for i, s in enumerate(shape) if s == 3]
        if not dims:
            raise RuntimeError(f"cross(): no dimension of size 3 in input (shape {tuple(shape)})")
        dim = dims[0]
    d = one_dim(dim, len(shape), "cross")
    if shape[d] != 3:
        raise RuntimeError(f"cross(): inputs dimension {d} must have length 3, got {shape[d]}")
    a0, a1, a2 = a.unbind(d)
    b0, b1, b2 = b.unbind(d)
    return stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], d)


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """Pairwise p-norm distances between the rows of x1 (…, P, M) and x2 (…, R, M): (…, P, R)."""
    x1, x2 = tensor_arg(x1, "cdist"), tensor_arg(x2, "cdist")
    if x1.dtype.itemsize < 4 and x1.dtype.is_floating_point:
        raise NotImplementedError(f'"cdist" not implemented for \'Half\' (cdist(): convert the {x1.dtype} inputs '
                                  "with .float())")
    if x1.ndim < 2 or x2.ndim < 2 or x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"cdist(): x1 and x2 must be (…, P, M) and (…, R, M) with the same M, got "
                           f"{tuple(x1.shape)} and {tuple(x2.shape)}")
    number_arg(p, "cdist", "p", 3, kind="float")
    if not p >= 0:                                      # (NaN too)
        raise RuntimeError(f"cdist only supports non-negative p values (cdist(): got p={p})")
    if not (x1.dtype.is_floating_point and x2.dtype.is_floating_point):
        raise RuntimeError(f"cdist only supports floating-point dtypes, X1 got: {x1.dtype}, X2: {x2.dtype} (cdist(): "
                           "convert with .float())")
    if x1.dtype != x2.dtype:
        raise RuntimeError(f"expected scalar type {x1.dtype} but found {x2.dtype} (cdist(): x1 and x2 need one dtype; "
                           "convert one, e.g. x2.to(x1.dtype))")
    if compute_mode not in ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
                            "donot_use_mm_for_euclid_dist"):
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    use_mm = p == 2 and compute_mode != "donot_use_mm_for_euclid_dist" and (
        compute_mode == "use_mm_for_euclid_dist" or x1.shape[-2] > 25 or x2.shape[-2] > 25)
    if use_mm:                 # ‖a - b‖² = ‖a‖² + ‖b‖² - 2 a·b: one matrix product, no (P, R, M) tensor
        sq = (x1 * x1).sum(-1, keepdim=True) + (x2 * x2).sum(-1).unsqueeze(-2) - 2 * (x1 @ x2.mT)
        sq = sq.clamp(min=0.0)
        safe = where(sq == 0, 1.0, sq)
        return named(where(sq == 0, 0.0, safe.sqrt()), "CdistBackward0")      # (torch's name: one node)
    diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)                  # (…, P, R, M)
    return named(_pnorm(diff, p, -1), "CdistBackward0")


def _pnorm(v, p, dim):
    if p == 0:                                      # (a count: gradient 0, as torch gives, not None)
        return (v != 0).to(v.dtype).sum(dim) + (v * 0).sum(dim)
    if p == float("inf"):
        return v.abs().amax(dim)
    if p == 2:
        sq = (v * v).sum(dim)
        safe = where(sq == 0, 1.0, sq)                           # the gradient at 0 distance is 0, as torch
        return where(sq == 0, 0.0, safe.sqrt())
    if p == 1:
        return v.abs().sum(dim)
    return norm(v, p, dim)                          # (its gradient is 0 where an element is 0, as torch's)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta·input + alpha·(mat @ vec)"""
    tensor_args("addmv", ("input", input), ("mat", mat), ("vec", vec), first=1)
    if not input.dtype == mat.dtype == vec.dtype:
        n = ", ".join(_TORCH_NAMES[t._data.dtype.name] for t in (input, mat))
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {n}, and "
                           f"{_TORCH_NAMES[vec._data.dtype.name]} (addmv(): input {input.dtype}, mat {mat.dtype}, vec "
                           f"{vec.dtype}; convert them to one dtype)")
    if mat.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {input.ndim}, {mat.ndim}, {vec.ndim} (addmv(): mat "
                           f"{tuple(mat.shape)} must be a matrix and vec {tuple(vec.shape)} a vector)")
    return add_scaled(input, mv(mat, vec), beta, alpha, "addmv")


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """beta·input + alpha·outer(vec1, vec2)"""
    return add_scaled(input, vec1.reshape(-1, 1) * vec2.reshape(1, -1), beta, alpha, "addr")


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta·input + alpha·Σ_b batch1[b] @ batch2[b]"""
    return add_scaled(input, (batch1 @ batch2).sum(0), beta, alpha, "addbmm")


def dist(input, other, p=2):
    """The p-norm of input - other (broadcast), over all elements."""
    a, b = tensor_arg(input, "dist"), tensor_arg(other, "dist")
    if not isinstance(p, numbers.Number) and not (isinstance(p, Tensor) and p.ndim == 0):
        raise TypeError(f"dist(): argument 'p' must be Number, not {type(p).__name__} ({p!r}; give a number, e.g. 2 "
                        "or float('inf'))")
    return named(norm(a - b, p), "DistBackward0")


def renorm(input, p, dim, maxnorm):
    """Each slice along ``dim`` whose p-norm exceeds ``maxnorm`` scaled down to norm ``maxnorm``:
    x · maxnorm/(‖slice‖ + 1e-7) there, x elsewhere (differentiable through the norm, as torch)."""
    x = tensor_arg(input, "renorm")
    number_arg(p, "renorm", "p", 1)
    number_arg(maxnorm, "renorm", "maxnorm", 3)
    if x.ndim < 2:
        raise RuntimeError(f"renorm(): input needs at least 2 dimensions, got {x.ndim} dimensions (shape "
                           f"{tuple(x.shape)})")
    if not p > 0:
        raise RuntimeError(f"renorm(): non-positive-norm not supported (p={p}); use p > 0")
    if not maxnorm >= 0:                                # (NaN too)
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    d = one_dim(dim, x.ndim, "renorm")
    n = norm(x, p, [i for i in range(x.ndim) if i != d], keepdim=True)
    return named(x * where(n > maxnorm, maxnorm / (n + 1e-7), 1.0), "RenormBackward0")


def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """The derivative of ``input`` sampled on a grid, along each of ``dim`` (all by default): central differences
    inside, one-sided ones of order ``edge_order`` (1 or 2) at the ends. ``spacing``: one step for all dims, a
    step per dim, or per dim a 1-D tensor of coordinates (then the differences are the unevenly spaced ones).
    A tuple with one tensor per dim."""
    x = tensor_arg(input, "gradient")
    if x.dtype in (dtypes.uint8, dtypes.bool) and x.ndim:
        kind = "uint8" if x.dtype is dtypes.uint8 else "bool"           # (NotImplementedError as torch 2.15)
        raise NotImplementedError(f"torch.gradient does not support {kind} input (gradient(): convert it with .float() "
                                  "or .long())")
    x = float_input(x, "gradient")
    dims = list(range(x.ndim)) if dim is None else [dim] if isinstance(dim, numbers.Integral) else list(dim)
    dims = [one_dim(d, x.ndim, "gradient") for d in dims]
    if edge_order not in (1, 2):
        raise RuntimeError(f"gradient(): torch.gradient only supports edge_order=1 and edge_order=2, got {edge_order}")
    if isinstance(spacing, Tensor) and spacing.ndim == 0:
        spacing = spacing.item()
    steps = list(spacing) if isinstance(spacing, (list, tuple)) else [spacing] * len(dims)
    if len(steps) != len(dims):
        raise RuntimeError(f"gradient(): expected spacing to be unspecified, a scalar or a list of length "
                           f"{len(dims)} (one per dim), got a list of length {len(steps)}")
    return tuple(_gradient_along(x, d, s, edge_order) for d, s in zip(dims, steps))


def _gradient_along(x, d, step, edge_order):
    n = x.shape[d]
    if n < edge_order + 1:
        raise RuntimeError(f"gradient(): torch.gradient expected each dimension size to be at least edge_order+1 "
                           f"(dim {d} has size {n}, edge_order={edge_order})")
    if isinstance(step, Tensor):
        if step.ndim != 1:
            raise RuntimeError(f"gradient(): torch.gradient expected each element of spacing to have one dimension, "
                               f"but got an element with {step.ndim} dimensions (coordinates are 1-D tensors)")
        c = backend.to_numpy(step.detach()._data).astype(np.float64).reshape(-1)
        if c.shape[0] != n:
            raise RuntimeError(f"gradient(): the coordinates for dim {d} have {c.shape[0]} values, expected {n}")
    else:
        c = np.arange(n, dtype=np.float64) * float(step)

    def part(start, length, w):                       # Σ_k w[k] · x[start + k + i] along d, w[k] per position
        out = 0
        for k, wk in enumerate(w):
            if not np.any(wk):                        # (evenly spaced: the centre's weight is 0, left out as in
                continue                              # torch's (x[i+1] - x[i-1]) / 2h, so an inf there is no NaN)
            wk = np.asarray(wk, dtype=np.float64).reshape([-1 if i == d else 1 for i in range(x.ndim)])
            out = out + x.narrow(d, start + k, length) * _wrap(x.xp.asarray(wk.astype(x._data.dtype)))
        return out
    hl, hr = c[1:-1] - c[:-2], c[2:] - c[1:-1]
    inner = part(0, n - 2, (-hr / (hl * (hl + hr)), (hr - hl) / (hl * hr), hl / (hr * (hl + hr))))
    if edge_order == 1:
        first = part(0, 1, (-1 / (c[1:2] - c[:1]), 1 / (c[1:2] - c[:1])))
        last = part(n - 2, 1, (-1 / (c[-1:] - c[-2:-1]), 1 / (c[-1:] - c[-2:-1])))
    else:
        a, b = c[1] - c[0], c[2] - c[1]
        first = part(0, 1, (-(2 * a + b) / (a * (a + b)), (a + b) / (a * b), -a / (b * (a + b))))
        a, b = c[-2] - c[-3], c[-1] - c[-2]
        last = part(n - 3, 1, (b / (a * (a + b)), -(a + b) / (a * b), (2 * b + a) / (b * (a + b))))
    return cat([first, inner, last], d) if n > 2 else cat([first, last], d)


_HISTOGRAM = return_type("histogram", ["hist", "bin_edges"])


def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """(hist, bin_edges): counts (or summed weights) in equal bins over ``range`` (the data's by default),
    or over the given edges when ``bins`` is a tensor."""
    x = tensor_arg(input, "histogram")
    if not x.dtype.is_floating_point or x.dtype.itemsize < 4:    # (torch: no integer or float16 kernel)
        raise NotImplementedError(f'"histogramdd" not implemented for {x.dtype} (torch.histogram: convert the input '
                                  "with .float())")
    data = backend.to_numpy(x._data).reshape(-1)
    w = None if weight is None else backend.to_numpy(weight._data).reshape(-1)
    edges = backend.to_numpy(bins._data) if isinstance(bins, Tensor) else int(bins)
    if not isinstance(bins, Tensor) and edges <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {edges} for dimension 0")
    rng = None if range is None else (float(range[0]), float(range[1]))
    if rng is None and not isinstance(bins, Tensor) and data.size:
        rng = (float(data.min()), float(data.max()))
    if rng is not None and not np.isfinite(rng).all():
        raise RuntimeError(f"torch.histogramdd: dimension 0's range [{rng[0]}, {rng[1]}] is not finite (histogram(): "
                           "drop the inf/NaN values or give range=)")
    hist, edges = np.histogram(data, bins=edges, range=rng, weights=w, density=density)
    dt = x._data.dtype
    if not isinstance(bins, Tensor):                 # the edges as torch rounds them (its linspace)
        edges = factories.linspace(float(edges[0]), float(edges[-1]), len(edges), dtype=x.dtype).numpy()
    result = _HISTOGRAM
    return result(_wrap(backend.to_device(hist.astype(dt), x.device)), _wrap(backend.to_device(edges.astype(dt),
                                                                                               x.device)))


_HISTOGRAMDD = return_type("histogramdd", ["hist", "bin_edges"])


def histogramdd(input, bins=10, *, range=None, weight=None, density=False):
    """(hist, bin_edges) of the points in the rows of ``input`` (..., D): a D-dimensional histogram, ``bins`` an
    int, one int per dimension, or one tensor of edges per dimension; ``range`` the flat (min0, max0, min1, ...)."""
    x = tensor_arg(input, "histogramdd")
    if not x.dtype.is_floating_point or x.dtype.itemsize < 4:
        raise NotImplementedError(f'"histogramdd" not implemented for {x.dtype} (convert the input with .float())')
    if x.ndim < 2:
        raise RuntimeError(f"torch.histogramdd: input tensor should have at least 2 dimensions, but got {x.ndim} "
                           "(the points are its rows, their D coordinates its last dim)")
    D = x.shape[-1]
    data = backend.to_numpy(x._data).reshape(-1, D)
    w = None if weight is None else backend.to_numpy(tensor_arg(weight, "histogramdd")._data).reshape(-1)
    given = isinstance(bins, (list, tuple)) and bins and isinstance(bins[0], Tensor)
    if given:
        edges = [backend.to_numpy(b._data) for b in bins]
    else:
        edges = [int(bins)] * D if isinstance(bins, int) else [int(b) for b in bins]
        for d, b in enumerate(edges):
            if b <= 0:
                raise RuntimeError(f"torch.histogramdd(): bins must be > 0, but got {b} for dimension {d}")
    if len(edges) != D:
        raise RuntimeError(f"torch.histogramdd(): expected {D} sequences of bin edges for each of the {D} "
                           f"dimensions of input, but got {len(edges)}")
    rng = None
    if range is not None:
        if len(range) != 2 * D:
            raise RuntimeError(f"torch.histogramdd(): for a {D}-dimensional histogram, range should have {2 * D} "
                               f"elements, but got {len(range)}")
        rng = [(float(range[2 * d]), float(range[2 * d + 1])) for d in builtins.range(D)]
    elif not given and len(data):
        rng = [(float(data[:, d].min()), float(data[:, d].max())) for d in builtins.range(D)]
    hist, out_edges = np.histogramdd(data, bins=edges, range=rng, weights=w, density=density)
    dt = x._data.dtype
    if not given:                                    # the edges as torch rounds them (its linspace)
        out_edges = [factories.linspace(float(e[0]), float(e[-1]), len(e), dtype=x.dtype).numpy() for e in out_edges]
    return _HISTOGRAMDD(_wrap(backend.to_device(hist.astype(dt), x.device)),
                        [_wrap(backend.to_device(np.asarray(e).astype(dt), x.device)) for e in out_edges])


def block_diag(*tensors):
    """The tensors (0-, 1- or 2-D) along the diagonal of one matrix, zeros elsewhere."""
    mats = []
    for t in tensors:
        t = tensor_arg(t, "block_diag")
        if t.ndim > 2:
            raise RuntimeError(f"block_diag(): input tensors must have 2 or fewer dimensions, got {t.ndim}")
        mats.append(t.reshape(1, -1) if t.ndim < 2 else t)
    if not mats:
        return factories.zeros(1, 0)
    dt = result_type(*tensors) if len(mats) > 1 else mats[0].dtype      # (a 0-d tensor promotes as one, as torch)
    total = sum(m.shape[1] for m in mats)
    rows, col = [], 0
    for m in mats:
        left = factories.zeros(m.shape[0], col, dtype=dt, device=m.device)
        right = factories.zeros(m.shape[0], total - col - m.shape[1], dtype=dt, device=m.device)
        rows.append(cat([left, m.to(dt), right], 1))
        col += m.shape[1]
    return cat(rows, 0)


def cartesian_prod(*tensors):
    """Every combination of one element from each 1-D tensor, as rows."""
    _stack_list(tensors, "cartesian_prod")
    for t in tensors:
        if tensor_arg(t, "cartesian_prod").ndim != 1:
            raise RuntimeError(f"cartesian_prod(): Expect a 1D vector, but got shape {list(t.shape)}")
    if len(tensors) == 1:
        return tensor_arg(tensors[0], "cartesian_prod")
    return stack([g.reshape(-1) for g in meshgrid(*tensors, indexing="ij")], 1)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along ``dim`` (out[i] = x[i+1] - x[i], n times)."""
    x = tensor_arg(input, "diff")
    if x.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional (diff(): got a 0-d tensor)")
    for name, other in (("prepend", prepend), ("append", append)):
        if isinstance(other, Tensor) and other.ndim != x.ndim:
            raise RuntimeError(f"diff expects prepend or append to be the same dimension as input ({name} has "
                               f"{other.ndim} dims, input {tuple(x.shape)} has {x.ndim})")
    n = int_arg(n, "diff", "n", None)
    if n < 0:
        raise RuntimeError(f"diff(): order must be non-negative but got {n}")
    d = one_dim(dim, x.ndim, "diff")
    if prepend is not None or append is not None:
        parts = ([prepend.expand(*x.shape[:d], -1, *x.shape[d + 1:]) if prepend.ndim == x.ndim else prepend]
                 if prepend is not None else []) + [x] + ([append] if append is not None else [])
        x = cat(parts, d)
    for _ in range(n):
        m = x.shape[d]
        if x.dtype.name == "bool":
            x = x.narrow(d, min(m, 1), max(m - 1, 0)) ^ x.narrow(d, 0, max(m - 1, 0))
        else:                                               # (n past the length: empty, as torch)
            x = x.narrow(d, min(m, 1), max(m - 1, 0)) - x.narrow(d, 0, max(m - 1, 0))
    return x


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """A tensor whose (dim1, dim2) planes have the last dim of ``input`` on their diagonal."""
    x = tensor_arg(input, "diag_embed")
    offset = int_arg(offset, "diag_embed", "offset", 2)
    if x.ndim == 0:                 # torch reads dim1=-2 of the 0-d input (its last dim is the diagonal's)
        one_dim(dim1, 1, "diag_embed")
    n = x.shape[-1] + abs(offset)
    # x written onto the diagonal of zero planes (not a product with one-hot matrices: inf·0 would be NaN)
    zeros = _wrap(x.xp.zeros(tuple(x.shape[:-1]) + (n, n), dtype=x._data.dtype))
    plane = diagonal_scatter(zeros, x, offset, -2, -1)
    nd = plane.ndim
    d1, d2 = one_dim(dim1, nd, "diag_embed"), one_dim(dim2, nd, "diag_embed")
    if d1 == d2:
        raise RuntimeError(f"diag_embed(): diagonal dimensions cannot be identical {dim1}, {dim2}")
    rest = [i for i in range(nd) if i not in (d1, d2)]
    order = [None] * nd
    for src, dst in zip(range(nd - 2), rest):
        order[dst] = src
    order[d1], order[d2] = nd - 2, nd - 1
    return named(plane if order == list(range(nd)) else plane.permute(*order), "DiagEmbedBackward0")


def diagflat(input, offset=0):
    """``input`` flattened onto the diagonal of a square matrix."""
    return diag_embed(tensor_arg(input, "diagflat").reshape(-1), int_arg(offset, "diagflat", "offset", 2))


def rot90(input, k=1, dims=(0, 1)):
    """Rotate by 90° k times in the plane of ``dims`` (from the first dim towards the second)."""
    x = tensor_arg(input, "rot90")
    k = int_arg(k, "rot90", "k", 2)
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"rot90(): argument 'dims' (position 3) must be tuple of ints, not {type_name(dims)}; give two "
                        "dims, e.g. (0, 1)")
    for i, d in enumerate(dims):
        if isinstance(d, bool) or not isinstance(d, numbers.Integral):
            raise TypeError(f"rot90(): argument 'dims' (position 3) must be tuple of ints, but found element of type "
                            f"{type_name(d)} at pos {i}")
    if len(dims) != 2:
        raise RuntimeError(f"rot90(): expected total rotation dims == 2, but got dims = {len(dims)}")
    if x.ndim < 2:
        raise RuntimeError(f"rot90(): expected total dims >= 2, but got total dims = {x.ndim}")
    d0, d1 = one_dim(dims[0], x.ndim, "rot90"), one_dim(dims[1], x.ndim, "rot90")
    if d0 == d1:
        raise RuntimeError(f"rot90(): expected rotation dims to be different, but got dim0 = {d0} and dim1 = {d1}")
    k %= 4
    if k == 1:
        return x.flip(d1).transpose(d0, d1)
    if k == 2:
        return x.flip(d0, d1)
    if k == 3:
        return x.flip(d0).transpose(d0, d1)
    return x.clone()


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """∫ y along ``dim`` by the trapezoid rule (spacing ``dx``, or the sample points ``x``)."""
    y = tensor_arg(y, "trapezoid")
    if x is not None and dx is not None:
        raise TypeError("trapezoid() received an invalid combination of arguments - got (Tensor, x=Tensor, dx=...), "
                        "but expected one of: (Tensor y, Tensor x, *, int dim = -1), (Tensor y, *, Number dx = 1, "
                        "int dim = -1) (trapezoid(): give the sample points x or the spacing dx, not both)")
    if y.dtype is dtypes.bool:
        raise NotImplementedError("trapezoid: received a bool input for `y`, but bool is not supported (convert it "
                                  "with .float())")
    if isinstance(dx, Tensor) and dx.ndim:
        raise TypeError(f"trapezoid() received an invalid combination of arguments - got (Tensor, dx=Tensor): dx "
                        f"must be a number or a 0-d tensor, got shape {tuple(dx.shape)} (give sample points as x)")
    d = one_dim(dim, y.ndim, "trapezoid")
    n = y.shape[d]
    if n == 0:
        return y.sum(d)
    avg = (y.narrow(d, 1, n - 1) + y.narrow(d, 0, n - 1)) * 0.5
    if x is not None:
        if not isinstance(x, Tensor):
            raise TypeError("trapezoid(): x must be a Tensor")
        dxs = diff(x, dim=-1 if x.ndim == 1 else d)
        if x.ndim == 1:
            shape = [1] * y.ndim
            shape[d] = -1
            dxs = dxs.reshape(shape)
        return (avg * dxs).sum(d)
    return avg.sum(d) * (1.0 if dx is None else dx)


trapz = trapezoid


def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in the rows of ``input`` (observations in columns)."""
    x = tensor_arg(input, "cov")
    if isinstance(correction, bool) or not isinstance(correction, (numbers.Integral, Tensor)):
        raise TypeError(f"cov(): argument 'correction' must be int, not {type(correction).__name__} (give an int, "
                        "e.g. 1 for the unbiased estimate, 0 for the population one)")
    if x.dtype is dtypes.bool:
        raise NotImplementedError("cov(): bool dtype is not supported for input (convert it with .float())")
    if x.ndim > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got {x.ndim}")
    if x.ndim < 2:
        x = x.reshape(1, -1)
    x = float_input(x, "cov")
    for name, wt in (("fweights", fweights), ("aweights", aweights)):
        if wt is None:
            continue
        tensor_args("cov", (name, wt))
        kind = "integral" if name == "fweights" else "floating point"
        if wt.ndim > 1:
            raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
                               f"{wt.ndim} dimensions")
        if wt.numel() != x.shape[1]:
            raise RuntimeError(f"cov(): expected {name} to have the same numel as there are observations in the "
                               f"input but got {wt.numel()} != {x.shape[1]}")
        if wt.dtype.is_floating_point != (name == "aweights") or wt.dtype is dtypes.bool:
            raise RuntimeError(f"cov(): expected {name} to have {kind} dtype but got {name} with "
                               f"{_TORCH_NAMES.get(wt.dtype.name, wt.dtype.name)} dtype")
        if bool((wt < 0).any()):
            raise RuntimeError(f"cov(): {name} cannot be negative (got {name} of shape {tuple(wt.shape)})")
    w = None
    if fweights is not None:
        w = fweights.to(x.dtype)
    if aweights is not None:
        w = aweights.to(x.dtype) if w is None else w * aweights
    if w is None:
        n = x.shape[1]
        mean = x.mean(1, keepdim=True)
        norm = max(n - correction, 0)           # no degrees of freedom left: 0/0 = NaN, as torch
        xc = x - mean
        c = xc @ xc.t() / norm
    else:
        wsum = w.sum()
        mean = (x * w).sum(1, keepdim=True) / wsum
        if correction == 0:
            norm = wsum
        elif aweights is None:
            norm = wsum - correction
        else:
            norm = wsum - correction * (w * aweights).sum() / wsum
        xc = x - mean
        c = (xc * w) @ xc.t() / norm.clamp(min=0)
    return c.squeeze() if x.shape[0] == 1 else c                # one variable: a 0-d result, as torch


def corrcoef(input):
    """Pearson correlation coefficients of the rows of ``input``."""
    c = cov(input)
    if c.ndim == 0:
        return c / c
    d = diagonal(c).sqrt()
    return (c / d.unsqueeze(1) / d.unsqueeze(0)).clamp(-1, 1)


def atleast_3d(*tensors):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return tuple(atleast_3d(t) for t in tensors[0])
    if len(tensors) > 1:
        return tuple(atleast_3d(t) for t in tensors)
    t = tensor_arg(tensors[0], "atleast_3d")
    if t.ndim == 0:
        return t.reshape(1, 1, 1)
    if t.ndim == 1:
        return t.reshape(1, -1, 1)
    if t.ndim == 2:
        return t.unsqueeze(-1)
    return t


def _stack_list(tensors, op):
    """dstack/column_stack take a list or tuple of tensors (torch's TypeError for a tensor, a set, an iterator)."""
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{op}(): argument 'tensors' (position 1) must be tuple of Tensors, not {type_name(tensors)}; "
                        f"give a list or tuple, e.g. {op}([a, b])")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type_name(t)} ({op}(): every "
                            "element must be a tensor)")
    return tensors


def dstack(tensors):
    _stack_list(tensors, "dstack")
    if isinstance(tensors, (list, tuple)) and not tensors:
        raise RuntimeError("dstack expects a non-empty TensorList (dstack(): pass at least one tensor)")
    return cat([atleast_3d(t) for t in tensors], 2)


def column_stack(tensors):
    if not _stack_list(tensors, "column_stack"):
        raise RuntimeError("column_stack expects a non-empty TensorList (column_stack(): pass at least one tensor)")
    return cat([t.reshape(-1, 1) if t.ndim <= 1 else t for t in tensors], 1)


def _tri_indices(row, col, offset, lower, dtype, device):
    for name, n in (("row", row), ("col", col)):
        if n < 0:
            raise RuntimeError(f"{'tril' if lower else 'triu'}_indices(): {name} must be non-negative, got {n}")
    r, c = np.indices((row, col))
    keep = (c - r <= offset) if lower else (c - r >= offset)
    idx = np.stack([r[keep], c[keep]])
    return tensor(idx, dtype=dtype if dtype is not None else None, device=device)


def _tri_args(row, col, offset, op):
    for position, (name, value) in enumerate((("row", row), ("col", col), ("offset", offset)), 1):
        int_arg(value, op, name, position)


def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (2, n) row and column indices of the lower triangle of a row×col matrix."""
    _tri_args(row, col, offset, "tril_indices")
    return _tri_indices(row, col, offset, True, dtype or dtypes.int64, device)


def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (2, n) row and column indices of the upper triangle of a row×col matrix."""
    _tri_args(row, col, offset, "triu_indices")
    return _tri_indices(row, col, offset, False, dtype or dtypes.int64, device)


METHODS = {"addmv": addmv, "addr": addr, "addbmm": addbmm, "kron": kron, "cross": cross, "diff": diff,
           "diag_embed": diag_embed, "diagflat": diagflat,
           "rot90": rot90, "cov": cov, "corrcoef": corrcoef, "tensordot": tensordot, "dist": dist, "renorm": renorm,
           "inner": inner, "vdot": vdot}
