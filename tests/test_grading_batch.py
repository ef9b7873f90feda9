"""Grading a whole class (batch mode, gradebook CSV, report folder) and the Gradescope autograder bundle."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from minigrad.grading.batch import classify_folder, find_submissions, LayoutError
from minigrad.grading import load_assignment
from minigrad.grading.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
SUBS = os.path.join(HERE, "grading", "submissions")
ADV = os.path.join(HERE, "grading", "adversarial")

HANG = '"""Hangs in every step."""\nfrom minigrad.optim import Optimizer\n\n\nclass SGD(Optimizer):\n' \
       '    def __init__(self, params, lr, **kw):\n        super().__init__(params, dict(lr=lr))\n\n' \
       '    def step(self, closure=None):\n        while True:\n            pass\n'
CRASH = '"""Kills its interpreter at import."""\nimport os\nos._exit(3)\n'
GARBAGE = 'this is not python ((('

# student -> (source, expected score, expected status)
CLASS = {
    "ana": (os.path.join(SUBS, "sgd_correct.py"), 100, "graded"),
    "ben": (os.path.join(SUBS, "sgd_zero_buffer.py"), 80, "graded"),
    "cai": (os.path.join(SUBS, "sgd_mutates_grad.py"), 90, "graded"),
    "dee": (HANG, 0, "timed_out"),
    "eli": (CRASH, 0, "not_importable"),
    "fay": (GARBAGE, 0, "not_importable"),
    "gus": (os.path.join(ADV, "adv_frames.py"), 0, "rejected"),
    "hal": (os.path.join(ADV, "adv_forge_protocol.py"), 0, "not_importable"),
    "ivy": (os.path.join(ADV, "adv_subclass_sgd.py"), 0, "graded"),
    "=cmd": (os.path.join(SUBS, "sgd_correct_data.py"), 100, "graded"),    # a file name that looks like a formula
}


def _write_class(folder):
    folder.mkdir()
    for sid, (src, _, _) in CLASS.items():
        path = folder / f"{sid}.py"
        if os.path.exists(src):
            shutil.copyfile(src, path)
        else:
            path.write_text(src)
    return folder


def test_a_mixed_class_in_one_command(tmp_path, capsys):
    cls = _write_class(tmp_path / "class")
    gradebook, reports = tmp_path / "grades.csv", tmp_path / "reports"
    timeout, deadline, jobs = 5.0, 12.0, 2        # (limits a loaded CI machine meets with honest work)
    start = time.monotonic()
    rc = main(["sgd", str(cls), "--jobs", str(jobs), "--csv", str(gradebook), "--report-dir", str(reports),
               "--timeout", str(timeout), "--deadline", str(deadline)])
    took = time.monotonic() - start
    assert rc == 0
    err = capsys.readouterr().err
    assert f"[{len(CLASS)}/{len(CLASS)}]" in err                       # progress on the terminal
    with open(gradebook, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r for r in rows[0]] == ["id", "score", "max_score", "failed_tests", "status", "seconds", "cause"]
    by_id = {r["id"].lstrip("'"): r for r in rows}
    assert set(by_id) == set(CLASS)
    for sid, (_, score, status) in CLASS.items():
        row = by_id[sid]
        assert float(row["score"]) == score, (sid, row)
        assert row["status"] == status, (sid, row)
        assert float(row["max_score"]) == 100
        assert float(row["seconds"]) < deadline + 5, (sid, row)
    assert by_id["ben"]["failed_tests"] == "SGD: dampening; SGD: all options"
    assert [r["id"] for r in rows if r["id"].lstrip("'") == "=cmd"] == ["'=cmd"]   # no formula in a spreadsheet
    assert sorted(os.listdir(reports)) == sorted(f"{sid.lstrip('=')}.txt" if not sid.startswith("=") else "cmd.txt"
                                                 for sid in CLASS)
    assert "Total" in (reports / "ana.txt").read_text()
    # the batch finishes within the sum of the deadlines divided by the jobs, plus slack
    assert took < len(CLASS) * deadline / jobs + 20, took


def test_json_reports_in_the_report_folder(tmp_path):
    cls = tmp_path / "class"
    cls.mkdir()
    for name in ("a", "b"):
        shutil.copyfile(os.path.join(SUBS, "sgd_correct.py"), cls / f"{name}.py")
    assert main(["sgd", str(cls / "a.py"), str(cls / "b.py"), "--report-dir", str(tmp_path / "r"), "--format",
                 "json"]) == 0
    data = json.loads((tmp_path / "r" / "a.json").read_text())
    assert data["score"] == 100


def test_folder_layouts(tmp_path):
    a = load_assignment("cross-entropy")
    assert classify_folder(os.path.join(SUBS, "ce_folder"), a) == "single"      # one student's modules
    assert classify_folder(os.path.join(SUBS, "sgd_package"), load_assignment("sgd")) == "single"
    students = tmp_path / "students"
    (students / "alice").mkdir(parents=True)
    (students / "bob").mkdir()
    shutil.copyfile(os.path.join(SUBS, "cross_entropy_correct.py"), students / "alice" / "ce.py")
    shutil.copyfile(os.path.join(SUBS, "cross_entropy_correct.py"), students / "bob" / "loss.py")
    assert classify_folder(str(students), a) == "folders"
    assert [s for s, _ in find_submissions([str(students)], a)] == ["alice", "bob"]
    shutil.copyfile(os.path.join(SUBS, "cross_entropy_correct.py"), students / "stray.py")
    with pytest.raises(LayoutError, match="one sub-folder per student"):
        classify_folder(str(students), a)
    assert main(["cross-entropy", str(students)]) == 2


def test_output_with_several_submissions_is_a_usage_error(tmp_path):
    p = os.path.join(SUBS, "sgd_correct.py")
    assert main(["sgd", p, p, "--output", str(tmp_path / "x.json")]) == 2


def test_gradescope_format_outside_gradescope_needs_output(capsys):
    if os.path.isdir("/autograder/results"):
        pytest.skip("running inside Gradescope's layout")
    assert main(["sgd", os.path.join(SUBS, "sgd_correct.py"), "--format", "gradescope"]) == 2
    assert "not Gradescope's autograder layout" in capsys.readouterr().err


GRADESCOPE_TOP = {"score", "max_score", "execution_time", "output", "output_format", "test_output_format",
                  "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
GRADESCOPE_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
                   "visibility", "extra_data"}


@pytest.mark.parametrize("assignment,submission,score", [("sgd", "sgd_zero_buffer.py", 80),
                                                         ("cross-entropy", "cross_entropy_correct.py", 100)])
def test_gradescope_bundle_runs_in_an_autograder_layout(tmp_path, assignment, submission, score):
    from minigrad.grading.bundle import unpack
    zip_path = tmp_path / "autograder.zip"
    assert main(["gradescope-bundle", assignment, "--out", str(zip_path), "--hidden-visibility", "hidden"]) == 0
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    unpack(str(zip_path), str(root / "source"))
    for name in ("setup.sh", "run_autograder", "seed"):
        assert (root / "source" / name).exists()
    assert os.access(root / "source" / "run_autograder", os.X_OK)
    shutil.copyfile(os.path.join(SUBS, submission), root / "submission" / submission)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "AUTOGRADER_ROOT": str(root), "PYTHON": sys.executable,
           "HOME": str(tmp_path)}
    out = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "results written to" in out.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    assert data["score"] == score
    assert set(data) <= GRADESCOPE_TOP
    for t in data["tests"]:
        assert set(t) <= GRADESCOPE_TEST
        assert t["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
        assert t["status"] in ("passed", "failed")
    assert "hidden" in {t["visibility"] for t in data["tests"]}
    assert str(root / "source" / "seed") not in out.stdout
    # a fresh 64-bit seed each run (hidden inputs recorded in one run are of no use in the next), in the run's log
    assert (root / "source" / "seed").read_text().strip() == "random"
    seed = int(out.stdout.split("grading seed: ")[1].split()[0])
    assert 0 <= seed < 2 ** 64


def test_bundle_with_an_instructor_spec(tmp_path):
    spec = os.path.join(HERE, "grading", "specs", "activations_spec.py")
    zip_path = tmp_path / "a.zip"
    assert main(["gradescope-bundle", "activations", "--spec", spec, "--out", str(zip_path)]) == 0
    import zipfile
    names = zipfile.ZipFile(zip_path).namelist()
    assert "spec.py" in names and "minigrad/grading/runner.py" in names
    assert main(["gradescope-bundle", "activations", "--spec", spec, "--out", str(zip_path)]) == 2    # no overwrite


def test_odd_file_names_never_break_the_gradebook(tmp_path):
    cls = tmp_path / "class"
    cls.mkdir()
    for name in (b"bad\xff\nname.py", "ünï cødé.py".encode(), b"-rf.py"):
        shutil.copyfile(os.path.join(SUBS, "sgd_correct.py"), os.path.join(os.fsencode(str(cls)), name))
    gradebook = tmp_path / "g.csv"
    assert main(["sgd", str(cls), "--csv", str(gradebook), "--report-dir", str(tmp_path / "r")]) == 0
    with open(gradebook, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["score"] for r in rows) == ["100", "100", "100"]
    assert "'-rf" in [r["id"] for r in rows] and "ünï cødé" in [r["id"] for r in rows]
    assert len(os.listdir(tmp_path / "r")) == 3
