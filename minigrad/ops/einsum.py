"""einsum, and the index-shuffling helpers that sit next to it: diagonal, Tensor.unfold, meshgrid, outer.

``einsum`` is one op. Its backward is einsum again: the gradient of operand i is the contraction of
the output's gradient with every *other* operand, written to operand i's labels. Two details make
that rule complete: a label that occurs only in operand i (summed away in forward) gets a vector
of ones as an extra operand, and a label repeated in operand i (a diagonal, as in 'ii->i') is
renamed and tied to its twin by an identity matrix. Because the backward is built from einsum
calls, second derivatives work too.
"""
from __future__ import annotations

import string

from .. import backend
from ..autograd.function import Op, named
from ..factories import eye, ones
from ..tensor import Tensor, _wrap
from ._helpers import int_arg, no_bool, one_dim, quiet, tensor_arg, type_name
from .pointwise import ctx_xp

_LETTERS = string.ascii_letters


class Einsum(Op):
    """out = einsum(equation, *operands) (explicit labels, no '...').
    d/d(operand i) = einsum of the output's gradient with the other operands, to operand i's labels"""

    @staticmethod
    def forward(ctx, equation, *arrays):
        ins, out = equation.split("->")
        ctx.ins, ctx.out = ins.split(","), out
        ctx.sizes = {c: n for subs, a in zip(ctx.ins, arrays) for c, n in zip(subs, a.shape)}
        ctx.save_for_backward(*arrays)
        xp = ctx_xp(*arrays)
        try:
            res = quiet(lambda: xp.einsum(equation, *arrays, optimize=len(arrays) > 1))     # (inf · 0: NaN, silently)
        except TypeError:                          # an einsum without the optimize keyword
            res = quiet(xp.einsum, equation, *arrays)
        return xp.asarray(res, dtype=arrays[0].dtype)

    @staticmethod
    def backward(ctx, g):
        operands = ctx.saved_tensors
        grads = [None]
        for i, need in enumerate(ctx.needs_input_grad[1:]):
            grads.append(_operand_grad(ctx, g, operands, i) if need else None)
        return tuple(grads)


def einsum(equation, *operands):
    """Einstein summation, as ``torch.einsum``: ``einsum('bij,bjk->bik', a, b)``; the operands may also be
    given as one list. Labels repeated within an operand take its diagonal; '...' broadcasts."""
    if not isinstance(equation, str) and isinstance(equation, Tensor):      # einsum(a, [0, 1], b, [1, 2], [0, 2])
        equation, operands = _sublist_equation((equation,) + operands)
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not isinstance(equation, str):
        raise TypeError(f"einsum(): the equation must be a string (or the sublist format: tensor, [dims], ...), "
                        f"got {type(equation).__name__}")
    for t in operands:
        tensor_arg(t, "einsum")
        if t.__class__ is not Tensor and t.dtype.is_complex:
            from .._complex import einsum as complex_einsum      # complex operands: products of their parts
            return complex_einsum(equation, *operands)
    no_bool("einsum", "dot", *operands)
    explicit, targets = _parse(equation, [tuple(t.shape) for t in operands])
    ops = []
    for t, shape in zip(operands, targets):
        ops.append(t.expand(shape) if tuple(t.shape) != shape else t)
    if len({t.dtype for t in ops}) > 1:
        raise RuntimeError(f"einsum(): expected all operands to have the same dtype, got "
                           f"{[str(t.dtype) for t in ops]}; convert them first, e.g. with .double()")
    return named(Einsum.apply(explicit, *ops), _torch_node_name(explicit))


def _torch_node_name(explicit):
    """The name of the last node torch's einsum records: one operand ends in a sum when a label is summed
    away (SumBackward1), else in a permute; more operands end in a batched matrix product's view when a label
    is summed away (ViewBackward0), else in a product (MulBackward0)."""
    ins, out = explicit.split("->")
    summed = set(ins.replace(",", "")) - set(out)
    if "," not in ins:
        return "SumBackward1" if summed else "PermuteBackward0"
    return "ViewBackward0" if summed else "MulBackward0"


