"""The red-team pass 9b (tests/grading/redteam9b/): routes around the ninth pass's refusal of other libraries'
implementations of the graded functions.

Before it: ``sklearn.metrics.log_loss`` kept working (a decorator's wrapper, a closure whose code the refusal could
not replace) and scored 100/100 on cross-entropy; so did scikit-learn's private multinomial loss (the loss of logits
and its gradient, as a Python class and as the compiled class under it), which no list named; and where the Python
installation is readable by the runner (as on Gradescope), ``importlib.reload`` of scipy.signal's module, or its C
module loaded from its file under another name, brought back the refused convolutions: 100/100 on conv2d; scipy's
private FFT convolution under fftconvolve was not refused (a forward made of it: 15). Source-reading evasions: a main
guard inside a try (run by a file that sets __name__ itself) and a module beside the file imported by a computed name
ran unread code (exec, frames): 100/100 with no word or only a note."""
from __future__ import annotations

import os

import pytest

from minigrad.grading import grade
from minigrad.grading.judge import Sandbox

HERE = os.path.dirname(os.path.abspath(__file__))
RT = os.path.join(HERE, "grading", "redteam9b")

pytest.importorskip("scipy")
pytest.importorskip("sklearn")


def _failed(report):
    return {t.name for t in report.failed()}


def test_a_wrapped_library_function_is_refused_too():
    """sklearn.metrics.log_loss is its parameter validation's wrapper: the function it wraps raises now."""
    report = grade("cross-entropy", os.path.join(RT, "ce_sklearn_log_loss.py"))
    assert report.score == 0, report.to_text()
    assert "sklearn.metrics.log_loss is not allowed in the cross-entropy assignment" in report.tests[0].output, \
        report.to_text()


# the runner keeps the judge's uid here, so that the library's files stay readable after the sandbox is up (as where
# Python is installed system-wide); as root with a root-only installation they cannot be read at all
@pytest.mark.parametrize("assignment,name,words", [
    ("cross-entropy", "ce_sklearn_multinomial.py", "sklearn._loss.loss.HalfMultinomialLoss is not allowed"),
    ("cross-entropy", "ce_sklearn_cy.py", "sklearn._loss._loss.CyHalfMultinomialLoss is not allowed"),
    ("conv2d", "conv_scipy_reload.py", "a library whose functions the assignment forbids"),
    ("conv2d", "conv_scipy_alias.py", "again or under another name is not allowed in the conv2d assignment"),
    ("conv2d", "conv_scipy_freq.py", "scipy.signal._signaltools._freq_domain_conv is not allowed"),   # 15 before
])
def test_a_library_route_around_the_refusal_scores_nothing(assignment, name, words):
    report = grade(assignment, os.path.join(RT, name), sandbox=Sandbox(user=None))
    assert report.score == 0, report.to_text()
    assert words in report.tests[0].output, report.to_text()


def test_a_guarded_library_imported_late_keeps_its_allowed_functions():
    """scipy.special imported by a computed name after the lock-down (its files read once, by that import): its
    logsumexp works, full marks and the 0-point note for importlib."""
    report = grade("cross-entropy", os.path.join(RT, "ce_lazy_logsumexp.py"), sandbox=Sandbox(user=None))
    assert report.score == 100, report.to_text()
    assert _failed(report) == {"Own work: unusual code"}, report.to_text()


def test_a_main_guard_below_the_top_level_is_read():
    """Only top-level main guards are emptied for the runner, so only those are skipped by the reading of the source:
    one inside a try, run by a file that sets __name__ itself, kept exec and a frame unread (100/100, no word)."""
    report = grade("cross-entropy", os.path.join(RT, "ce_nested_main.py"))
    assert report.score == 0, report.to_text()
    assert "exec() (ce_nested_main.py line 11)" in report.tests[0].output, report.to_text()


def test_source_too_deep_for_the_judge_to_parse_is_refused_unrun(tmp_path):
    """An expression too deep for the judge's parser (which runs deeper in the judge's stack than Python's compiler
    in the runner, so there is a depth only Python compiles) was read as no code at all; now it is refused."""
    sub = tmp_path / "deep.py"
    sub.write_text("X = " + "+".join(["1"] * 20000) + "\nexec('X = 2')\n")
    report = grade("cross-entropy", str(sub))
    assert report.score == 0, report.to_text()
    assert "code nested too deep to read (deep.py line 0)" in report.tests[0].output, report.to_text()


