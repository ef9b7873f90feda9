"""``Op.apply`` unrolled for one and two positional arguments: nearly every op call.

The same steps as ``Op.apply`` in ``minigrad/autograd/function.py`` (which is the code to read),
written without its loops and list building; the saving and the multi-output cases are handed to
the same helpers. Installed on ``Op`` in normal mode, removed in reference mode.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import (Op, SavedTensor, _NO_EDGE, _PLAIN, _accumulator, _make_view, make_outputs,
                                 pack_saved, run_forward)
from ..autograd.grad_mode import STATE
from ..tensor import Tensor
from .switch import SWITCH, on_switch

_new = object.__new__
_ndarray = np.ndarray
_NO_NEEDS1, _NO_NEEDS2 = (False,), (False, False)
_NEEDS2 = (((False, False), (False, True)), ((True, False), (True, True)))    # [need a][need b]
_NEEDS_A, _NEEDS_B = _NEEDS2[1][0], _NEEDS2[0][1]


def apply_unrolled(cls, args):
    """``cls.apply(*args)`` for one or two positional arguments; ``None`` for any other call."""
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
    else:
        return None
    ctx = cls._node_cls()
    ctx.needs_input_grad = needs
    try:
        result = cls.forward(ctx, *arrays)
    except (TypeError, ValueError):
        result = run_forward(cls, ctx, args, list(arrays), {})   # explains mixed devices, or re-raises
    edges = None
    if record:                                          # the edges, as _edge() makes them
        if na:
            fn = a._grad_fn
            ea = (fn, a._output_nr) if fn is not None else (_accumulator(a), 0)
        else:
            ea = _NO_EDGE
        if n == 1:
            edges = (ea,)
        elif nb:
            fn = b._grad_fn
            edges = (ea, (fn, b._output_nr) if fn is not None else (_accumulator(b), 0))
        else:
            edges = (ea, _NO_EDGE)
    if type(result) is not _ndarray:
        return make_outputs(cls, ctx, args, arrays, result, edges)     # a tuple, or a NumPy scalar
    t = _new(Tensor)                                                    # one array: the common case
    t._data = result
    t._version_counter = [0]
    if cls.is_view:
        _make_view(t, args, cls)
    if record:
        ctx.next_functions = edges
        if ctx._saved:
            ctx._saved = _pack(ctx._saved, args, arrays, t, result)
        if result.dtype.kind == "f":
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
    edge = (fn, tensor._output_nr) if fn is not None else (_accumulator(tensor), 0)
    edges = (_NO_EDGE, edge) if reflected else (edge, _NO_EDGE)
    if type(result) is not _ndarray or cls.is_view:
        return make_outputs(cls, ctx, args, arrays, result, edges)
    t = _new(Tensor)
    t._data = result
    t._version_counter = [0]
    ctx.next_functions = edges
    saved = ctx._saved
    if saved:
        for item in saved:              # numbers and None are kept as they are; anything else is packed
            if item is not None and item.__class__ not in _PLAIN:
                ctx._saved = _pack(saved, args, arrays, t, result)
                break
    if result.dtype.kind == "f":
        t._grad_fn, t._requires_grad = ctx, True
    else:
        t._grad_fn, t._requires_grad = None, False
    return t


def _pack(saved, args, arrays, t, result):
    """``pack_saved`` (autograd/function.py) for one output and one or two arguments, in the same
    order of tests: numbers and None as they are; the output; an input tensor; any other array."""
    packed = []
    for item in saved:
        cls = item.__class__
        if item is None or cls in _PLAIN:
            packed.append(item)
        elif item is result:
            packed.append(SavedTensor(None, result, t._version_counter, 0))
        elif item is arrays[0] and isinstance(args[0], Tensor):
            packed.append(SavedTensor(args[0], item, args[0]._version_counter, 0))
        elif len(args) == 2 and item is arrays[1] and isinstance(args[1], Tensor):
            packed.append(SavedTensor(args[1], item, args[1]._version_counter, 0))
        elif cls is _ndarray:
            packed.append(item)
        else:
            return pack_saved(saved, args, arrays, (t,), result)    # a NumPy scalar, a CuPy array...
    return tuple(packed)


def _install():
    Op._fast_apply = staticmethod(apply_unrolled) if SWITCH.on else None


_install()
on_switch(_install)
