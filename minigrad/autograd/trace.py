"""Watch the backward pass, step by step.

    with minigrad.autograd.trace() as tr:
        y.backward()
    print(tr)              # a table, in the order the engine ran the nodes
    tr.explain(2)          # step 2's chain rule with its numbers, as one line
    tr.save_html("p.html") # a step-through player (tr alone, last in a notebook cell, shows it)
    tr.animate("p.gif")    # the same story as a GIF
    tr.steps               # the records (``Step``), for notebooks and tests

Each step is one node the engine ran: its position (1, 2, ...), the node (``MulBackward0``...), the
gradient that arrived at it and the gradient it sent to each of its inputs. ``AccumulateGrad`` steps
are the leaves receiving their ``.grad``. A node runs only once *every* node that uses its output has
sent its share, and the shares are summed: ``Step.arrivals`` lists them, with the step that sent each
one, and ``Step.waits_for`` says how many edges point at the node.

Without ``params`` the leaves (and named intermediate tensors) are named after the caller's variables
that hold them, as the code that built the graph calls them.

When no trace is active the engine only looks at one module variable per backward call, so tracing
costs nothing otherwise. The engine talks to the active trace through two methods:
``begin_pass()`` once per ``backward()``/``autograd.grad()`` call, and ``record(node, buf, grads)``
for every node it runs: the gradient summed in the node's buffer, and what it sends to each of its
edges, one per argument of the op (``_m.edges``; ``None`` for ``AccumulateGrad``). Everything else is
derived here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

# the graph model (walking, naming and harvesting nodes) is shared with viz; it needs only tensor and
# autograd.function, so this upward import is the one the layering allows (scripts/import_graph.py)
from ..viz import model as _m
from ..viz.model import format_values, shape_text as _shape, num as _num   # noqa: F401 (re-exported)

ACTIVE = None            # the trace the engine reports to, or None
WIDTH = 100              # the table's width by default, in characters


# ---------------------------------------------------------------------------------------------
# records
# ---------------------------------------------------------------------------------------------
@dataclass
class GradInfo:
    """A gradient as the trace keeps it: shape, 2-norm, and the values when there are few."""
    shape: tuple
    norm: float
    values: np.ndarray | None = None   # a NumPy copy when numel <= the trace's max_values, else None

    def text(self) -> str:
        """The values when kept (``[1, 2]``), else ``(20, 5) norm 3.2``."""
        if self.values is not None:
            return format_values(self.values)
        return f"{_shape(self.shape)} norm {_num(self.norm)}"

    def short(self, limit=20) -> str:
        """The values when they fit in ``limit`` characters, else ``(4, 3) norm 0.48``."""
        t = self.text()
        return t if len(t) <= limit else f"{_shape(self.shape)} norm {_num(self.norm)}"

    def __str__(self):
        s = f"shape {self.shape}  norm {_num(self.norm)}"
        if self.values is not None:
            s += f"  values {format_values(self.values)}"
        return s


@dataclass
class Edge:
    """What a step sent to one of its inputs."""
    input: int                     # position among the node's inputs (forward's arguments)
    target: str | None             # the receiving node's label ("MulBackward0", "x"); None: not in the graph
    grad: GradInfo | None          # None when nothing was sent
    node: object = None            # the receiving node itself (None for inputs that need no gradient)
    output_nr: int = 0             # which output of the receiving node this gradient belongs to
    param: str = ""                # the input's name in the op's forward ("a", "b", "x")


@dataclass
class Arrival:
    """One contribution summed into a node's gradient buffer before it ran."""
    source: int                    # the step that sent it; 0 for the gradient backward() started with
    sender: str                    # that step's node name, or "backward()"
    grad: GradInfo
    output_nr: int = 0


@dataclass
class Step:
    """One node run by the engine."""
    index: int                     # 1-based position in execution order, over the whole trace
    pass_index: int                # which backward()/grad() call inside the trace (1-based)
    node: object                   # the Node itself
    name: str                      # e.g. "MulBackward0", "AccumulateGrad (x)", "ExpBackward0 (h)"
    grad_in: list                  # GradInfo per output of the node (None where no gradient arrived)
    grad_out: list = field(default_factory=list)     # Edge per input; empty for AccumulateGrad
    label: str = ""                # the leaf's name, or the named tensor this node made
    arrivals: list = field(default_factory=list)     # Arrival per contribution summed into grad_in
    waits_for: int = 1             # edges pointing at this node in the graph: the shares it waits for
    explanation: str = ""          # the chain rule of this step with its numbers (trace.explain)
    leaf_grad: GradInfo | None = None   # AccumulateGrad: the leaf's .grad after this step

    @property
    def is_leaf(self) -> bool:
        """True for an ``AccumulateGrad`` step: a leaf receiving its gradient."""
        return not self.grad_out and _m.is_leaf_node(self.node)

    @property
    def derivative(self) -> str:
        """The first paragraph of the op's docstring, on one line: its formula and derivative."""
        return _derivative(self.node)

    @property
    def source(self) -> str:
        """Where the node's forward and backward are written, e.g. ``minigrad/ops/pointwise.py: class Mul``."""
        return _source(self.node)

    def __str__(self):
        return _table([self], values=True, width=None)


