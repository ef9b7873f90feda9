"""The red-team pass 10 (tests/grading/redteam10/): holes found by attacking the grader as a dishonest student and by
grading correct work in unusual styles, each with the score before the fix.

- A correct ``Function`` in torch 2's ``setup_context`` style got 93/100 on autograd-ops: the grader's direct call of
  forward/setup_context passed ``Sum``'s ``dim``/``keepdim`` as keywords, so ``inputs`` held ``(x,)`` where torch
  (which binds forward's arguments with their defaults) gives ``(x, 1, False)``.
- A correct submission importing an allowed function from a library's private module (``from scipy.special._logsumexp
  import logsumexp``) got 0/100 as root: private module names were not preloaded before the runner drops to its uid,
  not even their public package, and a root-only Python installation (a pyenv under /root) then has no ``scipy``.
- With that route open, scikit-learn's private helper under the forbidden ``log_loss``
  (``sklearn.metrics._classification._log_loss``) made a cross-entropy forward: 100/100 where the installation is
  readable; it is forbidden now.
- The 256 KB limit on source counted only the files found up front: an imported neighbour (``from helper import SGD``)
  of 370 KB was parsed from its first 256 KB, and what followed (``sys._getframe``, ``exec``) ran unread (15/100, the
  score of its plain steps, with no word).
- SGD state kept on the class (``shared = {}``, keyed by the parameter) scored 100/100: nothing made a second
  optimizer over the same parameters. ``Steps(restart=...)`` does now (in "same-shape parameters"), and a size
  mismatch at a new optimizer's first step (a module-level dict keyed by ``id(p)``, 70/100) names that cause.
- In a folder of modules (Gradescope's layout), the student's own test file, which the runner never loads, was read
  as graded code: one that compared with torch gave a failed "Own work: graded functionality", one that used
  ``eval`` 0/100. Such files (and sub-folders) are read, and given to the runner, only when a file read imports them.
- ``sympy.diff`` failed as root with a root-only installation ("No module named 'sympy.assumptions.wrapper'", 0/20 on
  Tanh and Sigmoid): sympy's lazily imported submodules are preloaded with it. And a backward taken by sympy or by
  ``scipy.differentiate`` got no word: it gets the "derivative by numbers?" note (20/20 stays: a note, not a verdict).
- NumPy's lazily loaded submodules (``import numpy.typing`` for type hints, ``np.testing``, ``np.polynomial``) could
  not be imported after the drop as root: a correct cross-entropy scored 0/100. They are preloaded now, and so are
  the common codecs (``"x".encode("cp1252")`` raised "unknown encoding").
- More generally, as root with Python installed where the runner's uid cannot enter (a pyenv under /root), nothing of
  the installation could be read after the drop: a correct submission that drew a matplotlib figure at import scored
  0/100 (its Agg backend, then its fonts). In its mount namespace the runner now gets a way in: each closed folder on
  the way to Python is covered by a tmpfs holding only the next folder, bound back (torch and every other copy
  stay covered).
- A zip of the student's folder, as Gradescope unpacks it (``submission/hw3/sgd.py``), scored 0 ("holds no Python
  file"): a folder that holds only one folder with Python files is graded as that folder.
"""
from __future__ import annotations

import os

import pytest

from minigrad.grading import grade
from minigrad.grading.judge import Sandbox, preloadable

HERE = os.path.dirname(os.path.abspath(__file__))
RT = os.path.join(HERE, "grading", "redteam10")


def _failed(report):
    return {t.name for t in report.failed()}


def test_setup_context_style_sees_every_argument_as_torch_gives_it():
    """torch binds forward's arguments by position with defaults before setup_context (checked against torch below
    when it is installed); the grader's direct forward/backward call does too now (93 before)."""
    report = grade("autograd-ops", os.path.join(RT, "ao_setup_context_defaults.py"), tasks=["Sum"])
    assert report.score == report.max_score, report.to_text()


def test_torch_binds_setup_context_inputs_with_defaults():
    """The rule the grader follows, as torch has it."""
    torch = pytest.importorskip("torch")
    seen = []

    class Sum(torch.autograd.Function):
        @staticmethod
        def forward(x, dim=None, keepdim=False):
            return x.sum() if dim is None else x.sum(dim, keepdim=keepdim)

        @staticmethod
        def setup_context(ctx, inputs, output):
            seen.append(inputs[1:])

        @staticmethod
        def backward(ctx, g):
            return None, None, None

    x = torch.randn(3, 4, requires_grad=True)
    Sum.apply(x, dim=1)
    Sum.apply(x)
    assert seen == [(1, False), (None, False)]


def test_a_private_module_of_an_allowed_library_can_be_imported():
    """Its public package is loaded before the drop (0/100 before: ModuleNotFoundError for scipy as root)."""
    pytest.importorskip("scipy")
    report = grade("cross-entropy", os.path.join(RT, "ce_scipy_private_module.py"))
    assert report.score == 100, report.to_text()