def test_a_module_beside_the_submission_reaches_the_runner_only_when_read(tmp_path):
    """helper.py, imported by a computed name, was copied for the runner but never read: its frame and exec ran
    (100/100 with a note for importlib). Now only the modules the judge read are copied; one imported by name is read
    (its exec is refused unrun), and an honest helper keeps working."""
    report = grade("cross-entropy", os.path.join(RT, "sibling", "ce_sibling.py"))
    assert report.score == 0, report.to_text()
    assert "No module named 'helper'" in report.tests[0].output, report.to_text()
    named = tmp_path / "ce_named.py"
    named.write_text(open(os.path.join(RT, "sibling", "ce_sibling.py")).read().replace(
        'helper = importlib.import_module("hel" + "per")', "import helper"))
    (tmp_path / "helper.py").write_text(open(os.path.join(RT, "sibling", "helper.py")).read())
    report = grade("cross-entropy", str(named))
    assert report.score == 0 and "exec() (helper.py line 5)" in report.tests[0].output, report.to_text()
    (tmp_path / "helper.py").write_text("VALUE = 1\n")
    report = grade("cross-entropy", str(named))
    assert report.score == 100, report.to_text()


class _Payload:
    def __reduce__(self):
        return (exec, ("import numpy, sys; numpy.SCALE = 1 + 0 * len(sys._getframe(0).f_code.co_name)",))


@pytest.mark.parametrize("payload,score", [("code", 0), ("data", 100)])
def test_pickled_data_runs_no_code(tmp_path, payload, score):
    """A .npy is data (copied, never read): a pickled object array in one ran exec and a frame through np.load
    (100/100 and no note). Unpickling may now call only data types (NumPy's, minigrad's, the submission's own
    classes); a pickled dict of arrays still loads."""
    import shutil

    import numpy as np
    shutil.copy(os.path.join(RT, "ce_pickle.py"), tmp_path / "ce_pickle.py")
    arr = np.empty(1, dtype=object)
    arr[0] = _Payload() if payload == "code" else {"w": np.ones(3), "n": 1}
    np.save(tmp_path / "payload.npy", arr, allow_pickle=True)
    if payload == "data":
        (tmp_path / "ce_pickle.py").write_text((tmp_path / "ce_pickle.py").read_text().replace(
            "SCALE = np.SCALE", "SCALE = 1"))
    report = grade("cross-entropy", str(tmp_path))
    assert report.score == score, report.to_text()
    if payload == "code":
        assert "unpickling builtins.exec" in report.tests[0].output, report.to_text()


def test_code_run_from_a_string_without_exec_is_noted(tmp_path):
    """timeit.timeit("...") runs a string's code, as exec does, and a loader's source_to_code compiles one, as
    compile does: neither was a word in the report. The first is a note now, the second refused unrun."""
    from minigrad.grading.static import analyze
    (tmp_path / "t.py").write_text('import timeit\nX = timeit.timeit("import sys; sys._getframe(0)", number=1)\n')
    (tmp_path / "s.py").write_text('import importlib.machinery as m\n'
                                   'C = m.SourceFileLoader("x", "x.py").source_to_code(b"y = 1", "<x>")\n')
    assert [(f.kind, f.line) for f in analyze(str(tmp_path / "t.py"))] == [("unusual", 1)]
    assert ("tamper", 2) in [(f.kind, f.line) for f in analyze(str(tmp_path / "s.py"))]


def test_a_compiled_module_made_again_from_its_spec_does_not_bring_back_refused_names():
    """module_from_spec(scipy.signal._sigtools.__spec__) refilled the module from its first copy (no audit event, no
    file read: it held as root too): its C correlation came back, a forward made of it scored 15."""
    report = grade("conv2d", os.path.join(RT, "conv_scipy_restore.py"))
    assert report.score == 0, report.to_text()
    assert "_sigtools" in report.tests[0].output and "again or under another name" in report.tests[0].output, \
        report.to_text()


def test_a_built_in_module_is_not_made_again():
    """module_from_spec on _signal's spec made a module with pidfd_send_signal back (the runner removes it: signals by
    pidfd raise no audit event), with no event of its own; the submission was graded 100/100 holding it."""
    report = grade("cross-entropy", os.path.join(RT, "ce_fresh_signal.py"))
    assert report.score == 0, report.to_text()
    assert "making the built-in module _signal again" in report.tests[0].output, report.to_text()
