"""The backward graph as plain data: what every picture (DOT, Mermaid, SVG, PNG, the HTML player) draws.

``build(outputs, ...)`` walks the graph from the output(s) and returns a ``Model``: one ``Box`` per
operation (named like ``grad_fn``), per leaf that requires grad, per constant or untracked input of an
operation (the ``2`` of ``x ** 2``, the target of ``pred - target``) and per output, with ``Link``s in
the direction data flows in the forward pass.

Values. A node does not keep its output, so the data drawn for an operation comes from what is
reachable without changing the graph: the outputs themselves, tensors named in ``params``, and what
each node saved for its backward (``node.saved_tensors``: often its inputs or its output). A trace
snapshots these before the engine frees them. What cannot be found is not invented: the box shows
only its name (and the constant box says its value was not kept).

Everything here reads the public surface of tensors (``grad_fn``, ``output_nr``, ``requires_grad``,
``grad``, ``detach().cpu().numpy()``) and of nodes (``name()``, ``saved_tensors``, ``variable``); the
private node fields used are read in ``_n_outputs`` (``_n_out``, the number of outputs) and ``edges``
(``_edges``: one edge per argument of the op, where ``next_functions`` lists torch's subset of them).
"""
from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass, field

import numpy as np

from ..autograd.function import Op, _edge
from ..tensor import Tensor

MAX_VALUES = 6           # tensors with at most this many elements are shown in full...
BOX_CHARS = 36           # ...when that fits in this many characters in a box


# ---------------------------------------------------------------------------------------------
# values
# ---------------------------------------------------------------------------------------------
@dataclass
class Value:
    """A tensor's data (or gradient) as a picture shows it: in full when small, else a summary."""
    shape: tuple
    values: np.ndarray | None           # a copy when the tensor has at most ``limit`` elements
    vmin: float
    vmax: float
    norm: float

    def text(self) -> str:
        """``3``, ``[1, 2, 3]``, or ``(20, 5) min -1.2 max 3.4 norm 9.1``."""
        if self.values is not None:
            return format_values(self.values)
        return self.summary()

    def summary(self) -> str:
        return f"{shape_text(self.shape)} min {num(self.vmin)} max {num(self.vmax)} norm {num(self.norm)}"

    def short(self, limit=36) -> str:
        """The values when they fit in ``limit`` characters, else the summary."""
        t = self.text()
        return t if len(t) <= limit else self.summary()


def value_of(x, limit=MAX_VALUES) -> Value | None:
    """A ``Value`` of a tensor, an array or a Python number (None for anything else)."""
    arr = as_numpy(x)
    if arr is None or arr.dtype.kind not in "biuf":
        return None
    f = arr.astype(np.float64)
    if f.size == 0:
        return Value(tuple(arr.shape), arr.copy(), 0.0, 0.0, 0.0)
    return Value(tuple(arr.shape), arr.copy() if arr.size <= limit else None,
                 float(f.min()), float(f.max()), float(np.sqrt(np.sum(f * f))))


def as_numpy(x):
    """A NumPy array of a tensor (through its public API), an array or a number; else None."""
    if isinstance(x, Tensor):
        return np.asarray(x.detach().cpu().numpy())
    if isinstance(x, (bool, int, float, np.number, np.bool_)):
        return np.asarray(x)
    if isinstance(x, np.ndarray):
        return x
    if hasattr(x, "__cuda_array_interface__") and hasattr(x, "get"):      # a CuPy array
        return np.asarray(x.get())
    return None


def num(v) -> str:
    """A number in 4 significant digits, without trailing zeros (1, 0.5, 3.162, 1.2e-05)."""
    return f"{float(v):.4g}"


def format_values(values) -> str:
    """Small arrays on one line: ``6``, ``[1, 2, 3]``, ``[[1, 2], [3, 4]]``."""
    arr = np.asarray(values)
    if arr.dtype.kind == "b":
        arr = arr.astype(np.int64)
    if arr.ndim == 0:
        return num(arr)
    s = np.array2string(arr, separator=", ", max_line_width=10**6, threshold=10**6,
                        formatter={"float_kind": num, "int_kind": str})
    return " ".join(s.split())


