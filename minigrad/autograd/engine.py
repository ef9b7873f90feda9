"""The backward engine: runs the graph's nodes in reverse topological order, iteratively.

1. Discover the nodes reachable from the roots and count, for each, how many edges point at it.
2. Start from the roots with their gradients. A node runs once every node that feeds it a gradient
   has run (its count reaches zero): its backward turns the gradient of its output(s) into
   gradients for its inputs, which are summed into the buffers of the nodes they point at.
3. ``AccumulateGrad`` nodes (leaves) add what they receive to ``leaf.grad``.

No recursion anywhere, so a graph 200,000 ops deep is fine. Without ``create_graph`` the backward
functions run with graph recording off; with it, they record a graph of their own, so the gradients
can be differentiated again. Unless ``retain_graph``, each node frees what it saved once it has run.
"""
from __future__ import annotations

from .. import backend
from ..tensor import Tensor, _wrap
from .function import AccumulateGrad, Function, _FREED, _edge
from .grad_mode import STATE
from . import trace as _trace


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Compute the gradients of ``tensors`` w.r.t. the graph leaves and accumulate them in ``.grad``."""
    tensors = _as_list(tensors)
    roots, grads = _roots(tensors, grad_tensors, "backward")
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is not None:
        inputs = _as_list(inputs)
        if not inputs:
            raise RuntimeError("backward(inputs=...): inputs must not be empty")
        found = _run(roots, grads, retain_graph, create_graph, _input_edges(inputs, "backward"))
        for t, g in zip(inputs, found):
            if g is None:
                continue
            if t._grad_fn is None:
                AccumulateGrad(t).accumulate(g, create_graph)
            else:
                t._grad = g if t._grad is None else t._grad + g
        return
    _run(roots, grads, retain_graph, create_graph, None)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None,
         materialize_grads=False):
    """Return d(outputs)/d(inputs) (weighted by ``grad_outputs``) without touching any ``.grad``."""
    outputs = _as_list(outputs)
    inputs = _as_list(inputs)
    if not inputs:
        raise RuntimeError("grad(): inputs must be a non-empty sequence of tensors")
    if allow_unused is None:
        allow_unused = materialize_grads
    roots, grads = _roots(outputs, grad_outputs, "grad")
    if retain_graph is None:
        retain_graph = create_graph
    found = _run(roots, grads, retain_graph, create_graph, _input_edges(inputs, "grad"))
    result = []
    for i, (t, g) in enumerate(zip(inputs, found)):
        if g is None:
            if materialize_grads:
                g = _zeros_like(t)
            elif not allow_unused:
                raise RuntimeError(
                    f"grad(): input {i} (shape {tuple(t.shape)}) was not used to compute the outputs, so its "
                    "gradient is undefined. Pass allow_unused=True to get None for it (or "
                    "materialize_grads=True for zeros).")
        result.append(g)
    return tuple(result)


# ---------------------------------------------------------------------------------------------
def _as_list(x):
    if isinstance(x, Tensor):
        return [x]
    if x is None:
        return []
    return list(x)


def _zeros_like(t):
    return _wrap(t.xp.zeros_like(t._data))


def _roots(tensors, grad_tensors, op):
    if grad_tensors is None:
        grad_tensors = [None] * len(tensors)
    else:
        grad_tensors = _as_list(grad_tensors) if not isinstance(grad_tensors, (list, tuple)) \
            else list(grad_tensors)
    if len(grad_tensors) != len(tensors):
        raise RuntimeError(f"{op}(): got {len(tensors)} tensors but {len(grad_tensors)} gradients")
    roots, grads = [], []
    for i, (t, g) in enumerate(zip(tensors, grad_tensors)):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}(): expected tensors, got {type(t).__name__}")
        if not t._requires_grad:
            raise RuntimeError(
                f"{op}(): element {i} of the tensors does not require grad and does not have a grad_fn. "
                "Did you compute it under no_grad(), from tensors with requires_grad=False, or after "
                ".detach()? Set requires_grad=True on the leaves you want gradients for.")
        if g is None:
            if t._data.size != 1:
                raise RuntimeError(
                    f"{op}(): grad can be implicitly created only for scalar outputs; this output has shape "
                    f"{tuple(t.shape)}. Pass gradient= (a tensor of that shape), or reduce it first, "
                    "e.g. loss.sum().backward()")
            g = _wrap(t.xp.ones_like(t._data))
        else:
            if not isinstance(g, Tensor):
                from ..factories import tensor as _tensor
                g = _tensor(g, dtype=t.dtype, device=t.device)
            if g._data.shape != t._data.shape:
                raise RuntimeError(f"{op}(): mismatch in shape: the gradient for output {i} has shape "
                                   f"{tuple(g.shape)} but the output has shape {tuple(t.shape)}")
            if type(g._data) is not type(t._data):
                raise RuntimeError(f"{op}(): the gradient for output {i} is on {g.device} but the output is "
                                   f"on {t.device}")
            if g._data.dtype != t._data.dtype:
                g = g.to(t.dtype)
        roots.append(_edge(t))
        grads.append(g)
    return roots, grads


def _input_edges(inputs, op):
    edges = []
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}(): inputs must be tensors, got {type(t).__name__} at position {i}")
        if not t._requires_grad:
            raise RuntimeError(f"{op}(): input {i} (shape {tuple(t.shape)}) does not require grad; set "
                               "requires_grad=True on it before building the graph")
        edges.append(_edge(t))
    return edges


def _run(roots, root_grads, retain_graph, create_graph, capture):
    """Run backward from ``roots`` (edges) with ``root_grads``. With ``capture`` (a list of edges),
    return the gradient arriving at each captured edge instead of accumulating into leaves."""
    # 1. discover the graph and count incoming edges
    deps = {}
    order = []
    stack = []
    for node, _ in roots:
        if node not in deps:
            deps[node] = 0
            stack.append(node)
    while stack:
        node = stack.pop()
        order.append(node)
        for nxt, _ in node.next_functions:
            if nxt is not None:
                if nxt in deps:
                    deps[nxt] += 1
                else:
                    deps[nxt] = 1
                    stack.append(nxt)

    needed = None
    captured = None
    if capture is not None:
        needed, deps = _prune(order, deps, {n for n, _ in capture}, roots)
        captured = {}

    # 2. seed the root buffers
    buffers = {}
    for (node, nr), g in zip(roots, root_grads):
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * node._n_out
        buf[nr] = g if buf[nr] is None else buf[nr] + g
    ready = []
    for node, _ in roots:
        if deps.get(node) == 0 and node not in ready:
            ready.append(node)

    # 3. run nodes as they become ready
    tracer = _trace.ACTIVE
    if tracer is not None:
        tracer.begin_pass()
    prev_mode = STATE.enabled
    STATE.enabled = create_graph
    try:
        while ready:
            node = ready.pop()
            buf = buffers.pop(node, None)
            if buf is not None and node._pre_hooks is not None:
                buf = _run_pre_hooks(node, buf)
            if node.__class__ is AccumulateGrad:
                if buf is None or buf[0] is None:
                    continue
                if captured is None:
                    if tracer is not None:
                        tracer.record(node, buf, None)
                    node.accumulate(buf[0], create_graph)
                elif node in needed[1]:
                    g = buf[0]
                    captured[node] = [_leaf_hooks(node.variable, g) if node.variable._backward_hooks else g]
                continue
            if captured is not None and node in needed[1]:
                captured[node] = buf
            nexts = node.next_functions
            if needed is not None:
                if node not in needed[0]:
                    continue
                saved_needs = node.needs_input_grad
                node.needs_input_grad = tuple(
                    bool(n) and nxt is not None and nxt in needed[2]
                    for n, (nxt, _) in zip(saved_needs, nexts))
            if buf is None:
                grads = _NONES
            else:
                if node._is_op and node._n_out == 1:
                    grads = node._fn_cls.backward(node, buf[0])
                    if type(grads) is not tuple:
                        grads = (grads,)
                else:
                    grads = _call_backward(node, buf)
                if tracer is not None:
                    tracer.record(node, buf, grads)
            if needed is not None:
                node.needs_input_grad = saved_needs
            if not retain_graph and node._saved:
                node._saved = _FREED
            for (nxt, nr), g in zip(nexts, grads if buf is not None else _nones(len(nexts))):
                if nxt is None:
                    continue
                d = deps.get(nxt)
                if d is None:
                    continue                      # pruned: leads to no requested input
                if g is not None:
                    nb = buffers.get(nxt)
                    if nb is None:
                        buffers[nxt] = [g] if nxt._n_out == 1 else _slot(nxt._n_out, nr, g)
                    else:
                        old = nb[nr]
                        nb[nr] = g if old is None else old + g
                if d == 1:
                    ready.append(nxt)
                deps[nxt] = d - 1
    finally:
        STATE.enabled = prev_mode

    if capture is None:
        return None
    out = []
    for node, nr in capture:
        buf = captured.get(node)
        g = None if buf is None else buf[nr]
        if g is not None and not create_graph and g._grad_fn is not None:
            g = g.detach()
        out.append(g)
    return out


_NONES = ()


def _nones(n):
    return (None,) * n


def _slot(n, nr, g):
    buf = [None] * n
    buf[nr] = g
    return buf


def _call_backward(node, buf):
    cls = node._fn_cls
    if node._n_out > 1 or None in buf:
        if node.materialize_grads:
            buf = [_zeros_of(meta) if g is None else g for g, meta in zip(buf, node._out_meta)]
    res = cls.backward(node, *buf)
    if node._is_op:
        return res if type(res) is tuple else (res,)
    return Function._validate(node, res)


def _zeros_of(meta):
    if meta is None:
        return None
    shape, dt, like = meta
    return _wrap(backend.array_module(like).zeros(shape, dt))


def _run_pre_hooks(node, buf):
    buf = list(buf)
    hooks = node._pre_hooks
    for nr in range(len(buf)):
        for hook in hooks.get(nr, ()):
            if buf[nr] is None:
                continue
            res = hook(buf[nr])
            if res is not None:
                buf[nr] = res
    for hook in hooks.get(-1, ()):
        res = hook(tuple(buf))
        if res is not None:
            buf = list(res)
    return buf


def _leaf_hooks(leaf, g):
    for hook in leaf._backward_hooks:
        res = hook(g)
        if res is not None:
            g = res
    return g


def _prune(order, deps, capture_nodes, roots):
    """For autograd.grad: keep only the nodes on a path from a root to a requested input.
    Returns (nodes to execute, nodes to capture at, nodes needed) and the recounted dependencies."""
    # topological order (roots first) by Kahn's algorithm on a copy of the counts
    counts = dict(deps)
    topo = []
    stack = [n for n in order if counts[n] == 0]
    while stack:
        n = stack.pop()
        topo.append(n)
        for c, _ in n.next_functions:
            if c is not None:
                counts[c] -= 1
                if counts[c] == 0:
                    stack.append(c)
    needed = set()
    execute = set()
    for n in reversed(topo):
        children_needed = any(c is not None and c in needed for c, _ in n.next_functions)
        if children_needed:
            execute.add(n)
        if children_needed or n in capture_nodes:
            needed.add(n)
    new_deps = {n: 0 for n in needed}
    for n in execute:
        for c, _ in n.next_functions:
            if c is not None and c in needed:
                new_deps[c] += 1
    return (execute, capture_nodes, needed), new_deps
