"""Round 17: the grader's leftovers from the last round, each with the behaviour before the fix.

- Reports meant for students (``--report-dir``, text and JSON; the report one grading prints) carried the hidden
  tests' failure messages, which name the hidden inputs (the hyper-parameters of "SGD: dampening", a hidden case's
  shapes). A failed hidden test now says only that it failed; the messages go to the instructor's copies
  (``--instructor-report-dir``, ``--show-hidden``, the Gradescope run log).
- An empty file (or one of whitespace, comments, a docstring) was "graded" with "does not define SGD": it is now
  status "empty", with its cause, in the gradebook and the count line.
- A student who handed in nothing had no row at all: ``--roster FILE`` gives every student on it a row ("missing",
  score 0) and flags submissions not on it. Roster ids are data: checked, never run, quoted in the gradebook.
- A Gradescope export's rows were named ``submission_N``: they are named by the student from the export's
  ``submission_metadata.yml``, read by a small YAML-subset reader (no tags, no anchors, no objects), whose values never
  become a path or a formula.
- Students graded by name one by one (``alice/sgd.py bob/sgd.py``) were each runner's folders to cover, on its command
  line: a runner read the class list in /proc. The folder they share is covered instead, and the runner's
  configuration comes through a descriptor.
"""
from __future__ import annotations

import csv
import json
import os
import shutil

import pytest

from minigrad.grading import grade
from minigrad.grading.batch import find_submissions
from minigrad.grading.cli import main
from minigrad.grading.report import WITHHELD
from minigrad.grading.roster import read_gradescope_metadata, read_roster, RosterError
from test_grading_batch16 import CORRECT, ZERO_BUFFER, SUBS
from test_grading_redteam14 import UNLOCKED


def _class(folder, **students):
    """A class folder of one file per student: ``name=bytes``."""
    folder.mkdir()
    for name, source in students.items():
        (folder / f"{name}.py").write_bytes(source)
    return folder


