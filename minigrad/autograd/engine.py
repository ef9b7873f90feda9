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

import warnings
import weakref

import numpy as np

from .. import backend
from ..tensor import Tensor, _HookHandle, _wrap, as_array
from .function import (AccumulateGrad, Function, GradientEdge, _FREED, _edge, any_post_hooks, check_hook_result,
                       check_node_hook_result)
from .grad_mode import STATE
from . import anomaly_mode as _anomaly
from . import trace as _trace


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    """Compute the gradients of ``tensors`` w.r.t. the graph leaves and accumulate them in ``.grad``
    (``grad_variables``: torch's deprecated name of ``grad_tensors``)."""
    if grad_variables is not None:
        warnings.warn("`grad_variables` is deprecated. Use `grad_tensors` instead.", FutureWarning, stacklevel=2)
        if grad_tensors is not None:
            raise RuntimeError("`grad_tensors` and `grad_variables` (deprecated) arguments both passed to `backward()`. "
                               "Please only use `grad_tensors`.")
        grad_tensors = grad_variables
    _check_flags(retain_graph, create_graph, "backward")
    if tensors is None:
        raise TypeError("'NoneType' object is not iterable (backward(): tensors must be a tensor or a sequence of "
                        "tensors, got None)")
    if create_graph and not _WARNED_CYCLE:
        _warn_cycle()
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
            if isinstance(t, GradientEdge):     # (a leaf's edge: its AccumulateGrad; another node's: nothing kept)
                if isinstance(t.node, AccumulateGrad):
                    t.node.accumulate(g, create_graph)
                continue
            if t._grad_fn is None:
                AccumulateGrad(t).accumulate(g, create_graph)
            else:
                t._grad = g if t._grad is None else t._grad + g
        return
    _run(roots, grads, retain_graph, create_graph, None)


_WARNED_CYCLE = False


def _warn_cycle():
    """torch's warning (once per process) for backward(create_graph=True)."""
    global _WARNED_CYCLE
    _WARNED_CYCLE = True
    warnings.warn("Using backward() with create_graph=True will create a reference cycle between the parameter and "
                  "its gradient which can cause a memory leak. We recommend using autograd.grad when creating the "
                  "graph to avoid this. If you have to use this function, make sure to reset the .grad fields of "
                  "your parameters to None after use to break the cycle and avoid the leak.", UserWarning,
                  stacklevel=3)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """Return d(outputs)/d(inputs) (weighted by ``grad_outputs``) without touching any ``.grad``.
    ``only_inputs`` is accepted and ignored, as torch (deprecated there). With ``is_grads_batched`` the
    first dimension of every grad_output is a batch: one backward pass per row, results stacked."""
    if not only_inputs:
        warnings.warn("grad(): only_inputs argument is deprecated and is ignored now (defaults to True); to "
                      "accumulate gradient for other parts of the graph, use minigrad.autograd.backward", UserWarning)
    _check_flags(retain_graph, create_graph, "grad")
    if outputs is None:
        raise TypeError("'NoneType' object is not iterable (grad(): outputs must be a tensor or a sequence of "
                        "tensors, got None)")
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    if inputs is None:
        raise TypeError("'NoneType' object is not iterable (grad(): inputs must be a tensor or a sequence of "
                        "tensors, got None)")
    outputs = _as_list(outputs)
    inputs = _as_list(inputs)
    if not inputs:
        raise RuntimeError("grad(): inputs must be a non-empty sequence of tensors")
    if allow_unused is None:
        allow_unused = materialize_grads
    if is_grads_batched:
        return _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused,
                             materialize_grads)
    roots, grads = _roots(outputs, grad_outputs, "grad")
    if retain_graph is None:
        retain_graph = create_graph
    found = _run(roots, grads, retain_graph, create_graph, _input_edges(inputs, "grad"))
    result = []
    for i, (t, g) in enumerate(zip(inputs, found)):
        if g is None:
            if materialize_grads and isinstance(t, GradientEdge):
                raise RuntimeError("materialize_grads cannot be used when the given input is a GradientEdge")
            if materialize_grads:
                g = _zeros_like(t)
                if create_graph:                # (as torch: zeros that require grad, part of the new graph)
                    g._requires_grad = True
            elif not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been used in the graph. Set "
                    f"allow_unused=True if this is the desired behavior (grad(): input {i}, "
                    f"{'a GradientEdge' if isinstance(t, GradientEdge) else f'of shape {tuple(t.shape)}'}, was not "
                    "used to compute the outputs; allow_unused=True gives None for it, "
                    "materialize_grads=True zeros).")
        result.append(g)
    return tuple(result)


