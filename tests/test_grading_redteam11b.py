"""The red-team pass 11b (tests/grading_redteam11b/): holes found by attacking the grader as a dishonest student, each
with the behaviour before the fix.

- The judge's diagnosis of a wrong 0-d answer divided by the answer: a loss of 5e-324 (the smallest subnormal) made
  1/r inf and ``round(inf)`` raised OverflowError in the judge, so three hidden tests of cross-entropy said "the grader
  could not read your code's answer ... tell your instructor" (an invitation to a regrade) instead of "wrong". Huge
  answers (1e308 against 1e-5) raised NumPy overflow warnings in the judge's ratios, which a warnings filter of
  "error" made the same message. ``compare`` now runs with NumPy's warnings off and skips a ratio that is not finite;
  the verdict (``isclose``) is unchanged.
- A runner's description of the task (its answer to "inspect") was read as if it were well-typed: a submission that
  writes its own frames into the answer pipe at import (the load answer, then an inspect answer whose "bases" are
  numbers or whose "overrides" is a list) made validate_function raise TypeError/AttributeError out of grade(): a
  traceback, no report, and in Gradescope mode no results.json ("the autograder failed", a manual regrade). Every
  field is now type-checked and cleaned, and any other error while reading the description fails the task's tests.
- The count of printed characters is the runner's word too (``sys.stdout.total`` in the runner is the student's to
  set): two answers of 4300 digits each in one test made a sum Python refuses to turn into a string, and the report's
  "the first 4000 of N characters" ended the grading (`minigrad-grade: error`, no report, no results.json). The sum is
  bounded now, and so are the line numbers the runner reports.
- The judge imports a few standard modules late (sysconfig in ``preloadable``; multiprocessing's secrets and hmac).
  ``python -m minigrad.grading sgd sgd.py`` run in the student's folder puts that folder first on the judge's
  ``sys.path``: a ``sysconfig.py`` beside the submission ran in the judge, as the judge's user (root). The CLI now
  takes the current folder and the submissions' folders off ``sys.path`` first (``cli.safe_import_path``). What it
  cannot cover: a ``numpy.py`` there is imported by ``import minigrad`` before any grader code runs; docs/grading.md
  says to run ``minigrad-grade`` (or ``python -P -m``) from a folder of the instructor's.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

from minigrad.grading import grade
from minigrad.grading.checks import compare

HERE = os.path.dirname(os.path.abspath(__file__))
RT = os.path.join(HERE, "grading_redteam11b")


@pytest.mark.parametrize("actual, expected", [
    (5e-324, 1.6), (5e-324, 2.0), (1e308, 1e-300),
    ([1e308, -1e308, 3.0, 1.0], [1e-5, 2e-5, 1.0, 1.0]), ([1e308, 1e308], [1e-5, 1e-5]),
    (np.full((2, 2), 1e308), np.eye(2)), ([5e-324] * 4, [1.0, 2.0, 0.0, 1.0])])
@pytest.mark.parametrize("visible", [True, False])
def test_extreme_answers_are_wrong_not_unreadable(actual, expected, visible):
    """Before: OverflowError (subnormal 0-d answers) or a RuntimeWarning raised under a filter of "error"."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fail = compare("the output", np.array(actual, dtype=np.float64), np.array(expected, dtype=np.float64),
                       1e-6, 1e-8, visible)
    assert fail is not None and fail.kind == "values"
    assert "is wrong" in str(fail)


def test_matching_answers_still_pass_compare():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert compare("x", np.array([1.0, 2.0]), np.array([1.0, 2.0]), 1e-6, 1e-8, True) is None
        assert compare("x", np.array(1e308), np.array(1e308), 1e-6, 1e-8, False) is None


def test_a_subnormal_loss_gets_wrong_answer_messages():
    """Before: 0/100 with "the grader could not read your code's answer (OverflowError)" in three hidden tests."""
    result = grade("cross-entropy", os.path.join(RT, "ce_subnormal_loss.py"))
    assert sum(t.score for t in result.tests) == 0 and len(result.tests) == 6
    text = " ".join(t.output for t in result.tests)
    assert "could not read" not in text
    assert "OverflowError" not in text


# the forged inspect answer of ce_forged_inspect_bases.py, and its variant with "overrides" as a list
_BASES = '"function_class": False, "bases": [1, 2], "type": 3'
_OVERRIDES = '"function_class": True, "overrides": [], "type": "x\\n\\nTotal 100/100"'


