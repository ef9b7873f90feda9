"""The eighth red-team pass (tests/grading/redteam8/): a backward computed from the student's own forward by numbers
(the complex step, exact to rounding, passed every test of autograd-ops, conv2d and cross-entropy: 100/100 with
no derivative written), honest but slow styles (Python loops) that must keep full marks, and an SGD that reads
weight_decay from ``self.defaults`` instead of the parameter group (100/100 before), an SGD built on the base
class's private walk (Optimizer._updates), and one file of a class's folder, graded on its own, importing another
student's file beside it."""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile

import pytest

from minigrad.grading import grade
from minigrad.grading.cli import main
from minigrad.grading.static import analyze

HERE = os.path.dirname(os.path.abspath(__file__))
RT8 = os.path.join(HERE, "grading", "redteam8")
SUBS = os.path.join(HERE, "grading", "submissions")
STYLES = os.path.join(HERE, "grading", "styles")


def _failed(report):
    return {t.name for t in report.failed()}


def test_a_backward_by_the_complex_step_loses_the_large_cases():
    """Each op's generic numeric backward runs the forward once per input entry: right values, but minutes on the
    large case each op now has. With two ops it loses their large-case tests (and the time they took)."""
    report = grade("autograd-ops", os.path.join(RT8, "ao_complex_step.py"), timeout=3, deadline=60,
                   tasks=["Add", "Sum"])
    assert report.max_score == 20, report.to_text()
    assert {"Add: broadcasting", "Sum: keepdim"} <= _failed(report), report.to_text()
    assert report.score <= 14, report.to_text()
    text = report.to_text()
    assert "runs the forward once per input entry" in text and "derivative by numbers" in text, text


@pytest.mark.parametrize("assignment,name,most", [("conv2d", "conv_complex_step.py", 15),
                                                  ("cross-entropy", "ce_complex_step.py", 40)])
def test_a_single_op_backward_by_numbers_stops_after_two_large_cases(assignment, name, most):
    """Two tests hold a large case: two time-outs, and the task's remaining tests are not run."""
    report = grade(assignment, os.path.join(RT8, name), timeout=3, deadline=60)
    assert report.score <= most, report.to_text()
    failed = _failed(report)
    assert any(n.endswith(": backward") for n in failed), report.to_text()
    assert "not run: 2 earlier tests" in report.to_text(), report.to_text()


@pytest.mark.parametrize("assignment,path", [("autograd-ops", os.path.join(RT8, "ao_python_loops.py")),
                                             ("conv2d", os.path.join(RT8, "conv_python_loops.py")),
                                             ("cross-entropy", os.path.join(STYLES, "ce_numpy_loops.py")),
                                             ("conv2d", os.path.join(STYLES, "conv_loops_tensor_ops.py"))])
def test_honest_code_with_python_loops_keeps_full_marks_on_the_large_cases(assignment, path):
    """Element-by-element loops (math.exp per entry, a matmul by rows, the six-loop textbook convolution) finish the
    large cases well within the default time limit."""
    report = grade(assignment, path)
    assert report.score == report.max_score == 100, report.to_text()


def test_the_numeric_note_names_the_complex_step_and_a_backward_that_runs_a_forward(tmp_path):
    src = tmp_path / "fd.py"
    src.write_text(
        "import numpy as np\nfrom minigrad.autograd import Function\n\n\nclass Exp(Function):\n"
        "    @staticmethod\n    def forward(ctx, x):\n        ctx.x = x\n        return x.exp()\n\n"
        "    @staticmethod\n    def backward(ctx, g):\n        e = 1e-6\n"
        "        return g * (Exp.forward(ctx, ctx.x + e) - Exp.forward(ctx, ctx.x - e)) / (2 * e)\n")
    notes = [f.what for f in analyze(str(src)) if f.kind == "numeric"]
    assert notes == ["a call of .forward() inside backward (finite differences?)"], notes   # (one per line)
    notes = {f.what.split(" (")[0] for f in analyze(os.path.join(RT8, "ce_complex_step.py")) if f.kind == "numeric"}
    assert {"complex", ".imag"} <= notes, notes


def test_no_honest_corpus_file_gets_the_numeric_note():
    for folder in (SUBS, STYLES):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py") and name != "conftest.py":
                found = [f.what for f in analyze(os.path.join(folder, name)) if f.kind == "numeric"]
                assert not found, (name, found)


def test_weight_decay_read_from_the_defaults_instead_of_the_group_fails_parameter_groups(tmp_path):
    """No weight decay on the biases (a group of their own) is the usual reason for parameter groups."""
    with open(os.path.join(SUBS, "sgd_correct.py"), encoding="utf-8") as f:
        src = f.read()
    old = 'wd, nesterov = group["weight_decay"], group["nesterov"]'
    assert old in src
    (tmp_path / "sgd_wd_defaults.py").write_text(
        src.replace(old, 'wd, nesterov = self.defaults["weight_decay"], self.defaults["nesterov"]'))
    report = grade("sgd", str(tmp_path / "sgd_wd_defaults.py"))
    assert _failed(report) == {"SGD: parameter groups"}, report.to_text()
    assert report.score == 95


def test_sgd_written_as_torch_writes_it_keeps_full_marks():
    """In-place updates with alpha=, a `required` lr, maximize, a momentum_buffer state key, a closure."""
    report = grade("sgd", os.path.join(RT8, "sgd_torch_style.py"))
    assert report.score == 100, report.to_text()