# ---------------------------------------------------------------------------------------------
# the context manager
# ---------------------------------------------------------------------------------------------
class trace:
    """Context manager recording every backward pass run inside it (see the module docstring).

    ``params``: a dict of name -> tensor, or a module's ``named_parameters()``, used to label leaves
    (``AccumulateGrad (w)``) and, for tensors computed inside the graph, the node that made them
    (``ExpBackward0 (h)``: the gradient arriving there is d(output)/dh). Without it, the caller's
    variables name them.
    ``max_values``: gradients with at most this many elements are kept with their values.
    """

    def __init__(self, params=None, max_values=16):
        self.steps: list[Step] = []
        self.passes = 0
        self.max_values = max_values
        named = _m.pairs(params) if params is not None else _m.caller_names(1)
        self.params = named
        self._leaf_names, self._op_names = _m.name_maps(named)
        self._prev = None
        self.harvested = _m.Harvest()      # values of nodes and constants, kept before backward frees them
        self.graph_nodes = []              # every node of the graphs seen, in forward order
        self._known = set()
        self._waits = {}                   # node -> edges pointing at it, over every graph seen
        self._pass_waits = {}              # pass -> {node: edges pointing at it in that pass's graph}
        self._pending = {}                 # node -> [Arrival] summed into its buffer so far

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
        self._pending = {}

    def record(self, node, buf, grads):
        if node not in self._known:
            self._discover(node)
        waits = self._pass_waits.setdefault(self.passes, {})
        if node not in waits:
            _count_edges(_m.walk([node]), waits)
        step = Step(index=len(self.steps) + 1, pass_index=self.passes, node=node, name=self.node_name(node),
                    grad_in=[self._info(g) for g in buf], label=self._label(node, fallback=False),
                    waits_for=waits[node] or 1)
        step.arrivals = self._pending.pop(node, None) or [
            Arrival(0, "backward()", g, nr) for nr, g in enumerate(step.grad_in) if g is not None]
        if grads is not None:
            names = _m.input_names(node)
            for i, (nxt, nr) in enumerate(_m.edges(node)):
                g = grads[i] if i < len(grads) else None
                target = None if nxt is None else self.target_name(nxt)
                e = Edge(i, target, self._info(g), nxt, nr, names[i] if i < len(names) else f"input{i}")
                step.grad_out.append(e)
                if nxt is not None and e.grad is not None:
                    self._pending.setdefault(nxt, []).append(Arrival(step.index, step.name, e.grad, nr))
        else:
            step.leaf_grad = self._after_accumulate(node.variable, buf[0])
        step.explanation = self._explain(step)
        self.steps.append(step)

    def _discover(self, root):
        """Walk the graph from a node met for the first time: count the edges into every node and
        keep the values its nodes saved (this runs before the engine frees them)."""
        new = [n for n in _m.walk([root]) if n not in self._known]
        self._known.update(new)
        self.graph_nodes.extend(new)
        _count_edges(new, self._waits)
        _m.harvest(new, into=self.harvested)

    def consumers(self, node, pass_index=None) -> int:
        """How many edges point at ``node`` in the graph of backward pass ``pass_index`` (the
        gradients it waits for there), or in all the graphs seen (None)."""
        if pass_index is None:
            return self._waits.get(node, 0)
        return self._pass_waits.get(pass_index, {}).get(node, 0)

    def _after_accumulate(self, leaf, g):
        """The leaf's .grad once this gradient is added (what AccumulateGrad is about to do)."""
        old = leaf.grad
        new = _m.as_numpy(g)
        if old is not None:
            new = _m.as_numpy(old) + new
        return _array_info(np.asarray(new), self.max_values)

    # ------------------------------------------------------------------ names
    def node_name(self, node) -> str:
        """``MulBackward0``; ``AccumulateGrad (x)`` for a leaf; ``ExpBackward0 (h)`` if h is named."""
        name = node.name().rsplit("::", 1)[-1]          # (torch::autograd::AccumulateGrad: AccumulateGrad)
        label = self._label(node)
        return f"{name} ({label})" if label else name

    def target_name(self, node) -> str:
        """How a step's outgoing edge names its receiver: a leaf by its name, an op by its node name."""
        if _m.is_leaf_node(node):
            return self._label(node)
        return self.node_name(node)

    def _label(self, node, fallback=True):
        """The name given to the node's leaf or output(s); for an unnamed leaf a short description
        (``leaf 3``, ``leaf (20,)``), or "" with ``fallback=False``."""
        if _m.is_leaf_node(node):
            var = node.variable
            named = self._leaf_names.get(id(var))
            if named is not None:
                return named[0]
            return _m.leaf_description(var) if fallback else ""
        names = [self._op_names[(node, nr)] for nr in range(_m._n_outputs(node)) if (node, nr) in self._op_names]
        return ", ".join(names)

    def _info(self, g):
        if g is None:
            return None
        return grad_info(g, self.max_values)

    # ------------------------------------------------------------------ the chain rule, in words
    def explain(self, step) -> str:
        """The chain rule of one step with its numbers, e.g.
        ``MulBackward0: upstream 1 × b = 1 × 3 = 3 → x``. ``step``: a ``Step``, or its number as the
        table and the player print it (1 is the first step)."""
        if isinstance(step, Step):
            return step.explanation
        if not isinstance(step, int) or not 1 <= step <= len(self.steps):
            raise IndexError(f"trace.explain: step {step!r} does not exist; this trace has steps 1 to "
                             f"{len(self.steps)} (the numbers in the table's first column)")
        return self.steps[step - 1].explanation

    def _explain(self, s: Step) -> str:
        if s.is_leaf:
            var = s.node.variable
            who = self._label(s.node)
            old = var.grad
            before = "0" if old is None else _value_text(_array_info(_m.as_numpy(old), self.max_values))
            return (f"{s.name}: {who}.grad = {before} + {_value_text(s.grad_in[0])} = "
                    f"{_value_text(s.leaf_grad)}")
        up = [g for g in s.grad_in if g is not None]
        upstream = _value_text(up[0]) if len(up) == 1 else "(" + ", ".join(_value_text(g) for g in up) + ")"
        terms = _derivative_terms(s.node)
        subst = self._input_labels(s.node)
        parts = []
        for e in s.grad_out:
            if e.node is None or e.grad is None:
                continue
            expr = terms.get(e.param)
            to = e.target
            if expr is None:
                parts.append(f"upstream {upstream} → {_value_text(e.grad)} → {to}")
                continue
            expr = _substitute(expr, subst).split(" = ")[0].strip()     # "exp(x) = out": the first form
            sent = _value_text(e.grad)
            if re.search(r"(?<!\w)g(?!\w)", expr):
                # a formula in the upstream gradient g itself (g @ bᵀ, g reshaped back), not a factor
                parts.append(f"g = upstream {upstream}: {expr} = {sent} → {to}")
                continue
            if " " in expr and not (expr.startswith("(") and expr.endswith(")")):
                expr = f"({expr})"
            local = _local_factor(up[0] if len(up) == 1 else None, e.grad)
            if _is_number(expr) or local is None:
                parts.append(f"upstream {upstream} × {expr} = {sent} → {to}")
            else:
                parts.append(f"upstream {upstream} × {expr} = {upstream} × {local} = {sent} → {to}")
        if not parts:
            return f"{s.name}: upstream {upstream}, sends nothing on (no input needs a gradient)"
        return f"{s.name}: " + ";  ".join(parts)

    def _input_labels(self, node):
        """{forward argument name: what the learner calls it} for short names: leaves, named tensors,
        scalar constants (``a`` -> ``x``, ``b`` -> ``2``)."""
        out = {}
        names = _m.input_names(node)
        for i, (nxt, nr) in enumerate(_m.edges(node)):
            label = ""
            if nxt is None:
                v = self.harvested.constants.get((node, i))
                named = self._leaf_names.get(self.harvested.const_ids.get((node, i)))
                if named is not None:
                    label = named[0]
                elif v is not None and v.values is not None and v.values.ndim == 0:
                    label = v.text()
            elif _m.is_leaf_node(nxt):
                named = self._leaf_names.get(id(nxt.variable))
                label = named[0] if named else ""
            else:
                label = self._op_names.get((nxt, nr), "")
            if label and re.fullmatch(r"[A-Za-z_]\w{0,11}|-?[\d.]+(e-?\d+)?", label):
                out[names[i]] = label
        return out

    # ------------------------------------------------------------------ reading the trace
    def format(self, values=True, legend=True, width=WIDTH) -> str:
        """The table (``str(trace)``), at most ``width`` characters wide (None: as wide as it needs).
        ``values=False`` leaves the values column out, ``legend=False`` the list of derivatives under it."""
        if not self.steps:
            return "(no backward pass ran inside this trace)"
        out = []
        for p in sorted({s.pass_index for s in self.steps}):
            steps = [s for s in self.steps if s.pass_index == p]
            if out:
                out.append("")
            what = f"backward pass {p}" if self.passes > 1 else "backward pass"
            out.append(f"{what}: {len(steps)} steps, in the order the engine ran them")
            out.append(_table(steps, values, width))
            if _returned(steps):
                out.append(_fit("(no AccumulateGrad step: autograd.grad() returns the gradients that reach "
                                "the leaves instead of adding them to .grad)", width, wrap=True))
        if legend:
            out.append("")
            out.append(_legend(self.steps, width))
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

    # ------------------------------------------------------------------ pictures
    def graph(self, output=None, values=True):
        """The graph this trace ran through, numbered with its steps (``minigrad.viz.graph``)."""
        from ..viz import graph             # viz is a layer above autograd
        return graph(output, params=self.params, trace=self, values=values)

    def save_html(self, path, output=None):
        """Write the step-through player: one HTML file, no network needed. Returns the path."""
        from ..viz.player import save_html  # viz is a layer above autograd
        return save_html(self, path, output)

    def _repr_html_(self):
        if not self.steps:
            return "<pre>(no backward pass ran inside this trace)</pre>"
        from ..viz.player import player_html    # viz is a layer above autograd
        return player_html(self, embed=True)

    def animate(self, path, output=None, fps=1.0):
        """Write the player's story as an animated GIF (one frame per step). Returns the path."""
        from ..viz.player import animate    # viz is a layer above autograd
        return animate(self, path, output, fps=fps)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _count_edges(nodes, counts):
    """Add, for each node of ``nodes`` (each counted once), one to ``counts`` per edge it points along."""
    for n in nodes:
        counts.setdefault(n, 0)
    for n in nodes:
        for nxt, _ in _m.edges(n):
            if nxt is not None:
                counts[nxt] = counts.get(nxt, 0) + 1


