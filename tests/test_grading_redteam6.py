"""The sixth red-team pass (tests/grading/redteam6/): attacks that reached the runner's own globals and switched its
in-process lock-down off, read a second copy of minigrad, ran a compiled helper, or rewrote classmates' files.

The fix does not lock graded code in the runner: the runner imports minigrad from a copy made by the judge in which
the graded functions' bodies are gone (``minigrad/grading/strip.py``), every other copy (the judge's, its checkout,
site-packages, editable installs, torch) is covered in the runner's mount namespace, compiled code is never handed
to it, and a batch grades every student from copies made up front. Each attack must score no more than the honest
work it wraps, whatever it switches off in the runner's memory.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

import minigrad
from minigrad.grading import grade
from minigrad.grading.assignments import sgd as sgd_assignment
from minigrad.grading.cli import main
from minigrad.grading.judge import Sandbox
from minigrad.grading.static import analyze
from minigrad.grading import strip

HERE = os.path.dirname(os.path.abspath(__file__))
RT6 = os.path.join(HERE, "grading", "redteam6")
SUBS = os.path.join(HERE, "grading", "submissions")
FOUR = ["Add", "Mul", "MatMul", "ReLU"]
LINUX_ROOT = sys.platform.startswith("linux") and os.geteuid() == 0

# (assignment, file, tasks, runner user, score, words in the report or None). The unlock attacks' forwards run
# minigrad's forward ops, which autograd-ops allows: 2 points per op, nothing for a backward.
CASES = [
    ("conv2d", "rt6_conv_unlock.py", None, "auto", 0, "is not allowed in the conv2d assignment"),
    ("sgd", "rt6_sgd_unlock.py", None, "auto", 0, "is not allowed in the sgd assignment"),
    ("sgd", "rt6_sgd_unlock.py", None, None, 0, "is not allowed in the sgd assignment"),
    ("autograd-ops", "rt6_ao_unlock.py", FOUR, "auto", 8, "is not allowed in the autograd-ops assignment"),
    ("autograd-ops", "rt6_ao_guards_off.py", FOUR, "auto", 8, "is not allowed in the autograd-ops assignment"),
    ("cross-entropy", "rt6_ce_unlock.py", None, "auto", 0, "is not allowed in the cross-entropy assignment"),
    ("cross-entropy", "rt6_ce_weird.py", None, "auto", 20, None),
    ("sgd", "rt6_sgd_second_copy.py", None, "auto", 0, None),
    ("sgd", "rt6_sgd_second_copy_link.py", None, "auto", 0, None),
    # the covers taken off with umount2 (the lock-down switched off, ctypes reached through sys.modules)
    ("sgd", "rt6_umount_sgd.py", None, "auto", 0, "no readable copy of SGD"),
    ("sgd", "rt6_umount_sgd.py", None, None, 0, "no readable copy of SGD"),
]


def _second_copy(root):
    """A second, complete copy of minigrad on the runner's sys.path (as Gradescope's setup.sh leaves one in
    site-packages): the second-copy attacks look for it there."""
    site = os.path.join(root, "site")
    shutil.copytree(os.path.dirname(os.path.abspath(minigrad.__file__)), os.path.join(site, "minigrad"),
                    ignore=shutil.ignore_patterns("__pycache__", "grading"))
    return site


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    site = _second_copy(str(tmp_path_factory.mktemp("copy")))

    def one(case):
        a, f, tasks, user, _, _ = case
        return grade(a, os.path.join(RT6, f), tasks=tasks, timeout=5, sandbox=Sandbox(user=user),
                     extra_path=[site] if "second_copy" in f else None)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(range(len(CASES)), pool.map(one, CASES)))


@pytest.mark.parametrize("k", range(len(CASES)), ids=[f"{c[1]}-{c[3]}" for c in CASES])
def test_attack_scores_no_more_than_its_honest_work(graded, k):
    assignment, name, tasks, user, score, words = CASES[k]
    r = graded[k]
    assert r.score == score, r.to_text()
    if words:
        assert words in r.output + " ".join(t.output for t in r.tests), r.to_text()


@pytest.mark.skipif(not LINUX_ROOT, reason="mount namespaces: Linux, as root")
def test_the_runner_sees_no_other_copy(graded):
    r = graded[1]
    assert r.sandbox.get("other copies of minigrad", "").startswith("covered"), r.sandbox
    assert r.sandbox.get("processes", "").startswith("hidden"), r.sandbox


def test_reaching_around_by_strings_is_noted():
    for f in ("rt6_conv_unlock.py", "rt6_routes_probe.py"):
        notes = [x.what for x in analyze(os.path.join(RT6, f)) if x.kind == "unusual"]
        assert "attrgetter('__globals__')" in notes, notes
    notes = [x.what for x in analyze(os.path.join(RT6, "rt6_routes_probe.py")) if x.kind == "unusual"]
    assert "attrgetter('tb_frame')" in notes
    notes = [x.what for x in analyze(os.path.join(RT6, "rt6_sgd_second_copy_link.py")) if x.kind == "unusual"]
    assert "vars(...)['modules']" in notes
    # notes only: the verdict comes from what the code does
    assert not [x for x in analyze(os.path.join(RT6, "rt6_conv_unlock.py")) if x.kind in ("tamper", "forbidden")]


# ---------------------------------------------------------------------------------------------
# the stripped copy
# ---------------------------------------------------------------------------------------------
def test_strip_source_replaces_bodies_and_keeps_line_numbers():
    src = ('class A:\n    """doc"""\n\n    def f(self, x):\n        y = x + 1\n        return y\n\n'
           '    def g(self):  # kept\n        return 2\n\n\ndef h(): return 3\n\n\ndef k():\n    return 4\n')
    out, done = strip.strip_source(src, "m", {"A.f": False, "h": False}, "demo")
    assert sorted(done) == ["A.f", "h"]
    assert out.count("\n") == src.count("\n")
    ns = {}
    exec(compile(out, "m", "exec"), ns)
    with pytest.raises(RuntimeError, match="is not allowed in the demo assignment"):
        ns["A"]().f(1)
    with pytest.raises(RuntimeError, match="not allowed"):
        ns["h"]()
    assert ns["A"]().g() == 2 and ns["k"]() == 4
    out, done = strip.strip_source(src, "m", {"A": True}, "demo")
    assert sorted(done) == ["A.f", "A.g"]


def test_the_copy_for_sgd_has_no_optimizer_code():
    a = sgd_assignment.ASSIGNMENT
    root = strip.stripped_copy(a.name, a.forbid, a.guard_ops)
    assert strip.stripped_copy(a.name, a.forbid, a.guard_ops) == root          # made once per judge process
    assert not os.path.exists(os.path.join(root, "minigrad", "grading"))
    assert not any(f.endswith(".pyc") and "__pycache__" not in d for d, _, fs in os.walk(root) for f in fs)
    with open(os.path.join(root, "minigrad", "optim", "sgd.py")) as f:
        text = f.read()
    with open(os.path.join(strip.package_dir(), "optim", "sgd.py")) as f:
        original = f.read()
    assert text.count("\n") == original.count("\n")
    tree = ast.parse(text)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "SGD")
    methods = [n for n in cls.body if isinstance(n, ast.FunctionDef)]
    assert methods and all(len(m.body) == 1 and isinstance(m.body[0], ast.Raise) for m in methods)
    # the copy imports, its Optimizer works and its SGD refuses, in a fresh interpreter
    code = ("import minigrad, minigrad.optim as o; assert minigrad.__file__.startswith(%r); "
            "p = minigrad.zeros(2, requires_grad=True); o.Optimizer([p], {'lr': 1})\n"
            "try:\n    o.SGD([p], lr=0.1)\nexcept RuntimeError as e:\n    print(e)" % root)
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": root}, cwd=root, capture_output=True,
                         text=True, timeout=120)
    assert "is not allowed in the sgd assignment" in out.stdout, out.stdout + out.stderr


def test_a_changed_copy_is_made_again():
    """Where a runner shares the judge's uid without a mount namespace it could write to the copy: the judge checks
    the copy's digest before each runner starts and makes a fresh one when it changed."""
    a = sgd_assignment.ASSIGNMENT
    root = strip.stripped_copy(a.name, a.forbid, a.guard_ops)
    with open(os.path.join(root, "minigrad", "optim", "sgd.py"), "a") as f:
        f.write("\nSGD = object\n")
    again = strip.stripped_copy(a.name, a.forbid, a.guard_ops)
    assert again != root and not os.path.exists(root)
    with open(os.path.join(again, "minigrad", "optim", "sgd.py")) as f:
        assert "SGD = object" not in f.read()