def _gradebook(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


# ------------------------------------------------------------------------------------- hidden tests' messages
def _words(text):
    return " ".join(text.split())


def test_students_reports_leave_the_hidden_tests_messages_out(tmp_path, capsys):
    """Before: bob's report in --report-dir held "SGD(params, lr=0.05, momentum=0.9, dampening=0.5)...": the hidden
    test's inputs and what is wrong with them. Now the students' reports (text and JSON) say only that the hidden test
    failed; the instructor's copies keep the messages."""
    instructor = grade("sgd", os.path.join(SUBS, "sgd_zero_buffer.py"))
    hidden = [t.output for t in instructor.failed() if t.visibility == "hidden"]
    assert len(hidden) == 2 and all("dampening=" in h for h in hidden), hidden
    cls = _class(tmp_path / "class", alice=CORRECT, bob=ZERO_BUFFER)
    for fmt in ("text", "json"):
        students, teacher = tmp_path / f"reports-{fmt}", tmp_path / f"instructor-{fmt}"
        assert main(["sgd", str(cls), "--jobs", "2", "--timeout", "5", "--format", fmt, "--report-dir", str(students),
                     "--instructor-report-dir", str(teacher)]) == 0, capsys.readouterr().err[-2000:]
        ext = "txt" if fmt == "text" else "json"
        mine, theirs = (students / f"bob.{ext}").read_text(), (teacher / f"bob.{ext}").read_text()
        if fmt == "json":
            mine, theirs = (" ".join(t["output"] for t in json.loads(x)["tests"]) for x in (mine, theirs))
        for message in hidden:                       # as words: the text report wraps its lines
            assert _words(message) not in _words(mine) and _words(message) in _words(theirs), fmt
        assert "dampening=" not in mine and "momentum buffer that starts at zero" not in mine, mine
        if fmt == "text":
            assert "SGD: dampening                0/10  FAILED  (hidden)" in mine and WITHHELD in mine, mine
            assert "Total                        80/100" in mine
        else:
            data = json.loads((students / "bob.json").read_text())
            assert data["score"] == 80 and data["tests"][2]["output"] == WITHHELD
            assert data["tests"][0]["output"] == "" and data["tests"][2]["status"] == "failed"
    capsys.readouterr()


def test_one_report_for_students_unless_the_flag_says_it_is_the_instructors(tmp_path, capsys):
    """Before: the report printed for one submission showed the hidden tests' messages (a CI log a student reads)."""
    sub = os.path.join(SUBS, "sgd_zero_buffer.py")
    assert main(["sgd", sub]) == 0
    out = capsys.readouterr().out
    assert "FAILED  (hidden)" in out and WITHHELD in out and "dampening=0.5" not in out, out
    assert main(["sgd", sub, "--show-hidden"]) == 0
    assert "dampening=0.5" in capsys.readouterr().out
    # Gradescope: results.json is shown to students after publishing (after_published) unless the hidden tests are
    # hidden for good; the run log on stdout is the instructor's
    for visibility, shown in (("after_published", False), ("hidden", True)):
        results = tmp_path / visibility / "results.json"
        assert main(["sgd", sub, "--format", "gradescope", "--output", str(results), "--hidden-visibility",
                     visibility]) == 0
        log = capsys.readouterr().out
        data = json.loads(results.read_text())
        assert ("dampening=0.5" in data["tests"][2]["output"]) is shown, data["tests"][2]
        assert "dampening=0.5" in log


def test_the_instructors_reports_are_kept_apart_from_the_students(tmp_path, capsys):
    cls = _class(tmp_path / "class", alice=CORRECT, bob=ZERO_BUFFER)
    for students, teacher in (("r", "r"), ("r", "r/instructor"), ("r/students", "r")):
        assert main(["sgd", str(cls), "--report-dir", str(tmp_path / students), "--instructor-report-dir",
                     str(tmp_path / teacher)]) == 2
        assert "apart from --report-dir" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()                       # refused before anything was graded or written


# ------------------------------------------------------------------------------------- empty submissions
EMPTY = {"empty": b"", "blank": b"   \n\n\t\n", "comments": b"# SGD goes here\n# TODO\n",
         "docstring": b'"""Homework 3: SGD."""\n\n# nothing yet\n', "bom": b"\xef\xbb\xbf\r\n"}


@pytest.mark.parametrize("name", sorted(EMPTY))
def test_an_empty_file_is_not_graded_as_a_wrong_one(tmp_path, name):
    """Before: status "graded", 0, "your submission does not define `SGD`", as for a misspelt class name."""
    path = tmp_path / "sgd.py"
    path.write_bytes(EMPTY[name])
    r = grade("sgd", str(path))
    assert (r.status, r.score) == ("empty", 0) and "is empty: it holds no code" in r.output, (r.status, r.output)
    assert all(t.output == r.output for t in r.tests)


def test_code_that_defines_nothing_is_still_graded(tmp_path):
    for source in (b"pass\n", b"import numpy\n", b"class Sgd:\n    pass\n"):
        path = tmp_path / "sgd.py"
        path.write_bytes(source)
        r = grade("sgd", str(path))
        assert r.status == "graded" and "does not define `SGD`" in r.tests[0].output, (source, r.to_text())
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_bytes(b"")
    (package / "sgd.py").write_bytes(b"# to do\n")
    assert grade("sgd", str(package)).status == "empty"              # every module of the folder empty
    (package / "sgd.py").write_bytes(CORRECT)
    (package / "__init__.py").write_bytes(b"from .sgd import SGD  # noqa: F401\n")
    assert grade("sgd", str(package)).score == 100


def test_empty_files_have_their_own_status_and_count_in_a_class(tmp_path, capsys):
    cls = _class(tmp_path / "class", alice=CORRECT, bob=CORRECT, carol=EMPTY["comments"])
    gradebook = tmp_path / "grades.csv"
    assert main(["sgd", str(cls), "--jobs", "2", "--timeout", "5", "--csv", str(gradebook)]) == 0
    assert "3 submissions: 1 empty, 2 graded" in capsys.readouterr().out.splitlines()
    row = _gradebook(gradebook)["carol"]
    assert row["status"] == "empty" and row["cause"].startswith("the submission carol.py is empty"), row


# ------------------------------------------------------------------------------------- the roster
ROSTER_CSV = ("\ufeffStudent ID,Name,Section\r\n"           # Excel's CSV UTF-8: a BOM, CRLF, a quoted cell
              "alice,\"Smith, Alice\",1\r\n"
              "bob,Bob,1\r\n"
              "101,Jane Doe,2\r\n"                          # Canvas's user id: doejane_101_201_sgd.py is hers
              "dave,Dave,2\r\n"
              "=HYPERLINK(\"x.example\"),Formula,2\r\n"    # an id is data: never a formula in the gradebook
              "$(touch PWNED),Shell,2\r\n"                  # nor a command
              "bob,Bob again,1\r\n")                        # listed twice: one row


def test_a_roster_gives_every_student_a_row_and_flags_strangers(tmp_path, capsys, monkeypatch):
    """Before: dave, who handed in nothing, had no row (and --roster did not exist); mallory, on no roster, looked like
    a student."""
    monkeypatch.chdir(tmp_path)
    cls = _class(tmp_path / "class", alice=CORRECT, bob=ZERO_BUFFER, doejane_101_201_sgd=CORRECT, mallory=CORRECT)
    roster, gradebook = tmp_path / "roster.csv", tmp_path / "grades.csv"
    roster.write_text(ROSTER_CSV, encoding="utf-8")
    assert main(["sgd", str(cls), "--jobs", "2", "--timeout", "5", "--roster", str(roster), "--csv",
                 str(gradebook)]) == 0
    out, err = capsys.readouterr()
    rows = _gradebook(gradebook)
    got = [(sid, r["score"], r["status"], r["roster_id"]) for sid, r in rows.items()]
    assert got == [("alice", "100", "graded", "alice"), ("bob", "80", "graded", "bob"),        # the roster's order
                   ("doejane_101_201_sgd", "100", "graded", "101"), ("dave", "0", "missing", "dave"),
                   ("'=HYPERLINK(\"x.example\")", "0", "missing", "'=HYPERLINK(\"x.example\")"),
                   ("$(touch PWNED)", "0", "missing", "$(touch PWNED)"),
                   ("mallory", "100", "graded", "NOT ON ROSTER")], got
    assert [ln.split() for ln in out.splitlines() if ln.startswith("doejane")] == \
        [["doejane_101_201_sgd", "100/100", "graded", "(roster:", "101)"]], out
    assert rows["dave"]["max_score"] == "100" and rows["dave"]["cause"].startswith("no submission")
    assert "1 submission(s) not on the roster: mallory" in err, err
    assert "7 rows (6 students on the roster, 1 submission(s) not on it): 4 graded, 3 missing" in out, out
    assert not (tmp_path / "PWNED").exists() and not (cls / "PWNED").exists()


@pytest.mark.parametrize("text, words", [
    ("alice\n../bob\n", "line 2: an id with a path separator"),
    ("alice\nbo\x1b[2Jb\n", "line 2: an id with control"),
    ("name,section\nalice,1\n", "no column of its header is an id column"),
    ("# only a comment\n\n", "lists no student"),
    ("x" * 300 + "\n", "longer than 200"),
])
def test_a_roster_that_cannot_be_used_is_a_usage_error(tmp_path, capsys, text, words):
    roster = tmp_path / "roster.txt"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError, match=words.replace("(", r"\(")):
        read_roster(str(roster))
    assert main(["sgd", os.path.join(SUBS, "sgd_correct.py"), "--roster", str(roster)]) == 2
    assert words in capsys.readouterr().err


