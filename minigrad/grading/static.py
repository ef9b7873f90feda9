"""The judge's reading of a submission's source (parsed with ``ast``, never run).

Two kinds of findings:
  reference use   a name the assignment forbids (``minigrad.nn.functional.conv2d`` in conv2d, ``torch``
                  anywhere), followed through imports and aliases (``import minigrad as torch``,
                  ``from minigrad.nn import functional as F``, ``F.conv2d``). Reported as a failed test
                  of its own; the runner refuses the same names at run time.
  tampering       what reaches around the grader rather than computing an answer: frames and code
                  objects (``sys._getframe``, ``f_back``, ``__code__``, ``__globals__``...), ``ctypes``,
                  ``exec``/``eval``/``compile``/``__import__``, process and signal calls (``os.fork``,
                  ``os.kill``, ``setsid``...). A submission that uses them scores 0 with the
                  reason.
  unusual         ordinary in honest code but worth a look (``gc``, ``inspect``, ``importlib``,
                  ``subprocess``, a computed ``getattr``, a ``/proc`` path in a string): a 0-point note; the runner's sandbox refuses at
                  run time what they could reach. Docstrings are never read.
  numeric         a derivative by numbers rather than by hand: a complex number (``1j``, ``.imag``: the complex
                  step), or a ``backward`` that calls a ``forward`` or ``apply``. A 0-point note for the instructor:
                  values cannot tell such a backward from a derived one (see docs/grading.md, "What the tests
                  cannot tell").
A submission over ``MAX_SOURCE`` bytes of Python is refused ("too_large") before anything is parsed.
Code under a top-level ``if __name__ == "__main__":`` is not read: the runner gets it emptied (files.py).
"""
from __future__ import annotations

import ast
import hashlib
import inspect
import os
import sys

from .files import is_main_guard, parse, submission_files

MAX_SOURCE = 256 << 10        # the most Python source (all .py files together) the judge reads; more is refused
MAX_FILES = 200               # and the most .py files

TAMPER_MODULES = {"ctypes", "cffi", "gc", "importlib", "subprocess", "multiprocessing", "signal", "pty",
                  "inspect", "builtins", "code", "codeop", "runpy", "marshal", "pickle", "dill", "posix",
                  "_posixsubprocess", "_thread"}
# ordinary in honest code (a gc.collect(), a computed getattr, inspect, pickle...): reported as a note, never a
# zero; the runner's sandbox refuses at run time what they could be used for
SOFT_MODULES = {"gc", "inspect", "importlib", "pickle", "dill", "_thread", "builtins", "multiprocessing", "subprocess",
                "pty"}
# modules that run code given as a string (timeit.timeit("..."), cProfile.run, pdb.run): exec without the name, so
# the string's code is never read: a note (before the red-team pass 9b, none). Still preloaded (judge.py)
RUNS_STRINGS = {"timeit", "cProfile", "profile", "trace", "pdb", "bdb", "doctest"}
TAMPER_CALLS = {"exec", "eval", "compile", "__import__", "breakpoint"}
TAMPER_ATTRS = {"_getframe", "f_back", "f_globals", "f_locals", "f_code", "f_builtins", "tb_frame", "gi_frame",
                "cr_frame", "ag_frame", "__code__", "__globals__", "__closure__", "cell_contents", "__subclasses__",
                "__builtins__", "__wrapped__", "__loader__", "source_to_code", "modules", "settrace", "setprofile", "_current_frames",
                "addaudithook", "meta_path", "path_hooks", "path_importer_cache", "fork", "forkpty", "setsid",
                "setpgid", "setpgrp", "kill", "killpg", "system", "popen", "spawnl", "spawnv", "spawnve", "spawnvp",
                "execv", "execve", "execl", "execlp", "execvp", "posix_spawn", "dup2", "pidfd_open", "tgkill"}
# attributes that are only a problem on these modules (``.modules`` of sys, ``.kill`` of os...)
MODULE_ONLY = {"modules", "kill", "killpg", "system", "popen", "fork", "dup2", "setsid", "setpgid", "setpgrp",
               "meta_path", "path_hooks", "path_importer_cache", "tgkill"}


