"""``Op.apply`` unrolled for one and two positional arguments: nearly every op call.

The same steps as ``Op.apply`` in ``minigrad/autograd/function.py`` (which is the code to read),
written without its loops and list building; the saving and the multi-output cases are handed to
the same helpers. Installed on ``Op`` in normal mode, removed in reference mode.

The nodes made here are compact: their one or two edges live in attributes (``Edges`` gives them back
as ``_edges``, which the engines read and ``next_functions`` filters), and a saved output's record lives in the node (``SAVED_OUTPUT``). A link of a
chain such as ``relu(y * 0.999) + 0.001`` then leaves 4 objects for Python's garbage collector to track
(three nodes and the version counter of relu's output), not 12; Python runs its full collections --
which scan every tracked object of the process, ~170,000 once torch is imported -- when the tracked
objects grow by a quarter, so a 10,000-link chain now runs none.
"""
from __future__ import annotations

import mmap
import operator

import numpy as np

from ..autograd.function import (SAVED_OUTPUT, Node, Op, SavedTensor, _NOT_TENSOR, _PLAIN, _accumulator, _edge,
                                 _make_view, make_outputs, pack_saved, run_forward)
from ..autograd.grad_mode import STATE
from ..backend import zero as _zero
from ..tensor import Tensor, _wrap
from . import parallel
from .switch import SWITCH, on_switch

_new = object.__new__
_ndarray = np.ndarray
_NO_NEEDS1, _NO_NEEDS2, _NO_NEEDS3 = (False,), (False, False), (False, False, False)
_NEEDS1 = (True,)
_NP_SCALARS = {np.float16, np.float32, np.float64, np.int8, np.int16, np.int32, np.int64, np.uint8, np.bool_,
               np.complex64, np.complex128}
_asarray = np.asarray
_maximum = np.maximum
_NEEDS2 = (((False, False), (False, True)), ((True, False), (True, True)))    # [need a][need b]
_NEEDS_A, _NEEDS_B = _NEEDS2[1][0], _NEEDS2[0][1]
# A version counter that Python's garbage collector does not track: a one-item int64 array instead of the
# list ``[0]`` (a list is always tracked). An output an op saves for its backward keeps its counter alive
# as long as the node, so in a long chain each one would be one more object for every full collection to
# scan (relu's saved output: one of four per link of benchmarks/chain.py). Counters are read with [0]
# and bumped with [0] += 1, the same on both; ``Tensor._version`` gives an int either way.
_untracked_counter = np.zeros(1, np.int64).copy


