"""A red-team pass over the grader (tests/grading/adversarial/adv_*): attacks that worked before their fix, and
submissions whose folder alone could crash or hang the judge.

Each attack that worked is graded as the CLI grades it (the source is read) and with ``read_source=False`` (the
run-time defences alone), and must score no more than the honest work it wraps:
  * another of minigrad's convolutions (conv3d with a depth of one; the fast layer's im2col and col2im) or
    optimizers (ASGD without averaging), under a path the forbidden list did not name;
  * backwards borrowed from the fast layer's backward loop (``minigrad.fast.engine.run_plain``) or its table of
    gradient functions, which the guard of the built-in ops' backward did not cover;
  * answers that leave out what the judge compares for side effects (gradients handed to ``step()``, inputs
    after a call): the runner's class patched through ``import __main__`` or ``object.__subclasses__()``;
  * the correct solutions of the repository's own test corpus, imported or read when minigrad runs from a
    source checkout.
"""
from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from minigrad.grading import grade
from minigrad.grading.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
ADV = os.path.join(HERE, "grading", "adversarial")
SUB = os.path.join(HERE, "grading", "submissions")

FOUR = ["Add", "Mul", "MatMul", "ReLU"]

# (assignment, file, tasks, score with the source read, score at run time only, words in the first failure)
CASES = [
    ("conv2d", "adv_conv3d_conv.py", None, 0, 0, "minigrad.nn.functional.conv3d is not allowed"),
    ("conv2d", "adv_fast_conv_conv.py", None, 0, 0, "minigrad.fast.conv.im2col is not allowed"),
    ("sgd", "adv_asgd_sgd.py", None, 0, 0, "minigrad.optim.ASGD is not allowed"),
    # its forwards are its own (built-in ops in forward are allowed): 2 points each; no backward point
    ("autograd-ops", "adv_fast_engine_ao.py", FOUR, 8, 8, "minigrad.fast.engine.run_plain is not allowed"),
    ("sgd", "adv_main_runner_sgd.py", None, 0, 0, "__main__"),
    # what its honest SGD (p.grad changed in place) scores: 90
    ("sgd", "adv_subclasses_runner_sgd.py", None, 90, 90, "changed p.grad"),
    # an in-place ReLU scores 3 honestly; hiding the inputs counts as changing them
    ("autograd-ops", "adv_subclasses_runner_ao.py", ["ReLU"], 2, 2, "modified input 0 (x) in place"),
    # the checkout's test corpus holds correct solutions: imported (the checkout is no longer on the runner's path:
    # it imports minigrad from a copy made for the assignment, strip.py) or read by path
    ("conv2d", "adv_borrow_corpus_conv.py", None, 0, 0, "No module named 'tests'"),
    ("sgd", "adv_borrow_corpus_sgd.py", None, 0, 0, "No such file or directory"),
]


@pytest.fixture(scope="module")
def graded():
    jobs = [(a, f, t, rs) for a, f, t, _, _, _ in CASES for rs in (True, False)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda j: grade(j[0], os.path.join(ADV, j[1]), tasks=j[2], read_source=j[3], timeout=5),
                             jobs))
    return {(a, f, rs): r for (a, f, _, rs), r in zip(jobs, done)}


@pytest.mark.parametrize("assignment,name,tasks,static_score,runtime_score,words", CASES, ids=[c[1] for c in CASES])
def test_attack_scores_no_more_than_its_honest_work(graded, assignment, name, tasks, static_score, runtime_score,
                                                    words):
    for rs, score in ((True, static_score), (False, runtime_score)):
        r = graded[assignment, name, rs]
        assert r.score == score, r.to_text()
        text = r.output + " ".join(t.output for t in r.tests)
        assert words in text, r.to_text()
        json.loads(r.to_json())


def test_reference_use_under_another_path_is_reported_from_the_source(graded):
    for a, f, what in (("conv2d", "adv_conv3d_conv.py", "minigrad.nn.functional.conv3d"),
                       ("sgd", "adv_asgd_sgd.py", "minigrad.optim.ASGD")):     # imported from minigrad.optim.asgd
        own = [t for t in graded[a, f, True].tests if t.name.startswith("Own work: graded")]
        assert own and what in own[0].output, graded[a, f, True].to_text()


