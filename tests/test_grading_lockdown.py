"""The runner's lock-down and the checks that must not reward degenerate work (tests/grading/adversarial).

Regression tests for an adversarial review of the grader: re-importing minigrad from its files, putting the
real torch back, a fresh interpreter (fork + exec), linear forwards with their exact derivative, a step() that
moves every parameter by 1, a backward that differentiates the forward with minigrad's engine, honest code
that the source reader used to zero, and a source too large to read. Each is graded as the CLI grades it
(source read) and, where the run-time defence is the point, with ``read_source=False``.
"""
from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from minigrad.grading import grade
from minigrad.grading.assignments import load_assignment
from minigrad.grading.judge import Sandbox

HERE = os.path.dirname(os.path.abspath(__file__))
ADV = os.path.join(HERE, "grading", "adversarial")
SUB = os.path.join(HERE, "grading", "submissions")


def forward_points(assignment):
    """What a correct forward with a borrowed backward deserves: the points of the forward-only tests."""
    a = load_assignment(assignment)
    return sum(t.points for task in a.tasks for t in task.tests if t.check == "forward")


# (assignment, file, expected score, words in the first failure, run with read_source=False too)
CASES = [
    # B1: a fresh minigrad from its files (sys.modules emptied and re-imported), or a fresh interpreter
    ("conv2d", "adv_reimport_conv.py", 0, "importing minigrad again is not allowed", True),
    ("cross-entropy", "adv_reimport_ce.py", 0, "again is not allowed", True),
    ("sgd", "adv_reimport_sgd.py", 0, "again is not allowed", True),
    ("autograd-ops", "adv_reimport_autograd.py", 0, "again is not allowed", True),
    ("conv2d", "adv_coprocess_conv.py", 0, "starting a process", True),
    # a sub-interpreter (audit hooks are per interpreter), the fork+exec extension loaded again under another name
    ("sgd", "adv_subinterpreter_and_extension.py", 0, "importing _xxsubinterpreters again is not allowed", True),
    # B2: the torch-refusing finder removed, torch imported under a computed name
    ("conv2d", "adv_torch_reenabled.py", 0, "torch is not available", True),
    # B6: self-consistent but wrong (linear forward + exact derivative; p -= 1 leaves p.grad alone)
    ("autograd-ops", "adv_degenerate_ao.py", 0, "", False),
    ("cross-entropy", "adv_degenerate_ce.py", 0, "", False),
    ("conv2d", "adv_degenerate_conv.py", 0, "", False),
    ("sgd", "adv_degenerate_sgd.py", 0, "", False),
    # B7: own forward, backward by minigrad.autograd.grad: the forward's points only
    ("conv2d", "adv_autograd_backward_conv.py", forward_points("conv2d"), "minigrad.autograd.grad is not allowed",
     True),
    ("cross-entropy", "adv_autograd_backward_ce.py", forward_points("cross-entropy"),
     "minigrad.autograd.grad is not allowed", True),
    # B9: honest code the source reader used to zero (a computed getattr + gc.collect(); a docstring naming /proc)
    ("conv2d", "honest_getattr_gc_conv.py", 100, "", False),
    ("conv2d", "honest_docstring_conv.py", 100, "", False),
]


@pytest.fixture(scope="module")
def graded():
    jobs = [(a, f, rs) for a, f, _, _, runtime in CASES for rs in (True, False) if rs or runtime]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda j: grade(j[0], os.path.join(ADV, j[1]), read_source=j[2], timeout=5), jobs))
    return {(a, f, rs): r for (a, f, rs), r in zip(jobs, done)}


@pytest.mark.parametrize("assignment,name,score,words,runtime", CASES, ids=[c[1] for c in CASES])
def test_scores_only_its_real_work(graded, assignment, name, score, words, runtime):
    for rs in (True, False) if runtime else (True,):
        r = graded[assignment, name, rs]
        assert r.score == score, r.to_text()
        text = r.output + " ".join(t.output for t in r.tests)
        assert words in text, r.to_text()
        json.loads(r.to_json())


def test_degenerate_answers_score_nothing_on_finite_differences_and_unchanged_grad(graded):
    for a, f, test in (("autograd-ops", "adv_degenerate_ao.py", "finite differences"),
                       ("cross-entropy", "adv_degenerate_ce.py", "finite differences"),
                       ("conv2d", "adv_degenerate_conv.py", "finite differences"),
                       ("sgd", "adv_degenerate_sgd.py", "p.grad unchanged")):
        r = graded[a, f, True]
        hits = [t for t in r.tests if t.name.endswith(test)]
        assert hits and all(t.score == 0 for t in hits), r.to_text()


def test_unusual_but_honest_code_gets_a_note_not_a_zero(graded):
    r = graded["conv2d", "honest_getattr_gc_conv.py", True]
    notes = [t for t in r.tests if t.name.startswith("Own work") and t.max_score == 0]
    assert notes and "computed attribute name" in notes[0].output and "gc" in notes[0].output, r.to_text()
    r = graded["conv2d", "honest_docstring_conv.py", True]
    assert not [t for t in r.tests if t.name.startswith("Own work")], r.to_text()   # docstrings are not read