# names that reach a function's globals, a frame or a closure when written as strings (operator.attrgetter,
# vars(x)[...], x.__dict__[...], getattr with a computed name): a 0-point note. The verdicts never depend on it:
# the runner holds no graded code to reach (strip.py)
REACH_STRINGS = {"f_globals", "f_locals", "f_back", "f_code", "f_builtins", "tb_frame", "tb_next", "gi_frame",
                 "cr_frame", "ag_frame", "__globals__", "__closure__", "__code__", "cell_contents", "__subclasses__",
                 "__builtins__", "_getframe", "__dict__", "__func__", "__self__", "__wrapped__", "__loader__",
                 "__spec__", "__reduce__", "__reduce_ex__", "__init_subclass__", "__mro__", "__bases__", "__base__"}
GETTERS = {"operator.attrgetter", "operator.methodcaller", "operator.itemgetter", "attrgetter", "methodcaller"}
# derivatives a library takes: computer algebra, numerical differentiation, other autodiff engines. A "derivative by
# numbers?" note like the complex step's (before the red-team pass 10, a backward from sympy.diff or
# scipy.differentiate got no word)
NUMERIC_LIBS = {"sympy": "a derivative taken by computer algebra?",
                "scipy.differentiate": "a numerical derivative?", "scipy.optimize.approx_fprime": "a numerical derivative?",
                "scipy.optimize.check_grad": "a numerical derivative?", "scipy.misc.derivative": "a numerical derivative?",
                "mpmath.diff": "a numerical derivative?", "numdifftools": "a numerical derivative?",
                "jax": "another library's automatic differentiation?",
                "autograd": "another library's automatic differentiation?",
                "tensorflow": "another library's automatic differentiation?"}


def _dunder(text):
    return isinstance(text, str) and len(text) > 4 and text.startswith("__") and text.endswith("__")


class Finding:
    """``kind``: "forbidden" (reference use), "tamper" (reaches around the grader: the submission is not run),
    "unusual" (allowed, but noted), "too_large" (the source is over ``MAX_SOURCE``: not run), "numeric" (a derivative
    by numbers?), "graph" (a function that walks a graph of the student's own: messages only, never a verdict) or
    "copied" (a function body that is one of minigrad's graded ones: a note)."""

    def __init__(self, file, line, what, kind):
        self.file, self.line, self.what, self.kind = file, line, what, kind

    def __repr__(self):
        return f"{self.file} line {self.line}: {self.what}"


# a graph's edges, as a node's attribute, key or variable: a function that loops over them, and also calls itself, runs a
# while loop, reverses a list or keeps an order/visited set, walks a graph of its own (an engine of the student's)
GRAPH_EDGES = {"parents", "_parents", "prev", "_prev", "children", "_children", "deps", "_deps", "edges", "_edges",
               "predecessors", "srcs", "_srcs", "next_functions", "users", "_users"}
GRAPH_WALK = {"topo", "order", "visited", "seen", "reversed", "ready", "indegree", "in_degree", "queue", "stack"}


def _own_nodes(node):
    """The nodes of a function's own body, not those of the functions and classes defined in it (each is read on its
    own: walked again inside every enclosing function, 100 nested functions made the reading quadratic)."""
    todo = list(ast.iter_child_nodes(node))
    while todo:
        sub = todo.pop()
        yield sub
        if not isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(sub))


def _walks_a_graph(node):
    """Whether the function ``node`` walks a graph of the student's own (see GRAPH_EDGES)."""
    words, loops, recursive = set(), False, False
    for sub in _own_nodes(node):
        if isinstance(sub, (ast.For, ast.While, ast.comprehension)):
            loops = True
        if isinstance(sub, ast.Name):
            words.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            words.add(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str) and len(sub.value) < 40:
            words.add(sub.value)
        if isinstance(sub, ast.Call) and isinstance(sub.func, (ast.Name, ast.Attribute)) and \
                getattr(sub.func, "id", getattr(sub.func, "attr", None)) == node.name:
            recursive = True
        if isinstance(sub, ast.While):
            recursive = True
    walk = recursive or any(w in words or any(w in x.lower() for x in words if isinstance(x, str)) for w in GRAPH_WALK)
    return loops and walk and bool(words & GRAPH_EDGES)


