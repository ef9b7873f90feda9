"""Watch the backward pass, step by step.

    with minigrad.autograd.trace(params={"x": x}) as tr:
        y.backward()
    print(tr)              # a table, in the order the engine ran the nodes
    tr.steps               # the same as records, for notebooks and tests

Each step is one node the engine ran: its position (1, 2, ...), the node (``MulBackward``...), the
gradient that arrived at it and the gradient it sent to each of its inputs. ``AccumulateGrad`` steps
are the leaves receiving their ``.grad``. When no trace is active the engine only checks one
variable per node, so tracing costs nothing otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

ACTIVE = None            # the trace the engine reports to, or None


@dataclass
class GradInfo:
    """A gradient as the trace shows it: shape, 2-norm, and the values when there are few."""
    shape: tuple
    norm: float
    values: object = None          # a NumPy array (a copy) when numel <= the trace's limit, else None

    def __str__(self):
        s = f"shape {self.shape} norm {self.norm:.4g}"
        if self.values is not None:
            v = np.array2string(np.asarray(self.values), precision=4, separator=", ", suppress_small=True)
            s += f" = {v}"
        return s


@dataclass
class Edge:
    """What a step sent to one of its inputs."""
    input: int                     # position among the node's inputs
    target: str                    # the receiving node's name (``MulBackward``, ``AccumulateGrad (x)``)
    grad: GradInfo | None          # None when nothing was sent (input needs no gradient)


@dataclass
class Step:
    """One node run by the engine."""
    index: int                     # 1-based position in execution order, over the whole trace
    pass_index: int                # which backward()/grad() call inside the trace (1-based)
    node: object                   # the Node itself
    name: str                      # e.g. "MulBackward", "AccumulateGrad (x)"
    grad_in: list                  # GradInfo per output of the node (None where no gradient arrived)
    grad_out: list = field(default_factory=list)     # Edge per input

    def __str__(self):
        lines = [f"step {self.index:>3}  {self.name}"]
        for i, g in enumerate(self.grad_in):
            tag = "in " if len(self.grad_in) == 1 else f"in{i}"
            lines.append(f"          {tag}: {g if g is not None else '(none)'}")
        if not self.grad_out and self.name.startswith("AccumulateGrad"):
            lines.append("          -> added to .grad")
        for e in self.grad_out:
            lines.append(f"          -> input {e.input} ({e.target}): {e.grad if e.grad is not None else '(none)'}")
        return "\n".join(lines)


class trace:
    """Context manager recording every backward pass run inside it (see the module docstring).

    ``params``: a dict of name -> tensor (or a module's ``named_parameters()``) used to label leaves.
    ``max_values``: gradients with at most this many elements are recorded with their values.
    """

    def __init__(self, params=None, max_values=16):
        self.steps: list[Step] = []
        self.passes = 0
        self.max_values = max_values
        self._names = {}
        if params is not None:
            items = params.items() if isinstance(params, dict) else params
            self._names = {id(t): name for name, t in items}
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
                    grad_in=[self._info(g) for g in grads_in])
        if grads_out is not None:
            for i, (nxt, _) in enumerate(node.next_functions):
                g = grads_out[i] if i < len(grads_out) else None
                target = "(no grad needed)" if nxt is None else self.node_name(nxt)
                step.grad_out.append(Edge(i, target, self._info(g)))
        self.steps.append(step)

    # ------------------------------------------------------------------ helpers
    def node_name(self, node):
        name = node.name()
        var = getattr(node, "variable", None)
        if var is not None:
            label = self._names.get(id(var))
            name += f" ({label})" if label else f" (leaf {tuple(var.shape)})"
        return name

    def _info(self, g):
        if g is None:
            return None
        arr = g._data
        arr = arr if isinstance(arr, np.ndarray) else arr.get()
        values = arr.copy() if arr.size <= self.max_values else None
        return GradInfo(tuple(arr.shape), float(np.sqrt((arr.astype(np.float64) ** 2).sum())), values)

    def __str__(self):
        if not self.steps:
            return "(no backward pass ran inside this trace)"
        out = []
        current = None
        for s in self.steps:
            if s.pass_index != current:
                current = s.pass_index
                n = sum(1 for t in self.steps if t.pass_index == current)
                out.append(f"backward pass {current}: {n} steps, in the order the engine ran them")
            out.append(str(s))
        return "\n".join(out)

    def __repr__(self):
        return f"<trace: {len(self.steps)} steps in {self.passes} backward pass(es)>"

    def __len__(self):
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)
