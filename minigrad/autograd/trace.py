"""Watch the backward pass, step by step.

    with minigrad.autograd.trace(params={"x": x}) as tr:
        y.backward()
    print(tr)              # a table, in the order the engine ran the nodes
    tr.steps               # the same as records (``Step``), for notebooks and tests

Each step is one node the engine ran: its position (1, 2, ...), the node (``MulBackward``...), the
gradient that arrived at it and the gradient it sent to each of its inputs. ``AccumulateGrad`` steps
are the leaves receiving their ``.grad``. Under the table, each kind of node that ran is listed with
its derivative and the class where its forward and backward are written, so you can go and read it.

When no trace is active the engine only looks at one module variable per backward call, so tracing
costs nothing otherwise. The engine talks to the active trace through two methods:
``begin_pass()`` once per ``backward()``/``autograd.grad()`` call, and ``record(node, grads_in,
grads_out)`` for every node it runs (``grads_out`` is ``None`` for ``AccumulateGrad``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ACTIVE = None            # the trace the engine reports to, or None


# ---------------------------------------------------------------------------------------------
# records
# ---------------------------------------------------------------------------------------------
@dataclass
class GradInfo:
    """A gradient as the trace keeps it: shape, 2-norm, and the values when there are few."""
    shape: tuple
    norm: float
    values: np.ndarray | None = None   # a NumPy copy when numel <= the trace's max_values, else None

    def __str__(self):
        s = f"shape {self.shape}  norm {_num(self.norm)}"
        if self.values is not None:
            s += f"  values {format_values(self.values)}"
        return s


@dataclass
class Edge:
    """What a step sent to one of its inputs."""
    input: int                     # position among the node's inputs (forward's arguments)
    target: str | None             # the receiving node's label ("MulBackward", "x"); None: not in the graph
    grad: GradInfo | None          # None when nothing was sent
    node: object = None            # the receiving node itself (None for inputs that need no gradient)


@dataclass
class Step:
    """One node run by the engine."""
    index: int                     # 1-based position in execution order, over the whole trace
    pass_index: int                # which backward()/grad() call inside the trace (1-based)
    node: object                   # the Node itself
    name: str                      # e.g. "MulBackward", "AccumulateGrad (x)", "ExpBackward (h)"
    grad_in: list                  # GradInfo per output of the node (None where no gradient arrived)
    grad_out: list = field(default_factory=list)     # Edge per input; empty for AccumulateGrad
    label: str = ""                # the leaf's name (from params), or the named tensor this node made

    @property
    def is_leaf(self) -> bool:
        """True for an ``AccumulateGrad`` step: a leaf receiving its gradient."""
        return not self.grad_out and self.node.name() == "AccumulateGrad"

    @property
    def derivative(self) -> str:
        """The first paragraph of the op's docstring, on one line: its formula and derivative."""
        return _derivative(self.node)

    @property
    def source(self) -> str:
        """Where the node's forward and backward are written, e.g. ``minigrad/ops/pointwise.py: class Mul``."""
        return _source(self.node)

    def __str__(self):
        return _table([self], values=True)


