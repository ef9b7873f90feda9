"""``Op.apply`` unrolled for one and two positional arguments: nearly every op call.

The same steps as ``Op.apply`` in ``minigrad/autograd/function.py`` (which is the code to read),
written without its loops and list building; the saving and the multi-output cases are handed to
the same helpers. Installed on ``Op`` in normal mode, removed in reference mode.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import (Op, _NO_EDGE, _accumulator, _make_view, make_outputs, pack_saved,
                                 run_forward)
from ..autograd.grad_mode import STATE
from ..tensor import Tensor
from .switch import SWITCH, on_switch

_new = object.__new__
_ndarray = np.ndarray
_NO_NEEDS1, _NO_NEEDS2 = (False,), (False, False)


def _edge(t):
    fn = t._grad_fn
    return (fn, t._output_nr) if fn is not None else (t._grad_accumulator or _accumulator(t), 0)


def apply_unrolled(cls, args):
    """``cls.apply(*args)`` for one or two positional arguments; ``None`` for any other call."""
    n = len(args)
    if n == 2:
        a, b = args
        ta, tb = isinstance(a, Tensor), isinstance(b, Tensor)
        na, nb = ta and a._requires_grad, tb and b._requires_grad
        arrays = [a._data if ta else a, b._data if tb else b]
        record = (na or nb) and STATE.enabled
        needs = (na, nb) if record else _NO_NEEDS2
    elif n == 1:
        a = args[0]
        ta = isinstance(a, Tensor)
        arrays = [a._data if ta else a]
        record = ta and a._requires_grad and STATE.enabled
        needs = (True,) if record else _NO_NEEDS1
    else:
        return None
    ctx = cls._node_cls()
    ctx.needs_input_grad = needs
    try:
        result = cls.forward(ctx, *arrays)
    except (TypeError, ValueError):
        result = run_forward(cls, ctx, args, arrays, {})      # explains mixed devices, or re-raises
    edges = None
    if record:
        edges = ((_edge(a) if needs[0] else _NO_EDGE, _edge(b) if needs[1] else _NO_EDGE) if n == 2
                 else (_edge(a),))
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
            ctx._saved = pack_saved(ctx._saved, args, arrays, (t,), result)
        if result.dtype.kind == "f":
            t._grad_fn, t._requires_grad = ctx, True
            return t
    t._grad_fn, t._requires_grad = None, False
    return t


def _install():
    Op._fast_apply = classmethod(apply_unrolled) if SWITCH.on else None


_install()
on_switch(_install)