def test_a_plain_roster_one_id_a_line():
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("# CS 101, section 2\nalice\n  bob  \n\nbob\nÉlodie\n")
    try:
        assert read_roster(f.name) == ["alice", "bob", "Élodie"]
    finally:
        os.unlink(f.name)


# ------------------------------------------------------------------------------------- a Gradescope export
# submission_metadata.yml as Gradescope writes it (Ruby symbols as keys, quoted sids, history entries that have names
# of their own), with untrusted values: a formula, a path as a sid, a tag that a general YAML loader would run, an
# anchor and an alias, a group, a student with no sid, a student who named themselves after another's sid, and a
# submission with no entry at all
METADATA = """---
submission_101:
  :submitters:
  - :name: Jane Doe
    :sid: '00123'
    :email: jane@example.edu
  :created_at: 2026-11-30 10:00:00.000000000 -08:00
  :score: 10.0
  :history:
  - :id: 5
    :name: not a student
    :sid: '99999'
submission_102:
  :submitters:
  - :name: "=1+1"
    :sid: ../../../tmp/x
    :email: !!python/object/apply:os.system ["touch PWNED"]
submission_103:
  :submitters:
  - :name: &who Pair One
    :sid: '200'
  - :name: *who
    :email: two@example.edu
submission_104:
  :submitters:
  - :email: "bob@example.edu"  # a comment
    :sid: ~
submission_105:
  :submitters: []
submission_107:
  :submitters:
  - :name: '00123'
    :sid: =2+3
"""


