"""The copy of minigrad a runner imports: the assignment's graded code is absent from it, not locked.

Switching graded functions off inside the runner's own process cannot hold: whatever the runner does in
Python (patched functions, guards, an audit hook's on/off state) lives in objects the submission can
reach and undo (``__globals__``, ``__closure__``, frames). So the judge (trusted) writes, per assignment,
a copy of the ``minigrad`` package in which the body of every graded function and method is replaced, in
the source, by ``raise RuntimeError("<name> is not allowed in the <assignment> assignment ...")``:

* the spec's ``forbid`` names (resolved to where they are defined: ``minigrad.nn.functional.conv2d`` is
  ``conv2d`` in ``minigrad/ops/conv.py``); a class loses the bodies of all its methods;
* with ``guard_ops`` (autograd-ops, conv2d, cross-entropy: minigrad's derivatives are the graded thing or
  must not stand in for the student's backward): the ``backward`` of every built-in op (every
  ``minigrad.autograd.Function`` subclass outside ``minigrad.autograd``), the fast layer's gradients on
  arrays (``minigrad/fast/gradients.py``, ``minigrad/fast/backward.py``: ``bind`` files nothing, so the
  engine falls back to each op's own, stripped, ``backward``) and ``piecewise_grad``. The engine itself
  stays: with no built-in derivative left it can only run the student's own ``backward`` methods, which is
  what the grader needs it for.

Each replaced body keeps its line count (blank lines pad it), so every other line keeps its number in
tracebacks. The copy has no ``grading`` package and none of the original's ``__pycache__`` (its own bytecode is compiled
from the stripped source); the runner imports minigrad from it
and from nowhere else (every other copy is covered in its mount namespace where the OS allows, see
``runner.py``). Nothing of the graded code is in the runner's memory, nor readable through its import system.
"""
from __future__ import annotations

import ast
import atexit
import compileall
import hashlib
import importlib
import os
import shutil
import sys
import tempfile
import threading
import types

import minigrad

from .files import parse

# the fast layer's derivatives on arrays and the piecewise-linear gradient helper: with guard_ops, stripped
# whole (``bind`` and ``_file_renamed`` are kept as no-ops: ``minigrad.ops`` still imports, a node renamed to
# torch's name is still made, and nothing is filed; before they were no-ops, x[0] on a recorded tensor in a
# submission's forward raised "not allowed")
_GRADIENT_MODULES = ("minigrad.fast.gradients", "minigrad.fast.backward")
_NOOP = {("minigrad.fast.gradients", "bind"),
         ("minigrad.fast.gradients", "_file_renamed")}    # (files a renamed node class, x[0]'s SelectBackward0: nothing)
_EXTRA_GUARD_OPS = [("minigrad.ops.pointwise", "piecewise_grad"),
                    ("minigrad.ops._helpers", "sum_to"),      # (undoes broadcasting: backward work; see _backward_helpers)
                    # the engine's sum of a user Function's broadcast gradient (torch's behaviour): the runner switches it
                    # off, but the switch is a module global the submission can set back (round 20: a missing
                    # un-broadcast then passed the engine-driven tests, one point per binary op); stripped, the sum
                    # raises "not allowed" whoever switches it on
                    ("minigrad.autograd.function", "_summed_to")]


def package_dir():
    """The folder of the minigrad package the judge imported (the one the copy is made from)."""
    return os.path.dirname(os.path.abspath(minigrad.__file__))