def _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused, materialize_grads):
    """grad(is_grads_batched=True): row i of every grad_output gives row i of every result."""
    grad_outputs = _as_list(grad_outputs)
    if len(grad_outputs) != len(outputs) or any(not isinstance(g, Tensor) for g in grad_outputs):
        raise RuntimeError(f"grad(is_grads_batched=True): give one batched gradient tensor per output ({len(outputs)} "
                           f"outputs, {len(grad_outputs)} grad_outputs)")
    sizes = {g.shape[0] if g.ndim else None for g in grad_outputs}
    if len(sizes) != 1 or None in sizes:
        raise RuntimeError("grad(is_grads_batched=True): every grad_output needs the same batch size in its first "
                           f"dimension; got shapes {[tuple(g.shape) for g in grad_outputs]}")
    n = sizes.pop()
    rows = [grad(outputs, inputs, [g[i] for g in grad_outputs], retain_graph=True if i < n - 1 else retain_graph,
                 create_graph=create_graph, allow_unused=allow_unused or materialize_grads) for i in range(n)]
    # an unused input gets None, or with materialize_grads zeros of its own shape (unbatched, as torch)
    return tuple(_stack(r) if r[0] is not None else _zeros_like(x) if materialize_grads else None
                 for x, r in zip(inputs, zip(*rows)))


def _stack(rows):
    """The rows in one new tensor (a differentiable setitem per row, so create_graph holds)."""
    out = _wrap(rows[0].xp.zeros((len(rows),) + tuple(rows[0].shape), rows[0]._data.dtype))
    for k, r in enumerate(rows):
        out[k] = r
    return out


# ---------------------------------------------------------------------------------------------
def _check_flags(retain_graph, create_graph, op):
    for name, v in (("retain_graph", retain_graph), ("create_graph", create_graph)):
        if v is not None and not isinstance(v, (bool, int, np.bool_)):
            raise TypeError(f"{op}(): argument '{name}' must be bool, not {type(v).__name__} ({v!r})")


def _as_list(x):
    if isinstance(x, (Tensor, GradientEdge)):
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
    if len(grad_tensors) < len(tensors):          # (as torch, gradients past the last output are not read)
        raise RuntimeError(f"got {len(tensors)} tensors and {len(grad_tensors)} gradients ({op}(): give one "
                           "gradient (or None) per output)")
    roots, grads = [], []
    for i, (t, g) in enumerate(zip(tensors, grad_tensors)):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}(): expected tensors, got {type(t).__name__}")
        if not t._requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn ({op}(): did you "
                "compute it under no_grad(), from tensors with requires_grad=False, or after .detach()? Set "
                "requires_grad=True on the leaves you want gradients for)")
        if g is None:
            if t._data.size != 1:
                raise RuntimeError(
                    f"grad can be implicitly created only for scalar outputs ({op}(): this output has shape "
                    f"{tuple(t.shape)}; pass gradient= (a tensor of that shape), or reduce it first, "
                    "e.g. loss.sum().backward())")
            g = _wrap(t.xp.ones_like(t._data))
        else:
            if not isinstance(g, Tensor):
                if not backend.is_array(g):
                    raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__} ({op}(): "
                                    f"the gradient for output {i}; give a tensor of the output's shape "
                                    f"{tuple(t.shape)})")
                g = _wrap(as_array(g, dtype=t.dtype, device=t.device))
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
        if isinstance(t, GradientEdge):
            edges.append(tuple(t))
            continue
        if not isinstance(t, Tensor):
            raise RuntimeError(f"all inputs have to be Tensors or GradientEdges, but got {type(t).__name__} ({op}(): "
                               f"input {i}; pass the leaf tensors to differentiate by)")
        if not t._requires_grad:
            raise RuntimeError(f"One of the differentiated Tensors does not require grad ({op}(): input {i}, of shape "
                               f"{tuple(t.shape)}; set requires_grad=True on it before building the graph)")
        edges.append(_edge(t))
    return edges


_fast_run = None        # normal mode: minigrad/fast/engine.py's run_plain (None in reference mode)


_FINAL_CALLBACKS = []       # one list per backward pass running (the innermost last): what queue_callback added