# ---------------------------------------------------------------------------------------------
# the context manager
# ---------------------------------------------------------------------------------------------
class trace:
    """Context manager recording every backward pass run inside it (see the module docstring).

    ``params``: a dict of name -> tensor, or a module's ``named_parameters()``, used to label leaves
    (``AccumulateGrad (w)``) and, for tensors computed inside the graph, the node that made them
    (``ExpBackward (h)``: the gradient arriving there is d(output)/dh).
    ``max_values``: gradients with at most this many elements are kept with their values.
    """

    def __init__(self, params=None, max_values=16):
        self.steps: list[Step] = []
        self.passes = 0
        self.max_values = max_values
        self._leaf_names, self._op_names = _name_maps(params)
        self._prev = None

    def __enter__(self):
        global ACTIVE
        self._prev, ACTIVE = ACTIVE, self
        return self

    def __exit__(self, *exc):
        global ACTIVE
        ACTIVE = self._prev
        return False

    # ------------------------------------------------------------------ called by the engine
    def begin_pass(self):
        self.passes += 1

    def record(self, node, grads_in, grads_out):
        step = Step(index=len(self.steps) + 1, pass_index=self.passes, node=node, name=self.node_name(node),
                    grad_in=[self._info(g) for g in grads_in], label=self._label(node, fallback=False))
        if grads_out is not None:
            for i, (nxt, _) in enumerate(node.next_functions):
                g = grads_out[i] if i < len(grads_out) else None
                target = None if nxt is None else self.target_name(nxt)
                step.grad_out.append(Edge(i, target, self._info(g), nxt))
        self.steps.append(step)

    # ------------------------------------------------------------------ names
    def node_name(self, node) -> str:
        """``MulBackward``; ``AccumulateGrad (x)`` for a leaf; ``ExpBackward (h)`` if h is named."""
        name = node.name()
        label = self._label(node)
        return f"{name} ({label})" if label else name

    def target_name(self, node) -> str:
        """How a step's outgoing edge names its receiver: a leaf by its name, an op by its node name."""
        if getattr(node, "variable", None) is not None:
            return self._label(node)
        return self.node_name(node)

    def _label(self, node, fallback=True):
        """The name given in ``params`` to the node's leaf or output(s); for an unnamed leaf,
        ``leaf (shape)`` (or "" with ``fallback=False``)."""
        var = getattr(node, "variable", None)
        if var is not None:
            named = self._leaf_names.get(id(var))
            if named is not None:
                return named[0]
            return f"leaf {tuple(var.shape)}" if fallback else ""
        names = [self._op_names[(node, nr)] for nr in range(node._n_out) if (node, nr) in self._op_names]
        return ", ".join(names)

    def _info(self, g):
        if g is None:
            return None
        return grad_info(g, self.max_values)

    # ------------------------------------------------------------------ reading the trace
    def format(self, values=True, legend=True) -> str:
        """The table (``str(trace)``); ``values=False`` leaves the values column out, ``legend=False``
        the list of derivatives under it."""
        if not self.steps:
            return "(no backward pass ran inside this trace)"
        out = []
        for p in sorted({s.pass_index for s in self.steps}):
            steps = [s for s in self.steps if s.pass_index == p]
            if out:
                out.append("")
            what = f"backward pass {p}" if self.passes > 1 else "backward pass"
            out.append(f"{what}: {len(steps)} steps, in the order the engine ran them")
            out.append(_table(steps, values))
            if _returned(steps):
                out.append("(no AccumulateGrad step: autograd.grad() returns the gradients that reach the "
                           "leaves instead of adding them to .grad)")
        if legend:
            out.append("")
            out.append(_legend(self.steps))
        return "\n".join(out)

    def __str__(self):
        return self.format()

    def __repr__(self):
        return f"<trace: {len(self.steps)} steps in {self.passes} backward pass(es)>"

    def __len__(self):
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def __getitem__(self, i):
        return self.steps[i]


# ---------------------------------------------------------------------------------------------
# helpers (also used by minigrad.viz)
# ---------------------------------------------------------------------------------------------
def _name_maps(params):
    """({id(leaf): (name, leaf)}, {(node, output_nr): name}) from a dict, (name, tensor) pairs or a module."""
    if params is None:
        return {}, {}
    if hasattr(params, "named_parameters") and not isinstance(params, dict):
        params = params.named_parameters()
    items = params.items() if isinstance(params, dict) else params
    leaves, ops = {}, {}
    for item in items:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise TypeError("params must be a dict of name -> tensor, or (name, tensor) pairs such as a "
                            f"module's named_parameters(); got an item of type {type(item).__name__}")
        name, t = item
        fn = getattr(t, "_grad_fn", None)
        if fn is not None:
            ops[(fn, t._output_nr)] = str(name)
        elif hasattr(t, "_data"):
            leaves[id(t)] = (str(name), t)      # the tensor too: it keeps the id from being reused
        else:
            raise TypeError(f"params: {name!r} is a {type(t).__name__}, not a tensor")
    return leaves, ops


def grad_info(g, max_values=16) -> GradInfo:
    """Summarize a gradient tensor: shape, norm (in float64) and, when small, a NumPy copy."""
    from ..backend import to_numpy
    arr = to_numpy(g._data)
    values = arr.copy() if arr.size <= max_values else None
    norm = float(np.sqrt(np.sum(np.square(arr, dtype=np.float64))))
    return GradInfo(tuple(arr.shape), norm, values)