def _sublist_equation(args):
    """torch's sublist format -- operand, [labels], operand, [labels], ..., optionally [output labels], labels
    being ints in [0, 52) or ``...`` -- as an equation string and the operands."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def labels(sub):
        if not isinstance(sub, (list, tuple)):
            raise TypeError(f"einsum(): in the sublist format each operand is followed by a list of its dims, got "
                            f"{type(sub).__name__}")
        out = []
        for s in sub:
            if s is Ellipsis:
                out.append("...")
            elif isinstance(s, int) and 0 <= s < 52:
                out.append(letters[s])
            else:
                raise ValueError(f"einsum(): subscript in subscript list is not within the valid range [0, 52), "
                                 f"got {s!r}")
        return "".join(out)
    operands, subs = args[0:len(args) - len(args) % 2:2], args[1:len(args) - len(args) % 2:2]
    equation = ",".join(labels(sub) for sub in subs)
    if len(args) % 2:
        equation += "->" + labels(args[-1])
    return equation, tuple(operands)


def _operand_grad(ctx, g, operands, i):
    """The gradient of operand i: einsum(g, the other operands, ones, identities -> operand i's labels)."""
    used = set(ctx.out).union(*(set(s) for j, s in enumerate(ctx.ins) if j != i))
    fresh = (c for c in _LETTERS if c not in ctx.sizes)
    subs, ops = [ctx.out], [g]
    for j, s in enumerate(ctx.ins):
        if j != i:
            subs.append(s)
            ops.append(operands[j])
    target, seen = [], set()
    like = dict(dtype=g.dtype, device=g.device)
    for c in ctx.ins[i]:
        n = ctx.sizes[c]
        if c in seen:                               # a repeated label: a new one, tied by an identity
            new = next(fresh)
            subs.append(c + new)
            ops.append(eye(n, **like))
            target.append(new)
            continue
        seen.add(c)
        if c not in used:                           # summed away in forward: broadcast back with ones
            subs.append(c)
            ops.append(ones(n, **like))
            used.add(c)
        target.append(c)
    return einsum(",".join(subs) + "->" + "".join(target), *ops)


def _parse(equation, shapes):
    """torch's equation -> an explicit one (ellipses replaced by letters, the output spelled out),
    and the shape each operand must be expanded to (ellipsis dims broadcast, as torch)."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    ins = lhs.split(",")
    if len(ins) != len(shapes):
        raise RuntimeError(f"einsum(): the equation {equation!r} has {len(ins)} operand(s) but {len(shapes)} "
                         "tensor(s) were given")
    for part in ins + [rhs]:
        bad = set(part.replace("...", "")) - set(_LETTERS)
        if bad or part.count("...") > 1:
            raise RuntimeError(f"einsum(): invalid subscript in {equation!r}: labels must be letters, with at most "
                             "one '...' per operand")
    unused = [c for c in _LETTERS if c not in eq]
    ell_dims = 0
    for s, shape in zip(ins, shapes):
        n_labels = len(s.replace("...", ""))
        if ("..." in s and n_labels > len(shape)) or ("..." not in s and n_labels != len(shape)):
            raise RuntimeError(f"einsum(): the subscripts {s!r} do not match an operand with {len(shape)} "
                               f"dimension(s) (shape {tuple(shape)}) in {equation!r}")
        if "..." in s:
            ell_dims = max(ell_dims, len(shape) - n_labels)
    ell = "".join(unused[:ell_dims])
    explicit, targets = [], []
    bshape = [1] * ell_dims                               # the broadcast shape of the ellipsis dims
    for s, shape in zip(ins, shapes):
        if "..." in s:
            k = len(shape) - len(s.replace("...", ""))
            pos = s.index("...")
            here = shape[pos:pos + k]
            for d, n in enumerate(here):
                j = ell_dims - k + d
                if n != 1 and bshape[j] not in (1, n):
                    raise RuntimeError(f"einsum(): operands do not broadcast over '...' in {equation!r}: "
                                       f"shapes {[tuple(sh) for sh in shapes]}")
                bshape[j] = max(bshape[j], n)
            s = s.replace("...", ell[ell_dims - k:])
        explicit.append(s)
    for s, orig, shape in zip(explicit, ins, shapes):
        if "..." in orig:
            pos = orig.index("...")
            k = len(shape) - len(orig.replace("...", ""))
            targets.append(tuple(shape[:pos]) + tuple(bshape[ell_dims - k:]) + tuple(shape[pos + k:]))
        else:
            targets.append(tuple(shape))
    if not arrow:
        counts = {}
        for s in explicit:
            for c in s:
                counts[c] = counts.get(c, 0) + 1
        rhs = ell + "".join(sorted((c for c in counts if counts[c] == 1 and c not in ell),
                                   key=lambda c: (c.islower(), c)))
    else:
        rhs = rhs.replace("...", ell)
        for c in rhs:
            if rhs.count(c) > 1 or not any(c in s for s in explicit):
                why = "appears more than once" if rhs.count(c) > 1 else "does not appear in any input"
                raise RuntimeError(f"einsum(): output subscript {c!r} in {equation!r} {why}")
    sizes = {}
    for s, shape in zip(explicit, targets):
        for c, n in zip(s, shape):
            if sizes.setdefault(c, n) != n and 1 not in (n, sizes[c]):
                raise RuntimeError(f"einsum(): subscript {c!r} has size {sizes[c]} in one operand and {n} in "
                                   f"another ({equation!r}, shapes {[tuple(sh) for sh in shapes]})")
            sizes[c] = max(sizes[c], n)
    targets = [tuple(sizes[c] for c in s) for s in explicit]
    return ",".join(explicit) + "->" + rhs, targets


# =============================================================================================
# unfold, meshgrid, outer: indexing, so the gradient is the indexing's (ops/index.py)
# =============================================================================================
def unfold(input, dimension, size, step):
    """Tensor.unfold: every window of ``size`` along ``dimension`` (every ``step``), as a new last dim."""
    input = tensor_arg(input, "unfold")
    size, step = int_arg(size, "unfold", "size", 2), int_arg(step, "unfold", "step", 3)
    d = one_dim(dimension, input.ndim, "unfold")
    n = input.shape[d] if input.ndim else 1
    if size < 0 or size > n:
        raise RuntimeError(f"unfold(): maximum size for tensor at dimension {d} is {n} but size is {size}; the "
                           f"window size must be in [0, {n}]")
    if step <= 0:
        raise RuntimeError(f"unfold(): step is {step} but must be > 0")
    if input.ndim == 0:
        return input.reshape(1)
    return Unfold.apply(input, d, size, step)


class Unfold(Op):
    """out[..., w, ..., j] = x[..., w·step + j, ...]: the windows of ``size`` along ``dim``, every ``step``, as a
    view of x (as torch's: an in-place change of a window changes x; windows may overlap).
    d/dx = each window's gradient added back where it was read (overlaps add up)"""
    is_view = True

    @staticmethod
    def forward(ctx, x, dim, size, step):
        ctx.x_shape, ctx.dim, ctx.size, ctx.step = x.shape, dim, size, step
        windows = (x.shape[dim] - size) // step + 1
        shape = x.shape[:dim] + (windows,) + x.shape[dim + 1:] + (size,)
        strides = x.strides[:dim] + (x.strides[dim] * step,) + x.strides[dim + 1:] + (x.strides[dim],)
        return backend.as_strided(x, shape, strides, writeable=True)

    @staticmethod
    def backward(ctx, g):
        d, xp = ctx.dim, ctx_xp(g._data)
        src = g.movedim(d, -2)                                      # (..., windows, size)
        src = src.reshape(tuple(src.shape[:-2]) + (-1,)).movedim(-1, d)  # windows·size entries along dim
        read = (xp.arange(g.shape[d]).reshape(-1, 1) * ctx.step + xp.arange(ctx.size)).reshape(-1)
        gx = _wrap(xp.zeros(ctx.x_shape, g._data.dtype)).index_add(d, _wrap(read), src)
        return gx, None, None, None


def meshgrid(*tensors, indexing="ij"):
    """Coordinate grids from 1-D tensors; ``indexing`` 'ij' (matrix) or 'xy' (Cartesian)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        indexing = "ij"                                 # (torch's default)
    if not isinstance(indexing, str):
        raise TypeError(f"meshgrid(): argument 'indexing' must be str, not {type(indexing).__name__}")
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"meshgrid(): indexing must be one of 'xy' or 'ij', got {indexing!r}")
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList (meshgrid(): pass one or more 1-D tensors)")
    for t in tensors:
        if tensor_arg(t, "meshgrid").ndim > 1:
            raise RuntimeError(f"meshgrid(): expects 0-D or 1-D tensors, got shape {tuple(t.shape)}")
        if t.dtype != tensors[0].dtype:
            raise RuntimeError(f"meshgrid expects all tensors to have the same dtype (meshgrid(): got {tensors[0].dtype} "
                               f"and {t.dtype}; convert one, e.g. with .to({tensors[0].dtype}))")
    ts = [t.reshape(-1) for t in tensors]
    swap = indexing == "xy" and len(ts) >= 2
    if swap:
        ts[0], ts[1] = ts[1], ts[0]
    shape = tuple(t.shape[0] for t in ts)
    grids = []
    for i, t in enumerate(ts):
        view = [1] * len(ts)
        view[i] = -1
        grids.append(t.reshape(view).expand(shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def outer(input, vec2, *, _op="outer"):
    """input[i]·vec2[j] for two 1-D tensors."""
    for i, t in enumerate((input, vec2)):     # (both must be tensors, before their dims are looked at)
        if not isinstance(t, Tensor):
            raise TypeError(f"{_op}(): argument '{('input', 'vec2')[i]}' (position {i + 1}) must be Tensor, not "
                            f"{type_name(t)}; wrap numbers and lists with minigrad.tensor(...)")
    for name, t in (("self", input), ("vec2", vec2)):
        if tensor_arg(t, "outer").ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t.ndim}-D")
    return input.reshape(-1, 1) * vec2.reshape(1, -1)


def ger(input, vec2):
    """outer's old name."""
    return outer(input, vec2, _op="ger")


METHODS = {"unfold": unfold, "outer": outer, "ger": ger}