def body_fingerprint(fn, least=40):
    """A digest of the function ``fn``'s body (its docstring left out) that survives renamed variables and arguments
    (each name becomes its order of first use) but not other changes; None for a body of fewer than ``least`` syntax
    nodes (short bodies, ``return grad_output, None``, are written alike by everyone)."""
    body = fn.body[1:] if fn.body and isinstance(fn.body[0], ast.Expr) and \
        isinstance(getattr(fn.body[0], "value", None), ast.Constant) and isinstance(fn.body[0].value.value, str) \
        else fn.body
    nodes = [n for stmt in body for n in ast.walk(stmt)]
    if len(nodes) < least:
        return None
    names, words = {}, []
    for n in nodes:
        words.append(type(n).__name__)
        if isinstance(n, ast.Name):
            words.append(names.setdefault(n.id, f"v{len(names)}"))
        elif isinstance(n, ast.arg):
            words.append(names.setdefault(n.arg, f"v{len(names)}"))
        elif isinstance(n, ast.Attribute):
            words.append(n.attr)
        elif isinstance(n, ast.Constant):
            words.append(repr(n.value)[:40])
    return hashlib.sha256("\x00".join(words).encode("utf-8", "replace")).hexdigest()


_GRADED_BODIES = {}


def graded_bodies(forbid=(), guard_ops=False):
    """{body_fingerprint: "minigrad.module.qualname"} of the functions the runner's copy of minigrad leaves out for an
    assignment (strip.targets): a submission's function with one of these bodies is minigrad's own code, copied in.
    Before round 20 a copy of minigrad's source ran as the student's work without a word."""
    from . import strip
    forbid = tuple(sorted(n for n in forbid if isinstance(n, str)))
    key = (forbid, bool(guard_ops), strip.package_dir())
    if key not in _GRADED_BODIES:
        out = {}
        for module, wanted in sorted(strip.targets(forbid, guard_ops).items()):
            try:
                with open(strip.module_file(module), "rb") as f:
                    tree = parse(f.read())
            except (OSError, SyntaxError, ValueError):
                continue
            for fn, qual in strip.graded_functions(tree, wanted):
                fp = body_fingerprint(fn)
                if fp is not None:
                    out.setdefault(fp, f"{module}.{qual}")
        _GRADED_BODIES[key] = out
    return _GRADED_BODIES[key]


def _files(path):
    """The .py files to read: regular files only (a link, a pipe or a device named x.py is never opened)."""
    if not os.path.isdir(path):
        return [(os.path.basename(path), path)] if os.path.isfile(path) else []
    return [(rel, full) for rel, full in submission_files(path, lambda d: d.startswith(".") or d == "__pycache__")
            if rel.endswith(".py")]




def _loaded(dotted):
    """The object a dotted ``minigrad...`` name stands for among the modules the judge has loaded (nothing is
    imported for a name the submission wrote), or None."""
    parts = dotted.split(".")
    for k in range(len(parts), 0, -1):
        obj = sys.modules.get(".".join(parts[:k]))
        if obj is None:
            continue
        for p in parts[k:]:
            try:
                obj = inspect.getattr_static(obj, p)
            except AttributeError:
                return None
            if isinstance(obj, (staticmethod, classmethod)):
                obj = obj.__func__
        return obj
    return None


