"""The red-team pass 11 (tests/grading_redteam11/): holes found by attacking the grader as a dishonest student and by
grading classic mistakes, each with the score or the behaviour before the fix.

- Batch mode: the same file name given twice and a third submission named like the first's suffix (``d1/alice.py``,
  ``d2/alice.py``, ``d3/alice-2.py``) made two gradebook rows with the id ``alice-2``: a student who names a file after
  another's suffix shares that student's row (a gradebook keyed by id takes either score). Ids are unique now.
- SGD's ``zero_grad()`` was never called: one that does nothing (gradients then add up across a training loop's
  iterations) scored 100/100. "SGD: p.grad unchanged" now calls it after the steps (90/100, named), where the class has
  one; a zero_grad that raises is that test's error.
- Wrong answers whose cause the judge can read from the numbers got only "the largest difference is ...": a square
  gradient that is the transpose of the expected one, the right entries in the wrong places (a reshape for a
  transpose), a gradient non-zero exactly where the expected one is zero (an inverted mask), and a 0-d output a whole
  number of times the expected one (a sum for a mean; for hidden tests the number is not shown). Tasks can also name
  known mistakes (``Mistake``): a tanh/sigmoid derivative of the input or with a sign, a log-sum-exp without its shift
  added back, a conv2d whose grad_x alone is wrong (windows overwritten instead of accumulated). The corpus of this
  pass (tests/test_grading_corpus11.py) grades them end to end.
"""
from __future__ import annotations

import csv
import os

import numpy as np
import pytest

from minigrad.grading import grade
from minigrad.grading.batch import find_submissions, grade_many, write_csv
from minigrad.grading.checks import compare
from minigrad.grading.spec import Mistake

HERE = os.path.dirname(os.path.abspath(__file__))
RT = os.path.join(HERE, "grading_redteam11")
CORPUS = os.path.join(HERE, "grading_corpus11")


def _files(tmp_path):
    for d, name, src in (("d1", "alice.py", os.path.join(CORPUS, "sgd_dataclass_foreach.py")),
                         ("d2", "alice.py", os.path.join(RT, "sgd_zero_grad_raises.py")),
                         ("d3", "alice-2.py", os.path.join(CORPUS, "sgd_numpy_state_data.py"))):
        (tmp_path / d).mkdir()
        with open(src, encoding="utf-8") as f:
            (tmp_path / d / name).write_text(f.read())
    return [str(tmp_path / "d1" / "alice.py"), str(tmp_path / "d2" / "alice.py"), str(tmp_path / "d3" / "alice-2.py")]


def test_batch_ids_are_unique(tmp_path):
    """Before: [alice, alice-2, alice-2]."""
    subs = find_submissions(_files(tmp_path), "sgd")
    assert [sid for sid, _ in subs] == ["alice", "alice-3", "alice-2"]


def test_batch_gradebook_rows_keep_their_own_scores(tmp_path):
    """The real alice-2 keeps its row and its score; the second alice.py is alice-3 (before, both rows read
    alice-2, with 100 and 90)."""
    subs = find_submissions(_files(tmp_path), "sgd")
    results = grade_many("sgd", subs, jobs=2)
    out = tmp_path / "grades.csv"
    write_csv(str(out), results)
    with open(out, newline="") as f:
        rows = {r["id"]: r["score"] for r in csv.DictReader(f)}
    assert rows == {"alice": "100", "alice-3": "90", "alice-2": "100"}


def test_zero_grad_that_raises_fails_its_test():
    report = grade("sgd", os.path.join(RT, "sgd_zero_grad_raises.py"))
    assert report.score == 90, report.to_text()
    assert [t.name for t in report.failed()] == ["SGD: p.grad unchanged"]
    assert "SGD.zero_grad() (after 4 steps" in report.failed()[0].output and "raised RuntimeError" in \
        report.failed()[0].output


def test_zero_grad_filling_zeros_in_place_is_right(tmp_path):
    """torch's zero_grad(set_to_none=False): p.grad.zero_()."""
    with open(os.path.join(RT, "sgd_zero_grad_raises.py"), encoding="utf-8") as f:
        text = f.read()
    old = "                p.grad[0] = 0.0\n                p.grad = p.grad[1:]\n"
    assert text.count(old) == 1
    (tmp_path / "sgd.py").write_text(text.replace(old, "                if p.grad is not None:\n"
                                                       "                    p.grad.zero_()\n"))
    report = grade("sgd", str(tmp_path / "sgd.py"))
    assert report.score == 100, report.to_text()


def _msg(actual, expected, visible=True):
    fail = compare("x", np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64), 1e-8, 1e-11,
                   visible)
    return " ".join(str(fail).split())


def test_compare_names_a_transpose():
    rng = np.random.default_rng(0)
    e = rng.standard_normal((4, 4))
    assert "it is the transpose of the expected value" in _msg(e.T, e)
    assert "it is the transpose" in _msg(e.T, e, visible=False)


def test_compare_names_entries_in_the_wrong_places():
    rng = np.random.default_rng(1)
    e = rng.standard_normal((4, 3, 3, 3))
    wrong = e.transpose(1, 0, 2, 3).reshape(e.shape)
    assert "the expected values in the wrong places" in _msg(wrong, e)


def test_compare_names_an_inverted_mask():
    rng = np.random.default_rng(2)
    x, g = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    assert "an inverted condition" in _msg(g * (x < 0), g * (x > 0))
    # a mask that is merely different (overlapping the right one) is not called inverted
    assert "inverted" not in _msg(g * (x > 0.5), g * (x > 0))


def test_compare_names_a_whole_number_ratio_of_a_scalar():
    assert "it is 7 times the expected value (a sum where a mean is expected" in _msg(7 * 1.25, 1.25)
    assert "it is 1/4 of the expected value" in _msg(1.25 / 4, 1.25)
    hidden = _msg(7 * 1.25, 1.25, visible=False)
    assert "a whole-number multiple (or 1/k) of the expected value" in hidden and "7" not in hidden
    assert "times" not in _msg(1.3 * 1.25, 1.25)


def test_a_mistake_that_raises_says_nothing():
    m = Mistake("x", "never shown", lambda actual, values, upstream, kwargs: 1 / 0)
    assert m.explains(np.zeros(3), [np.ones(3)], np.ones(3), {}) is False


@pytest.mark.parametrize("task,formula,words", [
    ("Tanh", lambda x: 1 - x * x, "1 - tanh(x)**2, of the output, not of x"),
    ("Sigmoid", lambda x: x * (1 - x), "of the output s = sigmoid(x), not of x"),
    ("Exp", lambda x: x, "the derivative of exp(x) is exp(x)"),
    ("Log", np.log, "the derivative of log(x) is 1 / x"),
])
def test_unary_mistakes_are_recognised(task, formula, words):
    from minigrad.grading.assignments.autograd_ops import UNARY_MISTAKES
    rng = np.random.default_rng(3)
    x, g = rng.uniform(0.2, 3.0, (3, 4)), rng.standard_normal((3, 4))
    found = [m.text for m in UNARY_MISTAKES[task] if m.explains(g * formula(x), [x], g, {})]
    assert found and words in found[0]
    assert not [m for m in UNARY_MISTAKES[task] if m.explains(g * np.cosh(x), [x], g, {})]