def apply_unrolled(cls, args):
    """``cls.apply(*args)`` for one, two or three positional arguments; ``None`` for any other call."""
    n = len(args)
    if n == 2:
        a, b = args
        ta, tb = isinstance(a, Tensor), isinstance(b, Tensor)
        na, nb = ta and a._requires_grad, tb and b._requires_grad
        arrays = (a._data if ta else a, b._data if tb else b)
        record = (na or nb) and STATE.enabled
        needs = _NEEDS2[na][nb] if record else _NO_NEEDS2
    elif n == 1:
        a = args[0]
        ta = isinstance(a, Tensor)
        arrays = (a._data if ta else a,)
        record = na = ta and a._requires_grad and STATE.enabled
        needs = (True,) if record else _NO_NEEDS1
    elif n == 3:
        return _apply_three(cls, args)
    else:
        return None
    ctx = cls._node_cls()
    ctx.needs_input_grad = needs
    try:
        result = cls.forward(ctx, *arrays)
    except (TypeError, ValueError):
        result = run_forward(cls, ctx, args, list(arrays), {})   # explains mixed devices, or re-raises
    if record:                          # the edges, as _edge() makes them: (node, output_nr) per input
        if na:
            fa = a._grad_fn
            if fa is None:
                fa, ra = _accumulator(a), 0
            else:
                ra = a._output_nr
        else:
            fa, ra = None, (0 if ta else -1)        # (-1: no tensor, see _edge)
        if n == 2:
            if nb:
                fb = b._grad_fn
                if fb is None:
                    fb, rb = _accumulator(b), 0
                else:
                    rb = b._output_nr
            else:
                fb, rb = None, (0 if tb else -1)
    data = result                       # what forward returned: saved values are matched against it
    if type(result) is not _ndarray:
        if ta and result.__class__ in _NP_SCALARS and arrays[0].__class__ is _ndarray:
            data = _asarray(result)                 # a NumPy scalar (an op on 0-d arrays): a 0-d array
        else:                                       # a tuple, or something else
            edges = (((fa, ra),) if n == 1 else ((fa, ra), (fb, rb))) if record else None
            return make_outputs(cls, ctx, args, arrays, result, edges)
    t = _new(Tensor)                                                    # one array: the common case
    t._data = data
    t._version_counter = [0]
    if cls.is_view:
        _make_view(t, args, cls)
    if record:
        ctx._arity, ctx._in0 = n, fa            # the edges, kept in attributes (see Edges)
        if ra:
            ctx._nr0 = ra
        if n == 2:
            ctx._in1 = fb
            if rb:
                ctx._nr1 = rb
        if ctx._saved:
            ctx._saved = _pack(ctx, ctx._saved, args, arrays, t, result)
        if data.dtype.kind == "f":
            t._grad_fn, t._requires_grad = ctx, True
            return t
    t._grad_fn, t._requires_grad = None, False
    return t


# np.maximum(x, 0) with the 0 a scalar misses NumPy's vectorised loop: against an array of zeros of
# x's shape it is faster for arrays that stay in cache (NumPy 2.4, float32 and float64; worth it from ~4096
# numbers up to ~256 KiB: 64k float32 numbers 9.7 against 12.9 us). A read-only anonymous memory map reads as
# zeros and takes no memory (its pages are all the kernel's one page of zeros), so up to 256 KiB the zeros are
# a view of it. Beyond that the scalar is the faster one (one page of zeros read through hundreds of mapped
# pages: 401k float32 numbers 172 against 117 us, 128k float64 113 against 60; 2026-12-02, this VM), and it
# is used without such a map too.
try:
    _ZERO_MAP = mmap.mmap(-1, 1 << 18, prot=mmap.PROT_READ)
except (AttributeError, OSError, ValueError):
    _ZERO_MAP = None
_ZEROS = {}             # dtype -> the map's bytes as a 1-D read-only array of that dtype


def _zeros_like(data):
    """A read-only array of zeros with ``data``'s shape and dtype (a C-contiguous NumPy array), or the
    scalar zero when the map is too small or missing."""
    zeros = _ZEROS.get(data.dtype)
    if zeros is None:
        if _ZERO_MAP is None:
            return _zero(data)
        zeros = _ZEROS[data.dtype] = np.frombuffer(_ZERO_MAP, data.dtype)
    n = data.size
    return zeros[:n].reshape(data.shape) if n <= zeros.size else _zero(data)


def relu_without_graph(x):
    """``relu(x)`` when nothing is recorded (no_grad, evaluation, an input without grad): Relu.forward's
    max(x, 0) against the zeros above, for a large C-contiguous float NumPy array; ``None`` otherwise."""
    data = x._data
    if (not SWITCH.on or data.__class__ is not _ndarray or data.dtype.kind != "f" or data.size < 4096
            or not data.flags.c_contiguous or (x._requires_grad and STATE.enabled)):
        return None
    return _wrap(_maximum(_zeros_like(data), data))     # (zeros first: a tie keeps x's -0.0, as Relu's)


