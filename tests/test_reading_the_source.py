"""The source stays readable: the tour in docs/reading-the-source.md points at code that exists, the
engine loop and Op.apply stay short, and the core's imports stay layered without cycles.
(The doc's code blocks and shown outputs are run and checked by tests/test_docs.py.)"""
import ast
import importlib
import inspect
import re
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOUR = ROOT / "docs" / "reading-the-source.md"


def _stops():
    """(file, [names]) for every row of the tour's table."""
    rows = []
    for line in TOUR.read_text().split("\n"):
        m = re.match(r"\| \d+ \| `(minigrad/[\w/]+\.py)`(?: · (.*?)) \|", line + " |") or \
            re.match(r"\| \d+ \| `(minigrad/[\w/]+\.py)` \|", line)
        if m:
            names = re.findall(r"`([\w.]+)`", m.group(2) or "") if m.lastindex and m.lastindex > 1 else []
            rows.append((m.group(1), names))
    return rows


def test_the_tour_has_its_stops_in_order():
    files = [f for f, _ in _stops()]
    assert len(files) >= 8
    order = ["minigrad/tensor.py", "minigrad/autograd/function.py", "minigrad/ops/pointwise.py",
             "minigrad/autograd/engine.py", "minigrad/nn/layers.py", "minigrad/optim/sgd.py"]
    positions = [files.index(f) for f in order]
    assert positions == sorted(positions), "tensor -> Function/ctx -> one op -> engine -> layer -> optimizer"


@pytest.mark.parametrize("path,names", _stops(), ids=lambda v: v if isinstance(v, str) else ",".join(v))
def test_every_stop_names_code_that_exists(path, names):
    assert (ROOT / path).exists(), path
    module = importlib.import_module(path[:-3].replace("/", ".").removesuffix(".__init__"))
    for name in names:
        obj = module
        for part in name.split("."):
            obj = getattr(obj, part, None)
            assert obj is not None, f"{path} has no {name}"


def _body_lines(fn):
    """The lines of a function's body after its docstring, without blank and comment-only lines."""
    src = textwrap.dedent(inspect.getsource(fn))
    node = ast.parse(src).body[0]
    body = node.body[1:] if ast.get_docstring(node) else node.body
    lines = src.split("\n")[body[0].lineno - 1:node.end_lineno]
    return [ln for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def test_the_engine_loop_and_op_apply_fit_on_a_screen():
    from minigrad.autograd.engine import _run
    from minigrad.autograd.function import Op, make_outputs, run_forward
    assert len(_body_lines(_run)) <= 30
    apply = _body_lines(Op.apply.__func__) + _body_lines(make_outputs) + _body_lines(run_forward)
    assert len(apply) <= 40


CORE_LAYERS = [            # each may import only itself and the layers before it
    ["minigrad.dtypes", "minigrad.backend"],
    ["minigrad._format", "minigrad.tensor"],
    ["minigrad.factories"],
    ["minigrad.autograd"],
    ["minigrad.fast"],
    ["minigrad.ops"],
]


def _layer(module):
    for i, prefixes in enumerate(CORE_LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    return None


def _imports(path, module):
    """The minigrad modules that ``module`` imports anywhere in its file (also inside functions)."""
    is_pkg = path.name == "__init__.py"
    base = module.split(".") if is_pkg else module.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base[:len(base) - node.level + 1]
                name = ".".join(parent + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if not name.startswith("minigrad"):
                continue
            subs = [f"{name}.{a.name}" for a in node.names]
            found = [s for s in subs if (ROOT / (s.replace(".", "/") + ".py")).exists()
                     or (ROOT / s.replace(".", "/") / "__init__.py").exists()]
            out.update(found if found else [name])
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("minigrad"))
    return out


def test_core_imports_are_layered():
    """backend -> tensor -> factories -> autograd -> fast -> ops: no module imports a later layer
    (not even inside a function), so the core has no import cycle."""
    wrong = []
    for path in sorted((ROOT / "minigrad").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        mine = _layer(module)
        if mine is None:
            continue
        for target in _imports(path, module):
            theirs = _layer(target)
            if theirs is not None and theirs > mine and not target.startswith("minigrad.autograd.trace"):
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(wrong)