def _name_maps(params):
    """({id(leaf): (name, leaf)}, {(node, output_nr): name}) from a dict, (name, tensor) pairs or a module."""
    return _m.name_maps(_m.pairs(params))


def grad_info(g, max_values=16) -> GradInfo:
    """Summarize a gradient tensor: shape, norm (in float64) and, when small, a NumPy copy."""
    return _array_info(_m.as_numpy(g), max_values)


def _array_info(arr, max_values) -> GradInfo:
    arr = np.asarray(arr)
    values = arr.copy() if arr.size <= max_values else None
    norm = float(np.sqrt(np.sum(np.square(arr, dtype=np.float64))))
    return GradInfo(tuple(arr.shape), norm, values)


def _value_text(g) -> str:
    return "?" if g is None else g.text()


def _is_number(text) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _same(a, b) -> bool:
    return a is not None and b is not None and a.values is not None and b.values is not None and \
        a.values.shape == b.values.shape and np.array_equal(a.values, b.values)


def _local_factor(up, sent):
    """sent / upstream, elementwise, when both are known, of one shape, and upstream has no zeros."""
    if up is None or sent is None or up.values is None or sent.values is None:
        return None
    if up.values.shape != sent.values.shape or not np.all(up.values != 0):
        return None
    return format_values(np.asarray(sent.values, np.float64) / np.asarray(up.values, np.float64))