def test_runtime_lockdown_with_the_judges_own_user():
    """As a non-root judge (CI, a laptop, Gradescope's world-readable Python) the runner can read minigrad's and
    torch's files: the lock-down must hold there too."""
    for a, f, words in (("conv2d", "adv_torch_reenabled.py", "torch is not available"),
                        ("conv2d", "adv_coprocess_conv.py", "starting a process"),
                        ("sgd", "adv_reimport_sgd.py", "again is not allowed"),
                        ("sgd", "adv_subinterpreter_and_extension.py", "importing evil._posixsubprocess again"),
                        ("sgd", "adv_openat_minigrad.py", "os.open with a relative path"),
                        ("sgd", "adv_link_minigrad.py", "os.rename on minigrad's or torch's files")):   # last
        r = grade(a, os.path.join(ADV, f), read_source=False, timeout=5, sandbox=Sandbox(user=None))
        assert r.score == 0 and words in r.output, r.to_text()
    import minigrad.optim.sgd
    assert os.path.exists(minigrad.optim.sgd.__file__)
    assert "linked" not in r.output and "renamed" not in r.output and "os.link is not allowed" in r.output
    r = grade("conv2d", os.path.join(SUB, "conv2d_correct.py"), timeout=5, sandbox=Sandbox(user=None))
    assert r.score == 100, r.to_text()
    # honest code that imports subprocess/multiprocessing (as plotting libraries do) and tries a program
    r = grade("sgd", os.path.join(ADV, "honest_library_imports_sgd.py"), timeout=5, sandbox=Sandbox(user=None))
    assert r.score == 100, r.to_text()


def test_a_source_too_large_to_read_is_refused_with_a_reason(tmp_path):
    with open(os.path.join(SUB, "conv2d_correct.py")) as f:
        source = f.read()
    big = tmp_path / "conv_big.py"
    big.write_text("import sys\n_f = sys._getframe(0)\nDATA = '" + "x" * (300 << 10) + "'\n" + source)
    r = grade("conv2d", str(big), timeout=5)
    assert r.score == 0 and "too large to check" in r.output and "KB" in r.output, r.to_text()


root_only = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                               reason="runners get uids of their own (and their own mount namespace) only under root")


@root_only
def test_the_spec_and_the_submissions_folder_are_hidden_from_the_runner(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(course, 0o755)
    spec = course / "secret_spec.py"
    with open(os.path.join(HERE, "grading", "specs", "activations_spec.py")) as f:
        spec.write_text(f.read())
    with open(os.path.join(ADV, "adv_read_spec_file.py")) as f:
        (course / "student.py").write_text(f.read().replace("/nonexistent/spec.py", str(spec)))
    for p in course.iterdir():
        os.chmod(p, 0o644)
    r = grade(str(spec), str(course / "student.py"), read_source=False, timeout=5)
    assert r.score == 0
    assert "READ" not in r.output and "LISTED" not in r.output and "secret_spec" not in r.output, r.output
    assert "DENIED" in r.output, r.output


def test_outputs_replace_planted_links_and_files_instead_of_following_them(tmp_path):
    from minigrad.grading.files import safe_write
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    os.symlink(target, tmp_path / "report.txt")
    safe_write(str(tmp_path / "report.txt"), "the report\n")
    assert target.read_text() == "keep me\n"
    assert not os.path.islink(tmp_path / "report.txt") and (tmp_path / "report.txt").read_text() == "the report\n"
    assert sorted(os.listdir(tmp_path)) == ["precious.txt", "report.txt"]       # no temporary file left


@root_only
def test_root_refuses_output_folders_that_others_can_write(tmp_path):
    from minigrad.grading.files import safe_write
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    with pytest.raises(ValueError, match="writable by other users"):
        safe_write(str(shared / "grades.csv"), "x\n")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, 61999, 65534)
    try:
        with pytest.raises(ValueError, match="belongs to another user"):
            safe_write(str(theirs / "grades.csv"), "x\n")
    finally:
        os.rmdir(theirs)


@root_only
def test_what_a_runner_uid_left_in_tmp_is_removed_before_the_uid_is_reused(tmp_path):
    from minigrad.grading.judge import remove_files_of
    import tempfile
    left = tempfile.mkdtemp(prefix="minigrad-test-left-", dir="/tmp")
    inner = os.path.join(left, "x.txt")
    with open(inner, "w") as f:
        f.write("old student's file\n")
    os.chown(inner, 61998, 65534)
    os.chown(left, 61998, 65534)
    try:
        remove_files_of(61998)
        assert not os.path.exists(left)
    finally:
        shutil.rmtree(left, ignore_errors=True)


def test_status_comes_from_what_happened_not_from_message_text():
    r = grade("sgd", os.path.join(ADV, "adv_status_words.py"), timeout=5)
    assert r.score == 0 and r.status == "not_importable", r.status


def test_unicode_line_separators_cannot_forge_report_lines():
    from minigrad.grading.text import clean, valid
    forged = "x\u2028Total 100/100\u2029y\x85z\x1cw"
    assert len(clean(forged).splitlines()) == 1
    assert len(valid(forged).splitlines()) == 1


def test_two_definitions_of_a_task_are_reported():
    r = grade("sgd", os.path.join(ADV, "two_versions"), timeout=5)
    notes = [t for t in r.tests if t.name == "SGD: more than one definition"]
    assert notes and notes[0].max_score == 0, r.to_text()
    assert "a_old_attempt.py" in notes[0].output and "sgd.py" in notes[0].output