def shape_text(shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


# ---------------------------------------------------------------------------------------------
# reading nodes
# ---------------------------------------------------------------------------------------------
def _n_outputs(node) -> int:
    """How many outputs the node's operation has (the one private node field read here)."""
    return getattr(node, "_n_out", 1)


def edges(node) -> tuple:
    """The node's edges, one per argument of its operation (constants included, as ``(None, ...)``), so
    that the i-th edge is the i-th argument of ``forward``; a node without them (torch's) gives its
    ``next_functions``."""
    found = getattr(node, "_edges", None)
    return node.next_functions if found is None else found


def is_leaf_node(node) -> bool:
    return getattr(node, "variable", None) is not None


def input_names(node) -> list:
    """The names of the node's inputs, from its operation's ``forward`` (``a``, ``b``; ``x``; ``arrays0``...)."""
    n = len(edges(node))
    cls = getattr(type(node), "_fn_cls", None)
    names = []
    try:
        params = list(inspect.signature(cls.forward).parameters.values())[1:] if cls is not None else []
    except (TypeError, ValueError):
        params = []
    for p in params:
        if p.kind is p.VAR_POSITIONAL:
            names += [f"{p.name}{k}" for k in range(n - len(names))]
            break
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            names.append(p.name)
    names = names[:n]
    return names + [f"input{k}" for k in range(len(names), n)]


# inputs of minigrad's own ops that are data (drawn as constants when untracked); the others (dims,
# keepdim, key, shape...) are options of the operation, not inputs of the graph
_OPERANDS = {"a", "b", "x", "v", "cond", "target", "g", "cols"}
_OPTIONAL = {"weight", "input", "other", "src"}      # often None: drawn only when their value is found


def is_operand(node, name: str) -> bool:
    """True when the untracked input ``name`` of ``node`` is data (a number or tensor the op computes
    with), False for an option such as ``dims`` or ``keepdim``."""
    cls = getattr(type(node), "_fn_cls", None)
    if cls is not None and not issubclass(cls, Op):
        return True                        # a user Function: every argument is shown
    return name in _OPERANDS or name in _OPTIONAL or name.startswith("arrays") or name.startswith("args")


def saved_items(node):
    """What the node saved for backward (tensors, numbers), or () when freed or unreadable."""
    try:
        return tuple(node.saved_tensors)
    except (RuntimeError, AttributeError):
        return ()


@dataclass
class Harvest:
    """Values found in the graph: node outputs by (node, output_nr), constants by (node, input slot)."""
    outputs: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)
    leaves: dict = field(default_factory=dict)       # AccumulateGrad node -> Value of the leaf's data
    const_ids: dict = field(default_factory=dict)    # (node, input slot) -> id() of the constant tensor
    const_names: dict = field(default_factory=dict)  # (node, input slot) -> the ctx attribute it was read from

    def copy(self) -> "Harvest":
        return Harvest(dict(self.outputs), dict(self.constants), dict(self.leaves), dict(self.const_ids),
                       dict(self.const_names))


