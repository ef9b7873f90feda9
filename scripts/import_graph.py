"""minigrad's import graph: who imports whom, at module level and inside functions, and what breaks the layers.

    python scripts/import_graph.py                  # summary: counts, cycles, layer breaks
    python scripts/import_graph.py --lazy PREFIX    # also list the function-level imports of modules under PREFIX
    python scripts/import_graph.py --check          # exit 1 if a rule below is broken (tests/test_import_layers.py)
    python scripts/import_graph.py --root OTHER/minigrad    # another checkout's

It reads the source (``ast``), imports nothing. An edge A -> B means module A imports module B: ``import B``,
``from B import name``, or ``from A's package import B`` (relative imports resolved). An import is
*function-level* when it sits inside a ``def`` (it runs when the function is called), else *module-level*
(it runs when A is imported; class bodies and ``if``/``try`` blocks at the top included).

The rules (``--check``):
  1. no cycle among module-level imports, anywhere;
  2. no cycle at all (function-level imports counted too) among the modules of ``minigrad.grading``;
  3. no module-level import from a lower layer into a higher one (``LAYERS``, lowest first), except the pairs
     in ``ALLOWED_UPWARD``, each with its reason.
"""
from __future__ import annotations

import argparse
import ast
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "minigrad")

# Lowest first. A module belongs to the layer of the longest prefix that names it (a prefix names a module
# and everything under it). A module may import its own layer and the layers below it at module level.
LAYERS = [
    ("backend", ["minigrad.backend", "minigrad.backends", "minigrad.dtypes", "minigrad.cuda",
                 "minigrad.accelerator", "minigrad.amp", "minigrad.cpu", "minigrad.jit"]),
    ("tensor", ["minigrad.tensor", "minigrad._format", "minigrad.factories"]),
    ("autograd", ["minigrad.autograd"]),
    ("ops", ["minigrad.ops", "minigrad.fast", "minigrad.linalg", "minigrad.special", "minigrad.serialization"]),
    ("nn/optim", ["minigrad.nn", "minigrad.optim", "minigrad.distributions", "minigrad.utils",
                  "minigrad.factorize", "minigrad.testing", "minigrad.distributed", "minigrad.func"]),
    ("package", ["minigrad"]),           # minigrad/__init__.py: torch's namespace, gathered from the layers below
    ("viz", ["minigrad.viz"]),
    ("grading", ["minigrad.grading"]),
]

# Module-level imports into a higher layer that the design accepts, and why.
ALLOWED_UPWARD = {
    ("minigrad.autograd.trace", "minigrad.viz.model"):
        "the trace walks, names and harvests the graph with the graph model that viz draws from; "
        "viz/model.py itself imports only tensor and autograd.function of minigrad",
}

# Where every import, function-level ones too, must point one way (no cycle).
ACYCLIC_PACKAGES = ["minigrad.grading"]


@dataclass
class Graph:
    modules: dict                                            # module name -> file path
    top: dict = field(default_factory=lambda: defaultdict(set))    # module-level edges
    lazy: dict = field(default_factory=lambda: defaultdict(set))   # function-level edges
    where: dict = field(default_factory=dict)                # (src, dst, lazy) -> first line number

    def edges(self, lazy_too=False):
        return {m: self.top[m] | (self.lazy[m] if lazy_too else set()) for m in self.modules}


def module_names(root=ROOT):
    out, base = {}, os.path.dirname(root)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for f in sorted(files):
            if f.endswith(".py"):
                path = os.path.join(folder, f)
                name = os.path.relpath(path, base)[:-3].replace(os.sep, ".")
                out[name[:-len(".__init__")] if name.endswith(".__init__") else name] = path
    return out