class _Reader(ast.NodeVisitor):
    def __init__(self, file, forbidden, tamper, torch=False):
        self.file, self.forbidden, self.tamper, self.torch_ok = file, forbidden, tamper, torch
        self.aliases = {}                 # local name -> dotted module path
        self.by_id = {id(o): f for f, o in ((f, _loaded(f)) for f in forbidden) if o is not None}
        self.findings = []
        self.imports = set()              # dotted modules the code imports or reaches by attribute (for preloading)
        self.in_backward = False          # inside a method named backward (or a function nested in one)
        self.top = set()                  # ids of the module's top-level statements
        self.libs_noted = set()           # NUMERIC_LIBS already noted in this file

    def add(self, node, what, kind):
        self.findings.append(Finding(self.file, getattr(node, "lineno", 0), what, kind))

    def visit_If(self, node):
        # only a top-level main guard is skipped: the runner gets those emptied (files.without_main_blocks), not one
        # inside a try, a with or a function (before the red-team pass 9b such a block, run by a file that sets
        # __name__ itself, ran exec and frames unread: 100/100)
        if is_main_guard(node) and id(node) in self.top:
            for n in node.orelse:
                self.visit(n)
            return
        self.generic_visit(node)

    def _module(self, name, node, uses=False):
        self.imports.add(name)
        top = name.split(".")[0]
        if top == "torch" and uses and not self.torch_ok:
            self.add(node, "torch (the grader runs your code on minigrad: write `import minigrad as torch`)", "forbidden")
        if self.tamper and (top in TAMPER_MODULES or name in TAMPER_MODULES):
            self.add(node, f"the module {name}", "unusual" if top in SOFT_MODULES else "tamper")
        elif self.tamper and top in RUNS_STRINGS:
            self.add(node, f"the module {name} (it runs code given as a string, unread)", "unusual")
        if self.tamper and (name == "minigrad.grading" or name.startswith("minigrad.grading.") or top == "__main__"):
            self.add(node, f"the grader itself ({name})", "tamper")
        self._check_dotted(name, node)

    def visit_Import(self, node):
        for a in node.names:
            self._module(a.name, node)
            if a.asname:
                self.aliases[a.asname] = a.name
            else:
                self.aliases[a.name.split(".")[0]] = a.name.split(".")[0]

    def visit_ImportFrom(self, node):
        mod = node.module or ""
        if node.level:
            return
        self._module(mod, node, uses=True)
        for a in node.names:
            full = f"{mod}.{a.name}"
            self._check_dotted(full, node)
            if self.tamper and a.name in TAMPER_ATTRS | TAMPER_CALLS and mod.split(".")[0] in ("sys", "os", "builtins"):
                self.add(node, f"{full}", "tamper")
            self.aliases[a.asname or a.name] = full

    def _dotted(self, node):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            base = self.aliases.get(node.id)
            if base is None:
                return None
            return ".".join([base] + parts[::-1])
        return None

    def _numeric_lib(self, dotted, node):
        for lib, why in NUMERIC_LIBS.items():
            if self.tamper and (dotted == lib or dotted.startswith(lib + ".")) and lib not in self.libs_noted:
                self.libs_noted.add(lib)            # the first use in each file
                self.add(node, f"{lib} ({why})", "numeric")

    def _check_dotted(self, dotted, node):
        self._numeric_lib(dotted, node)
        if dotted.split(".")[0] == "torch" and "." in dotted and not self.torch_ok:
            self.add(node, "torch (the grader runs your code on minigrad: write `import minigrad as torch`)", "forbidden")
            return
        for f in self.forbidden:
            if dotted == f or dotted.startswith(f + "."):
                self.add(node, f, "forbidden")
                return
        # the same object under another path (``minigrad.optim.asgd.ASGD`` for ``minigrad.optim.ASGD``)
        f = self.by_id.get(id(_loaded(dotted))) if dotted.startswith("minigrad.") else None
        if f is not None:
            self.add(node, f, "forbidden")

    def visit_Attribute(self, node):
        dotted = self._dotted(node)
        if dotted is not None:
            self._check_dotted(dotted, node)
            if isinstance(node.ctx, ast.Load) and dotted.count(".") <= 3:
                self.imports.add(dotted)          # scipy.special.expit: a lazily loaded submodule, maybe
        if self.tamper and node.attr in TAMPER_ATTRS:
            base = dotted.split(".")[0] if dotted else ""
            # `.modules` / `.environ` / `.stdout` / `.kill` ... matter on sys, os, np and friends only
            if node.attr not in MODULE_ONLY or base in ("sys", "os", "signal", "posix"):
                self.add(node, f".{node.attr}", "tamper")
        self.generic_visit(node)

    def visit_Name(self, node):
        full = self.aliases.get(node.id)
        if full is not None and full != node.id:
            self._check_dotted(full, node)

    def visit_Call(self, node):
        if self.tamper:
            self._reach_note(node)
        if self.tamper and isinstance(node.func, ast.Name) and node.func.id in TAMPER_CALLS:
            self.add(node, f"{node.func.id}()", "tamper")
        if self.tamper and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr", "delattr") \
                and len(node.args) >= 2:
            name = node.args[1]
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                self.add(node, f"{node.func.id}() with a computed attribute name", "unusual")
            elif name.value in TAMPER_ATTRS and name.value not in MODULE_ONLY:
                self.add(node, f"{node.func.id}(..., {name.value!r})", "tamper")
        if self.tamper and isinstance(node.func, ast.Name) and node.func.id == "open":
            for a in node.args[:1]:
                if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value.startswith("/proc"):
                    self.add(node, "open('/proc/...')", "tamper")
        self.generic_visit(node)

    def _reach_note(self, node):
        """operator.attrgetter("__globals__"), methodcaller, vars(x)["__dict__"], x.__dict__["f_globals"]..."""
        func = node.func if isinstance(node, ast.Call) else None
        if func is not None:
            name = self._dotted(func) if isinstance(func, ast.Attribute) else \
                (self.aliases.get(func.id, func.id) if isinstance(func, ast.Name) else None)
            if name in GETTERS or (isinstance(func, ast.Attribute) and func.attr in ("attrgetter", "methodcaller")):
                for a in node.args:
                    if isinstance(a, ast.Constant) and isinstance(a.value, str) and \
                            (_dunder(a.value.split(".")[-1]) or any(p in REACH_STRINGS for p in a.value.split("."))):
                        self.add(node, f"{name.rpartition('.')[2]}({a.value[:40]!r})", "unusual")
            if isinstance(func, ast.Name) and func.id in ("getattr", "hasattr", "setattr") and len(node.args) >= 2:
                a = node.args[1]
                if isinstance(a, ast.Constant) and _dunder(a.value) and a.value not in TAMPER_ATTRS:
                    self.add(node, f"{func.id}(..., {a.value[:40]!r})", "unusual")
            return
        # a subscript: vars(x)["..."] or x.__dict__["..."]
        key = node.slice
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return
        base = node.value
        through = (isinstance(base, ast.Call) and isinstance(base.func, ast.Name) and base.func.id in ("vars", "globals",
                                                                                                    "locals")) or \
            (isinstance(base, ast.Attribute) and base.attr == "__dict__")
        if through and (_dunder(key.value) or key.value in REACH_STRINGS | {"modules", "meta_path", "path_hooks"}):
            what = f"{base.func.id}(...)" if isinstance(base, ast.Call) else ".__dict__"
            self.add(node, f"{what}[{key.value[:40]!r}]", "unusual")

    def visit_Subscript(self, node):
        if self.tamper:
            self._reach_note(node)
        self.generic_visit(node)

    def visit_Assign(self, node):
        self._minigrad_targets(node.targets, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._minigrad_targets([node.target], node)
        self.generic_visit(node)

    def _minigrad_targets(self, targets, node):
        """A note for an assignment to an attribute of one of minigrad's modules or objects (the grader's copy:
        ``minigrad.autograd.function.SUM_BROADCAST_GRADIENTS = True`` switched the engine's broadcast sum back on,
        red-team round 20)."""
        for t in targets:
            dotted = self._dotted(t) if isinstance(t, ast.Attribute) else None
            if self.tamper and dotted and dotted.split(".")[0] == "minigrad":
                self.add(node, f"an assignment to minigrad's own {dotted} (the grader's copy of minigrad is not yours "
                               "to change: write your own code)", "unusual")

    def visit_FunctionDef(self, node):
        if node.name not in ("forward", "backward") and not any(f.kind == "graph" for f in self.findings) and \
                _walks_a_graph(node):
            self.add(node, node.name, "graph")
        outer = self.in_backward
        self.in_backward = outer or node.name == "backward"
        self.generic_visit(node)
        self.in_backward = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def _numeric(self, node):
        """The complex step (a complex constant, ``.imag``, a complex dtype) and a backward that runs a forward:
        what a derivative computed from the forward by numbers looks like."""
        if isinstance(node, ast.Constant) and isinstance(node.value, complex):
            self.add(node, f"a complex number ({node.value!r}: the complex step?)", "numeric")
        elif isinstance(node, ast.Attribute) and node.attr in ("imag", "complex64", "complex128", "complex_"):
            self.add(node, f".{node.attr} (the complex step?)", "numeric")
        elif isinstance(node, ast.Name) and node.id == "complex" and isinstance(node.ctx, ast.Load):
            self.add(node, "complex (the complex step?)", "numeric")
        elif self.in_backward and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("forward", "apply"):
            self.add(node, f"a call of .{node.func.attr}() inside backward (finite differences?)", "numeric")

    def visit(self, node):
        if self.tamper:
            self._numeric(node)
        return super().visit(node)

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Constant):          # a docstring or a bare string: never used
            return
        self.generic_visit(node)

    def visit_Constant(self, node):
        if self.tamper and isinstance(node.value, str) and node.value.startswith(("/proc", "/autograder")):
            self.add(node, f"the path {node.value[:40]!r}", "unusual")
        elif self.tamper and isinstance(node.value, str) and node.value in REACH_STRINGS - {"__dict__", "__mro__"}:
            self.add(node, f"the string {node.value!r}", "unusual")