def _derivative_terms(node) -> dict:
    """{input name: its derivative} read from the op's docstring (``d/da = b,  d/db = a``)."""
    if _m.is_leaf_node(node):
        return {}
    text = _derivative(node)
    terms = {}
    for m in re.finditer(r"d/d(\w+)\s*=\s*(.+?)(?=,\s+d/d|\s{2,}|$)", text):
        terms.setdefault(m.group(1), m.group(2).strip().rstrip(",").strip())
    return terms


def _substitute(expr, names):
    for param, label in names.items():
        if param != label:
            expr = re.sub(rf"(?<![\w]){re.escape(param)}(?![\w(])", label, expr)
    return expr


def _fit(text, width, wrap=False):
    if width is None or len(text) <= width:
        return text
    if not wrap:
        return text[:width - 1] + "…"
    import textwrap
    return "\n".join(textwrap.wrap(text, width, subsequent_indent="  "))


_NODE_W = 26          # widest node name before it is cut (with width set)
_WHAT_W = 22


def _table(steps, values=True, width=WIDTH) -> str:
    """Rows: one for the gradient arriving at each step, one per gradient it sends on. Columns: step,
    node, gradient, shape, values (or the norm, for gradients too big to print)."""
    rows, meta = [], []
    for s in steps:
        first = True
        n_arr = len(s.arrivals)
        for k, g in enumerate(s.grad_in):
            what = "arrived" if len(s.grad_in) == 1 else f"arrived at output {k}"
            if n_arr > 1 and len(s.grad_in) == 1:
                what += f" (sum of {n_arr})"
            rows.append([str(s.index) if first else "", s.name if first else "", what] + _cells(g, values))
            meta.append((g, s))
            first = False
        if s.is_leaf:
            rows.append(["", "", f"{s.label}.grad now" if s.label else "leaf .grad now"] +
                        _cells(s.leaf_grad, values))
            meta.append((s.leaf_grad, s))
        n_graph = sum(1 for x in s.grad_out if x.node is not None)
        for e in s.grad_out:
            if e.node is None:
                continue                    # an argument that is not part of the graph
            what = f"→ {e.target}" if n_graph == 1 or e.param == e.target else f"→ {e.param}: {e.target}"
            rows.append(["", "", what] + (_cells(e.grad, values) if e.grad is not None else
                                          ["(nothing)"] + [""] * (2 if values else 1)))
            meta.append((e.grad, s))
    header = ["step", "node", "gradient", "shape"] + (["values"] if values else ["norm"])
    rows = [r + [""] * (len(header) - len(r)) for r in rows]
    if width is not None:
        caps = [6, _NODE_W, _WHAT_W + max(0, width - 100), 14]
        rows = [[_fit(c, caps[i]) if i < 4 else c for i, c in enumerate(r)] for r in rows]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    if width is not None and values:
        room = width - sum(widths[:4]) - 8              # what is left for the values column
        for r, (g, _) in zip(rows, meta):
            if len(r[4]) > room and g is not None:
                r[4] = _fit(f"norm {_num(g.norm)} ({int(np.prod(g.shape))} values)", room)
        widths[4] = max(len(r[4]) for r in rows + [header])
    lines = []
    for r in [header] + rows:
        cells = [r[0].rjust(widths[0])] + [c.ljust(w) for c, w in zip(r[1:], widths[1:])]
        lines.append(_fit("  ".join(cells).rstrip(), width))
    return "\n".join(lines)