def apply_relu(relu_cls, x):
    """``relu_cls.apply(x)`` (ops/pointwise.py's Relu) for a float NumPy tensor that requires grad,
    while a graph is recorded: Relu.forward (``max(x, 0)``, saving the output and ``out != 0``) and
    ``apply_unrolled``'s steps for this one case, written out. ``None`` for anything else."""
    data = x._data
    if not (SWITCH.on and x._requires_grad and STATE.enabled and data.__class__ is _ndarray
            and data.dtype.kind == "f"):
        return None
    zero = _zero(data)
    if data.ndim and data.flags.c_contiguous and parallel.worth_it(data.shape[0], data.nbytes):
        out, slope = _relu_halves(data, zero)
    else:
        out = _maximum(_zeros_like(data) if data.size >= 4096 and data.flags.c_contiguous else zero, data)
        if out.__class__ is not _ndarray:
            out = _asarray(out)                     # (a 0-d input gives a NumPy scalar)
        slope = out != zero
    ctx = relu_cls._node_cls()
    ctx.needs_input_grad = _NEEDS1
    ctx._saved = (SAVED_OUTPUT, slope)
    fn = x._grad_fn
    if fn is None:
        ctx._in0 = _accumulator(x)
    else:
        ctx._in0 = fn
        if x._output_nr:
            ctx._nr0 = x._output_nr
    ctx._arity = 1
    t = _new(Tensor)
    t._data = out
    t._version_counter = vc = _untracked_counter()
    ctx._out_data, ctx._out_vc = out, vc
    t._grad_fn, t._requires_grad = ctx, True
    return t


def _relu_halves(data, zero):
    """max(x, 0) and its slope (out != 0) for a large C-contiguous array, the two halves of its first
    dimension on two threads (parallel.py): the numbers of one pass."""
    out, slope = np.empty_like(data), np.empty(data.shape, np.bool_)

    def rows(lo, hi):
        part = data[lo:hi]
        _maximum(_zeros_like(part), part, out=out[lo:hi])
        np.not_equal(out[lo:hi], zero, out=slope[lo:hi])
    parallel.halves(rows, data.shape[0], data.nbytes)
    return out, slope


def _apply_three(cls, args):
    """``apply_unrolled`` for three positional arguments (addmm's bias and factors; sum's input, dims
    and keepdim). The edges are kept as ``Op.apply`` keeps them, in ``_edges``."""
    a, b, c = args
    ta, tb, tc = isinstance(a, Tensor), isinstance(b, Tensor), isinstance(c, Tensor)
    needs = (ta and a._requires_grad, tb and b._requires_grad, tc and c._requires_grad)
    arrays = (a._data if ta else a, b._data if tb else b, c._data if tc else c)
    record = STATE.enabled and (needs[0] or needs[1] or needs[2])
    ctx = cls._node_cls()
    ctx.needs_input_grad = needs if record else _NO_NEEDS3
    try:
        result = cls.forward(ctx, *arrays)
    except (TypeError, ValueError):
        result = run_forward(cls, ctx, args, list(arrays), {})
    edges = (_edge(a), _edge(b), _edge(c)) if record else None
    data = result
    if type(result) is not _ndarray:
        if ta and result.__class__ in _NP_SCALARS and arrays[0].__class__ is _ndarray:
            data = _asarray(result)
        else:
            return make_outputs(cls, ctx, args, arrays, result, edges)
    if cls.is_view:
        return make_outputs(cls, ctx, args, arrays, result, edges)
    t = _new(Tensor)
    t._data = data
    t._version_counter = [0]
    if record:
        ctx._edges = edges
        if ctx._saved:
            ctx._saved = pack_saved(ctx._saved, args, arrays, (t,), result)
        if data.dtype.kind == "f":
            t._grad_fn, t._requires_grad = ctx, True
            return t
    t._grad_fn, t._requires_grad = None, False
    return t