def _num(v) -> str:
    """A number in 4 significant digits, without trailing zeros (1, 0.5, 3.162, 1.2e-05)."""
    return f"{float(v):.4g}"


def format_values(values) -> str:
    """Small arrays on one line: ``6``, ``[1, 2, 3]``, ``[[1, 2], [3, 4]]``."""
    arr = np.asarray(values)
    if arr.ndim == 0:
        return _num(arr)
    s = np.array2string(arr, separator=", ", max_line_width=10**6, threshold=10**6,
                        formatter={"float_kind": _num, "int_kind": str})
    return " ".join(s.split())


def _shape(shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _table(steps, values=True) -> str:
    """Rows: one for the gradient arriving at each step, one per gradient it sends on."""
    rows = []
    for s in steps:
        first = True
        for k, g in enumerate(s.grad_in):
            what = "arriving" if len(s.grad_in) == 1 else f"arriving at output {k}"
            rows.append([str(s.index) if first else "", s.name if first else "", what] + _cells(g, values))
            first = False
        if s.is_leaf:
            rows.append(["", "", f"added to {s.label}.grad" if s.label else "added to the leaf's .grad"])
        for e in s.grad_out:
            if e.node is None:
                continue                    # an argument that is not part of the graph
            n_graph = sum(1 for x in s.grad_out if x.node is not None)
            what = f"sent to {e.target}" if n_graph == 1 else f"sent to input {e.input}: {e.target}"
            rows.append(["", "", what] + (_cells(e.grad, values) if e.grad is not None else
                                          ["(nothing)", "", ""][:3 if values else 2]))
    header = ["step", "node", "gradient", "shape", "norm"] + (["values"] if values else [])
    rows = [r + [""] * (len(header) - len(r)) for r in rows]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    lines = []
    for r in [header] + rows:
        cells = [r[0].rjust(widths[0])] + [c.ljust(w) for c, w in zip(r[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _returned(steps):
    """True for a pass that sent gradients to leaves but accumulated none: autograd.grad() (or
    backward(inputs=...)) captured them."""
    to_leaf = any(e.node is not None and e.node.name() == "AccumulateGrad" for s in steps for e in s.grad_out)
    return to_leaf and not any(s.is_leaf for s in steps)


def _cells(g, values):
    if g is None:
        return ["(none)", "", ""][:3 if values else 2]
    cells = [_shape(g.shape), _num(g.norm)]
    if values:
        cells.append(format_values(g.values) if g.values is not None else "...")
    return cells


def _fn_class(node):
    return getattr(type(node), "_fn_cls", None)


def _derivative(node) -> str:
    if node.name() == "AccumulateGrad":
        return "leaf.grad += the arriving gradient"
    cls = _fn_class(node)
    lines = []
    for line in ((cls.__doc__ or "") if cls is not None else "").strip().splitlines():
        if not line.strip():
            break                                     # the first paragraph only
        lines.append(line.strip())
    return "   ".join(lines) if lines else "(no docstring)"


def _source(node) -> str:
    """``minigrad/ops/pointwise.py: class Mul`` for minigrad's own nodes; ``module.Class`` otherwise."""
    cls = type(node) if node.name() == "AccumulateGrad" else (_fn_class(node) or type(node))
    mod = cls.__module__ or ""
    if mod == "minigrad" or mod.startswith("minigrad."):
        import sys
        f = getattr(sys.modules.get(mod), "__file__", None) or ""
        path = mod.replace(".", "/") + ("/__init__.py" if f.endswith("__init__.py") else ".py")
        return f"{path}: class {cls.__qualname__}"
    return f"{mod}.{cls.__qualname__}"


def _legend(steps) -> str:
    seen = {}
    for s in steps:
        seen.setdefault(s.node.name(), s.node)
    rows = [(name, _derivative(node), _source(node)) for name, node in seen.items()]
    w0 = max(len(r[0]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    lines = ["what each node computes, and where its forward and backward are written:"]
    for name, deriv, src in rows:
        lines.append(f"  {name.ljust(w0)}  {src.ljust(w2)}  {deriv}")
    return "\n".join(lines)