def harvest(nodes, limit=MAX_VALUES, into=None, outputs=True) -> Harvest:
    """Collect the values reachable from ``nodes`` (see the module docstring). Call it before
    backward frees what the nodes saved. ``outputs=False``: only the constants (no summaries of
    the nodes' outputs and leaves to compute)."""
    h = into if into is not None else Harvest()
    for node in nodes:
        if is_leaf_node(node):
            if outputs and node not in h.leaves:
                h.leaves[node] = value_of(node.variable, limit)
            continue
        names = input_names(node)
        untracked = [i for i, (nxt, _) in enumerate(edges(node))
                     if nxt is None and is_operand(node, names[i]) and (node, i) not in h.constants]
        # 1. an input the forward stored on ctx under its own name (CrossEntropy keeps ctx.target)
        attrs = getattr(node, "__dict__", {})
        for i in list(untracked):
            v = value_of(attrs[names[i]], limit) if names[i] in attrs else None
            if v is not None:
                h.constants[(node, i)] = v
                h.const_names[(node, i)] = names[i]
                h.const_ids[(node, i)] = id(attrs[names[i]])      # an array: matched to a named tensor's data
                untracked.remove(i)
        # 2. what the node saved for backward: its inputs (whose producers' outputs they are), its
        #    output, and the numbers or constant tensors it needs
        leftovers = []
        for it in saved_items(node):
            if it is None:
                continue
            if isinstance(it, Tensor) and it.grad_fn is not None:
                key = (it.grad_fn, it.output_nr)
                if outputs and key not in h.outputs:
                    h.outputs[key] = value_of(it, limit)
            elif not (isinstance(it, Tensor) and it.requires_grad):     # a leaf input: its box shows it
                leftovers.append(it)
        # a saved number or constant tensor is the value of the untracked input when the counts agree
        # (Mul(x, 3) saves (None, 3); Pow(x, 2) saves (x, 2, None)); masks saved by Relu match nothing
        if untracked and len(leftovers) == len(untracked):
            for i, it in zip(untracked, leftovers):
                h.constants[(node, i)] = value_of(it, limit)
                if isinstance(it, Tensor):
                    h.const_ids[(node, i)] = id(it)
    return h


def walk(roots):
    """The nodes reachable from ``roots``, each after all of its inputs (forward order), without recursion."""
    order, done = [], set()
    for root in roots:
        if root in done:
            continue
        stack = [(root, iter(edges(root)))]
        done.add(root)
        while stack:
            node, inputs = stack[-1]
            for nxt, _ in inputs:
                if nxt is not None and nxt not in done:
                    done.add(nxt)
                    stack.append((nxt, iter(edges(nxt))))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


# ---------------------------------------------------------------------------------------------
# names
# ---------------------------------------------------------------------------------------------
def pairs(params) -> list:
    """[(name, tensor)] from None, a dict, (name, tensor) pairs or a module (its named_parameters())."""
    if params is None:
        return []
    if hasattr(params, "named_parameters") and not isinstance(params, dict):
        params = params.named_parameters()
    items = params.items() if isinstance(params, dict) else params
    out = []
    for item in items:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise TypeError("params must be a dict of name -> tensor, or (name, tensor) pairs such as a "
                            f"module's named_parameters(); got an item of type {type(item).__name__}")
        name, t = item
        if not isinstance(t, Tensor):
            raise TypeError(f"params: {name!r} is a {type(t).__name__}, not a tensor")
        out.append((str(name), t))
    return out


def name_maps(params):
    """({id(leaf): (name, leaf)}, {(node, output_nr): name}) from ``pairs(params)``."""
    leaves, ops = {}, {}
    for name, t in params:
        if t.grad_fn is not None:
            ops.setdefault((t.grad_fn, t.output_nr), str(name))
        else:
            leaves.setdefault(id(t), (str(name), t))      # the tensor too: it keeps the id from being reused
    return leaves, ops


def caller_names(depth):
    """(name, tensor) pairs of the tensors among the caller's variables: how ``graph(y)`` and
    ``trace()`` name ``x`` without being told. ``depth``: frames above the caller of this function.
    Names starting with ``_`` are skipped."""
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return []
    found = []
    for name, v in list(frame.f_locals.items()):
        if not name.startswith("_") and isinstance(v, Tensor):
            found.append((name, v))
    return found


def leaf_description(var) -> str:
    """A short name for a leaf nobody named: ``leaf 3`` for a scalar, ``leaf (3, 4)`` otherwise."""
    shape = tuple(var.shape)
    if shape == ():
        v = value_of(var)
        return f"leaf {v.text()}" if v is not None else "scalar leaf"
    return f"leaf {shape_text(shape)}"