def apply_with_number(cls, tensor, number, reflected):
    """``cls.apply(tensor, number)`` -- or ``cls.apply(number, tensor)`` when ``reflected`` -- for a
    float tensor that requires grad, a Python number and a graph being recorded (``x * 0.5``, ``1 - x``
    in a training loop): the steps of ``apply_unrolled`` for this one case, with nothing left to test."""
    ctx = cls._node_cls()
    data = tensor._data
    if reflected:
        ctx.needs_input_grad = _NEEDS_B
        args, arrays = (number, tensor), (number, data)
    else:
        ctx.needs_input_grad = _NEEDS_A
        args, arrays = (tensor, number), (data, number)
    try:
        result = cls.forward(ctx, *arrays)
    except (TypeError, ValueError):
        result = run_forward(cls, ctx, args, list(arrays), {})
    fn = tensor._grad_fn
    if fn is None:
        fn, nr = _accumulator(tensor), 0
    else:
        nr = tensor._output_nr
    if type(result) is not _ndarray or cls.is_view:
        edges = (_NOT_TENSOR, (fn, nr)) if reflected else ((fn, nr), _NOT_TENSOR)
        return make_outputs(cls, ctx, args, arrays, result, edges)
    t = _new(Tensor)
    t._data = result
    t._version_counter = [0]
    _set_number_edges(ctx, fn, nr, reflected)
    saved = ctx._saved
    if saved:
        for item in saved:              # numbers and None are kept as they are; anything else is packed
            if item is not None and item.__class__ not in _PLAIN:
                ctx._saved = _pack(ctx, saved, args, arrays, t, result)
                break
    if result.dtype.kind == "f":
        t._grad_fn, t._requires_grad = ctx, True
    else:
        t._grad_fn, t._requires_grad = None, False
    return t


def _mul_number_record(ctx, shape, number, reflected):
    """What ``Mul.forward`` keeps for a tensor that needs its gradient and a number: the number (saved)
    and the tensor's shape."""
    if reflected:
        ctx._saved, ctx.shape_a, ctx.shape_b = (number, None), None, shape
    else:
        ctx._saved, ctx.shape_a, ctx.shape_b = (None, number), shape, None


def _add_number_record(ctx, shape, number, reflected):
    """What ``Add.forward`` and ``Sub.forward`` keep for a tensor that needs its gradient and a number: the
    tensor's shape, and the number (shown by graph pictures)."""
    if reflected:
        ctx.a, ctx.shape_b = number, shape
    else:
        ctx.shape_a, ctx.b = shape, number


_NUMBER_RECORDS = {"Mul": _mul_number_record, "Add": _add_number_record, "Sub": _add_number_record}
_PLAIN_OPS = {"Mul": operator.mul, "Add": operator.add, "Sub": operator.sub}


def number_operator(cls, array_op, reflected):
    """For ``Mul``, ``Add`` and ``Sub``: a function ``(tensor, number) -> tensor`` that does what
    ``apply_with_number(cls, tensor, number, reflected)`` does for a float NumPy tensor of at least one
    dimension that requires grad, a Python number and a graph being recorded (``y * 0.999``, ``y + 1e-3``,
    ``1 - y`` in a training loop), with the node's fields set directly (the ``_*_number_record`` above,
    which ``tests/test_fast_chain20.py`` compares with what the op's forward sets); ``None`` for other ops.

    ``array_op`` computes as torch (silently: no NumPy warning at inf - inf or an overflow; a float16 tensor times
    a number in float32). A number in [-1, 1] (not 0 for ``*``) can raise none of those events: |x·b| <= |x|,
    x ± b rounds to at most the largest float, inf - inf and 0 · inf cannot occur; so there the plain operator
    gives the same numbers without the silencing's cost (+0.35 µs a call), except for ``*`` of float16."""
    record = _NUMBER_RECORDS.get(cls.__name__)
    if record is None:
        return None
    node_cls = cls._node_cls
    needs = _NEEDS_B if reflected else _NEEDS_A
    plain, scaling = _PLAIN_OPS[cls.__name__], cls.__name__ == "Mul"

    def apply_number(tensor, number):
        data = tensor._data
        ctx = node_cls()
        ctx.needs_input_grad = needs
        record(ctx, data.shape, number, reflected)
        f = plain if -1.0 <= number <= 1.0 and (not scaling or (number and data.dtype.itemsize > 2)) else array_op
        result = f(number, data) if reflected else f(data, number)
        fn = tensor._grad_fn
        if fn is None:
            _set_number_edges(ctx, _accumulator(tensor), 0, reflected)
        else:
            _set_number_edges(ctx, fn, tensor._output_nr, reflected)
        t = _new(Tensor)
        t._data = result
        t._version_counter = [0]
        t._grad_fn, t._requires_grad = ctx, True
        return t
    return apply_number


