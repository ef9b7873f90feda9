"""The backward loop of ``minigrad/autograd/engine.py`` for the common pass, with the calls inlined.

``engine._run`` is the code to read: count the edges, run each node once every gradient for it has
arrived, send each input its gradient. This is the same loop for ``loss.backward()`` without
``create_graph``, ``autograd.grad``'s pruning or a tracer watching (``run_plain`` returns ``None`` for
those, and the engine runs its own loop). What it saves per node:

* no per-node method calls (``_Step.run``, ``_Step.backward``, ``_add_to_buffer``) -- the same steps
  written in the loop;
* an op listed in ``fast/gradients.py`` computes its input gradients straight from the arrays it
  saved (``Mul``: ``g * b``), not through tensor ops; the others run their own ``backward``.

The gradients, the order the nodes run in, the hooks, the freeing of saved tensors and the errors are
those of ``engine._run`` (``tests/test_fast_engine.py`` compares the two).
"""
from __future__ import annotations

from ..autograd import engine
from ..autograd.engine import _call_backward, _count_edges, _run_pre_hooks
from ..autograd.function import AccumulateGrad, _FREED
from . import gradients
from .switch import SWITCH, on_switch


def run_plain(roots, root_grads, retain_graph):
    """Run the backward pass from ``roots`` (edges) seeded with ``root_grads`` (tensors), accumulating
    into the leaves' ``.grad``; the engine's own helpers do the rare cases (hooks, user Functions,
    several outputs)."""
    deps = _count_edges(roots)
    buffers = {}
    for (node, nr), g in zip(roots, root_grads):
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * node._n_out
        buf[nr] = g if buf[nr] is None else buf[nr] + g
    ready = list(dict.fromkeys(node for node, _ in roots if deps.get(node) == 0))
    table = gradients.TABLE
    pop, get = buffers.pop, deps.get
    while ready:
        node = ready.pop()
        buf = pop(node, None)
        if buf is not None and node._pre_hooks is not None:
            buf = _run_pre_hooks(node, buf)
        if node.__class__ is AccumulateGrad:
            if buf is not None and buf[0] is not None:
                node.accumulate(buf[0], False)
            continue
        if buf is None:
            grads = (None,) * len(node.next_functions)
        elif node._n_out == 1 and buf[0] is not None and node._is_op:
            fn = table.get(node.__class__)
            grads = fn(node, buf[0]) if fn is not None else None
            if grads is None:
                grads = node._fn_cls.backward(node, buf[0])
                if type(grads) is not tuple:
                    grads = (grads,)
        else:
            grads = _call_backward(node, buf)
        if not retain_graph and node._saved:
            node._saved = _FREED
        for (nxt, nr), g in zip(node.next_functions, grads):
            count = get(nxt)
            if count is None:
                continue
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


def _install():
    engine._fast_run = run_plain if SWITCH.on else None


_install()
on_switch(_install)