def test_preloading_takes_the_public_package_of_a_private_module():
    pytest.importorskip("scipy")
    sub = os.path.join(RT, "ce_scipy_private_module.py")
    assert preloadable({"scipy.special._logsumexp", "os._exit", "scipy._lib"}, sub) == ["scipy", "scipy.special"]


@pytest.mark.parametrize("user", [None, "auto"])
def test_sklearn_private_log_loss_is_refused(user):
    """A forward made of sklearn.metrics._classification._log_loss: 100/100 before (runner with the judge's uid, where
    the installation is readable)."""
    pytest.importorskip("sklearn")
    pytest.importorskip("scipy")
    report = grade("cross-entropy", os.path.join(RT, "ce_sklearn_private_log_loss.py"), sandbox=Sandbox(user=user))
    assert report.score == 0, report.to_text()
    assert "sklearn.metrics._classification._log_loss is not allowed in the cross-entropy assignment" in \
        report.tests[0].output, report.to_text()


def test_an_imported_neighbour_counts_toward_the_size_limit(tmp_path):
    """Before: the judge parsed the helper's first 256 KB and its tail (frames, exec) ran unread."""
    (tmp_path / "sgd.py").write_text("from helper import SGD\n")
    pad = "".join(f"# padding {i:06d} {'x' * 40}\n" for i in range(6000))
    tail = ("import sys\nFRAME = sys._getframe(0)\nexec('Y = 2')\nfrom minigrad.optim import Optimizer\n\n\n"
            "class SGD(Optimizer):\n    def __init__(self, params, lr, **kw):\n        super().__init__(params, dict(lr=lr))\n")
    (tmp_path / "helper.py").write_text(pad + tail)
    report = grade("sgd", str(tmp_path / "sgd.py"))
    assert report.score == 0, report.to_text()
    assert "too large to check: more than 256 KB of Python source (with helper.py" in report.tests[0].output, \
        report.to_text()


def _sgd_variant(tmp_path, name, doc, *changes):
    """The corpus's correct SGD with ``changes`` (old, new) made: one bug."""
    with open(os.path.join(HERE, "grading", "submissions", "sgd_correct.py")) as f:
        text = f.read()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(f'"""{doc}"""\n' + text)
    return str(path)


def test_sgd_state_on_the_class_outlives_its_optimizer(tmp_path):
    """100 before: a new SGD over the same parameters must start without momentum buffers, as torch's does."""
    sub = _sgd_variant(tmp_path, "sgd_state_on_class.py", "momentum buffers in a dict on the class",
                       ("class SGD(Optimizer):\n", "class SGD(Optimizer):\n    shared = {}\n\n"),
                       ("state = self.state[p]", "state = SGD.shared.setdefault(p, {})"))
    report = grade("sgd", sub)
    assert report.score == 95, report.to_text()
    assert _failed(report) == {"SGD: same-shape parameters"}, report.to_text()
    out = next(t.output for t in report.tests if t.name == "SGD: same-shape parameters")
    assert "a new SGD over the same parameters before step 3" in out, out
    assert "did not start afresh" in out and "not on the class or in a module-level dict" in out, out
    assert "per shape" not in out, out       # the test's hint is about another cause


def test_torch_starts_a_new_sgd_without_momentum():
    """The rule: a new torch.optim.SGD over the same parameters takes its first step as plain SGD."""
    torch = pytest.importorskip("torch")
    p = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    p.grad = torch.ones(3, dtype=torch.float64)
    torch.optim.SGD([p], lr=0.1, momentum=0.9).step()
    torch.optim.SGD([p], lr=0.1, momentum=0.9).step()
    assert torch.allclose(p.detach(), torch.full((3,), -0.2, dtype=torch.float64))


def test_a_size_mismatch_at_a_first_step_names_leftover_state(tmp_path):
    sub = _sgd_variant(tmp_path, "sgd_state_by_id.py", "momentum buffers in a module-level dict keyed by id(p)",
                       ("class SGD(Optimizer):", "_STATE = {}\n\n\nclass SGD(Optimizer):"),
                       ("state = self.state[p]", "state = _STATE.setdefault(id(p), {})"))
    report = grade("sgd", sub)
    assert report.score < 100, report.to_text()
    msgs = [t.output for t in report.failed()]
    assert any("At the first step of a new optimizer, a size mismatch usually means" in m and "id(p)" in m
               for m in msgs), report.to_text()


def test_a_students_own_test_file_is_not_graded_code():
    """test_sgd.py (torch, eval) and checks/compare.py (torch, subprocess) are never loaded: 0/100 before (eval)."""
    report = grade("sgd", os.path.join(RT, "sgd_folder_with_tests"))
    assert report.score == 100, report.to_text()
    assert not report.failed(), report.to_text()


