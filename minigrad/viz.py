"""The computation graph as a picture: Graphviz DOT text, Mermaid text, or an SVG/PNG file.

    from minigrad import viz
    print(viz.to_dot(loss, params=model.named_parameters()))   # paste into any Graphviz viewer
    viz.draw(loss, "graph.svg", params={"x": x})                # needs Graphviz's `dot` program
    print(viz.to_mermaid(loss, params={"x": x}))                # renders in GitHub markdown

What is drawn is exactly what ``backward()`` walks: one box per operation, named like the tensor's
``grad_fn`` (``MulBackward``, ``ExpBackward``...), one box per leaf that requires grad (the
``AccumulateGrad`` node that receives its ``.grad``), labelled from ``params`` with its shape, and
one box for each output. Arrows go the way data flows in the forward pass; backward() runs them in
reverse. Tensors that do not require grad (constants, targets) are not part of the graph.

Pass ``trace=`` (a finished ``minigrad.autograd.trace``) to number each node with the step at which
the engine ran it.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .autograd.trace import _name_maps

__all__ = ["to_dot", "to_mermaid", "draw"]

_RENDERED = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
_TEXT = {".dot", ".gv"}
_INSTALL = ("install Graphviz (apt install graphviz, brew install graphviz or conda install graphviz) "
            "to get pictures")


# ---------------------------------------------------------------------------------------------
# the graph, as plain data
# ---------------------------------------------------------------------------------------------
class _Box:
    __slots__ = ("id", "kind", "lines")

    def __init__(self, id_, kind, lines):
        self.id, self.kind, self.lines = id_, kind, lines


def _graph(output, params, show_shapes, trace):
    """Walk the backward graph from the output(s): returns (boxes in forward order, edges).

    An edge is (source box id, target box id, label). Boxes are numbered in forward order, so the
    same code always gives the same text."""
    outputs = _outputs(output)
    leaf_names, op_names = _name_maps(params)
    step_of = _steps_by_node(trace)

    roots = []
    for t in outputs:
        node = t._grad_fn if t._grad_fn is not None else _leaf_node(t)
        if node not in roots:
            roots.append(node)

    # forward order: a depth-first walk that lists a node after all of its inputs (a post-order),
    # visiting inputs in argument order, so leaves are numbered as the code uses them
    order, done = [], set()
    for root in roots:
        stack = [(root, iter(root.next_functions))]
        done.add(root)
        while stack:
            node, inputs = stack[-1]
            for nxt, _ in inputs:
                if nxt is not None and nxt not in done:
                    done.add(nxt)
                    stack.append((nxt, iter(nxt.next_functions)))
                    break
            else:
                stack.pop()
                order.append(node)

    ids, boxes = {}, []
    n_leaf = n_op = 0
    for node in order:
        var = getattr(node, "variable", None)
        if var is not None:
            n_leaf += 1
            ids[node] = f"leaf{n_leaf}"
            lines = [leaf_names.get(id(var), ("leaf",))[0]]
            if show_shapes:
                lines.append(_shape(var.shape))
            boxes.append(_Box(ids[node], "leaf", lines))
        else:
            n_op += 1
            ids[node] = f"op{n_op}"
            lines = [node.name()]
            if node in step_of:
                lines[0] = f"{step_of[node]}. {lines[0]}"
            boxes.append(_Box(ids[node], "op", lines))

    edges = []
    for node in order:
        for nxt, nr in node.next_functions:
            if nxt is not None:
                label = op_names.get((nxt, nr), "")
                if not label and nxt._n_out > 1:
                    label = f"output {nr}"
                edges.append((ids[nxt], ids[node], label))

    for k, t in enumerate(outputs):
        if t._grad_fn is None:
            continue                                  # the output is itself a leaf: already drawn
        name = op_names.get((t._grad_fn, t._output_nr))
        if name is None:
            name = "output" if len(outputs) == 1 else f"output {k}"
        lines = [name] + ([_shape(t.shape)] if show_shapes else [])
        oid = f"out{k + 1}"
        boxes.append(_Box(oid, "output", lines))
        label = f"output {t._output_nr}" if t._grad_fn._n_out > 1 else ""
        edges.append((ids[t._grad_fn], oid, label))
    return boxes, edges


def _outputs(output):
    from .tensor import Tensor
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


def _leaf_node(t):
    from .autograd.function import _accumulator
    return _accumulator(t)


def _steps_by_node(trace):
    if trace is None:
        return {}
    steps = getattr(trace, "steps", None)
    if steps is None:
        raise TypeError(f"viz: trace= must be a minigrad.autograd.trace, got {type(trace).__name__}")
    step_of = {}
    for s in steps:
        step_of.setdefault(s.node, s.index)
    return step_of


def _shape(shape):
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


# ---------------------------------------------------------------------------------------------
# DOT and Mermaid text
# ---------------------------------------------------------------------------------------------
_DOT_STYLE = {
    "leaf": 'fillcolor="#cfe8fc"',
    "op": 'fillcolor="#f2f2f2"',
    "output": 'fillcolor="#d5f5d5"',
}


def _dot_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(output, params=None, show_shapes=True, *, trace=None) -> str:
    """Graphviz DOT text of the graph that produced ``output`` (a tensor or a list of tensors).

    ``params``: dict of name -> tensor, or a module's ``named_parameters()``: names the leaves (and,
    for tensors computed inside the graph, the node that made them). ``show_shapes``: write each
    leaf's and output's shape under its name. ``trace``: a finished trace; each op is numbered with
    the step at which backward ran it.
    """
    boxes, edges = _graph(output, params, show_shapes, trace)
    lines = [
        "digraph backward_graph {",
        "    // made by minigrad.viz.to_dot: arrows follow the forward pass; backward() runs them in reverse",
        '    node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ]
    for b in boxes:
        label = _dot_str("\n".join(b.lines)).replace("\n", "\\n")
        lines.append(f"    {b.id} [label={label}, {_DOT_STYLE[b.kind]}];")
    for src, dst, label in edges:
        lines.append(f"    {src} -> {dst}" + (f" [label={_dot_str(label)}];" if label else ";"))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_str(s):
    return '"' + s.replace('"', "#quot;") + '"'


def to_mermaid(output, params=None, show_shapes=True, *, trace=None) -> str:
    """The same graph as ``to_dot``, as a Mermaid flowchart (GitHub and many notebooks draw these
    inside a ```mermaid code block, no Graphviz needed)."""
    boxes, edges = _graph(output, params, show_shapes, trace)
    lines = ["flowchart TB"]
    for b in boxes:
        lines.append(f"    {b.id}[{_mermaid_str('<br>'.join(b.lines))}]:::{b.kind}")
    for src, dst, label in edges:
        lines.append(f"    {src} -->" + (f"|{_mermaid_str(label)}| " if label else " ") + dst)
    lines.append("    classDef leaf fill:#cfe8fc,stroke:#555")
    lines.append("    classDef op fill:#f2f2f2,stroke:#555")
    lines.append("    classDef output fill:#d5f5d5,stroke:#555")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------------------------
def draw(output, path, params=None, *, show_shapes=True, trace=None) -> Path:
    """Write the graph of ``output`` to ``path`` and return the path written.

    ``.svg``, ``.png`` and ``.pdf`` are rendered by Graphviz's ``dot`` program. Without it, the DOT
    text is written next to the requested file (``graph.svg`` -> ``graph.dot``) and one line says how
    to install Graphviz. ``.dot``/``.gv`` paths get the DOT text directly.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _RENDERED and suffix not in _TEXT:
        raise ValueError(f"viz.draw: cannot tell the format from {path.name!r}; end the path with .svg, "
                         ".png or .pdf (rendered by Graphviz) or .dot (the graph as text)")
    dot_text = to_dot(output, params, show_shapes, trace=trace)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True)
    if suffix in _TEXT:
        path.write_text(dot_text)
        return path
    exe = shutil.which("dot")
    if exe is None:
        dot_path = path.with_suffix(".dot")
        dot_path.write_text(dot_text)
        print(f"viz.draw: Graphviz's `dot` program was not found, so the graph went to {dot_path} as DOT text; "
              f"{_INSTALL}, or paste the text into an online Graphviz viewer.", file=sys.stdout)
        return dot_path
    res = subprocess.run([exe, f"-T{_RENDERED[suffix]}", "-o", str(path)], input=dot_text.encode(),
                         capture_output=True)
    if res.returncode != 0:
        raise RuntimeError(f"viz.draw: Graphviz's dot failed (exit code {res.returncode}) writing {path}: "
                           f"{res.stderr.decode(errors='replace').strip()}")
    return path