def _definition(dotted):
    """(module, qualname, whole_class) where ``dotted`` is defined, or None. Re-exports resolve to their
    definition (``minigrad.optim.SGD`` -> ``minigrad.optim.sgd``, ``SGD``)."""
    parts = dotted.split(".")
    if parts[0] != "minigrad":
        return None
    obj, module_name, rest = None, None, []
    for i in range(len(parts), 0, -1):            # the longest importable module prefix
        name = ".".join(parts[:i])
        try:
            obj = importlib.import_module(name)
        except ImportError:
            continue
        module_name, rest = name, parts[i:]
        break
    if module_name is None:
        return None
    owner = obj
    try:
        for p in rest:
            owner, obj = obj, getattr(obj, p)
    except AttributeError:
        return (module_name, ".".join(rest), False) if rest else None
    if not rest:
        return None                                # a whole module: not a name this can strip
    raw = obj.__func__ if isinstance(obj, (staticmethod, classmethod)) else obj
    mod = getattr(raw, "__module__", None)
    qual = getattr(raw, "__qualname__", None)
    if isinstance(raw, (type, types.FunctionType)) and isinstance(mod, str) and isinstance(qual, str) and \
            mod.startswith("minigrad") and "<locals>" not in qual:
        return mod, qual, isinstance(raw, type)
    return module_name, ".".join(rest), isinstance(obj, type)


def _op_backwards():
    """Every built-in op's backward: (module, "Class.backward") for each Function subclass defined outside
    minigrad.autograd (and outside the grading package) that has a backward of its own."""
    from minigrad.autograd.function import Function
    _load_all()
    out = []
    for name, module in sorted(sys.modules.items()):
        if module is None or not name.startswith("minigrad.") or name.startswith(("minigrad.autograd",
                                                                                   "minigrad.grading")):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, type) and issubclass(value, Function) and value.__module__ == name and \
                    "backward" in vars(value) and "<locals>" not in value.__qualname__:
                out.append((name, f"{value.__qualname__}.backward"))
    return out


def _backward_helpers():
    """The functions and methods of minigrad that only built-in ``backward`` bodies use, directly or through
    one another (``sum_to``, which undoes broadcasting, ``expand_back``, which undoes keepdim=False, a
    ``grads`` method that backward calls...): derivative work, stripped with the backwards. Conservative by
    name: whatever is referred to anywhere else under the same name (a forward, module level, another
    function) stays."""
    defined, refs = {}, {}          # name -> [(module, qualname)]; name -> {context}
    for name, path in _package_modules():
        try:
            with open(path, encoding="utf-8") as fh:
                tree = parse(fh.read())
        except (OSError, SyntaxError, ValueError):
            continue
        _scan(tree, name, "", ("module",), defined, refs, name.startswith("minigrad.autograd"))
    only = set()
    while True:                     # a fixpoint: used only by backward bodies and by what is already in the set
        grown = {n for n in defined if n not in only and not n.startswith("__") and n != "backward" and refs.get(n)
                 and all(c == ("backward",) or (c[0] == "def" and c[1] in only) for c in refs[n])}
        if not grown:
            break
        only |= grown
    return sorted(d for n in only for d in defined[n])


