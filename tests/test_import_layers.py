"""The layering of minigrad's imports (scripts/import_graph.py reads the source; nothing is imported):
no module-level import cycle anywhere, no cycle at all inside minigrad.grading (function-level imports
counted), no module-level import from a lower layer into a higher one. Each rule is also checked to
fire on a graph that breaks it, so that a passing test means something."""
import importlib.util
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(os.path.dirname(HERE), "scripts", "import_graph.py")

spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
ig = importlib.util.module_from_spec(spec)
sys.modules.setdefault("import_graph", ig)          # its dataclass looks its module up there
spec.loader.exec_module(ig)


@pytest.fixture(scope="module")
def graph():
    return ig.build()


def test_the_graph_is_read(graph):
    assert "minigrad.tensor" in graph.modules and "minigrad.grading.grader" in graph.modules
    assert "minigrad.tensor" in graph.top["minigrad.autograd.function"]       # from ..tensor import Tensor
    assert "minigrad.grading.spec" in graph.top["minigrad.grading.grader"]     # from .spec import Fail, ...


def test_no_module_level_cycle(graph):
    assert ig.cycles(graph.edges()) == []


def test_no_cycle_in_grading_even_through_function_level_imports(graph):
    assert ig.cycles(graph.edges(lazy_too=True), lambda m: m.startswith("minigrad.grading")) == []


def test_no_lower_layer_imports_a_higher_one_at_module_level(graph):
    assert ig.upward_imports(graph) == []


def test_every_module_has_a_layer(graph):
    assert ig.unplaced(graph) == []


def test_the_layer_order(graph):
    names = [name for name, _ in ig.LAYERS]
    assert names.index("backend") < names.index("tensor") < names.index("autograd") < names.index("ops") \
        < names.index("nn/optim") < names.index("viz") < names.index("grading")
    assert ig.layer_of("minigrad.nn.functional") == names.index("nn/optim")
    assert ig.layer_of("minigrad.grading.runner") == names.index("grading")
    assert ig.layer_of("minigrad") == names.index("package")


def test_the_allowed_upward_imports_exist_and_say_why(graph):
    for (src, dst), why in ig.ALLOWED_UPWARD.items():
        assert dst in graph.top[src], f"{src} no longer imports {dst}: remove it from ALLOWED_UPWARD"
        assert ig.layer_of(dst) > ig.layer_of(src) and len(why) > 20


def test_the_checks_fire_on_a_graph_that_breaks_them(graph):
    edges = graph.edges()
    edges["minigrad.tensor"] = edges["minigrad.tensor"] | {"minigrad.autograd.function"}
    # (the cycle reported may pass through other modules, e.g. autograd.grad_mode, which imports tensor)
    assert any({"minigrad.autograd.function", "minigrad.tensor"} <= set(c) for c in ig.cycles(edges))
    broken = ig.Graph(graph.modules, top=graph.top.copy(), lazy=graph.lazy.copy(), where=dict(graph.where))
    broken.lazy["minigrad.grading.spec"] = {"minigrad.grading.grader"}        # a lazy import back up
    assert any("minigrad.grading" in p and "grader" in p and "spec" in p for p in ig.problems(broken))
    broken.top["minigrad.ops.pointwise"] = graph.top["minigrad.ops.pointwise"] | {"minigrad.nn.functional"}
    broken.where[("minigrad.ops.pointwise", "minigrad.nn.functional", False)] = 1
    assert ("minigrad.ops.pointwise", "minigrad.nn.functional", 1) in ig.upward_imports(broken)


def test_the_script_checks_from_the_command_line():
    res = subprocess.run([sys.executable, SCRIPT, "--check"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "every rule holds" in res.stdout