# ---------------------------------------------------------------------------------------------
# the model
# ---------------------------------------------------------------------------------------------
@dataclass
class Box:
    id: str                      # leaf1, op2, const1, out1: numbered in forward order
    kind: str                    # "leaf", "op", "const" or "output"
    title: str                   # MulBackward0, x, 2, output
    node: object = None          # the graph node (leaf: its AccumulateGrad; const/output: the consumer/producer)
    shape: tuple | None = None
    value: Value | None = None   # the data (values=True)
    grad: Value | None = None    # a leaf's .grad (values=True, after backward)
    steps: list = field(default_factory=list)    # trace steps at which this node ran
    note: str = ""               # e.g. "value not kept" for a constant

    def lines(self, show_shapes=True, values=False) -> list:
        """The text of the box, one string per line."""
        title = self.title
        if self.steps:
            title = ",".join(str(s) for s in self.steps) + ". " + title
        out = [title]
        if show_shapes and self.shape is not None and self.kind in ("leaf", "output"):
            out.append(shape_text(self.shape))
        if values:
            if self.value is not None and self.kind != "const":
                out.append("data " + self.value.short(BOX_CHARS))
            if self.grad is not None:
                out.append("grad " + self.grad.short(BOX_CHARS))
            if self.note:
                out.append(self.note)
        return out


@dataclass
class Link:
    src: str
    dst: str
    label: str = ""              # a named intermediate tensor, or "output k" of a multi-output node
    slot: int = 0                # which input of the consumer
    grad: object = None          # with a trace: the GradInfo carried backward along this link
    step: int = 0                # with a trace: the step that sent it


@dataclass
class Model:
    boxes: list
    links: list

    def box(self, id_):
        return next(b for b in self.boxes if b.id == id_)


def outputs_of(output):
    outs = [output] if isinstance(output, Tensor) else list(output) if isinstance(output, (list, tuple)) else None
    if not outs or not all(isinstance(t, Tensor) for t in outs):
        raise TypeError(f"viz: expected a tensor (or a list of tensors) to draw the graph of, got "
                        f"{type(output).__name__}")
    for t in outs:
        if not t.requires_grad:
            raise ValueError(
                f"viz: this output (shape {tuple(t.shape)}) has no graph: it does not require grad. Set "
                "requires_grad=True on the leaves before computing it, and don't compute it under "
                "no_grad() or from .detach()ed tensors.")
    return outs


def node_of(t):
    """The node a tensor's gradient goes to: its ``grad_fn``, or its leaf's ``AccumulateGrad``."""
    if t.grad_fn is not None:
        return t.grad_fn
    return _edge(t)[0]


def _constant_box(id_, node, i, name, found, leaf_names, values) -> Box:
    """The dashed box of input ``i`` of ``node``, which needs no gradient: named if it is a tensor
    given a name, else its value when it is a number, else what is known of it."""
    v = found.constants.get((node, i))
    cid = found.const_ids.get((node, i))
    named = leaf_names.get(cid)
    if named is None and cid is not None:          # ctx kept the tensor's array: find the tensor by it
        named = next((e for e in leaf_names.values() if id(getattr(e[1], "_data", None)) == cid), None)
    if named is not None:
        title = named[0]
    elif v is not None and v.values is not None and v.values.ndim == 0:
        title = v.text()
    elif v is not None:
        title = f"{found.const_names.get((node, i), 'constant')} {shape_text(v.shape)}"
    else:
        title = f"untracked input {name}"          # the node kept nothing of it
    box = Box(id_, "const", title, node, v.shape if v is not None else None, value=v,
              note="" if v is not None else "(value not kept)")
    if values and v is not None and (named is not None or v.values is None or v.values.ndim > 0):
        box.note = "data " + v.short(BOX_CHARS)
    return box