def _scan(node, module, qual, context, defined, refs, engine):
    """Record the definitions under ``node`` (not in the engine: it stays whole) and, for every name loaded,
    the context that uses it: ("backward",) in an op's backward, ("def", name) in another function or method,
    ("module",) at module level or in a class body."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            q = f"{qual}{child.name}"
            if not engine and "<locals>" not in q:
                defined.setdefault(child.name, []).append((module, q))
            inner = ("backward",) if isinstance(node, ast.ClassDef) and child.name == "backward" else \
                context if context == ("backward",) else ("def", child.name)
            for d in child.decorator_list + child.args.defaults + child.args.kw_defaults:
                if d is not None:
                    _scan(d, module, qual, context, defined, refs, engine)
            for stmt in child.body:
                _scan(stmt, module, q + ".<locals>.", inner, defined, refs, engine)
            continue
        if isinstance(child, ast.ClassDef):
            _scan(child, module, f"{qual}{child.name}.", context, defined, refs, engine)
            continue
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
            refs.setdefault(child.id, set()).add(context)
        elif isinstance(child, ast.Attribute):
            refs.setdefault(child.attr, set()).add(context)
        elif isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value.isidentifier():
            refs.setdefault(child.value, set()).add(("module",))      # getattr(x, "name"): kept
        _scan(child, module, qual, context, defined, refs, engine)


def _package_modules():
    """(module name, file path) of every module of the package the judge imported, the grading package left out
    (the runner walks its copy the same way in runner.py, which must stand alone)."""
    top = package_dir()
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in ("grading", "__pycache__") and not d.startswith("."))
        rel = os.path.relpath(folder, top)
        prefix = "minigrad" if rel == "." else "minigrad." + rel.replace(os.sep, ".")
        for f in sorted(files):
            if f.endswith(".py"):
                yield (prefix if f == "__init__.py" else f"{prefix}.{f[:-3]}"), os.path.join(folder, f)


def _load_all():
    """Import every module of the package (as the runner does), so that every op class is seen."""
    for name, path in _package_modules():
        if name == "minigrad.viz" and path.endswith("viz.py") or name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except Exception:          # noqa: BLE001 - an optional part (CuPy-only): the runner skips it too
            pass


_TARGETS = {}


def targets(forbid=(), guard_ops=False):
    """{module name: {qualname: whole_class}} of what to strip; ``"*"`` as a qualname: every function of the
    module. Read once per judge process and set of names (the copy and the copied-code note both ask: ~1.5 s)."""
    key = (tuple(forbid), bool(guard_ops), package_dir())
    if key not in _TARGETS:
        _TARGETS[key] = _read_targets(forbid, guard_ops)
    return {module: dict(wanted) for module, wanted in _TARGETS[key].items()}


def _read_targets(forbid, guard_ops):
    out = {}
    for dotted in forbid:
        found = _definition(dotted) if isinstance(dotted, str) else None
        if found is not None:
            module, qual, whole = found
            out.setdefault(module, {})[qual] = out.get(module, {}).get(qual, False) or whole
    if guard_ops:
        for module, qual in _op_backwards() + _EXTRA_GUARD_OPS + _backward_helpers():
            out.setdefault(module, {})[qual] = False
        for module in _GRADIENT_MODULES:
            out.setdefault(module, {})["*"] = False
    return out


def _refusal(qualname, module, assignment):
    short = f"{module}.{qualname}".replace("minigrad.", "", 1) if module != "minigrad" else qualname
    return (f"minigrad.{short} is not allowed in the {assignment} assignment: the grader compares your code "
            "with this reference, so write it yourself")


def graded_functions(tree, wanted):
    """[(function node, qualname)] of the module ``tree`` that ``wanted`` names (qualnames; a class qualname mapped to
    True: all its methods; ``"*"``: every function of the module)."""
    found = []
    everything = "*" in wanted

    def visit(node, qual, in_stripped_class):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                q = f"{qual}{child.name}"
                visit(child, q + ".", in_stripped_class or bool(wanted.get(q)))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                q = f"{qual}{child.name}"
                if everything or in_stripped_class or q in wanted:
                    found.append((child, q))
                else:
                    visit(child, q + ".<locals>.", False)
            else:
                visit(child, qual, in_stripped_class)

    visit(tree, "", False)
    return found


def module_file(module):
    """The source file of the minigrad module ``module`` (a dotted name) in the judge's package."""
    parts = module.split(".")[1:]
    base = os.path.join(package_dir(), *parts)
    return os.path.join(base, "__init__.py") if os.path.isdir(base) else base + ".py"


def strip_source(source, module, wanted, assignment):
    """``source`` with the bodies of the ``wanted`` functions (qualnames; a class qualname mapped to True: all
    its methods; ``"*"``: every function of the module) replaced by a ``raise``, each padded with blank
    lines to its former height. Returns (new source, qualnames stripped)."""
    tree = parse(source)
    lines = source.splitlines(keepends=True)
    edits = graded_functions(tree, wanted)
    done = [q for _, q in edits]
    for fn, q in sorted(edits, key=lambda e: -e[0].body[0].lineno):
        first, last = fn.body[0], fn.body[-1]
        start_line, end_line = first.lineno, last.end_lineno
        head = lines[start_line - 1][:first.col_offset]
        tail = lines[end_line - 1][last.end_col_offset:]
        if (module, q) in _NOOP:
            stmt = "return None"
        else:
            stmt = f"raise RuntimeError({_refusal(q, module, assignment)!r})"
        if head.strip():                          # the body starts on the def line: `def f(): return x`
            new = head + stmt + tail
        else:
            new = head + stmt + (tail if tail.strip() else "\n")
        height = end_line - start_line + 1
        lines[start_line - 1:end_line] = [new] + ["\n"] * (height - 1)
    out = "".join(lines)
    compile(out, module, "exec")                  # never hand the runner a copy that does not import
    return out, done