def queue_callback(callback):
    """Run ``callback()`` once the backward pass now running has finished (torch's
    ``Variable._execution_engine.queue_callback``); callbacks run in the order queued."""
    if not _FINAL_CALLBACKS:
        raise RuntimeError("Final callbacks can only be installed during backward pass.")
    _FINAL_CALLBACKS[-1].append(callback)


def _run(roots, root_grads, retain_graph, create_graph, capture=None):
    """The backward pass from ``roots`` (edges: (node, output_nr)) seeded with ``root_grads``; then the
    callbacks queued during it.

    With ``capture`` (edges to the inputs of ``autograd.grad``) only the nodes on a path to them run,
    and the gradients arriving there are returned instead of being accumulated into leaves."""
    callbacks = []
    _FINAL_CALLBACKS.append(callbacks)
    try:
        with np.errstate(all="ignore"):     # inf - inf, 0 * inf in a backward: torch is silent, NumPy warns
            result = _run_nodes(roots, root_grads, retain_graph, create_graph, capture)
        while callbacks:                    # (a callback may queue another)
            callbacks.pop(0)()
        return result
    finally:
        _FINAL_CALLBACKS.pop()


def _run_nodes(roots, root_grads, retain_graph, create_graph, capture):
    _move_retains()                         # (retain_grad after an in-place change; usually nothing to do)
    if (_fast_run is not None and capture is None and not create_graph and _trace.ACTIVE is None
            and not _anomaly._Mode.enabled and not any_post_hooks()):
        return _fast_run(roots, root_grads, retain_graph)     # the same loop, unrolled (fast/engine.py)
    deps = _count_edges(roots)              # 1. for every node reachable: how many edges point at it
    grad_pass = _GradPass(capture, roots, deps) if capture is not None else None
    if grad_pass is not None:
        deps = grad_pass.deps               #    (autograd.grad: only the nodes that lead to its inputs)
    buffers = {}                            # node -> the gradients arrived so far at its outputs
    for (node, nr), g in zip(roots, root_grads):
        _add_to_buffer(buffers, node, nr, g)
    ready = list(dict.fromkeys(node for node, _ in roots if deps.get(node) == 0))
    step = _Step(retain_graph, create_graph, grad_pass)
    prev_mode, STATE.enabled = STATE.enabled, create_graph    # backward records only for create_graph
    try:
        while ready:                        # 2. run a node once all the gradients for it have arrived
            node = ready.pop()
            grads = step.run(node, buffers.pop(node, None))
            for (nxt, nr), g in zip(node._edges, grads):     # 3. send each input its gradient
                count = deps.get(nxt)
                if count is None:
                    continue                # the input needs no gradient (or leads to no captured input)
                if g is not None:
                    _add_to_buffer(buffers, nxt, nr, g)
                deps[nxt] = count - 1
                if count == 1:
                    ready.append(nxt)
    finally:
        STATE.enabled = prev_mode
    return grad_pass.results(create_graph) if grad_pass is not None else None


def _next_functions(node):
    return node._edges


def _count_edges(roots, edges_of=_next_functions):
    """Every node reachable from the roots, with the number of edges that point at it (``edges_of``:
    a node's edges; the fast loop passes one that reads its compact nodes directly)."""
    deps = {}
    stack = []
    for node, _ in roots:
        if node not in deps:
            deps[node] = 0
            stack.append(node)
    while stack:
        for nxt, _ in edges_of(stack.pop()):
            if nxt is not None:
                if nxt in deps:
                    deps[nxt] += 1
                else:
                    deps[nxt] = 1
                    stack.append(nxt)
    return deps


def _add_to_buffer(buffers, node, nr, g):
    """Sum ``g`` into the gradient of output ``nr`` of ``node``."""
    buf = buffers.get(node)
    if buf is None:
        if node._n_out == 1:
            buffers[node] = [g]
            return
        buf = buffers[node] = [None] * node._n_out
    buf[nr] = g if buf[nr] is None else buf[nr] + g