def build(output, params=None, trace=None, values=False, constants=True, limit=MAX_VALUES) -> Model:
    """The model of the graph that produced ``output`` (see the module docstring). With a trace,
    ``output`` may be None: the graph is then the one the trace ran through (without output boxes)."""
    params = pairs(params)
    leaf_names, op_names = name_maps(params)
    if output is None and trace is not None:
        outputs = []
        roots = [n for n in trace.graph_nodes if not trace.consumers(n)]
    else:
        outputs = outputs_of(output)
        roots = []
        for t in outputs:
            n = node_of(t)
            if n not in roots:
                roots.append(n)
    order = walk(roots)

    found = Harvest()
    step_of, sent, grad_at = {}, {}, {}
    if trace is not None:
        if not hasattr(trace, "steps"):
            raise TypeError(f"viz: trace= must be a minigrad.autograd.trace, got {type(trace).__name__}")
        found = trace.harvested.copy()            # what the trace kept before backward freed it
        for s in trace.steps:
            step_of.setdefault(s.node, []).append(s.index)
            if len(s.grad_in) == 1 and s.grad_in[0] is not None:
                grad_at[s.node] = s.grad_in[0]
            for e in s.grad_out:
                if e.node is not None and e.grad is not None:
                    sent[(s.node, e.input)] = (e.grad, s.index)
    harvest(order, limit, into=found, outputs=values)
    if values:
        for t in outputs:
            if t.grad_fn is not None:
                found.outputs[(t.grad_fn, t.output_nr)] = value_of(t, limit)
        for _, t in params:
            if t.grad_fn is not None:
                found.outputs[(t.grad_fn, t.output_nr)] = value_of(t, limit)

    ids, boxes, links = {}, [], []
    counts = {"leaf": 0, "op": 0, "const": 0, "output": 0}

    def new_id(kind):
        counts[kind] += 1
        return {"leaf": "leaf", "op": "op", "const": "const", "output": "out"}[kind] + str(counts[kind])

    for node in order:
        if is_leaf_node(node):
            var = node.variable
            named = leaf_names.get(id(var))
            box = Box(new_id("leaf"), "leaf", named[0] if named else leaf_description(var), node,
                      tuple(var.shape))
            if values:
                box.value = found.leaves.get(node) or value_of(var, limit)
                if var.grad is not None:
                    box.grad = value_of(var.grad, limit)
        else:
            box = Box(new_id("op"), "op", node.name().rsplit("::", 1)[-1], node)
            if values and _n_outputs(node) == 1:
                box.value = found.outputs.get((node, 0))
                box.grad = grad_at.get(node)       # with a trace: the gradient that arrived here
        box.steps = step_of.get(node, [])
        ids[node] = box.id
        boxes.append(box)
        if not is_leaf_node(node) and constants:
            names = input_names(node)
            for i, (nxt, _) in enumerate(edges(node)):
                known = (node, i) in found.constants
                if nxt is None and is_operand(node, names[i]) and (known or names[i] not in _OPTIONAL):
                    cbox = _constant_box(new_id("const"), node, i, names[i], found, leaf_names, values)
                    boxes.append(cbox)
                    links.append(Link(cbox.id, box.id, slot=i))

    for node in order:
        for i, (nxt, nr) in enumerate(edges(node)):
            if nxt is None:
                continue
            label = op_names.get((nxt, nr), "")
            if not label and _n_outputs(nxt) > 1:
                label = f"output {nr}"
            g, st = sent.get((node, i), (None, 0))
            links.append(Link(ids[nxt], ids[node], label, i, g, st))

    for k, t in enumerate(outputs):
        if t.grad_fn is None:
            continue                                  # the output is itself a leaf: already drawn
        name = op_names.get((t.grad_fn, t.output_nr))
        if name is None:
            name = "output" if len(outputs) == 1 else f"output {k}"
        box = Box(new_id("output"), "output", name, t.grad_fn, tuple(t.shape))
        if values:
            box.value = value_of(t, limit)
        boxes.append(box)
        label = f"output {t.output_nr}" if _n_outputs(t.grad_fn) > 1 else ""
        links.append(Link(ids[t.grad_fn], box.id, label))
    return Model(boxes, links)