def test_an_unloaded_file_is_read_when_imported_and_absent_when_not(tmp_path):
    """Imported by name: read (its exec scores 0); imported by a computed name: not given to the runner."""
    body = "exec('X = 1')\nfrom minigrad.optim import Optimizer as SGD\n"
    (tmp_path / "named").mkdir()
    (tmp_path / "named" / "sgd.py").write_text("from test_impl import SGD\n")
    (tmp_path / "named" / "test_impl.py").write_text(body)
    report = grade("sgd", str(tmp_path / "named"))
    assert report.score == 0 and "exec() (test_impl.py line 1)" in report.tests[0].output, report.to_text()
    (tmp_path / "computed").mkdir()
    (tmp_path / "computed" / "sgd.py").write_text("import importlib\nSGD = importlib.import_module('test_' + 'impl').SGD\n")
    (tmp_path / "computed" / "test_impl.py").write_text(body)
    report = grade("sgd", str(tmp_path / "computed"))
    assert report.score == 0 and "No module named 'test_impl'" in report.tests[0].output, report.to_text()


def test_library_derivatives_run_and_get_the_note():
    """sympy works after the drop (0/20 before: its lazy imports); sympy and scipy.differentiate get the note."""
    pytest.importorskip("sympy")
    pytest.importorskip("scipy.differentiate")
    report = grade("autograd-ops", os.path.join(RT, "ao_library_derivatives.py"), tasks=["Tanh", "Sigmoid"])
    assert report.score == 20, report.to_text()
    assert _failed(report) == {"Own work: derivative by numbers?"}, report.to_text()
    note = next(t.output for t in report.failed())
    assert "sympy (a derivative taken by computer algebra?) (ao_library_derivatives.py line 3)" in note, note
    assert "scipy.differentiate (a numerical derivative?) (ao_library_derivatives.py line 4)" in note, note
    assert note.count("sympy (") == 1, note


def test_lazy_submodules_are_preloaded_with_their_package():
    pytest.importorskip("sympy")
    out = preloadable({"sympy"}, os.path.join(RT, "ao_library_derivatives.py"))
    assert out[0] == "sympy" and "sympy.assumptions.wrapper" in out, out


def test_numpy_lazy_submodules_can_be_imported():
    """numpy.typing (type hints), numpy.testing, numpy.polynomial: 0/100 before, as root."""
    report = grade("cross-entropy", os.path.join(RT, "ce_numpy_lazy_submodules.py"))
    assert report.score == 100, report.to_text()
    assert preloadable({"numpy", "numpy.typing", "numpy.ctypeslib"}, os.path.join(RT, "ce_numpy_lazy_submodules.py")) \
        == ["numpy.typing"]


def test_common_codecs_work_after_the_drop(tmp_path):
    """A codec is a module found on first use: "unknown encoding: cp1252" before, as root."""
    sub = tmp_path / "codecs_ce.py"
    sub.write_text("from minigrad.autograd import Function\n\n\nclass CrossEntropy(Function):\n"
                   "    @staticmethod\n    def forward(ctx, logits, target):\n"
                   "        raise ValueError('encoded ' + repr('\\u00e9'.encode('cp1252') + 'x'.encode('utf-16')))\n\n"
                   "    @staticmethod\n    def backward(ctx, grad):\n        return None, None\n")
    report = grade("cross-entropy", str(sub), tasks=["CrossEntropy"])
    assert "raised ValueError: encoded b'\\xe9\\xff\\xfex\\x00'" in report.tests[0].output, report.to_text()


def test_a_root_only_python_installation_stays_readable_after_the_drop():
    """matplotlib's lazily loaded backend and its font files, scikit-learn, tqdm: 0/100 before, as root."""
    for name in ("matplotlib", "sklearn", "tqdm", "scipy"):
        pytest.importorskip(name)
    report = grade("cross-entropy", os.path.join(RT, "ce_library_helpers.py"))
    assert report.score == 100, report.to_text()


def test_a_zipped_folder_is_graded_as_the_folder_inside(tmp_path):
    """submission/hw3/sgd.py (with macOS's __MACOSX and a README beside it): 0/100 before."""
    (tmp_path / "submission" / "hw3").mkdir(parents=True)
    (tmp_path / "submission" / "__MACOSX").mkdir()
    (tmp_path / "submission" / "README.txt").write_text("my SGD\n")
    with open(os.path.join(HERE, "grading", "submissions", "sgd_correct.py")) as f:
        (tmp_path / "submission" / "hw3" / "sgd.py").write_text(f.read())
    report = grade("sgd", str(tmp_path / "submission"))
    assert report.score == 100, report.to_text()
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "a").mkdir()
    (tmp_path / "two" / "b").mkdir()
    (tmp_path / "two" / "a" / "x.py").write_text("X = 1\n")
    report = grade("sgd", str(tmp_path / "two"))
    assert report.score == 0 and "holds no Python file" in report.tests[0].output, report.to_text()