def _targets(node, module, is_package, modules):
    """The minigrad modules an ``import`` / ``from ... import`` statement loads."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in modules]
    if node.level:
        parts = module.split(".") if is_package else module.split(".")[:-1]
        parts = parts[:len(parts) - (node.level - 1)]
        base = ".".join(parts + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    out = []
    for a in node.names:
        if f"{base}.{a.name}" in modules:                # from package import submodule
            out.append(f"{base}.{a.name}")
        elif base in modules:
            out.append(base)
    return out


def build(root=ROOT):
    g = Graph(module_names(root))
    for module, path in g.modules.items():
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        is_package = path.endswith("__init__.py")
        stack = [(tree, False)]
        while stack:
            node, in_function = stack.pop()
            for child in ast.iter_child_nodes(node):
                lazy = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    for t in _targets(child, module, is_package, g.modules):
                        if t != module:
                            (g.lazy if in_function else g.top)[module].add(t)
                            g.where.setdefault((module, t, in_function), child.lineno)
                stack.append((child, lazy))
    return g


def cycles(edges, within=None):
    """The strongly connected components with more than one module (Tarjan's algorithm, iterative),
    of the graph restricted to the modules for which ``within(name)`` is true."""
    keep = [m for m in edges if within is None or within(m)]
    kept = set(keep)
    index, low, on_stack, stack, out, counter = {}, {}, set(), [], [], 0
    for start in keep:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start] & kept)))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges[w] & kept))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
    return sorted(out)


def layer_of(module):
    best, level = -1, None
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, level = len(p), i
    return level


def upward_imports(g):
    """Module-level imports from a lower layer into a higher one, not in ALLOWED_UPWARD:
    ``(importer, imported, line)``."""
    out = []
    for src in sorted(g.modules):
        for dst in sorted(g.top[src]):
            a, b = layer_of(src), layer_of(dst)
            if a is not None and b is not None and b > a and (src, dst) not in ALLOWED_UPWARD:
                out.append((src, dst, g.where[(src, dst, False)]))
    return out


def unplaced(g):
    return sorted(m for m in g.modules if layer_of(m) is None)


def problems(g):
    """Every broken rule, as lines of text (empty when the layering holds)."""
    out = [f"module-level import cycle among {', '.join(c)}" for c in cycles(g.edges())]
    for pkg in ACYCLIC_PACKAGES:
        out += [f"import cycle in {pkg} (function-level imports counted) among {', '.join(c)}"
                for c in cycles(g.edges(lazy_too=True), lambda m: m == pkg or m.startswith(pkg + "."))]
    out += [f"{src} (layer {LAYERS[layer_of(src)][0]}) imports {dst} (layer {LAYERS[layer_of(dst)][0]}) at "
            f"module level, line {line}" for src, dst, line in upward_imports(g)]
    out += [f"{m} is in no layer: add it to LAYERS in scripts/import_graph.py" for m in unplaced(g)]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lazy", metavar="PREFIX", help="list the function-level imports of the modules under PREFIX")
    ap.add_argument("--check", action="store_true", help="exit with status 1 if a rule is broken")
    ap.add_argument("--root", default=ROOT, help="the minigrad folder to read (default: this checkout's)")
    args = ap.parse_args(argv)
    g = build(args.root)
    n_lazy = sum(len(v) for v in g.lazy.values())
    print(f"{len(g.modules)} modules, {sum(len(v) for v in g.top.values())} module-level and {n_lazy} "
          "function-level imports (distinct importer -> imported pairs)")
    if args.lazy:
        for m in sorted(g.lazy):
            if g.lazy[m] and (m == args.lazy or m.startswith(args.lazy + ".")):
                print(f"  {m} -> " + ", ".join(f"{t} (line {g.where[(m, t, True)]})" for t in sorted(g.lazy[m])))
    print("cycles, module-level imports:", cycles(g.edges()) or "none")
    print("cycles, all imports:", cycles(g.edges(lazy_too=True)) or "none")
    found = problems(g)
    for line in found:
        print("BROKEN:", line)
    if not found:
        print("layers: every rule holds")
    return 1 if args.check and found else 0


if __name__ == "__main__":
    sys.exit(main())
