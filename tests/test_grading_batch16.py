"""A course graded as an LMS exports it: every student one gradebook row with a score and a cause, notebooks and zips
included (with the fix), resubmissions pointed out, and a summary that counts the rows."""
from __future__ import annotations

import csv
import json
import os
import zipfile

import pytest

from minigrad.grading import grade
from minigrad.grading.batch import LayoutError, cause, classify_folder, find_submissions, same_student
from minigrad.grading import load_assignment
from minigrad.grading.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
SUBS = os.path.join(HERE, "grading", "submissions")


def _read(name):
    with open(os.path.join(SUBS, name), "rb") as f:
        return f.read()


CORRECT, ZERO_BUFFER = _read("sgd_correct.py"), _read("sgd_zero_buffer.py")
NOTEBOOK = json.dumps({"cells": [{"cell_type": "code", "source": CORRECT.decode().splitlines(True), "metadata": {},
                                  "outputs": [], "execution_count": 1}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _canvas_class(folder):
    """Canvas's flat export: lastfirst_USERID_SUBMISSIONID_file, a resubmission, a notebook and a zip."""
    folder.mkdir()
    (folder / "doejane_101_201_sgd.py").write_bytes(b"\xef\xbb\xbf" + CORRECT.replace(b"\n", b"\r\n"))  # BOM, CRLF
    (folder / "doejane_101_202_sgd-1.py").write_bytes(ZERO_BUFFER)
    (folder / "roeann_LATE_102_203_sgd.py").write_bytes(CORRECT)
    (folder / "kimsam_103_204_sgd.ipynb").write_text(NOTEBOOK)
    with zipfile.ZipFile(folder / "leepat_104_205_sgd.zip", "w") as z:
        z.writestr("hw/sgd.py", CORRECT)
    (folder / ".DS_Store").write_bytes(b"\0\0")                     # not a student
    return folder


def test_a_canvas_export_gives_every_student_one_row_with_a_cause(tmp_path, capsys):
    """Before: the notebook and the zip had no row at all (silently left out), the gradebook had no reason for a 0,
    nothing said that doejane had two rows, and the summary did not count the rows."""
    cls = _canvas_class(tmp_path / "canvas")
    gradebook = tmp_path / "grades.csv"
    rc = main(["sgd", str(cls), "--jobs", "2", "--csv", str(gradebook), "--timeout", "5"])
    out, err = capsys.readouterr()
    assert rc == 0, err[-2000:]
    with open(gradebook, newline="", encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert sorted(rows) == ["doejane_101_201_sgd", "doejane_101_202_sgd-1", "kimsam_103_204_sgd.ipynb",
                            "leepat_104_205_sgd.zip", "roeann_LATE_102_203_sgd"]
    got = {sid: (r["score"], r["status"]) for sid, r in rows.items()}
    assert got == {"doejane_101_201_sgd": ("100", "graded"), "doejane_101_202_sgd-1": ("80", "graded"),
                   "roeann_LATE_102_203_sgd": ("100", "graded"), "kimsam_103_204_sgd.ipynb": ("0", "missing"),
                   "leepat_104_205_sgd.zip": ("0", "missing")}
    assert "nbconvert --to script" in rows["kimsam_103_204_sgd.ipynb"]["cause"]
    assert "unzip it" in rows["leepat_104_205_sgd.zip"]["cause"]
    assert rows["doejane_101_202_sgd-1"]["cause"].startswith("SGD: dampening: ")
    assert rows["doejane_101_201_sgd"]["cause"] == ""
    assert "5 submissions: 3 graded, 2 missing" in out.splitlines()
    assert "doejane (user id 101)" in err and "doejane_101_201_sgd, doejane_101_202_sgd-1" in err
    assert "roeann" not in err.split("warning")[-1].split("\n")[0]


def test_the_cause_is_one_line_and_bounded():
    report = grade("sgd", os.path.join(SUBS, "sgd_zero_buffer.py"))
    text = cause(report)
    assert text.startswith("SGD: dampening: SGD: after step 1 of 5") and "\n" not in text
    short = cause(report, width=40)
    assert len(short) == 40 and short.endswith("...")
    assert cause(grade("sgd", os.path.join(SUBS, "sgd_correct.py"))) == ""


def test_a_notebook_or_a_zip_graded_alone_says_what_to_do(tmp_path):
    nb = tmp_path / "sgd.ipynb"
    nb.write_text(NOTEBOOK)
    r = grade("sgd", str(nb))
    assert r.status == "missing" and r.score == 0 and "jupyter nbconvert --to script" in r.output
    folder = tmp_path / "student"                        # a Moodle or Gradescope folder holding only the notebook
    folder.mkdir()
    (folder / "hw3.ipynb").write_text(NOTEBOOK)
    r = grade("sgd", str(folder))
    assert r.status == "missing" and "holds no Python file (.py): a notebook (.ipynb)" in r.output
    assert grade("sgd", str(tmp_path / "nothing.txt")).output.endswith("does not exist: nothing was graded")


def test_a_class_of_notebooks_is_a_layout_error_with_the_fix(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for n in ("alice.ipynb", "bob.ipynb"):
        (folder / n).write_text(NOTEBOOK)
    with pytest.raises(LayoutError, match="nbconvert"):
        classify_folder(str(folder), load_assignment("sgd"))


def test_uploads_beside_one_students_modules_stay_out(tmp_path):
    """A folder that is one submission (its modules share the tasks out) does not grow rows for a zip beside it."""
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "sgd.py").write_bytes(CORRECT)
    (folder / "notes.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    assert [sid for sid, _ in find_submissions([str(folder)], "sgd")] == ["one"]


def test_same_student_groups_canvas_names_only():
    ids = ["smithjo_12_900_sgd", "smithjo_LATE_12_901_sgd-1", "smithjo_13_902_sgd", "alice", "bob_1_sgd"]
    assert same_student(ids) == [("smithjo (user id 12)", ["smithjo_12_900_sgd", "smithjo_LATE_12_901_sgd-1"])]
    assert same_student(["alice", "alice-2"]) == []


def test_a_file_saved_as_utf16_says_so(tmp_path):
    """Before: "has a syntax error at line ?: source code string cannot contain null bytes", and no way forward."""
    path = tmp_path / "sgd.py"
    path.write_bytes(CORRECT.decode().encode("utf-16"))
    r = grade("sgd", str(path))
    assert r.status == "not_importable" and "saved as UTF-16" in r.output and "Save it as UTF-8" in r.output


def test_a_zip_of_a_project_folder_is_found_a_few_folders_down(tmp_path):
    """Gradescope unpacks a zip of `HW 3/src/sgd.py` into submission/HW 3/src/: before, "holds no Python file", 0."""
    inner = tmp_path / "submission" / "HW 3" / "src"
    inner.mkdir(parents=True)
    (inner / "sgd.py").write_bytes(CORRECT)
    (tmp_path / "submission" / "HW 3" / "README.md").write_text("notes\n")
    assert grade("sgd", str(tmp_path / "submission")).score == 100
    deep = tmp_path / "deep" / "a" / "b" / "c" / "d" / "e"             # past four folders: not looked for
    deep.mkdir(parents=True)
    (deep / "sgd.py").write_bytes(CORRECT)
    r = grade("sgd", str(tmp_path / "deep"))
    assert r.status == "missing" and "holds no Python file" in r.output