def test_the_copy_for_autograd_ops_has_no_builtin_derivative():
    from minigrad.grading.assignments import autograd_ops
    a = autograd_ops.ASSIGNMENT
    root = strip.stripped_copy(a.name, a.forbid, a.guard_ops)
    code = ("import minigrad\nx = minigrad.tensor([1.0, 2.0], requires_grad=True)\ny = (x * x).sum()\n"
            "print(float(y))\ntry:\n    minigrad.autograd.grad(y, [x])\nexcept RuntimeError as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": root}, cwd=root, capture_output=True,
                         text=True, timeout=120)
    assert out.stdout.splitlines()[0] == "5.0", out.stdout + out.stderr
    assert "is not allowed in the autograd-ops assignment" in out.stdout, out.stdout + out.stderr


def test_editable_installs_are_found(tmp_path):
    spec = importlib.util.spec_from_file_location("_rt6_runner", os.path.join(os.path.dirname(strip.__file__),
                                                                             "runner.py"))
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    (tmp_path / "a.pth").write_text("# comment\n/somewhere/checkout\nimport os\n")
    (tmp_path / "__editable___minigrad_0_1_finder.py").write_text(
        "MAPPING = {'minigrad': '/elsewhere/src/minigrad'}\nNAMESPACES = {}\n")
    found = runner._editable_targets([str(tmp_path)])
    assert "/somewhere/checkout" in found and "/elsewhere/src/minigrad" in found


