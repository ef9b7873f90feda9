"""The backward loop of ``minigrad/autograd/engine.py`` for the common pass, with the calls inlined.

``engine._run`` is the code to read: count the edges, run each node once every gradient for it has
arrived, send each input its gradient. This is the same loop for ``loss.backward()`` without
``create_graph``, ``autograd.grad``'s pruning or a tracer watching (for those ``_run`` keeps its own
loop). What it saves:

* no per-node method calls (``_Step.run``, ``_Step.backward``, ``_add_to_buffer``) -- the same steps
  written in the loop;
* the gradients travel between nodes as arrays, not tensors: a tensor is made only where one is
  needed (a backward written on tensors, a hook, a leaf's ``.grad``);
* an op listed in ``fast/gradients.py`` computes its input gradients straight from the arrays it
  saved (``Mul``: ``g * b``), not through tensor ops; the others run their own ``backward``;
* a leaf's first gradient becomes its ``.grad`` without a copy when its array was made for it and
  nothing else refers to it (``_sole_owner``); ``AccumulateGrad.accumulate`` copies, to be safe.

The gradients, the order the nodes run in, the hooks, the freeing of saved tensors and the errors are
those of ``engine._run`` (``tests/test_fast_engine.py`` compares the two).
"""
from __future__ import annotations

import sys

import numpy as np

from ..autograd import engine
from ..autograd.engine import _call_backward, _run_pre_hooks
from ..autograd.function import AccumulateGrad, _FREED
from ..autograd.grad_mode import STATE
from ..tensor import _wrap
from . import gradients
from .switch import SWITCH, on_switch

_getrefcount = sys.getrefcount
_ndarray = np.ndarray
_COUNTS_ARE_EXACT = gradients.COUNTS_ARE_EXACT


def run_plain(roots, root_grads, retain_graph):
    """Run the backward pass from ``roots`` (edges) seeded with ``root_grads`` (tensors), accumulating
    into the leaves' ``.grad``; the engine's own helpers do the rare cases (hooks, user Functions,
    several outputs). As in ``engine._run``, nothing is recorded while the backward functions run."""
    prev_mode, STATE.enabled = STATE.enabled, False
    try:
        _loop(roots, root_grads, retain_graph)
    finally:
        STATE.enabled = prev_mode


def _loop(roots, root_grads, retain_graph):
    """``engine._run``'s loop. The gradients travel as arrays: a tensor is made only for a backward
    written on tensors (an op without an array gradient, a user Function), a hook, and a leaf's ``.grad``."""
    deps = count_edges(roots)
    buffers = {}
    for (node, nr), g in zip(roots, root_grads):
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * node._n_out
        buf[nr] = g._data if buf[nr] is None else buf[nr] + g._data
    ready = list(dict.fromkeys(node for node, _ in roots if deps.get(node) == 0))
    table = gradients.TABLE
    pop, get = buffers.pop, deps.get
    while ready:
        node = ready.pop()
        buf = pop(node, None)
        if buf is not None and node._pre_hooks is not None:
            buf = _arrays(_run_pre_hooks(node, _tensors(buf)))
        if node.__class__ is AccumulateGrad:
            if buf is not None and buf[0] is not None:
                leaf = node.variable
                if leaf._grad is None and leaf._backward_hooks is None and _sole_owner(buf):
                    leaf._grad = _wrap(buf[0])      # a new array no one else holds: it becomes .grad, uncopied
                else:
                    node.accumulate(_wrap(buf[0]), False)
            continue
        arity = node._arity                 # a compact node (fast/apply.py): its 1 or 2 edges in attributes
        edges = None if arity else node._edges
        if buf is None:
            grads = (None,) * (arity or len(edges))
        elif node._n_out == 1 and buf[0] is not None and node._is_op:
            fn = table.get(node.__class__)
            grads = fn(node, buf[0]) if fn is not None else None
            if grads is None:
                grads = node._fn_cls.backward(node, _wrap(buf[0]))
                grads = _arrays((grads,) if type(grads) is not tuple else grads)
        else:
            grads = _arrays(_call_backward(node, _tensors(buf)))
        if not retain_graph and node._saved:
            node._saved = _FREED
        for i in range(min(arity or len(edges), len(grads))):      # (zip's length: extra Nones are ignored)
            if not arity:
                nxt, nr = edges[i]
            elif i:
                nxt, nr = node._in1, node._nr1
            else:
                nxt, nr = node._in0, node._nr0
            count = get(nxt)
            if count is None:
                continue
            g = grads[i]
            if g is not None:
                b = buffers.get(nxt)
                if b is None:
                    if nxt._n_out == 1:
                        buffers[nxt] = [g]
                    else:
                        b = buffers[nxt] = [None] * nxt._n_out
                        b[nr] = g
                elif b[nr] is None:
                    b[nr] = g
                else:
                    b[nr] = b[nr] + g
            deps[nxt] = count - 1
            if count == 1:
                ready.append(nxt)
        grads = g = buf = edges = None      # (no stray references: see _sole_owner)


def count_edges(roots):
    """``engine._count_edges(roots, edges_of)``: every node reachable from the roots, with the number of
    edges that point at it; a compact node's one or two edges are read from its attributes, without the
    pairs ``edges_of`` builds (a third of the counting's time in a long chain)."""
    deps = dict.fromkeys((node for node, _ in roots), 0)
    stack = list(deps)
    push, pop = stack.append, stack.pop
    while stack:
        node = pop()
        arity = node._arity
        if arity:
            nexts = (node._in0,) if arity == 1 else (node._in0, node._in1)
        else:
            nexts = [nxt for nxt, _ in node._edges]
        for nxt in nexts:
            if nxt is not None:
                if nxt in deps:
                    deps[nxt] += 1
                else:
                    deps[nxt] = 1
                    push(nxt)
    return deps


def _tensors(arrays):
    return [None if a is None else _wrap(a) for a in arrays]


def _arrays(tensors):
    """The arrays of the gradients a backward returned (tensors, or None for inputs without one)."""
    return [None if t is None else t._data for t in tensors]


def _sole_owner(buf):
    """Whether the gradient in ``buf`` (a one-item list the loop just took out of its buffers) is an
    array made for it and referenced by nothing else, so that it can become ``.grad`` without a copy
    (as torch, which steals a gradient no one else uses). The counts are those of ``sys.getrefcount``:
    its own argument, the list and the local name."""
    if not _COUNTS_ARE_EXACT:
        return False
    arr = buf[0]
    if arr.__class__ is not _ndarray or _getrefcount(arr) != 3 or not arr.flags.c_contiguous or \
            not arr.flags.writeable:
        return False
    base = arr.base                 # a view is fine if it is all of a new array that no one else holds
    return base is None or (base.__class__ is _ndarray and base.base is None and base.size == arr.size
                            and _getrefcount(base) == 3)


def _install():
    engine._fast_run = run_plain if SWITCH.on else None


_install()
on_switch(_install)