class _Step:
    """What running one ready node means: its hooks, then a leaf adds the gradient to ``.grad`` and an
    op node runs its backward; the tracer (``autograd.trace``) watches; saved tensors are freed."""

    def __init__(self, retain_graph, create_graph, grad_pass):
        self.retain_graph, self.create_graph, self.grad_pass = retain_graph, create_graph, grad_pass
        self.tracer = _trace.ACTIVE
        if self.tracer is not None:
            self.tracer.begin_pass()

    def run(self, node, buf):
        """Returns one gradient (or None) per edge of ``node``."""
        if buf is not None and node._pre_hooks is not None:
            buf = _run_pre_hooks(node, buf)
        if self.grad_pass is not None:
            return self.grad_pass.run(node, buf, self)
        if node.__class__ is AccumulateGrad:
            if buf is not None and buf[0] is not None:
                if self.tracer is not None:
                    self.tracer.record(node, buf, None)
                node.accumulate(buf[0], self.create_graph)
                if node._post_hooks:            # (torch's: no grad_inputs, the arriving gradient)
                    node._run_post_hooks((), buf)
            return ()
        return self.backward(node, buf)

    def backward(self, node, buf):
        if _anomaly._Mode.enabled:
            with _anomaly.report_node(node):    # warns with the forward call's traceback, then re-raises
                return self._backward(node, buf)
        return self._backward(node, buf)

    def _backward(self, node, buf):
        if buf is None:                     # no gradient arrived (all were None): pass None on
            grads = (None,) * len(node._edges)
        else:
            if node._is_op and node._n_out == 1 and buf[0] is not None:      # the common case
                grads = node._fn_cls.backward(node, buf[0])
                grads = grads if type(grads) is tuple else (grads,)
            else:
                grads = _call_backward(node, buf)
            if self.tracer is not None:
                self.tracer.record(node, buf, grads)
            if node._post_hooks:
                grads = node._run_post_hooks(grads, buf)
            if _anomaly._Mode.enabled:
                _anomaly.check_gradients(node, grads)
        if not self.retain_graph and node._saved:
            node._saved = _FREED
        return grads


def _call_backward(node, buf):
    """``node``'s backward on the gradients of its outputs: one gradient (or None) per input."""
    cls = node._fn_cls
    if node._n_out == 1 and buf[0] is not None:
        grads = cls.backward(node, buf[0])
    else:
        if node.materialize_grads:          # outputs that got no gradient get zeros
            buf = [_zeros_of(meta) if g is None else g for g, meta in zip(buf, node._out_meta)]
        grads = cls.backward(node, *buf)
    if node._is_op:
        return grads if type(grads) is tuple else (grads,)
    return Function._validate(node, grads)


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
                buf[nr] = check_hook_result(hook, buf[nr], res)
    for hook in hooks.get(-1, ()):
        res = hook(tuple(buf))
        if res is not None:
            check_node_hook_result(hook, res)
            res = list(res)
            if len(res) != len(buf):
                raise RuntimeError(f"hook '{getattr(hook, '__name__', 'hook')}' has returned an incorrect number of "
                                   f"values (got {len(res)}, but expected {len(buf)}) (a pre-hook of {node.name()} "
                                   "returns one gradient per output of the node)")
            buf = res
    return buf


class _GradPass:
    """``autograd.grad``'s part of a backward pass: run only the nodes on a path from a root to a
    requested input, ask each only for the gradients that lead there, and catch the gradients that
    arrive at the inputs' nodes instead of accumulating them."""

    def __init__(self, capture, roots, deps):
        self.capture = capture
        self.capture_nodes = {n for n, _ in capture}
        self.execute, self.needed, self.deps = _prune(deps, self.capture_nodes)
        self.captured = {}

    def run(self, node, buf, step):
        if node.__class__ is AccumulateGrad:
            if buf is not None and buf[0] is not None and node in self.capture_nodes:
                self.captured[node] = [node.run_hooks(buf[0])]
            return ()
        if node in self.capture_nodes:
            self.captured[node] = buf
        if node not in self.execute:
            return ()
        saved_needs = node.needs_input_grad
        node.needs_input_grad = tuple(bool(n) and nxt is not None and nxt in self.needed
                                      for n, (nxt, _) in zip(saved_needs, node._edges))
        try:
            return step.backward(node, buf)
        finally:
            node.needs_input_grad = saved_needs

    def results(self, create_graph):
        out = []
        for node, nr in self.capture:
            buf = self.captured.get(node)
            g = None if buf is None else buf[nr]
            if g is not None and not create_graph and g._grad_fn is not None:
                g = g.detach()
            out.append(g)
        return out