# ---------------------------------------------------------------------------------------------
# compiled code
# ---------------------------------------------------------------------------------------------
def _native_submission(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    shutil.copyfile(os.path.join(RT6, "native_sub", "sgd.py"), sub / "sgd.py")
    import sysconfig
    so = sub / f"helper{sysconfig.get_config_var('EXT_SUFFIX') or '.so'}"
    cc = shutil.which("cc") or shutil.which("gcc")
    include = sysconfig.get_paths().get("include")
    built = False
    if cc and include and os.path.exists(os.path.join(include, "Python.h")):
        out = subprocess.run([cc, "-shared", "-fPIC", "-O0", f"-I{include}", "-o", str(so),
                              os.path.join(RT6, "native_src", "helper.c")], capture_output=True, timeout=120)
        built = out.returncode == 0
    if not built:                              # no compiler: an ELF header is enough to be refused unread
        so.write_bytes(b"\x7fELF" + b"\0" * 60)
    return sub, so.name


def test_a_compiled_helper_is_never_given_to_the_runner(tmp_path):
    sub, so_name = _native_submission(tmp_path)
    (sub / "weights.npz").write_bytes(b"PK\x03\x04" + b"\0" * 30)      # a zip under another name: zipimport-able
    r = grade("sgd", str(sub), timeout=5)
    assert r.score == 0, r.to_text()
    assert "No module named 'helper'" in r.output, r.to_text()
    note = next(t for t in r.tests if t.name == "Own work: compiled code left out")
    assert so_name in note.output and "weights.npz" in note.output and note.max_score == 0


def test_a_single_compiled_file_is_refused(tmp_path):
    f = tmp_path / "sgd.py"
    f.write_bytes(b"\x7fELF" + b"\0" * 60)
    r = grade("sgd", str(f), timeout=5)
    assert r.score == 0 and "compiled code or an archive" in r.output, r.to_text()


# ---------------------------------------------------------------------------------------------
# a class in batch mode: one file switches the lock-down off and rewrites its classmates' files
# ---------------------------------------------------------------------------------------------
def _class_folder(cls):
    """The batch class: the saboteur, an honest SGD, the victim, and c_unlock (the unlock attack of above)."""
    shutil.copytree(os.path.join(RT6, "class"), cls)
    shutil.copyfile(os.path.join(RT6, "rt6_sgd_unlock.py"), cls / "c_unlock.py")


def _digests(folder):
    return {f: hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in sorted(os.listdir(folder))}


EXPECTED = {"a_sabotage": 0, "b_honest": 100, "c_unlock": 0, "d_victim": 100}


def _check_gradebook(path):
    rows = [line.split(",") for line in path.read_text().splitlines()[1:]]
    assert {r[0]: int(float(r[1])) for r in rows} == EXPECTED, path.read_text()


@pytest.mark.skipif(not LINUX_ROOT, reason="as root: --runner-user none would keep the judge's uid (root)")
def test_root_judge_refuses_runners_without_a_uid_of_their_own(tmp_path, capsys):
    """A root runner could write anywhere and signal the judge (the seventh red team killed a batch that way):
    as root the command line refuses --runner-user none."""
    cls = tmp_path / "class"
    _class_folder(cls)
    before = _digests(cls)
    assert main(["sgd", str(cls), "--csv", str(tmp_path / "g.csv"), "--runner-user", "none", "--jobs", "2",
                 "--timeout", "5"]) != 0
    assert "--runner-user none: the judge runs as root" in capsys.readouterr().err
    assert not (tmp_path / "g.csv").exists() and _digests(cls) == before


def _user_namespace_judge():
    """A command prefix that runs the judge as an unprivileged user (uid 1000 in a user namespace of its own), or
    None where the OS has no such thing."""
    tool = shutil.which("unshare")
    if not tool or not sys.platform.startswith("linux"):
        return None
    prefix = [tool, "-U", "--map-user=1000", "--map-group=1000"] if os.geteuid() == 0 else []
    try:
        out = subprocess.run(prefix + [sys.executable, "-c", "import os; print(os.geteuid())"], capture_output=True,
                             text=True, timeout=60)
    except OSError:
        return None
    return prefix if out.returncode == 0 and out.stdout.strip() != "0" else None


def test_batch_sabotage_as_a_user(tmp_path):
    prefix = _user_namespace_judge()
    if prefix is None:
        pytest.skip("no way to run the judge as an unprivileged user here")
    cls = tmp_path / "class"
    _class_folder(cls)
    before = _digests(cls)
    out = subprocess.run(prefix + [sys.executable, "-m", "minigrad.grading", "sgd", str(cls), "--csv",
                                   str(tmp_path / "g.csv"), "--jobs", "2", "--timeout", "5"],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(minigrad.__file__))})
    assert out.returncode == 0, out.stderr[-2000:]
    if "had no mount namespace" in out.stderr:
        pytest.skip("no unprivileged user namespaces here: " + out.stderr[-300:])
    _check_gradebook(tmp_path / "g.csv")
    assert _digests(cls) == before


def test_batch_without_a_mount_namespace_grades_from_copies_and_says_what_changed(tmp_path):
    """Where the OS gives a runner that shares the judge's uid no mount namespace, nothing stops it from rewriting
    other students' files: the victims are still graded from the copies made up front, and the reports say so."""
    from minigrad.grading.batch import find_submissions, grade_many
    cls = tmp_path / "class"
    _class_folder(cls)
    warnings = []
    results = grade_many("sgd", find_submissions([str(cls)], "sgd"), jobs=1, timeout=5,
                         sandbox=Sandbox(user=None, mount_namespace=False), warn=warnings.append)
    scores = {sid: r.score for sid, r, _ in results}
    assert scores["b_honest"] == 100 and scores["d_victim"] == 100 and scores["c_unlock"] == 0, scores
    # one at a time, a_sabotage runs first: it rewrote the three others' originals, which the reports say
    changed = sorted(sid for sid, r, _ in results
                     if any(t.name == "Sandbox: files changed during grading" for t in r.tests))
    assert changed == ["b_honest", "c_unlock", "d_victim"], [w for w in warnings]
    assert all("while a_sabotage" in w for w in warnings if "original files of" in w), warnings
    assert any("no mount namespace" in w for w in warnings), warnings
