"""The grader (minigrad.grading) on a corpus of correct and deliberately buggy submissions.

Every planted bug must lose points on the test meant to catch it (and only on the tests listed here),
with a message that names the op; correct submissions must get full marks. The corpus is in
tests/grading/submissions (never collected as tests). Grading runs worker processes, so the reports
are computed once, a few at a time, by a module fixture.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import minigrad
from minigrad.grading import (grade, load_assignment, render_template, Assignment, FunctionTask, OptimizerTask,
                              Task, Test, Case, Same, randn, VISIBILITIES)
from minigrad.grading.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
SUBS = os.path.join(HERE, "grading", "submissions")
SPECS = os.path.join(HERE, "grading", "specs")
ROOT = os.path.dirname(HERE)


def sub(name):
    return os.path.join(SUBS, name)


CORRECT = [
    ("autograd-ops", "autograd_ops_correct.py"),
    ("autograd-ops", "autograd_ops_correct_tensor_ops.py"),
    ("conv2d", "conv2d_correct.py"),
    ("cross-entropy", "cross_entropy_correct.py"),
    ("cross-entropy", "cross_entropy_correct_probs.py"),
    ("cross-entropy", "ce_folder"),                 # a folder of modules, as Gradescope unpacks it
    ("cross-entropy", "sandbox_prints.py"),         # correct, but prints a lot (also straight to fd 1)
    ("sgd", "sgd_correct.py"),
    ("sgd", "sgd_correct_data.py"),
    ("sgd", "sgd_package"),                         # a package folder
]

# (assignment, submission, task graded, the tests of that task that must fail (all others must pass),
#  words the first failing test's message must contain)
BUGS = [
    ("autograd-ops", "ao_add_no_unbroadcast.py", "Add", {"broadcasting", "finite differences", "reused inputs"},
     ["Add.backward", "input 1 (b)", "has shape (3, 4) but the input has shape (4,)",
      "sum over the broadcast dimensions"]),
    ("autograd-ops", "ao_mul_ignores_upstream.py", "Mul",
     {"backward", "broadcasting", "finite differences", "reused inputs"},
     ["Mul.backward", "upstream gradient were all ones", "grad_output"]),
    ("autograd-ops", "ao_mul_mutates_grad.py", "Mul", {"backward", "broadcasting", "finite differences"},
     ["Mul.backward", "modified its incoming gradient", "in place"]),
    ("autograd-ops", "ao_div_wrong_sign.py", "Div", {"backward", "broadcasting", "finite differences", "reused inputs"},
     ["Div.backward", "input 1 (b)", "-1 times"]),
    ("autograd-ops", "ao_matmul_no_transpose.py", "MatMul",
     {"backward (square)", "non-square", "finite differences", "reused inputs"}, ["MatMul.backward"]),
    ("autograd-ops", "ao_sum_no_unsqueeze.py", "Sum", {"backward", "keepdim", "finite differences"}, ["Sum.backward"]),
    ("autograd-ops", "ao_sigmoid_unstable.py", "Sigmoid", {"large inputs"}, ["Sigmoid", "NaN", "overflow"]),
    ("autograd-ops", "ao_tanh_unstable.py", "Tanh", {"large inputs"}, ["Tanh", "NaN"]),
    ("autograd-ops", "ao_exp_class_state.py", "Exp", {"reused inputs"}, ["Exp", "ctx"]),
    # the kink case holds negative entries since the corpus pass 14, which this in-place forward zeroes
    ("autograd-ops", "ao_relu_inplace.py", "ReLU", {"forward", "backward", "at the kink", "finite differences"},
     ["ReLU.forward", "modified input 0 (x) in place"]),
    ("autograd-ops", "ao_numpy_grad.py", "Log", {"backward", "finite differences", "reused inputs"},
     ["Log.backward", "numpy.ndarray, not a minigrad Tensor"]),
    ("autograd-ops", "ao_relu_not_function.py", "ReLU",
     {"forward", "backward", "at the kink", "finite differences", "reused inputs"},
     ["ReLU", "not a subclass of minigrad.autograd.Function"]),
    ("conv2d", "conv2d_stride_remainder.py", "Conv2d", {"stride with remainder"},
     ["Conv2d.backward", "input 0 (x)", "has shape (2, 2, 7, 7) but the input has shape (2, 2, 8, 8)", "stride"]),
    ("conv2d", "conv2d_backward_ignores_stride.py", "Conv2d",
     {"stride > 1", "stride with remainder", "finite differences", "reused inputs"}, ["Conv2d.backward", "stride=2"]),
    ("conv2d", "conv2d_bias_required.py", "Conv2d", {"bias None"}, ["Conv2d.forward", "AttributeError", "bias=None"]),
    ("conv2d", "conv2d_padding_kept.py", "Conv2d",
     {"padding", "stride > 1", "stride with remainder", "finite differences", "reused inputs"},
     ["Conv2d.backward", "(2, 3, 8, 8) but the input has shape (2, 3, 6, 6)", "padding"]),
    ("conv2d", "conv2d_kernel_hw_swapped.py", "Conv2d", {"channels and shapes"}, ["Conv2d", "weight (5, 2, 2, 4)"]),
    ("cross-entropy", "ce_no_max_subtraction.py", "CrossEntropy", {"large logits"},
     ["CrossEntropy", "1e4", "NaN", "maximum"]),
    ("cross-entropy", "ce_sum_not_mean.py", "CrossEntropy",
     {"forward", "backward", "large logits", "batch and class sizes", "finite differences", "reused inputs"},
     ["CrossEntropy", "output"]),
    ("cross-entropy", "ce_ignores_upstream.py", "CrossEntropy",
     {"backward", "large logits", "batch and class sizes", "finite differences", "reused inputs"},
     ["CrossEntropy.backward", "all ones"]),
    ("cross-entropy", "ce_backward_no_mean.py", "CrossEntropy",
     {"backward", "large logits", "batch and class sizes", "finite differences", "reused inputs"},
     ["CrossEntropy.backward", "4 times the expected value"]),
    ("sgd", "sgd_zero_buffer.py", "SGD", {"dampening", "all options"}, ["SGD", "after step 1", "dampening=0.5"]),
    ("sgd", "sgd_decay_after_momentum.py", "SGD", {"weight decay", "nesterov", "all options", "missing gradients"},
     ["SGD", "weight_decay"]),
    ("sgd", "sgd_mutates_grad.py", "SGD", {"p.grad unchanged"}, ["SGD.step changed p.grad"]),
    ("sgd", "sgd_buffer_aliases_grad.py", "SGD", {"p.grad unchanged"}, ["SGD.step changed the gradient", "clone"]),
    ("sgd", "sgd_no_nesterov.py", "SGD", {"nesterov"}, ["SGD", "nesterov=True"]),
    ("sgd", "sgd_ignores_groups.py", "SGD", {"parameter groups", "missing gradients", "learning-rate schedule"},
     ["SGD", "param_groups"]),
]


@pytest.fixture(scope="module")
def reports():
    """Every corpus submission graded once (bugs only on the task they concern), a few at a time."""
    jobs = [(a, f, None) for a, f in CORRECT] + [(a, f, t) for a, f, t, _, _ in BUGS]
    with ThreadPoolExecutor(max_workers=3) as pool:
        done = list(pool.map(lambda j: grade(j[0], sub(j[1]), tasks=[j[2]] if j[2] else None, jobs=1), jobs))
    return {(a, f): r for (a, f, _), r in zip(jobs, done)}


@pytest.mark.parametrize("assignment,name", CORRECT, ids=[n for _, n in CORRECT])
def test_correct_submissions_get_full_marks(reports, assignment, name):
    r = reports[assignment, name]
    assert r.max_score == 100
    assert r.score == 100, r.to_text()
    assert all(t.status == "passed" and t.output == "" for t in r.tests)


@pytest.mark.parametrize("assignment,name,task,fails,words", BUGS, ids=[b[1] for b in BUGS])
def test_each_planted_bug_loses_points_on_the_right_test(reports, assignment, name, task, fails, words):
    r = reports[assignment, name]
    failed = {t.name.split(": ", 1)[1] for t in r.failed()}
    assert failed == fails, r.to_text()
    assert all(t.task == task for t in r.tests)
    assert all(t.name.startswith(task + ": ") for t in r.tests)
    first = r.failed()[0]
    for w in words:
        assert w in first.output, first.output
    for t in r.failed():
        assert task in t.output, t.output            # every message names the op
        assert t.score == 0 and t.max_score > 0


def test_messages_of_hidden_tests_never_show_values(reports):
    """Visible tests may show the student's own value at a mismatch; hidden tests show shapes and
    counts only."""
    seen_hidden = seen_visible = 0
    for r in reports.values():
        for t in r.failed():
            if t.visibility == "visible":
                seen_visible += "where you have" in t.output
            else:
                seen_hidden += 1
                assert "where you have" not in t.output, t.output
                assert "largest difference" not in t.output, t.output
                assert "times the expected value" not in t.output, t.output
    assert seen_hidden > 20 and seen_visible >= 2


def test_a_bug_in_one_op_leaves_the_other_ops_full_marks():
    r = grade("autograd-ops", sub("ao_add_no_unbroadcast.py"))
    scores = r.task_scores()
    assert scores.pop("Add") == (5, 10)
    assert all(s == m for s, m in scores.values()), r.to_text()
    assert r.score == 95


def test_missing_and_misspelt_names_score_zero_for_their_task_only():
    r = grade("autograd-ops", sub("ao_partial.py"))
    scores = r.task_scores()
    assert scores["Add"] == (10, 10) and scores["Mul"] == (10, 10)
    for task in ("Div", "Log", "ReLU", "Tanh", "Sigmoid", "MatMul", "Sum", "Exp"):
        assert scores[task][0] == 0, task
    assert "does not define `Div`" in r.test("Div: forward").output
    assert "did you mean `matmul`" in r.test("MatMul: forward").output
    assert "Exp.forward is not implemented yet" in r.test("Exp: backward").output
    assert "Hint" not in r.test("Exp: backward").output
    text = r.to_text()
    assert "Div: forward, backward, broadcasting, finite differences, reused inputs:" in text


# ---------------------------------------------------------------------------------------------- sandbox
def test_a_hanging_op_fails_only_its_own_tests():
    start = time.monotonic()
    r = grade("autograd-ops", sub("sandbox_hang.py"), tasks=["Add", "Exp", "Sum"], timeout=3)  # 3 s: the honest ops must not miss it on a loaded machine
    assert time.monotonic() - start < 30
    scores = r.task_scores()
    assert scores["Add"] == (10, 10) and scores["Sum"] == (10, 10) and scores["Exp"][0] == 0
    assert r.test("Exp: forward").output.startswith("Exp: did not finish within 3 s")
    assert "not run" in r.test("Exp: reused inputs").output


def test_endless_loop_at_import():
    start = time.monotonic()
    r = grade("sgd", sub("sandbox_hang_at_import.py"), timeout=1)
    assert time.monotonic() - start < 30
    assert r.score == 0 and "importing your submission did not finish within 1 s" in r.output
    assert all(t.output == r.output for t in r.tests)


@pytest.mark.parametrize("name,words", [
    ("sandbox_raise_at_import.py", ["FileNotFoundError", "train.csv", "line 4"]),
    ("sandbox_exit_at_import.py", ["sys.exit(0)", '__name__ == "__main__"']),
])
def test_import_failures_fail_every_test_with_the_reason(name, words):
    r = grade("sgd", sub(name))
    assert r.score == 0 and r.max_score == 100
    for w in words:
        assert w in r.output
    assert "training..." not in r.to_json()      # what the submission printed stays out of the report


def test_sys_exit_and_os_exit_inside_a_test_fail_only_that_test():
    r = grade("autograd-ops", sub("sandbox_exits_in_backward.py"), tasks=["Add", "Mul", "Log"])
    scores = r.task_scores()
    assert scores["Add"] == (10, 10)
    assert r.test("Mul: forward").passed
    assert "Mul.backward with a (3, 4), b (3, 4) called sys.exit(1)" in r.test("Mul: backward").output
    assert scores["Log"][0] == 0
    assert r.test("Log: forward").output.startswith("Log: the grading process ended during this test (exit code 3)")


def test_missing_submission_file():
    r = grade("sgd", sub("no_such_file.py"))
    assert r.score == 0 and "does not exist" in r.output and len(r.tests) == 11


def test_printing_submission_keeps_json_clean(tmp_path):
    """python -m minigrad.grading ... --format json on stdout is pure JSON even when the student prints."""
    # (--single: the corpus file imports the correct one beside it, among the corpus's many complete submissions)
    out = subprocess.run([sys.executable, "-m", "minigrad.grading", "cross-entropy", sub("sandbox_prints.py"),
                          "--format", "json", "--single"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["score"] == data["max_score"] == 100
    assert "hello" not in out.stdout and "raw bytes" not in out.stdout


# ---------------------------------------------------------------------------------------------- reports, CLI
def test_json_report_follows_gradescope_schema(tmp_path):
    path = tmp_path / "results.json"
    rc = main(["sgd", sub("sgd_zero_buffer.py"), "--format", "json", "--output", str(path)])
    assert rc == 0
    data = json.loads(path.read_text())
    assert data["score"] == 80 and data["max_score"] == 100
    assert {"score", "max_score", "tests", "output", "visibility", "stdout_visibility", "execution_time"} <= set(data)
    assert len(data["tests"]) == 11
    for t in data["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(t)
        assert t["status"] in ("passed", "failed") and t["visibility"] in VISIBILITIES
        assert t["score"] in (0, t["max_score"])
        assert t["name"].startswith("SGD: ")
    assert sum(t["score"] for t in data["tests"]) == data["score"]
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    assert {t["name"] for t in failed} == {"SGD: dampening", "SGD: all options"}


def test_gradescope_format_writes_results_file_and_logs_text(tmp_path, capsys):
    path = tmp_path / "results" / "results.json"
    assert main(["sgd", sub("sgd_correct.py"), "--format", "gradescope", "--output", str(path)]) == 0
    assert json.loads(path.read_text())["score"] == 100
    assert "SGD: plain steps" in capsys.readouterr().out


def test_text_report_and_fail_under(capsys):
    # --single: the corpus file imports conv2d_correct.py beside it (the corpus folder looks like a class's)
    assert main(["conv2d", sub("conv2d_stride_remainder.py"), "--fail-under", "90", "--single"]) == 1
    out = capsys.readouterr().out
    assert "Conv2d: stride with remainder" in out and "FAILED" in out and "85/100" in out
    assert main(["conv2d", sub("conv2d_stride_remainder.py"), "--fail-under", "80", "--single"]) == 0
    assert main(["conv2d", sub("conv2d_correct.py"), "--fail-under", "100", "--seed", "3"]) == 0


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["no-such-assignment", sub("sgd_correct.py")]) == 2
    assert "unknown assignment" in capsys.readouterr().err
    assert main(["sgd", sub("sgd_correct.py"), "--task", "Adam"]) == 2
    for bad in ("0", "-1", "nan", "inf", "-inf", "ten"):
        assert main(["sgd", sub("sgd_correct.py"), "--timeout", bad]) == 2, bad
    assert main(["sgd", sub("no_such_file.py")]) == 2
    assert "no such submission" in capsys.readouterr().err
    assert main(["sgd", sub("sgd_correct.py"), "--fail-under", "nan"]) == 2
    assert main(["sgd"]) == 2


def test_list(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in ("autograd-ops", "conv2d", "cross-entropy", "sgd"):
        assert name in out


def test_grading_is_deterministic_for_a_seed():
    def strip(r):
        d = r.to_dict()
        d.pop("execution_time")
        return d
    a = grade("cross-entropy", sub("ce_sum_not_mean.py"), seed=7)
    b = grade("cross-entropy", sub("ce_sum_not_mean.py"), seed=7)
    c = grade("cross-entropy", sub("ce_sum_not_mean.py"), seed=8)
    assert strip(a) == strip(b)
    assert strip(a) != strip(c)            # other inputs, so other messages
    assert a.score == c.score


@pytest.mark.parametrize("assignment", ["autograd-ops", "conv2d", "cross-entropy", "sgd"])
def test_templates_import_and_score_zero_with_not_implemented(tmp_path, assignment, capsys):
    path = tmp_path / "starter.py"
    assert main(["template", assignment, "--output", str(path)]) == 0
    assert main(["template", assignment, "--output", str(path)]) == 2           # no overwrite
    assert main(["template", assignment, "--output", str(path), "--force"]) == 0
    text = path.read_text()
    a = load_assignment(assignment)
    for task in a.tasks:
        assert re.search(rf"^(class|def) {task.name}\b", text, re.M), task.name
    assert "raise NotImplementedError" in text
    compile(text, str(path), "exec")
    if assignment in ("conv2d", "sgd"):
        r = grade(assignment, path)
        assert r.score == 0 and all("not implemented yet" in t.output for t in r.tests), r.to_text()


# ---------------------------------------------------------------------------------------------- specs
def test_instructor_spec_with_every_kind_of_task():
    spec = os.path.join(SPECS, "activations_spec.py")
    good = grade(spec, os.path.join(SPECS, "activations_correct.py"))
    assert good.score == good.max_score == 17, good.to_text()
    assert {t.visibility for t in good.tests} == set(VISIBILITIES)
    bad = grade(spec, os.path.join(SPECS, "activations_buggy.py"))
    failed = {t.name for t in bad.failed()}
    # "p.grad unchanged" counts only for a step() that moves along the reference's update (plain SGD is not SignSGD)
    assert failed == {"LeakyReLU: backward", "LeakyReLU: finite differences", "softmax: forward", "SignSGD: steps",
                      "SignSGD: p.grad unchanged", "he_init: standard deviation"}, bad.to_text()
    assert "standard deviation 1.00" in bad.test("he_init: standard deviation").output
    assert "NaN" in bad.test("softmax: forward").output
    text = render_template(spec)
    assert "class LeakyReLU(Function)" in text and "def softmax(x)" in text and "class SignSGD(Optimizer)" in text


def test_a_spec_can_allow_torch():
    spec = os.path.join(SPECS, "torch_allowed_spec.py")
    r = grade(spec, os.path.join(SPECS, "torch_allowed_submission.py"))
    assert r.score == r.max_score == 1, r.to_text()
    assert not [t for t in r.tests if t.name.startswith("Own work")]
    r = grade("sgd", os.path.join(HERE, "grading", "adversarial", "adv_import_torch_sgd.py"))
    assert r.score == 0 and "torch is not available" in r.output


def test_spec_validation_errors():
    with pytest.raises(ValueError, match="visibility"):
        Test("t", 1, "forward", visibility="secret")
    with pytest.raises(ValueError, match="unknown check"):
        FunctionTask("F", lambda x: x, [Test("t", 1, "trajectory")])
    with pytest.raises(ValueError, match="two tests named"):
        Task("f", [Test("t", 1, lambda *a: None), Test("t", 2, lambda *a: None)])
    with pytest.raises(ValueError, match="Same"):
        FunctionTask("F", lambda a, b: a * b, [Test("t", 1, "backward", [Case(randn(2), Same(0))])])
    with pytest.raises(ValueError, match="identifier"):
        Task("my-op", [])
    with pytest.raises(ValueError, match="more than one task"):
        Assignment("a", [Task("f", []), Task("f", [])])
    with pytest.raises(ValueError, match="unknown assignment"):
        load_assignment("nope")
    assert OptimizerTask("O", object, []).max_score == 0


def test_the_worked_example_in_the_docs_is_the_spec_file():
    with open(os.path.join(ROOT, "docs", "grading.md"), encoding="utf-8") as f:
        doc = f.read()
    with open(os.path.join(SPECS, "activations_spec.py"), encoding="utf-8") as f:
        spec = f.read()
    assert "```python\n" + spec + "```" in doc


@pytest.mark.cuda
@pytest.mark.skipif(not minigrad.cuda.is_available(), reason="needs CuPy and a GPU")
def test_grading_on_cuda():
    """Submissions written with tensor operations get full marks with every tensor on the GPU."""
    for assignment, name in [("autograd-ops", "autograd_ops_correct_tensor_ops.py"),
                             ("cross-entropy", "cross_entropy_correct.py"), ("sgd", "sgd_correct.py")]:
        r = grade(assignment, sub(name), device="cuda")
        assert r.score == 100, r.to_text()
    r = grade("autograd-ops", sub("autograd_ops_correct.py"), device="cuda", tasks=["Add"])   # NumPy inside
    assert r.score == 0 and "cuda" in r.test("Add: forward").output


def test_builtin_assignments_are_worth_100_points_and_use_every_visibility_properly():
    for name in ("autograd-ops", "conv2d", "cross-entropy", "sgd"):
        a = load_assignment(name)
        assert a.max_score == 100
        vis = [t.visibility for task in a.tasks for t in task.tests]
        assert "visible" in vis and "hidden" in vis


def test_grading_needs_no_torch(tmp_path):
    """The reference side is minigrad only: grade with an importable-but-broken torch first on the path."""
    fake = tmp_path / "torch"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('torch is not available at grading time')\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path) + os.pathsep + ROOT)
    code = ("import sys; from minigrad.grading import grade; "
            "rs = [grade(a, f) for a, f in sys.argv[1:] and zip(sys.argv[1::2], sys.argv[2::2])]; "
            "print([r.score for r in rs]); assert all(r.score == 100 for r in rs), [r.to_text() for r in rs]")
    args = ["conv2d", sub("conv2d_correct.py"), "cross-entropy", sub("cross_entropy_correct.py"), "sgd",
            sub("sgd_correct.py")]
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                         cwd=str(tmp_path), timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