RUNNER_DIR = "_minigrad_grading_runner"
_LOCK = threading.Lock()
_CACHE = {}


def stripped_copy(assignment, forbid=(), guard_ops=False):
    """The folder (to put on the runner's ``sys.path``) holding a ``minigrad`` package without the graded code
    of ``assignment``. Made once per judge process and set of names; world-readable, removed at exit."""
    forbid = tuple(sorted(n for n in forbid if isinstance(n, str)))
    key = (assignment, forbid, bool(guard_ops), package_dir())
    with _LOCK:
        if key in _CACHE:
            root, digest = _CACHE[key]
            # a runner that shares the judge's uid without a mount namespace could have changed it: made again
            if os.path.isdir(root) and fingerprint(root) == digest:
                return root
            shutil.rmtree(root, ignore_errors=True)
        plan = targets(forbid, guard_ops)
        root = tempfile.mkdtemp(prefix="minigrad-stripped-")
        atexit.register(shutil.rmtree, root, True)
        dest = os.path.join(root, "minigrad")
        src = package_dir()
        for folder, dirs, files in os.walk(src):
            dirs[:] = sorted(d for d in dirs if d not in ("grading", "__pycache__") and not d.startswith("."))
            rel = os.path.relpath(folder, src)
            out_dir = os.path.normpath(os.path.join(dest, rel))
            os.makedirs(out_dir, exist_ok=True)
            prefix = "minigrad" if rel == "." else "minigrad." + rel.replace(os.sep, ".")
            for f in sorted(files):
                path = os.path.join(folder, f)
                if os.path.islink(path) or not os.path.isfile(path) or f.endswith((".pyc", ".pyo")):
                    continue
                target = os.path.join(out_dir, f)
                name = prefix if f == "__init__.py" else f"{prefix}.{f[:-3]}"
                if f.endswith(".py") and name in plan:
                    with open(path, encoding="utf-8") as fh:
                        text, _ = strip_source(fh.read(), name, plan[name], assignment)
                    with open(target, "w", encoding="utf-8") as fh:
                        fh.write(text)
                else:
                    shutil.copyfile(path, target)
        # compiled once here, from the stripped source (never the original's __pycache__): each runner then loads
        # bytecode instead of compiling all of minigrad again (the runners write none: PYTHONDONTWRITEBYTECODE)
        compileall.compile_dir(dest, quiet=2, workers=1)
        # the runner itself starts from this folder, so that the original package need not stay readable to it
        here = os.path.dirname(os.path.abspath(__file__))
        os.makedirs(os.path.join(root, RUNNER_DIR))
        for f in ("runner.py", "protocol.py"):
            shutil.copyfile(os.path.join(here, f), os.path.join(root, RUNNER_DIR, f))
        for folder, dirs, files in os.walk(root):
            os.chmod(folder, 0o755)
            for f in files:
                os.chmod(os.path.join(folder, f), 0o644)
        _CACHE[key] = (root, fingerprint(root))
        return root


def runner_script(root):
    return os.path.join(root, RUNNER_DIR, "runner.py")


def fingerprint(root):
    """A digest of the copy's folders and files (names and contents), checked before each runner starts."""
    h = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        h.update(os.path.relpath(folder, root).encode() + b"\0")
        for f in sorted(files):
            try:
                with open(os.path.join(folder, f), "rb") as fh:
                    h.update(f.encode() + b"\0" + fh.read())
            except OSError:
                h.update(b"unreadable")
    return h.hexdigest()


__all__ = ["stripped_copy", "strip_source", "targets", "package_dir", "runner_script"]
