"""The ninth red-team pass (tests/grading/redteam9/).

Before it, SciPy could not be used at all in a runner: the refusing stand-in for torch sat in sys.modules, and SciPy
probes ``torch.Tensor`` there (an honest ``scipy.special.logsumexp`` got "torch is not available"); where Python is
readable by root only it could not even be imported. Made usable (the submission's installed imports are loaded
before the runner drops its privileges; the stand-in goes in only when the source names torch), SciPy opened library
routes around the work: a conv2d made of ``scipy.signal.correlate`` scored 100/100, one of the private C correlation
15 (its forward), and cross-entropy with ``scipy.special.log_softmax`` 100/100. They are forbidden now, also when
imported by a computed name (refused as the module loads). The preloading itself is limited to the standard library
and the scientific packages: ``functorch`` (which imports the real torch) or ``_xxsubinterpreters`` named in the source
are never loaded before the sandbox is up."""
from __future__ import annotations

import os

import pytest

from minigrad.grading import grade
from minigrad.grading.judge import Sandbox, preloadable

HERE = os.path.dirname(os.path.abspath(__file__))
RT9 = os.path.join(HERE, "grading", "redteam9")

pytest.importorskip("scipy")


def _failed(report):
    return {t.name for t in report.failed()}


@pytest.mark.parametrize("assignment,name,words", [
    ("conv2d", "conv_scipy_correlate.py", "scipy.signal.correlate is not allowed in the conv2d assignment"),
    ("cross-entropy", "ce_scipy_log_softmax.py", "scipy.special.log_softmax is not allowed"),
])
def test_a_library_implementation_of_the_graded_function_scores_nothing(assignment, name, words):
    report = grade(assignment, os.path.join(RT9, name))
    assert report.score == 0, report.to_text()
    assert "Own work: graded functionality" in _failed(report), report.to_text()
    assert words in report.tests[0].output, report.to_text()


@pytest.mark.parametrize("name,words", [
    ("conv_scipy_dynamic.py", "scipy.signal.correlate is not allowed"),
    ("conv_scipy_private.py", "scipy.signal._sigtools._correlateND is not allowed"),
])
def test_a_library_convolution_imported_by_a_computed_name_is_refused_when_it_loads(name, words):
    """The source names no forbidden function; the runner refuses them when scipy.signal is imported. The runner keeps
    the judge's uid here, so that SciPy can be imported after the sandbox is up on any installation."""
    report = grade("conv2d", os.path.join(RT9, name), sandbox=Sandbox(user=None))
    assert report.score == 0, report.to_text()
    assert words in report.tests[0].output, report.to_text()


def test_torch_type_hints_and_scipy_keep_their_points():
    """`import torch` for type hints costs nothing (torch.Tensor is a type nothing is an instance of, which cannot be
    made), and SciPy's logsumexp, which probes torch.Tensor, works: full marks and the 0-point note for torch."""
    report = grade("cross-entropy", os.path.join(RT9, "ce_torch_type_hints.py"))
    assert report.score == 100, report.to_text()
    assert _failed(report) == {"Own work: graded functionality"}, report.to_text()


def test_only_installed_scientific_and_standard_modules_are_loaded_before_the_drop(tmp_path):
    sub = tmp_path / "sub.py"
    sub.write_text("x = 1\n")
    (tmp_path / "helpers.py").write_text("y = 2\n")
    names = {"scipy", "scipy.special", "scipy.special.expit", "math", "statistics", "functorch", "torch",
             "torch.nn", "_xxsubinterpreters", "antigravity", "ctypes", "multiprocessing", "importlib", "boto3",
             "selenium", "helpers", "minigrad.nn", "numpy.linalg", "os.path", "subprocess", "gc",
             "__editable___minigrad_0_1_0_finder", "no_such_module_anywhere", "scipy._lib"}
    got = preloadable(names, str(sub))
    assert set(got) == {"scipy", "scipy.special", "scipy.special.expit", "math", "statistics"}, got
    assert "torch" not in preloadable({"torch"}, str(sub), allow_torch=True)     # the runner loads it itself then
    assert len(preloadable({f"scipy.m{i}" for i in range(100)}, str(sub))) == 40


MAIN_BLOCK = 'if __name__ == "__main__":\n    import ctypes\n    raise SystemExit("unread code ran " + repr(ctypes))\n'
ONE_LINE = 'if __name__ == "__main__": import ctypes; raise SystemExit("unread code ran " + repr(ctypes))\n'