@pytest.mark.parametrize("forged", [_BASES, _OVERRIDES])
def test_a_forged_description_of_the_task_fails_its_tests_with_a_report(forged, tmp_path):
    """Before: TypeError (bases of numbers) / AttributeError (overrides as a list) out of grade(): a traceback, no
    report. Now every test of the task fails (0/100) with a message."""
    with open(os.path.join(RT, "ce_forged_inspect_bases.py"), encoding="utf-8") as f:
        src = f.read()
    assert _BASES in src
    (tmp_path / "ce_forged.py").write_text(src.replace(_BASES, forged))
    result = grade("cross-entropy", str(tmp_path / "ce_forged.py"))
    assert len(result.tests) == 6 and sum(t.score for t in result.tests) == 0
    assert all(t.output for t in result.tests)
    assert "Total 100" not in result.to_text()


def test_a_forged_description_still_writes_gradescope_results(tmp_path):
    """Before: `minigrad-grade ... --format gradescope` crashed and wrote no results.json (Gradescope: "the autograder
    failed to execute correctly", a manual regrade)."""
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, "-m", "minigrad.grading", "cross-entropy",
                           os.path.join(RT, "ce_forged_inspect_bases.py"), "--format", "gradescope", "--output", str(out)],
                          capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text())
    assert data["score"] == 0 and len(data["tests"]) == 6


def test_a_huge_printed_character_count_does_not_end_the_grading():
    """Each answer claims 4300 digits of printed characters (``sys.stdout.total = int("9" * 4300)`` in the runner); two
    answers in one test added up past Python's limit for turning an int into a string. Before: grade() raised
    ValueError ("Exceeds the limit (4300 digits) for integer string conversion"): `minigrad-grade: error`, no report,
    no results.json. Now the count is bounded and the tests fail as the code's errors say."""
    result = grade("cross-entropy", os.path.join(RT, "ce_huge_print_count.py"))
    assert len(result.tests) == 6 and sum(t.score for t in result.tests) == 0
    text = result.to_text()
    assert "raised ValueError: second case" in text and "Your code printed" in text


_SHADOW = '''import os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "IMPORTED_BY_THE_JUDGE"), "a") as f:
    f.write(__name__ + "\\n")
'''


def test_the_judge_never_imports_a_students_file_named_like_a_standard_module(tmp_path):
    """`python -m minigrad.grading ...` run in the student's folder puts that folder first on the judge's sys.path; the
    judge imports sysconfig (and multiprocessing's secrets, hmac) late. Before: the student's sysconfig.py ran in the
    judge, as the judge's user (root), and could have rewritten every grade. Now the folder is taken off sys.path."""
    folder = tmp_path / "alice"
    folder.mkdir()
    with open(os.path.join(HERE, "grading", "submissions", "cross_entropy_correct.py"), encoding="utf-8") as f:
        (folder / "ce.py").write_text(f.read())
    for name in ("sysconfig", "secrets", "hmac"):
        (folder / f"{name}.py").write_text(_SHADOW)
    proc = subprocess.run([sys.executable, "-m", "minigrad.grading", "cross-entropy", "ce.py", "--single"],
                          cwd=str(folder), capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert not (tmp_path / "IMPORTED_BY_THE_JUDGE").exists(), proc.stderr[-2000:]
    assert proc.returncode == 0 and "Total                                100/100" in proc.stdout, proc.stderr[-2000:]


def test_safe_import_path_keeps_only_folders_outside_the_submissions(tmp_path, monkeypatch):
    from minigrad.grading.cli import safe_import_path
    sub = tmp_path / "class" / "alice"
    (sub / "pkg").mkdir(parents=True)
    (sub / "ce.py").write_text("")
    monkeypatch.chdir(tmp_path)
    path = ["", str(tmp_path), str(tmp_path / "class"), str(sub), str(sub / "pkg"), "/usr/lib/python3", 3]
    assert safe_import_path([str(sub / "ce.py")], list(path)) == [str(tmp_path / "class"), "/usr/lib/python3"]
    assert safe_import_path([str(tmp_path / "class")], list(path)) == ["/usr/lib/python3"]
    # the folder a package.module:NAME assignment came from stays, unless it holds a submission
    assert safe_import_path([str(sub / "ce.py")], [str(tmp_path)], keep=str(tmp_path)) == [str(tmp_path)]
    assert safe_import_path([str(tmp_path / "x.py")], [str(tmp_path)], keep=str(tmp_path)) == []
