"""The computation graph as a picture: SVG, PNG, Graphviz DOT, Mermaid, or an HTML page.

    from minigrad import viz
    g = viz.graph(y, values=True)        # in a notebook, g alone in a cell draws it
    g.save("graph.svg")                  # .svg, .png, .dot or .html, by suffix; no Graphviz needed
    print(g.to_dot())                    # paste into any Graphviz viewer
    print(viz.to_mermaid(loss, params={"x": x}))    # renders in GitHub markdown

What is drawn is exactly what ``backward()`` walks: one box per operation, named like the tensor's
``grad_fn`` (``MulBackward0``, ``ExpBackward0``...), one box per leaf that requires grad (the
``AccumulateGrad`` node that receives its ``.grad``), labelled from ``params`` (by default, from the
caller's variables) and one box per output. Constants and tensors that do not require grad (the ``2``
of ``x ** 2``, a target) are dashed grey boxes: they take part in the forward pass, but no gradient
goes to them. Arrows go the way data flows in the forward pass; backward() runs them in reverse.

``values=True`` writes each box's data (small tensors in full, larger ones as shape, min, max and
norm) and, after backward, each leaf's ``.grad``. ``trace=`` (a finished ``minigrad.autograd.trace``)
numbers each node with the step at which the engine ran it and labels each arrow with the gradient
that went back along it. ``trace.save_html(path)`` turns the same picture into a step-through player.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from . import layout as _layout
from .model import build, caller_names, pairs, shape_text as _shape   # noqa: F401
from .player import save_html

__all__ = ["graph", "Graph", "to_dot", "to_mermaid", "draw"]

_RENDERED = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
_TEXT = {".dot", ".gv"}


# ---------------------------------------------------------------------------------------------
# the graph object
# ---------------------------------------------------------------------------------------------
def graph(output, params=None, trace=None, values=False) -> "Graph":
    """The graph that produced ``output`` (a tensor or a list of tensors), ready to draw.

    ``params``: dict of name -> tensor, or a module's ``named_parameters()``, naming leaves and
    intermediate tensors; by default the caller's variables name them (and a trace's names are used).
    ``trace``: a finished trace: step numbers on the nodes, the gradient carried by each arrow.
    ``values``: write each box's data, and each leaf's ``.grad``.
    """
    if params is None:
        named = list(trace.params) if trace is not None and getattr(trace, "params", None) else []
        named += caller_names(1)
    else:
        named = pairs(params)
    return Graph(output, named, trace, values)


class Graph:
    """A drawable graph (made by ``minigrad.viz.graph``): ``to_svg()``, ``to_dot()``,
    ``to_mermaid()``, ``save(path)``; notebooks show it through ``_repr_svg_``."""

    def __init__(self, output, params, trace=None, values=False, show_shapes=True):
        self.output, self.params, self.trace, self.values = output, params, trace, values
        self.show_shapes = show_shapes
        self.model = build(output, params, trace, values)

    def lines(self, box):
        return box.lines(self.show_shapes, self.values)

    def link_text(self, link):
        if link.grad is not None:
            return f"{link.label + ': ' if link.label else ''}{link.grad.short()} (step {link.step})"
        return link.label

    def layout(self, extra_line=False):
        return _layout.layout(self.model, self.lines, extra_line, self.link_text)

    def to_svg(self) -> str:
        """The picture as SVG text (minigrad's own layered layout; no Graphviz needed)."""
        return _layout.to_svg(self.layout(), self.link_text, title="backward graph drawn by minigrad.viz")

    def _repr_svg_(self):
        return self.to_svg()

    def to_dot(self) -> str:
        return _dot(self.model, self.lines, self.link_text)

    def to_mermaid(self) -> str:
        return _mermaid(self.model, self.lines, self.link_text)

    def save(self, path) -> Path:
        """Write the picture; the suffix says how: ``.svg``, ``.png`` (or ``.pdf``, through matplotlib),
        ``.dot`` (Graphviz text), ``.html`` (a page with the SVG; with a trace, the step-through
        player). Returns the path."""
        path = Path(path)
        suffix = path.suffix.lower()
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True)
        if suffix == ".svg":
            path.write_text(self.to_svg(), encoding="utf-8")
        elif suffix in (".png", ".pdf"):
            _layout.to_png(self.layout(), path, self.link_text)
        elif suffix in _TEXT:
            path.write_text(self.to_dot(), encoding="utf-8")
        elif suffix in (".html", ".htm"):
            if self.trace is not None:
                return save_html(self.trace, path, self.output)
            path.write_text(_page(self.to_svg()), encoding="utf-8")
        else:
            raise ValueError(f"Graph.save: cannot tell the format from {path.name!r}; end the path with .svg, "
                             ".png, .pdf, .dot or .html")
        return path

    def __repr__(self):
        kinds = {}
        for b in self.model.boxes:
            kinds[b.kind] = kinds.get(b.kind, 0) + 1
        return (f"<minigrad.viz.Graph: {kinds.get('op', 0)} ops, {kinds.get('leaf', 0)} leaves, "
                f"{kinds.get('const', 0)} constants, {kinds.get('output', 0)} outputs>")