def test_honest_work_still_gets_full_marks_after_the_guards():
    for a, f in (("autograd-ops", "autograd_ops_correct.py"), ("autograd-ops", "autograd_ops_correct_tensor_ops.py"),
                 ("sgd", "sgd_correct.py")):
        r = grade(a, os.path.join(SUB, f), timeout=5)
        assert r.score == r.max_score == 100, r.to_text()


def _folder(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    shutil.copyfile(os.path.join(SUB, "sgd_correct.py"), folder / "sgd.py")
    return folder


def test_folders_the_judge_will_not_read_get_a_report_not_a_crash(tmp_path):
    big = _folder(tmp_path, "big")
    with open(big / "weights.bin", "wb") as f:          # sparse: no disk space used
        f.truncate(21 << 20)
    deep = _folder(tmp_path, "deep")
    p = deep
    for _ in range(40):
        p = p / "d"
    p.mkdir(parents=True)
    (p / "x.py").write_text("x = 1\n")
    many = _folder(tmp_path, "many")
    for i in range(5001):
        (many / f"f{i}").touch()
    for folder, words in ((big, "larger than 20 MB"), (deep, "nested more than 16 deep"),
                          (many, "more than 5000 files")):
        r = grade("sgd", str(folder), timeout=5)
        assert r.score == 0 and r.status == "rejected" and words in r.output, r.to_text()
        json.loads(r.to_json())


def test_pipes_devices_and_links_in_a_folder_are_never_opened(tmp_path):
    """A FIFO named x.py used to hang the judge's reading of the source, a link to /dev/zero to fill its memory."""
    folder = _folder(tmp_path, "odd")
    os.mkfifo(folder / "a_pipe.py")
    os.symlink("/dev/zero", folder / "b_zero.py")
    os.symlink(os.path.join(SUB, "sgd_zero_buffer.py"), folder / "c_link.py")
    r = grade("sgd", str(folder), timeout=5)
    assert r.score == 100, r.to_text()
    assert not [t for t in r.tests if "more than one definition" in t.name], r.to_text()   # the link is not read


def test_gradescope_json_is_written_for_a_submission_too_large_to_copy(tmp_path):
    big = _folder(tmp_path, "submission")
    with open(big / "data.bin", "wb") as f:
        f.truncate(21 << 20)
    out = tmp_path / "results.json"
    assert main(["sgd", str(big), "--single", "--format", "json", "--output", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["score"] == 0 and "larger than 20 MB" in data["output"]


def test_a_student_entry_that_links_to_another_students_file_is_not_graded(tmp_path):
    """Batch mode: mallory.py -> alice.py would get alice's grade (and a link may point at any file root can read)."""
    cls = tmp_path / "class"
    cls.mkdir()
    shutil.copyfile(os.path.join(SUB, "sgd_correct.py"), cls / "alice.py")
    shutil.copyfile(os.path.join(SUB, "sgd_zero_buffer.py"), cls / "bob.py")
    os.symlink(cls / "alice.py", cls / "mallory.py")
    gradebook = tmp_path / "grades.csv"
    assert main(["sgd", str(cls), "--jobs", "2", "--csv", str(gradebook), "--timeout", "5"]) == 0
    import csv
    with open(gradebook, newline="", encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert (float(rows["alice"]["score"]), float(rows["bob"]["score"])) == (100, 80)
    assert float(rows["mallory"]["score"]) == 0 and rows["mallory"]["status"] == "rejected", rows


root_only = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                               reason="the runner's private /tmp needs its own mount namespace (root)")


@root_only
def test_a_runner_cannot_fill_the_disk_or_leave_files_for_the_next(tmp_path):
    r = grade("sgd", os.path.join(ADV, "adv_fill_disk.py"), timeout=10, read_source=False)
    assert r.sandbox.get("temporary files", "").startswith("private tmpfs"), r.sandbox
    wrote = int(r.output.split("wrote ")[1].split(" MB")[0])
    assert wrote <= 64 + 16 + 16 + 3, r.output           # its folder and /tmp share 64 MB; /dev/shm, /var/tmp 16 MB
    assert not any(n.startswith("fill") for n in os.listdir("/tmp"))


@root_only
def test_the_private_tmp_holds_when_minigrad_itself_lives_under_tmp(tmp_path):
    """A checkout in /tmp (CI clones there): its folder is bound back into the runner's private /tmp, instead of
    /tmp being left shared (where the attack above wrote until the disk or the deadline ran out)."""
    import subprocess
    import sys
    root = os.path.dirname(HERE)
    assert str(tmp_path).startswith("/tmp/"), tmp_path
    shutil.copytree(os.path.join(root, "minigrad"), tmp_path / "minigrad",
                    ignore=shutil.ignore_patterns("__pycache__"))
    code = ("import json, sys; from minigrad.grading import grade; import minigrad; "
            "assert minigrad.__file__.startswith(sys.argv[2]), minigrad.__file__; "
            "r = grade('sgd', sys.argv[1], timeout=10, read_source=False); "
            "print(json.dumps([r.sandbox.get('temporary files', ''), r.output, r.score]))")
    out = subprocess.run([sys.executable, "-c", code, os.path.join(ADV, "adv_fill_disk.py"), str(tmp_path)],
                         env=dict(os.environ, PYTHONPATH=str(tmp_path)), cwd=str(tmp_path), capture_output=True,
                         text=True, timeout=120)
    facts, output, score = json.loads(out.stdout.strip().splitlines()[-1])
    assert facts.startswith("private tmpfs (/tmp"), facts
    assert int(output.split("wrote ")[1].split(" MB")[0]) <= 64 + 16 + 16 + 3, output
    assert score == 0
    assert not any(n.startswith("fill") for n in os.listdir("/tmp"))


def test_a_forged_array_shape_is_refused_before_anything_is_allocated():
    """An answer's .npy header that claims far more entries than it carries (np.load would allocate them first)."""
    import io

    import numpy as np

    from minigrad.grading import protocol as P
    for a in (np.zeros((3, 4)), np.arange(5), np.array(True), np.zeros((0, 3)), np.ones((2, 2), dtype=">f8"),
              np.asfortranarray(np.ones((3, 2)))):
        buf = io.BytesIO()
        np.save(buf, a, allow_pickle=False)
        b = P.decode_array(buf.getvalue())
        assert b.shape == a.shape and b.dtype == a.dtype and (b == a).all()
    buf = io.BytesIO()
    np.save(buf, np.zeros(4), allow_pickle=False)
    forged = buf.getvalue().replace(b"'shape': (4,), ", b"'shape': (4000000000,),")
    assert forged != buf.getvalue()
    with pytest.raises(P.ProtocolError, match="does not match its bytes"):
        P.decode_array(forged)


def test_other_students_files_are_closed_to_a_runner_of_the_judges_own_user(tmp_path):
    """Without root (CI, a laptop) the runner has the judge's uid and no mounts: the audit hook still refuses
    listing, reading and importing what is in the class folder (the other students' files)."""
    from minigrad.grading.batch import grade_many
    from minigrad.grading.judge import Sandbox
    cls = tmp_path / "class"
    cls.mkdir()
    bob = cls / "bob.py"
    shutil.copyfile(os.path.join(SUB, "sgd_correct.py"), bob)
    with open(os.path.join(ADV, "adv_read_neighbour.py")) as f:
        (cls / "eve.py").write_text(f.read().replace("/nonexistent/bob.py", str(bob)))
    (row,) = grade_many("sgd", [("eve", str(cls / "eve.py"))], jobs=1, timeout=5, sandbox=Sandbox(user=None))
    out = row[1].output
    assert row[1].score == 0 and "RuntimeError" in out, out
    assert "LIST DENIED" in out and "READ DENIED" in out and "IMPORT DENIED" in out, out
    assert "LISTED" not in out and "bob" not in out.replace(str(bob), ""), out