def _export(folder):
    folder.mkdir()
    for n in range(101, 108):
        (folder / f"submission_{n}").mkdir()
        (folder / f"submission_{n}" / "sgd.py").write_bytes(ZERO_BUFFER if n == 104 else CORRECT)
    (folder / "submission_metadata.yml").write_text(METADATA, encoding="utf-8")
    return folder


def test_the_metadata_reader_reads_submitters_only():
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "submission_metadata.yml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(METADATA)
        people = read_gradescope_metadata(path)
    assert people == {
        "submission_101": [{"name": "Jane Doe", "sid": "00123", "email": "jane@example.edu"}],
        "submission_102": [{"name": "=1+1", "sid": "../../../tmp/x", "email": None}],
        "submission_103": [{"name": "Pair One", "sid": "200", "email": None},
                           {"name": None, "sid": None, "email": "two@example.edu"}],
        "submission_104": [{"name": None, "sid": None, "email": "bob@example.edu"}],
        "submission_105": [],
        "submission_107": [{"name": "00123", "sid": "=2+3", "email": None}]}, people
    assert read_gradescope_metadata(os.path.join(os.sep, "nonexistent.yml")) == {}


def test_the_metadata_reader_takes_linear_time_on_long_lines(tmp_path):
    """A first version matched each line with a lazy key and optional spaces: 0.05 s for one line of 4000 spaces, so a
    file of such lines (a history's output, say) took minutes. Read by hand now, in one pass a line."""
    import time
    path = tmp_path / "submission_metadata.yml"
    path.write_text("submission_1:\n  :submitters:\n  - :name: Ann\n" + ("    x" + " " * 4000 + "y\n") * 2000)
    start = time.monotonic()
    assert read_gradescope_metadata(str(path)) == {"submission_1": [{"name": "Ann", "sid": None, "email": None}]}
    assert time.monotonic() - start < 5


def test_a_gradescope_export_names_its_rows_by_the_students(tmp_path, capsys, monkeypatch):
    """Before: rows submission_101 ... submission_106, and the instructor matched them to students by hand."""
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "assignment_42_export")
    ids = ["00123", "submission_102 (=1+1)", "200+two@example.edu", "bob@example.edu", "submission_105",
           "submission_106", "=2+3"]
    assert [sid for sid, _ in find_submissions([str(export)], "sgd")] == ids
    roster, gradebook, reports = tmp_path / "roster.txt", tmp_path / "g.csv", tmp_path / "reports"
    # a roster lists sids or emails; a name (chosen by the student) names no one: "Pair One" is missing. The group's
    # submission is a row for each of its students
    roster.write_text("jane@example.edu\ntwo@example.edu\n200\nbob@example.edu\nzoe@example.edu\nPair One\n")
    assert main(["sgd", str(export), "--jobs", "2", "--timeout", "5", "--csv", str(gradebook), "--roster", str(roster),
                 "--report-dir", str(reports)]) == 0
    capsys.readouterr()
    with open(gradebook, newline="", encoding="utf-8") as f:
        got = [(r["id"], r["score"], r["status"], r["roster_id"]) for r in csv.DictReader(f)]
    assert got == [("00123", "100", "graded", "jane@example.edu"),
                   ("200+two@example.edu", "100", "graded", "two@example.edu"),
                   ("200+two@example.edu", "100", "graded", "200"),
                   ("bob@example.edu", "80", "graded", "bob@example.edu"),
                   ("zoe@example.edu", "0", "missing", "zoe@example.edu"), ("Pair One", "0", "missing", "Pair One"),
                   ("submission_102 (=1+1)", "100", "graded", "NOT ON ROSTER"),
                   ("submission_105", "100", "graded", "NOT ON ROSTER"),
                   ("submission_106", "100", "graded", "NOT ON ROSTER"),
                   ("'=2+3", "100", "graded", "NOT ON ROSTER")], got
    assert sorted(os.listdir(reports)) == ["00123.txt", "200_two_example.edu.txt", "2_3.txt", "Pair_One.txt",
                                           "bob_example.edu.txt", "submission_102_1_1.txt", "submission_105.txt",
                                           "submission_106.txt", "zoe_example.edu.txt"]
    assert not os.path.exists(os.path.join(os.sep, "tmp", "x")) or os.path.isdir(os.path.join(os.sep, "tmp", "x"))
    assert not (tmp_path / "PWNED").exists() and not (export / "PWNED").exists()
    # the export's folders given one by one (export/*): the metadata among them names the rows, and is no row itself
    shutil.rmtree(export / "submission_106")
    paths = sorted(str(p) for p in export.iterdir())
    assert [sid for sid, _ in find_submissions(paths, "sgd")] == [i for i in ids if i != "submission_106"]