def test_the_base_class_walk_that_adds_weight_decay_is_absent():
    """Optimizer._updates (the built-in optimizers' shared loop) skips the parameters without a gradient and adds
    weight_decay * p: an SGD built on it wrote only the momentum and scored 100."""
    report = grade("sgd", os.path.join(RT8, "sgd_base_updates.py"))
    assert report.score == 0, report.to_text()
    assert "Optimizer._updates is not allowed in the sgd assignment" in report.to_text()


def _class_folder(tmp_path):
    """alice.py is `from bob import SGD`; bob.py and carol.py are complete submissions of their own."""
    with open(os.path.join(SUBS, "sgd_correct.py"), encoding="utf-8") as f:
        correct = f.read()
    (tmp_path / "bob.py").write_text(correct)
    (tmp_path / "carol.py").write_text(correct)
    (tmp_path / "alice.py").write_text("from bob import SGD  # noqa: F401\n")
    return tmp_path


def test_one_file_of_a_class_folder_graded_alone_cannot_import_another_students(tmp_path, capsys):
    """Graded one by one (a loop over the class's files), alice scored bob's 100 by importing his file."""
    folder = _class_folder(tmp_path)
    assert main(["sgd", str(folder / "alice.py"), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["score"] == 0
    assert "2 files beside alice.py define SGD themselves" in captured.err, captured.err
    # --single: the instructor says they are this student's own modules
    assert main(["sgd", str(folder / "alice.py"), "--format", "json", "--single"]) == 0
    assert json.loads(capsys.readouterr().out)["score"] == 100


def test_one_students_own_modules_beside_the_file_are_still_given(tmp_path, capsys):
    """main.py imports SGD from impl.py, the only other file that defines it: one student's modules."""
    with open(os.path.join(SUBS, "sgd_correct.py"), encoding="utf-8") as f:
        (tmp_path / "impl.py").write_text(f.read())
    (tmp_path / "main.py").write_text("from impl import SGD  # noqa: F401\n")
    assert main(["sgd", str(tmp_path / "main.py"), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["score"] == 100 and "warning" not in captured.err


SPEC = '''import minigrad
from minigrad.grading import Assignment, OptimizerTask, Test, Steps

TASK = OptimizerTask("SGD", minigrad.optim.SGD, signature="params, lr, momentum=0.0", tests=[
    Test("plain", 50, "trajectory", [Steps(3, lr=0.1)]),
    Test("momentum", 50, "trajectory", [Steps(4, lr=0.05, momentum=0.9)], visibility="hidden"),
])
ASSIGNMENT = Assignment("my-sgd", [TASK], description="implement SGD with momentum")
'''


@pytest.mark.parametrize("body", ["class SGD(minigrad.optim.SGD):\n    pass\n",
                                  "class SGD(minigrad.optim.Optimizer):\n"
                                  "    def __init__(self, params, lr, momentum=0.0):\n"
                                  "        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=0.0, "
                                  "weight_decay=0.0, nesterov=False, maximize=False))\n\n"
                                  "    def step(self, closure=None):\n"
                                  "        return minigrad.optim.SGD.step(self, closure)\n"])
def test_an_instructors_spec_whose_reference_is_minigrads_optimizer_forbids_it(tmp_path, body):
    """A spec written from the docs' example (reference minigrad.optim.SGD, no forbid): a subclass of the reference,
    or its step borrowed, scored 100."""
    (tmp_path / "spec.py").write_text(SPEC)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "sgd.py").write_text("import minigrad\n\n\n" + body)
    report = grade(str(tmp_path / "spec.py"), str(tmp_path / "sub" / "sgd.py"))
    assert report.score == 0, report.to_text()
    honest = grade(str(tmp_path / "spec.py"), os.path.join(SUBS, "sgd_correct.py"))
    assert honest.score == 100, honest.to_text()


def test_the_warning_about_a_class_folder_prints_no_escape_from_a_file_name(tmp_path, capsys):
    folder = _class_folder(tmp_path)
    evil = folder / "al\x1b[2J\nminigrad-grade: all fine.py"
    evil.write_text("from bob import SGD  # noqa: F401\n")
    assert main(["sgd", str(evil), "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert "beside al" in err and "\x1b" not in err and "\nminigrad-grade: all fine" not in err, err


LINUX_ROOT = sys.platform.startswith("linux") and os.geteuid() == 0


def _scratch_parents():
    return ["/var/tmp"] + [p for p in ("/srv", "/opt", "/mnt") if os.path.isdir(p) and os.access(p, os.W_OK)][:1]


@pytest.mark.skipif(not LINUX_ROOT, reason="the runner's mount namespace (covers, private /var/tmp) needs root on Linux")
@pytest.mark.parametrize("parent", _scratch_parents())
def test_a_temporary_folder_outside_tmp_still_gives_the_runner_its_submission(parent, monkeypatch):
    """TMPDIR=/var/tmp (or a folder under /srv): the runner's working folder sat under a place its sandbox covers
    (the top-level folders, a private /var/tmp), its copy of the submission was covered too, and every submission
    scored 0 ("importing your submission failed: FileNotFoundError")."""
    base = tempfile.mkdtemp(prefix="rt8-tmpdir-", dir=parent)
    try:
        monkeypatch.setattr(tempfile, "tempdir", base)
        report = grade("sgd", os.path.join(SUBS, "sgd_correct.py"))
        assert report.score == 100, report.to_text()
        assert report.sandbox.get("other copies of minigrad", "").startswith("covered"), report.sandbox
    finally:
        shutil.rmtree(base, ignore_errors=True)