def _set_number_edges(ctx, fn, nr, reflected):
    """The compact edges of a node of a tensor and a number: the tensor's (``fn``, ``nr``) as the first
    argument, or the second when ``reflected``; the number's edge is the default (None, 0)."""
    ctx._arity = 2
    if reflected:
        ctx._in1 = fn
        if nr:
            ctx._nr1 = nr
    else:
        ctx._in0 = fn
        if nr:
            ctx._nr0 = nr


def _pack(ctx, saved, args, arrays, t, result):
    """``pack_saved`` (autograd/function.py) for one output and one or two arguments, in the same
    order of tests: numbers and None as they are; the output; an input tensor; any other array. The
    output's record is kept in ``ctx`` itself (``SAVED_OUTPUT``, function.py)."""
    packed = []
    for item in saved:
        cls = item.__class__
        if item is None or cls in _PLAIN:
            packed.append(item)
        elif item is result:                # (result: what forward returned; t._data: it as an array)
            packed.append(SAVED_OUTPUT)
            t._version_counter = vc = _untracked_counter()      # (t is new: no view shares its counter yet)
            ctx._out_data, ctx._out_vc = t._data, vc
        elif item is arrays[0] and isinstance(args[0], Tensor):
            packed.append(SavedTensor(args[0], item, args[0]._version_counter, 0))
        elif len(args) == 2 and item is arrays[1] and isinstance(args[1], Tensor):
            packed.append(SavedTensor(args[1], item, args[1]._version_counter, 0))
        elif cls is _ndarray:
            packed.append(item)
        else:
            return pack_saved(saved, args, arrays, (t,), result)    # a NumPy scalar, a CuPy array...
    return tuple(packed)


class Edges:
    """``node._edges`` for the nodes made here: ``((node, output_nr), ...)``, one pair per
    argument, from the attributes the node keeps them in (``_in0``/``_nr0`` and ``_in1``/``_nr1``, the first
    ``_arity`` of them). Keeping them unpacked makes a node no more objects for Python's garbage
    collector than the node itself (a tuple of pairs is three more): a long chain of ops then triggers
    far fewer of its full collections. A node made by ``Op.apply`` (function.py) sets ``_edges``
    itself, and that attribute of the instance comes before this one of the class. (``next_functions``,
    torch's view of them, is Node's property.)"""

    def __get__(self, node, owner=None):
        if node is None:
            return self
        arity = node._arity
        if arity == 1:
            return ((node._in0, node._nr0),)
        if arity == 2:
            return ((node._in0, node._nr0), (node._in1, node._nr1))
        return ()


def edges_of(node):
    """``node._edges``, without the descriptor's call for the nodes made here."""
    arity = node._arity
    if arity == 1:
        return ((node._in0, node._nr0),)
    if arity == 2:
        return ((node._in0, node._nr0), (node._in1, node._nr1))
    return node._edges


Node._edges = Edges()
Node._arity, Node._in0, Node._nr0, Node._in1, Node._nr1 = 0, None, 0, None, 0


def _install():
    Op._fast_apply = staticmethod(apply_unrolled) if SWITCH.on else None


_install()
on_switch(_install)