# a folder of modules: the files the runner does not load (its own tests, conftest, setup.py: runner.Runner.load)
RUNNER_SKIPS = ("test_", "setup.py", "conftest")


def analyze(path, forbidden=(), tamper=True, allow_torch=False, imports=None, siblings=None, read=None,
            left_out=None, graded=None):
    """Findings in the submission at ``path`` (a file or a folder). Unreadable or unparsable files give
    no findings (the runner reports a syntax error itself). ``imports``, a set, gets the dotted names of the
    modules the code imports (and attribute paths on them: ``scipy.special`` from ``scipy.special.expit``).
    ``siblings``: the folder whose .py files are copied beside the submission for the runner (a file or a package
    graded on its own); each one the code imports (``import helper``, transitively) is read too. Before the ninth
    red-team pass they were not: ``from helper import SGD``, with ctypes and frames in helper.py, scored 100/100
    without a word.
    In a folder of modules (no ``__init__.py``), the files the runner does not load (``test_*.py``, ``conftest.py``,
    ``setup.py``, and the files of sub-folders, which only an import reaches) are read only when a file read imports
    them (by their top-level name); ``left_out``, a set, gets the relative paths of those never read, which the
    runner is not given either. Before the red-team pass 10 a student's own test file, never run, that compared with
    torch or used ``eval`` gave "Own work: graded functionality" or 0/100.
    ``graded``: {body fingerprint: name} (``graded_bodies``): a function whose body is one of those is a "copied"
    finding."""
    forbidden = list(forbidden)
    findings = []
    files = _files(path)
    try:
        size = sum(os.path.getsize(full) for _, full in files[:MAX_FILES + 1])
    except OSError:
        size = 0
    if len(files) > MAX_FILES or size > MAX_SOURCE:
        what = (f"{len(files)} Python files (the limit is {MAX_FILES})" if len(files) > MAX_FILES else
                f"{size // 1024} KB of Python source (the limit is {MAX_SOURCE // 1024} KB)")
        return [Finding("", 0, what, "too_large")]
    optional = {}                      # top-level name -> files read only when imported (a folder of modules)
    if os.path.isdir(path) and not os.path.isfile(os.path.join(path, "__init__.py")):
        keep = []
        for shown, full in files:
            top, sep, _ = shown.partition(os.sep)
            if sep or top.startswith(RUNNER_SKIPS):
                optional.setdefault(top if sep else top[:-3], []).append((shown, full))
            else:
                keep.append((shown, full))
        files = keep
    done = {os.path.realpath(full) for _, full in files} | {os.path.realpath(path)}
    total = 0
    while files:
        shown, full = files.pop(0)
        try:
            with open(full, "rb") as f:
                source = f.read(MAX_SOURCE + 1)
            # every file read counts, the imported neighbours too (before the red-team pass 10 only the files found
            # up front did: a 370 KB helper was parsed from its first 256 KB, and its tail ran unread)
            total += len(source)
            if total > MAX_SOURCE:
                return [Finding("", 0, f"more than {MAX_SOURCE // 1024} KB of Python source (with {shown}; the limit "
                                       f"is {MAX_SOURCE // 1024} KB)", "too_large")]
            tree = parse(source, shown)
        except (RecursionError, MemoryError):    # Python may compile what the judge, deeper in its stack, cannot parse
            findings.append(Finding(shown, 0, "code nested too deep to read", "tamper"))
            continue
        except (OSError, SyntaxError, ValueError):
            continue
        r = _Reader(shown, forbidden, tamper, allow_torch)
        r.top = {id(node) for node in tree.body}
        try:
            for node in tree.body:
                r.visit(node)
        except RecursionError:
            findings.append(Finding(shown, 0, "code nested too deep to read", "tamper"))
        findings += r.findings
        for node in ast.walk(tree) if graded else ():
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                fp = body_fingerprint(node)
                if fp in graded:
                    findings.append(Finding(shown, node.lineno, f"the body of {graded[fp]}", "copied"))
        if imports is not None:
            imports.update(r.imports)
        for top in sorted({name.split(".")[0] for name in r.imports} & set(optional)):
            files.extend(optional.pop(top))
        for top in sorted({name.split(".")[0] for name in r.imports} if siblings else ()):
            sib = os.path.join(siblings, top + ".py")
            if len(done) < MAX_FILES and top not in sys.builtin_module_names and os.path.realpath(sib) not in done \
                    and not os.path.islink(sib) and \
                    os.path.isfile(sib):
                done.add(os.path.realpath(sib))
                files.append((top + ".py", sib))
                if read is not None:          # the siblings read: the only ones the runner gets (judge.py)
                    read.add(top + ".py")
    if left_out is not None:
        left_out.update(shown for group in optional.values() for shown, _ in group)
    seen, out = set(), []
    for f in findings:
        key = (f.file, f.line, f.what, f.kind)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