# ------------------------------------------------------------------------------------- classmates' names
# with the lock-down switched off: the runner's command line, its mount table and the configuration in its own memory,
# searched for the classmate's folder name
READS_ITS_CLASSMATES = UNLOCKED + '''
_seen = b""
for _name in ("cmdline", "mountinfo"):
    try:
        _seen += open("/pr" + "oc/self/" + _name, "rb").read()
    except OSError:
        pass
try:
    _g = _operator.attrgetter("__globals__")(type(_sys.stdout).write)
    _seen += repr((_g.get("CFG"), _g.get("HIDDEN_DIRS"))).encode()
except Exception:
    pass
raise RuntimeError("a classmate's name seen" if b"bob_jones" in _seen else "no classmate's name seen")
'''


def test_students_named_one_by_one_are_not_told_to_each_runner(tmp_path):
    """Before: "a classmate's name seen": graded as ``minigrad-grade sgd alice_smith/sgd.py bob_jones/sgd.py``, each
    runner was told every student's folder to cover, on its command line (which any process reads in /proc), in its
    memory and in its mount table. Now the folder they share is covered instead, and the configuration comes through
    a descriptor, not the command line."""
    from minigrad.grading.batch import grade_many
    folder = tmp_path / "class"
    for name in ("alice_smith", "bob_jones"):
        (folder / name).mkdir(parents=True)
        (folder / name / "sgd.py").write_bytes(CORRECT)
    with open(folder / "alice_smith" / "sgd.py", "a", encoding="utf-8") as f:
        f.write("\n\n" + READS_ITS_CLASSMATES + "\n")
    subs = find_submissions([str(folder / "alice_smith" / "sgd.py"), str(folder / "bob_jones" / "sgd.py")], "sgd")
    assert [sid for sid, _ in subs] == ["sgd", "sgd-2"]
    results = {sid: r for sid, r, _ in grade_many("sgd", subs, jobs=1, timeout=5.0)}
    assert "RuntimeError: no classmate's name seen" in results["sgd"].output, results["sgd"].output
    assert results["sgd-2"].score == 100, results["sgd-2"].output


def test_the_runners_are_told_the_folder_students_share():
    from minigrad.grading.batch import _outermost, _shared_parents
    assert _outermost(_shared_parents(["/srv/course/s1/alice", "/srv/course/s2/bob"])) == ["/srv/course"]
    assert _outermost(_shared_parents(["/srv/course/alice", "/srv/course"])) == ["/srv/course"]
    # never a top-level folder or the root: each student's own folder there
    assert _shared_parents(["/home/alice", "/home/bob"]) == ["/home/alice", "/home/bob"]
    assert _shared_parents(["/alice", "/bob"]) == ["/alice", "/bob"]
    assert _shared_parents(["/srv/a/x", "/home/b/y", "/home/b/z"]) == ["/home/b", "/srv/a/x"]


def test_an_export_whose_students_zipped_a_folder_is_a_class(tmp_path, capsys):
    """Gradescope unpacks a zip of the student's folder as submission_N/hw3/sgd.py. Before: a class of those was a
    layout error, "holds no Python file and no sub-folder with one", and nobody was graded."""
    export = tmp_path / "export"
    for n, inner, source in ((1, "hw3", CORRECT), (2, "HW 3/src", ZERO_BUFFER), (3, "", CORRECT)):
        (export / f"submission_{n}" / inner).mkdir(parents=True, exist_ok=True)
        (export / f"submission_{n}" / inner / "sgd.py").write_bytes(source)
    (export / "submission_metadata.yml").write_text("submission_1:\n  :submitters:\n  - :sid: '7'\n")
    assert main(["sgd", str(export), "--jobs", "2", "--timeout", "5"]) == 0
    rows = [ln.split() for ln in capsys.readouterr().out.splitlines()[1:4]]
    assert rows == [["7", "100/100", "graded"], ["submission_2", "80/100", "graded"],
                    ["submission_3", "100/100", "graded"]], rows