def _prune(deps, capture_nodes):
    """For autograd.grad: keep only the nodes on a path from a root to a requested input.
    Returns (nodes to execute, nodes needed, recounted dependencies)."""
    # topological order (roots first) by Kahn's algorithm on a copy of the counts
    counts = dict(deps)
    topo = []
    stack = [n for n in deps if counts[n] == 0]
    while stack:
        n = stack.pop()
        topo.append(n)
        for c, _ in n._edges:
            if c is not None:
                counts[c] -= 1
                if counts[c] == 0:
                    stack.append(c)
    needed = set()
    execute = set()
    for n in reversed(topo):
        children_needed = any(c is not None and c in needed for c, _ in n._edges)
        if children_needed:
            execute.add(n)
        if children_needed or n in capture_nodes:
            needed.add(n)
    new_deps = {n: 0 for n in needed}
    for n in execute:
        for c, _ in n._edges:
            if c is not None and c in needed:
                new_deps[c] += 1
    return execute, needed, new_deps


# ---------------------------------------------------------------------------------------------
# The autograd methods of Tensor
# ---------------------------------------------------------------------------------------------
def _retain_grad(self):
    """Keep ``.grad`` for this non-leaf tensor during backward (leaves always keep it)."""
    if self._grad_fn is None:
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on a tensor that has requires_grad=False")
        return
    if not self._retains_grad:
        self._retains_grad = True
        _attach_retain(self)
        _RETAINING.add(self)


_RETAINING = weakref.WeakSet()      # the non-leaf tensors retain_grad() was called on


def _attach_retain(t):
    """The hook that adds the gradient of ``t``'s current value into ``t.grad``: a pre-hook on the node
    that made it (run after the user's hooks there, as torch's)."""
    node, ref = t._grad_fn, weakref.ref(t)

    def retain(grad):
        t = ref()
        if t is not None and t._grad_fn is node:    # (changed in place since: the hook moved on, see below)
            g = grad if STATE.enabled else _wrap(grad._data)
            t._grad = g if t._grad is None else t._grad + g
    retain._is_retain = True
    t._retained_at = node
    node._add_pre_hook(t._output_nr, retain)


def _move_retains():
    """As torch: after an in-place op gives a retaining tensor a new node, ``.grad`` is the gradient of its
    new value, so the retain hook moves to the new node (checked when a backward pass starts)."""
    if not _RETAINING:
        return
    for t in list(_RETAINING):
        if t._grad_fn is not None and t._retained_at is not t._grad_fn:
            _attach_retain(t)


def _register_hook(self, hook):
    """Call ``hook(grad)`` when this tensor's gradient is computed; a non-None return replaces it.
    Returns a handle with ``.remove()``."""
    if not self._requires_grad and not self.requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if self._grad_fn is None:
        if self._backward_hooks is None:
            self._backward_hooks = []
        self._backward_hooks.append(hook)
        return _HookHandle(self._backward_hooks, hook)
    return self._grad_fn._add_pre_hook(self._output_nr, hook)

def _register_post_accumulate_grad_hook(self, hook):
    """Call ``hook(tensor)`` after a backward pass has added this leaf's new gradient into ``.grad``
    (e.g. to step an optimizer parameter by parameter). Returns a handle with ``.remove()``."""
    if self._grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    if not self._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if self._post_accumulate_hooks is None:
        self._post_accumulate_hooks = []
    if self._backward_hooks is None:
        self._backward_hooks = []       # so that the fast loop hands the gradient to AccumulateGrad
    self._post_accumulate_hooks.append(hook)
    return _HookHandle(self._post_accumulate_hooks, hook)


def _tensor_backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate d(self)/d(leaf) into every leaf's ``.grad`` (see ``minigrad/autograd/engine.py``)."""
    if gradient is not None and not isinstance(gradient, Tensor) and not backend.is_array(gradient):
        if not isinstance(gradient, (list, tuple)):
            raise TypeError(f"backward(): argument 'gradient' must be a Tensor (of the output's shape "
                            f"{tuple(self.shape)}) or None, not {type(gradient).__name__} ({gradient!r})")
        backward([self], gradient, retain_graph, create_graph, inputs=inputs)   # torch's sequence of one gradient
        return
    backward([self], None if gradient is None else [gradient], retain_graph, create_graph, inputs=inputs)


Tensor.backward = _tensor_backward
Tensor.retain_grad = _retain_grad
Tensor.register_hook = _register_hook
Tensor.register_post_accumulate_grad_hook = _register_post_accumulate_grad_hook
