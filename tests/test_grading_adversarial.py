"""The grader against submissions that try to get marks they have not earned (tests/grading/adversarial).

Each attack class of the judge/runner design has at least one submission here, and each must score what
its real work deserves. Most are graded twice: as the CLI grades them (the source is read first, so
tampering is refused before anything runs) and with ``read_source=False``, to show that the run-time
defences hold on their own.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from minigrad.grading import grade
from minigrad.grading import judge

HERE = os.path.dirname(os.path.abspath(__file__))
ADV = os.path.join(HERE, "grading", "adversarial")
ROOT = os.path.dirname(HERE)


def adv(name):
    return os.path.join(ADV, name)


# (assignment, file, score with the source read, score at run time only, words in the first failure or output)
CASES = [
    ("sgd", "adv_patch_grader.py", 0, 0, "the grader itself"),
    ("conv2d", "adv_patch_numpy.py", 0, 0, "not implemented yet"),
    ("sgd", "adv_forge_protocol.py", 0, 0, "malformed answer"),
    ("sgd", "adv_forge_answers.py", 0, 0, "not asked"),
    ("sgd", "adv_frames.py", 0, 0, "_getframe"),
    ("conv2d", "adv_reference_conv.py", 0, 0, "is not allowed in the conv2d assignment"),
    ("cross-entropy", "adv_reference_ce.py", 0, 0, "is not allowed in the cross-entropy assignment"),
    ("sgd", "adv_subclass_sgd.py", 0, 0, "minigrad.optim.SGD is not allowed"),
    ("conv2d", "adv_torch_conv.py", 0, 0, "torch is not available"),
    ("sgd", "adv_import_torch_sgd.py", 0, 0, "torch is not available"),
    ("autograd-ops", "adv_autograd_in_backward.py", 20, 20, "not allowed in the autograd-ops assignment"),
    ("cross-entropy", "adv_reload_reference.py", 0, 0, "importlib"),
    ("sgd", "adv_exec_source.py", 0, None, "exec()"),          # only the reading of the source stops this one
    ("sgd", "adv_gc_original.py", 0, 0, "gc"),
    ("autograd-ops", "adv_lying_tensor.py", 0, 0, "zero everywhere"),
    ("autograd-ops", "adv_nan_zero.py", 0, 0, "NaN"),
    ("sgd", "adv_correct_imports_torch.py", 100, 100, ""),      # an unused `import torch` costs nothing
    ("sgd", "adv_interrupt_at_import.py", 0, 0, "KeyboardInterrupt"),
    ("sgd", "adv_exit_in_constructor.py", 0, 0, "exit code 0"),
]


@pytest.fixture(scope="module")
def graded():
    jobs = [(a, f, rs) for a, f, _, runtime, _ in CASES for rs in (True, False) if rs or runtime is not None]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda j: grade(j[0], adv(j[1]), read_source=j[2], timeout=15), jobs))   # (15 s: a loaded CI machine)
    return {(a, f, rs): r for (a, f, rs), r in zip(jobs, done)}


@pytest.mark.parametrize("assignment,name,static_score,runtime_score,words", CASES, ids=[c[1] for c in CASES])
def test_attack_scores_only_its_real_work(graded, assignment, name, static_score, runtime_score, words):
    r = graded[assignment, name, True]
    assert r.score == static_score, r.to_text()
    first = r.output or (r.failed()[0].output if r.failed() else "")
    assert words in first or any(words in t.output for t in r.tests), r.to_text()
    json.loads(r.to_json())                                     # always valid, strict JSON
    if runtime_score is not None:
        assert graded[assignment, name, False].score == runtime_score, graded[assignment, name, False].to_text()


def test_reference_use_is_a_failed_test_of_its_own(graded):
    r = graded["conv2d", "adv_reference_conv.py", True]
    own = [t for t in r.tests if t.name.startswith("Own work")]
    assert len(own) == 1 and own[0].status == "failed" and own[0].max_score == 0
    assert "minigrad.nn.functional.conv2d" in own[0].output and "line 12" in own[0].output
    assert r.max_score == 100


def test_exits_and_base_exceptions_at_each_stage_fail_only_their_tests():
    r = grade("autograd-ops", adv("adv_exits.py"), timeout=5)
    s = r.task_scores()
    assert s["Add"] == (10, 10) and s["Sum"] == (10, 10)
    assert s["Div"] == (2, 10) and s["Log"] == (2, 10) and s["MatMul"] == (2, 10)   # their forward is right
    assert s["Mul"][0] == 0 and s["Exp"][0] == 0
    assert "KeyboardInterrupt" in r.test("Mul: forward").output
    assert "sys.exit(0)" in r.test("Div: backward").output
    assert "ended during this test (exit code 0)" in r.test("Exp: forward").output
    assert "exit code 1" in r.test("Log: backward").output
    assert "GeneratorExit" in r.test("MatMul: backward (square)").output
    assert r.score == 26


def _no_runner_left():
    """Runners, or what they started, that are still our children (escapees are re-parented to us)."""
    me = os.getpid()
    return [pid for pid, (ppid, uid) in judge._proc_table().items() if ppid == me and judge._marked(pid)]


def test_a_detached_child_is_killed_before_it_can_rewrite_results(tmp_path):
    target = tmp_path / "rewritten.json"
    os.chmod(tmp_path, 0o777)                   # writable by the runner's user: only the kill stops the child
    folder = tmp_path / "sub"
    folder.mkdir()
    with open(adv("adv_setsid_child.py")) as f:
        source = f.read().replace("/tmp/minigrad-adv-setsid", str(target))
    (folder / "adv_setsid_child.py").write_text(source)
    shutil.copyfile(adv("autograd_sgd_base.py"), folder / "autograd_sgd_base.py")
    r = grade("sgd", str(folder / "adv_setsid_child.py"), read_source=False, timeout=5)
    # the runner's lock-down refuses os.fork at run time (the sweep of escaped children stays as a second line)
    assert r.score == 0 and "starting a process (os.fork)" in r.output, r.to_text()
    time.sleep(3.5)
    assert not target.exists()
    assert _no_runner_left() == []
    r = grade("sgd", str(folder / "adv_setsid_child.py"))
    assert r.score == 0 and "setsid" in r.output


def test_writing_into_the_graders_stdout_through_proc_fails(tmp_path):
    out = subprocess.run([sys.executable, "-c", "import sys; from minigrad.grading import grade; "
                          "r = grade('sgd', sys.argv[1], read_source=False); print('SCORE', r.score)",
                          adv("adv_proc_stdout.py")], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "Total" not in out.stdout and "SCORE 0" in out.stdout


def test_a_chattering_thread_does_not_extend_the_deadline():
    start = time.monotonic()
    r = grade("cross-entropy", adv("adv_deadline_thread.py"), read_source=False, timeout=1, deadline=6)
    took = time.monotonic() - start
    assert r.score == 0
    assert took < 6 + 5, took
    out = r.test("CrossEntropy: forward").output
    assert "did not finish" in out or "malformed answer" in out, out


def test_a_child_holding_the_pipes_does_not_make_the_grader_wait():
    start = time.monotonic()
    r = grade("cross-entropy", adv("adv_child_holds_pipes.py"), read_source=False, timeout=5)
    took = time.monotonic() - start
    assert r.score == 0 and took < 20, took
    assert "starting a process (os.fork)" in r.test("CrossEntropy: forward").output
    assert _no_runner_left() == []


def test_environment_spec_and_command_line_stay_out_of_the_report(monkeypatch):
    monkeypatch.setenv("MINIGRAD_TEST_SECRET", "hunter2-secret-value")
    r = grade("sgd", adv("adv_env_leak.py"), read_source=False, timeout=5)
    text, js = r.to_text(), r.to_json()
    assert r.score == 0
    for leak in ("hunter2", "MINIGRAD_TEST_SECRET", "minigrad/grading/assignments", "ASSIGNMENT", "out_fd"):
        assert leak not in text and leak not in js, leak
    assert len(js) < 100_000 and len(text) < 100_000
    json.loads(js)
    if r.sandbox.get("processes", "").startswith("hidden"):   # root, where mounts are allowed: the runner's
        assert "pytest" not in text                           # own /proc hides the judge's command line too


def test_unicode_ansi_and_forged_lines_are_cleaned():
    r = grade("autograd-ops", adv("adv_unicode_ansi.py"), tasks=["Add", "Mul"], timeout=5)
    text, js = r.to_text(), r.to_json()
    data = json.loads(js)
    assert "\x1b" not in text and "\x1b" not in js and "\r" not in text and "\u202e" not in text
    text.encode("utf-8")                                    # no lone surrogates
    totals = [ln for ln in text.splitlines() if ln.startswith("Total")]     # message lines are indented
    assert len(totals) == 1 and totals[0].split() == ["Total", "0/20"], totals
    assert len(js) < 100_000 and len(text) < 100_000
    assert all(len(t["output"]) < 5000 for t in data["tests"])
    assert set(data) <= {"score", "max_score", "execution_time", "output", "output_format", "visibility",
                         "stdout_visibility", "tests", "extra_data", "leaderboard"}


def test_hidden_tests_say_what_without_values():
    r = grade("cross-entropy", os.path.join(HERE, "grading", "submissions", "ce_backward_no_mean.py"))
    hidden = [t for t in r.failed() if t.visibility != "visible"]
    assert hidden
    for t in hidden:
        assert "constant multiple" in t.output or "wrong" in t.output
        assert "times the expected" not in t.output and "where you have" not in t.output
    visible = r.test("CrossEntropy: backward")
    assert "4 times the expected value" in visible.output


def test_runner_sandbox_facts():
    r = grade("sgd", os.path.join(HERE, "grading", "submissions", "sgd_correct.py"))
    assert r.score == 100
    assert "limits" in r.sandbox and r.sandbox["limits"].get("file_size") == 16 << 20
    if os.geteuid() == 0:
        assert "root" in r.sandbox["user"]          # dropped from root (or says why it could not)
