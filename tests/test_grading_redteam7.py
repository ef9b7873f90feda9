"""The seventh red-team pass (tests/grading/redteam7/): a second copy or a correct solution readable somewhere
else on the disk, a root runner (--runner-user none), a main block run by setting __name__, a zip hidden behind
a few bytes, the helpers only backward bodies use (sum_to, expand_back), report files taken by a name that
cleans to another student's, and a formula behind a space in the CSV."""
from __future__ import annotations

import os
import shutil
import sys
import uuid

import pytest

from minigrad.grading import grade
from minigrad.grading.batch import _cell
from minigrad.grading.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
RT7 = os.path.join(HERE, "grading", "redteam7")
SUBS = os.path.join(HERE, "grading", "submissions")
LINUX_ROOT = sys.platform.startswith("linux") and os.geteuid() == 0


def test_a_main_block_runs_empty_whatever_the_submission_sets_name_to(tmp_path):
    """The main block (which the source reader does not read) would load a complete SGD from a file beside it."""
    shutil.copyfile(os.path.join(SUBS, "sgd_correct.py"), tmp_path / "impl.py")
    (tmp_path / "main_block.py").write_text(
        "from minigrad.optim import Optimizer\n\n__name__ = '__main__'\nif __name__ == '__main__':\n"
        "    from impl import SGD  # noqa: F401\nelse:\n    class SGD(Optimizer):\n        pass\n")
    report = grade("sgd", str(tmp_path / "main_block.py"), timeout=10)
    assert report.score == 0, report.to_text()


def test_a_zip_behind_a_few_bytes_is_left_out():
    report = grade("sgd", os.path.join(RT7, "zip_prefix"), timeout=10)
    assert report.score == 0 and "compiled code left out" in report.to_text(), report.to_text()


def test_the_helpers_only_backward_bodies_use_are_absent(tmp_path):
    """A correct submission whose Add undoes broadcasting with minigrad's own sum_to (and whose Sum would
    undo keepdim with expand_back): the helpers are gone from the runner's copy, so those backwards fail."""
    with open(os.path.join(SUBS, "autograd_ops_correct.py"), encoding="utf-8") as f:
        source = f.read()
    source += (
        "\n\nfrom minigrad.ops._helpers import sum_to as _sum_to\n\n\n"
        "class Add(Function):\n    @staticmethod\n    def forward(ctx, a, b):\n"
        "        ctx.sa, ctx.sb = tuple(a.shape), tuple(b.shape)\n        return a.detach() + b.detach()\n\n"
        "    @staticmethod\n    def backward(ctx, g):\n        return _sum_to(g, ctx.sa), _sum_to(g, ctx.sb)\n")
    (tmp_path / "helpers.py").write_text(source)
    report = grade("autograd-ops", str(tmp_path / "helpers.py"), timeout=20)
    text = report.to_text()
    assert "minigrad.ops._helpers.sum_to is not allowed" in text and "Add: backward" in \
        [t.name for t in report.failed()], text


@pytest.mark.skipif(not LINUX_ROOT, reason="the covers of the runner's mount namespace: as root")
def test_a_solution_readable_elsewhere_on_the_disk_is_covered(tmp_path):
    """Not a copy of minigrad, not a checkout: a correct SGD in a world-readable folder the runner could read
    (before, any folder outside the known copies). Only the system's folders stay visible at the top."""
    hideout = os.path.join("/var/tmp", f"minigrad-rt7-{uuid.uuid4().hex}")
    os.makedirs(hideout)
    try:
        shutil.copyfile(os.path.join(SUBS, "sgd_correct.py"), os.path.join(hideout, "stolen_sgd.py"))
        os.chmod(hideout, 0o755)
        os.chmod(os.path.join(hideout, "stolen_sgd.py"), 0o644)
        sub = tmp_path / "thief.py"
        sub.write_text(f"import sys\nsys.path.insert(0, {hideout!r})\nfrom stolen_sgd import SGD  # noqa\n")
        report = grade("sgd", str(sub), timeout=10)
        assert report.score == 0, report.to_text()
    finally:
        shutil.rmtree(hideout, ignore_errors=True)


@pytest.mark.skipif(not LINUX_ROOT, reason="the report names of a batch; run where the batch tests run")
def test_a_cleaned_name_never_takes_another_students_report(tmp_path):
    cls = tmp_path / "class"
    cls.mkdir()
    for name, source in (("alice!.py", "sgd_correct.py"), ("alice.py", "sgd_zero_buffer.py"),
                         ("bob.py", "sgd_no_nesterov.py")):            # 'alice!' sorts first and cleans to 'alice'
        shutil.copyfile(os.path.join(SUBS, source), cls / name)
    assert main(["sgd", str(cls), "--jobs", "2", "--timeout", "5", "--csv", str(tmp_path / "g.csv"),
                 "--report-dir", str(tmp_path / "reports")]) == 0
    alice = (tmp_path / "reports" / "alice.txt").read_text()
    assert "alice.py" in alice and "alice!.py" not in alice
    others = sorted(os.listdir(tmp_path / "reports"))
    assert len(others) == 3 and any(n.startswith("alice-") for n in others), others


def test_no_formula_hides_behind_spaces_in_the_csv():
    assert _cell(" =1+1").startswith("'") and _cell("\t=1").startswith("'") and _cell("bob") == "bob"