def _page(svg):
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>backward graph</title></head>\n"
            f"<body style=\"font-family: sans-serif\">\n{svg}</body></html>\n")


# ---------------------------------------------------------------------------------------------
# DOT and Mermaid text
# ---------------------------------------------------------------------------------------------
_DOT_STYLE = {
    "leaf": 'fillcolor="#cfe8fc"',
    "op": 'fillcolor="#f2f2f2"',
    "output": 'fillcolor="#d5f5d5"',
    "const": 'style="rounded,dashed,filled", fillcolor="#fbfbfb", color="#999999", fontcolor="#666666"',
}


def _dot_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(model, box_lines, link_text):
    lines = [
        "digraph backward_graph {",
        "    // made by minigrad.viz: arrows follow the forward pass; backward() runs them in reverse",
        '    node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ]
    for b in model.boxes:
        label = _dot_str("\n".join(box_lines(b))).replace("\n", "\\n")
        lines.append(f"    {b.id} [label={label}, {_DOT_STYLE[b.kind]}];")
    for ln in model.links:
        text = link_text(ln)
        style = ", style=dashed, color=\"#999999\"" if ln.src.startswith("const") else ""
        attrs = (f"label={_dot_str(text)}" if text else "") + style
        lines.append(f"    {ln.src} -> {ln.dst}" + (f" [{attrs.lstrip(', ')}];" if attrs else ";"))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_str(s):
    return '"' + s.replace('"', "#quot;") + '"'


def _mermaid(model, box_lines, link_text):
    lines = ["flowchart TB"]
    for b in model.boxes:
        lines.append(f"    {b.id}[{_mermaid_str('<br>'.join(box_lines(b)))}]:::{b.kind}")
    for ln in model.links:
        text = link_text(ln)
        arrow = "-.->" if ln.src.startswith("const") else "-->"
        lines.append(f"    {ln.src} {arrow}" + (f"|{_mermaid_str(text)}| " if text else " ") + ln.dst)
    lines.append("    classDef leaf fill:#cfe8fc,stroke:#555")
    lines.append("    classDef op fill:#f2f2f2,stroke:#555")
    lines.append("    classDef output fill:#d5f5d5,stroke:#555")
    lines.append("    classDef const fill:#fbfbfb,stroke:#999,stroke-dasharray:4 3,color:#666")
    return "\n".join(lines) + "\n"


def to_dot(output, params=None, show_shapes=True, *, trace=None, values=False) -> str:
    """Graphviz DOT text of the graph that produced ``output`` (a tensor or a list of tensors).

    ``params``: dict of name -> tensor, or a module's ``named_parameters()``: names the leaves (and,
    for tensors computed inside the graph, the node that made them). ``show_shapes``: write each
    leaf's and output's shape under its name. ``trace``: a finished trace; each op is numbered with
    the step at which backward ran it.
    """
    return Graph(output, pairs(params), trace, values, show_shapes).to_dot()


def to_mermaid(output, params=None, show_shapes=True, *, trace=None, values=False) -> str:
    """The same graph as ``to_dot``, as a Mermaid flowchart (GitHub and many notebooks draw these
    inside a ```mermaid code block, no Graphviz needed)."""
    return Graph(output, pairs(params), trace, values, show_shapes).to_mermaid()


# ---------------------------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------------------------
def draw(output, path, params=None, *, show_shapes=True, trace=None, values=False) -> Path:
    """Write the graph of ``output`` to ``path`` and return the path written.

    ``.svg``, ``.png`` and ``.pdf`` are laid out by Graphviz's ``dot`` program when it is installed,
    else by minigrad's own layout (SVG text; PNG/PDF through matplotlib). ``.dot``/``.gv`` paths get
    the DOT text.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _RENDERED and suffix not in _TEXT:
        raise ValueError(f"viz.draw: cannot tell the format from {path.name!r}; end the path with .svg, "
                         ".png, .pdf or .dot (the graph as text)")
    g = Graph(output, pairs(params), trace, values, show_shapes)
    exe = shutil.which("dot")
    if suffix in _TEXT or exe is None:
        return g.save(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True)
    res = subprocess.run([exe, f"-T{_RENDERED[suffix]}", "-o", str(path)], input=g.to_dot().encode(),
                         capture_output=True)
    if res.returncode != 0:
        raise RuntimeError(f"viz.draw: Graphviz's dot failed (exit code {res.returncode}) writing {path}: "
                           f"{res.stderr.decode(errors='replace').strip()}")
    return path