@pytest.mark.parametrize("layout", ["bom", "latin-1", "line separator", "one line", "crlf"])
def test_a_main_block_the_source_reader_skips_never_runs(layout, tmp_path):
    """A submission that sets ``__name__ = "__main__"`` itself gets its main blocks emptied (the reading of the
    source skips them). Before the ninth pass a UTF-8 BOM, a latin-1 file, a U+2028 in a comment (str.splitlines
    splits there, Python does not) or a block on one line kept it, and its unread code (here ctypes) ran."""
    with open(os.path.join(HERE, "grading", "corpus9", "sgd_plain_class.py"), encoding="utf-8") as f:
        honest = f.read()
    text = honest.replace("import minigrad\n", 'import minigrad\n\n__name__ = "__main__"  # comment\n', 1)
    text += "\n\n" + (ONE_LINE if layout == "one line" else MAIN_BLOCK)
    encoding, newline = "utf-8", "\n"
    if layout == "bom":
        encoding = "utf-8-sig"
    elif layout == "latin-1":
        text, encoding = "# -*- coding: latin-1 -*-\n# \xe9crit \xe0 la main\n" + text, "latin-1"
    elif layout == "line separator":
        text = text.replace("# comment", "# comment \u2028 with a line separator")
    elif layout == "crlf":
        newline = "\r\n"
    path = tmp_path / "sgd_main.py"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    report = grade("sgd", str(path))
    assert report.score == 100, report.to_text()
    assert "unread code ran" not in report.to_text()


def test_the_modules_beside_a_file_that_it_imports_are_read(tmp_path):
    """A file graded on its own may import the .py files beside it (they are copied for the runner); before the
    ninth pass only the file itself was read, so ctypes and frames in an imported helper ran unread (100/100)."""
    with open(os.path.join(HERE, "grading", "corpus9", "sgd_plain_class.py"), encoding="utf-8") as f:
        honest = f.read()
    (tmp_path / "helper.py").write_text(honest.replace("import minigrad\n", "import minigrad\nimport sys\n"
                                                       "_FRAME = sys._getframe()\n", 1))
    (tmp_path / "unrelated.py").write_text("import ctypes\n")          # beside it, not imported: not read
    (tmp_path / "sgd_alice.py").write_text("from helper import SGD\n")
    report = grade("sgd", str(tmp_path / "sgd_alice.py"))
    assert report.score == 0 and report.status == "rejected", report.to_text()
    assert "_getframe (helper.py line 4)" in report.output and "ctypes" not in report.output, report.output
    (tmp_path / "helper.py").write_text(honest)
    report = grade("sgd", str(tmp_path / "sgd_alice.py"))
    assert report.score == 100, report.to_text()


EVIL = "import sys\n_FRAME = sys._getframe()\n"
WRITE_AND_IMPORT = {
    "a .py written at run time": (
        "import os\nwith open(os.path.join(os.path.dirname(__file__), 'zz_written.py'), 'w') as _f:\n"
        f"    _f.write({EVIL!r})\nimport zz_written\n"),
    "a .txt loaded by importlib": (
        "import importlib.machinery\nimport importlib.util\nwith open('zz_code.txt', 'w') as _f:\n"
        f"    _f.write({EVIL!r})\n_l = importlib.machinery.SourceFileLoader('zz_code', 'zz_code.txt')\n"
        "_s = importlib.util.spec_from_file_location('zz_code', 'zz_code.txt', loader=_l)\n"
        "_l.exec_module(importlib.util.module_from_spec(_s))\n"),
    "a staged helper changed at run time": (
        "import os\nwith open(os.path.join(os.path.dirname(__file__), 'zz_helper.py'), 'a') as _f:\n"
        f"    _f.write({EVIL!r})\nimport zz_helper\n"),
}


@pytest.mark.parametrize("route", list(WRITE_AND_IMPORT))
def test_code_written_at_run_time_does_not_run(route, tmp_path):
    """The reading of the source never sees code a submission writes to a file while it runs (a string) and then
    imports: before the ninth pass the written .py ran unread (100/100, no note; frames there would have rejected
    the file). The runner now compiles, outside the installation, only the files the judge staged, unchanged."""
    with open(os.path.join(HERE, "grading", "corpus9", "sgd_plain_class.py"), encoding="utf-8") as f:
        honest = f.read()
    (tmp_path / "zz_helper.py").write_text("HELPER = 1\n")
    path = tmp_path / "sgd_writer.py"
    path.write_text(honest + "\n\n" + WRITE_AND_IMPORT[route])
    report = grade("sgd", str(path))
    assert report.score == 0, report.to_text()
    assert "code the grader did not read" in report.output, report.output
    path.write_text(honest + "\n\nimport zz_helper\n")            # the same without the writing: full marks
    assert grade("sgd", str(path)).score == 100