def _returned(steps):
    """True for a pass that sent gradients to leaves but accumulated none: autograd.grad() (or
    backward(inputs=...)) captured them."""
    to_leaf = any(e.node is not None and _m.is_leaf_node(e.node) for s in steps for e in s.grad_out)
    return to_leaf and not any(s.is_leaf for s in steps)


def _cells(g, values):
    if g is None:
        return ["(none)"] + [""] * (2 if values else 1)
    if not values:
        return [_shape(g.shape), _num(g.norm)]
    return [_shape(g.shape), format_values(g.values) if g.values is not None else f"norm {_num(g.norm)}"]


def _fn_class(node):
    return getattr(type(node), "_fn_cls", None)


def _derivative(node) -> str:
    if _m.is_leaf_node(node):
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
    cls = type(node) if _m.is_leaf_node(node) else (_fn_class(node) or type(node))
    mod = cls.__module__ or ""
    if mod == "minigrad" or mod.startswith("minigrad."):
        import sys
        f = getattr(sys.modules.get(mod), "__file__", None) or ""
        path = mod.replace(".", "/") + ("/__init__.py" if f.endswith("__init__.py") else ".py")
        return f"{path}: class {cls.__qualname__}"
    return f"{mod}.{cls.__qualname__}"


def _legend(steps, width=WIDTH) -> str:
    seen = {}
    for s in steps:
        seen.setdefault(s.node.name().rsplit("::", 1)[-1], s.node)
    lines = ["what each node computes, and where its forward and backward are written:"]
    for name, node in seen.items():
        lines.append(_fit(f"  {name}  {_source(node)}", width))
        lines.append(_fit(f"      {_derivative(node)}", width, wrap=True).replace("\n  ", "\n        "))
    return "\n".join(lines)
