"""The red-team pass 18: holes found by attacking round 17's roster and Gradescope-export reading as a dishonest
student (and a careless instructor's LMS export), each with the behaviour before the fix.

- The reader of ``submission_metadata.yml`` took every ``- `` line under ``:submitters:`` for a new submitter, every
  ``:submitters:`` line at any depth for the list, and split lines at U+2028, U+2029 and the other breaks
  ``str.splitlines`` knows. What a student types (their name) or prints (their output, kept under other keys) is in
  that file, and the export's emitter folds a long name onto an indented next line: a name of 76 letters followed by
  ``- :sid: 666 #`` added student 666 to the submission (and dropped the student's own sid); so did a name with a
  U+2029 before ``- :sid: 666``, and printed output holding a ``:submitters:`` block. On a roster, 666's row got the
  attacker's submission. Lines now end at line feeds only, and keys are read only at their own indentation; a more
  indented line continues the value before it.
- A hidden test's inputs reached the students' report: a submission keeps what a hidden test gave it and shows it
  (printed, or in an error's message) under a visible test run later. autograd-ops ran Add's hidden tests before
  Mul's visible ones: a Mul that raised what Add had been given put Add's hidden shapes ((300, 400) + (400,),
  (5, 1, 3) + (1, 4, 1)...) in the report round 17 meant to keep them out of. Every task's visible tests now run
  first, then the hidden ones (in a runner started afresh for them where that changed the spec's order).
- Hardening: a double-quoted sid's unknown escape was dropped ("666\\a" read as 666, the row's id, and the real 666
  became "666-2"); escapes are decoded as YAML does now, and a value with a control character is no id.
- A metadata file of 64 MB (its limit) of entries, or of ``-`` lines under one ``:submitters:``, was held whole:
  8 MB of them cost 600 MB, so the limit let a careless or hostile export take 5 GB before grading. Only the entries
  of the export's folders are kept now, with at most 50 submitters each.
- A one-column roster exported as CSV (``Email`` then one address a line) made its header a student: a row "Email",
  status missing, score 0.
"""
from __future__ import annotations

import os

import pytest

from minigrad.grading import grade
from minigrad.grading.batch import apply_roster, find_submissions
from minigrad.grading.report import Report, TestResult as Result
from minigrad.grading.roster import read_gradescope_metadata, read_roster
from test_grading_batch16 import CORRECT

# submission_metadata.yml as the export's emitter writes it (checked with a YAML emitter that folds at 80 columns, as
# the export's does): mallory (sid 111) has chosen names that the emitter folds or breaks onto a more indented line
# reading "- :sid: 666 #"; eve's printed output is kept as a block under :results:. Victor, sid 666, submitted too
FOLDED_NAME = "X" * 76 + " - :sid: 666 #"
ATTACKS = {
    "submission_1": "  :submitters:\n"
                    "  - :name: '" + "X" * 76 + "\n"
                    "      - :sid: 666 #'\n"
                    "    :sid: '111'\n",
    "submission_2": "  :submitters:\n"
                    "  - :name: 'Mallory\u2029      - :sid: 666 #'\n"
                    "    :sid: '112'\n",
    "submission_3": "  :submitters:\n"
                    "  - :name: Eve\n"
                    "    :sid: '113'\n"
                    "  :results:\n"
                    "    :tests:\n"
                    "    - :name: 'SGD: basic'\n"
                    "      :output: |-\n"
                    "        ok\n"
                    "        :submitters:\n"
                    "        - :sid: '666'\n",
    "submission_4": "  :submitters:\n"
                    "  - :name: Victor\n"
                    "    :sid: '666'\n",
}
METADATA = "---\n" + "".join(f"{folder}:\n{body}" for folder, body in ATTACKS.items())


def _export(folder):
    folder.mkdir()
    for name in ATTACKS:
        (folder / name).mkdir()
        (folder / name / "sgd.py").write_bytes(CORRECT)
    (folder / "submission_metadata.yml").write_text(METADATA, encoding="utf-8")
    return folder


def test_what_a_student_typed_or_printed_adds_no_submitter(tmp_path):
    """Before: submission_1 [{name: XXX..., sid: None}, {sid: '666'}] (mallory's own sid dropped), submission_2 the
    same, submission_3 [eve, {sid: '666'}]. Now each submission has its one student, with their own sid."""
    path = _export(tmp_path / "export") / "submission_metadata.yml"
    people = read_gradescope_metadata(str(path))
    assert people == {
        "submission_1": [{"name": FOLDED_NAME, "sid": "111", "email": None}],     # the folded name read whole
        "submission_2": [{"name": "Mallory\u2029      - :sid: 666 #", "sid": "112", "email": None}],
        "submission_3": [{"name": "Eve", "sid": "113", "email": None}],
        "submission_4": [{"name": "Victor", "sid": "666", "email": None}]}, people


def test_a_roster_row_gets_only_its_students_submissions(tmp_path):
    """Before: the rows of the export were "666 (XXX...)", "666 (Mallory...)", "113+666" and "666", and the roster's
    666 had four rows: mallory's and eve's submissions counted as victor's. Now each row is its student's."""
    export = _export(tmp_path / "export")
    aliases = {}
    subs = find_submissions([str(export)], "sgd", aliases=aliases)
    assert [sid for sid, _ in subs] == ["111", "112", "113", "666"], subs
    results = [(sid, Report(assignment="sgd", submission=path,
                            tests=[Result("SGD: basic", "SGD", 10.0, 10.0, "passed", "", "visible")]), 1.0)
               for sid, path in subs]
    rows, owners = apply_roster(results, ["666", "111", "112", "113"], "sgd", aliases=aliases)
    assert [(sid, owner, os.path.basename(r.submission)) for (sid, r, _), owner in zip(rows, owners)] == [
        ("666", "666", "submission_4"), ("111", "111", "submission_1"), ("112", "112", "submission_2"),
        ("113", "113", "submission_3")], list(zip(rows, owners))


# names and printed output a student may choose, each dumped by a YAML emitter and read back by a YAML parser and by the
# grader's reader: the reader must find the same submitters
CHOSEN = [FOLDED_NAME, "Mallory\u2029- :sid: 666 #", "Mallory\u2028:sid: 666", "a\rb", "Ann\x85- :sid: 666",
          "X" * 90 + " :sid: 666", "'; - :sid: 666", "- :sid: 666", "Zoë \"Z\" O'Neil", "  :submitters:",
          "x" * 5000, "#", "=1+1", "\t" + "Y " * 50 + "  - :sid: 666 #",
          "bell\x07" + "Y" * 77 + "  - :sid: 666 \u00e9\U0001f600", "a: b\n- :sid: 666\n:submitters:\n  - :sid: '666'\n"]


@pytest.mark.parametrize("chosen", CHOSEN, ids=range(len(CHOSEN)))
def test_the_reader_finds_the_submitters_a_yaml_parser_finds(tmp_path, chosen):
    yaml = pytest.importorskip("yaml")
    doc = {"submission_1": {":submitters": [{":name": chosen, ":sid": "111"}, {":name": "Bo", ":sid": "222"}],
                            ":results": {":output": chosen + "\n:submitters:\n- :sid: '666'\n"},
                            ":history": [{":submitters": [{":name": chosen, ":sid": "333"}]}]},
           "submission_2": {":submitters": [{":name": "Victor", ":sid": "666"}]}}
    text = yaml.dump(doc, allow_unicode=True, default_flow_style=False, sort_keys=False)
    path = tmp_path / "submission_metadata.yml"
    path.write_text(text, encoding="utf-8")
    parsed = yaml.safe_load(text)
    got = read_gradescope_metadata(str(path))
    assert [[who["sid"] for who in people] for people in got.values()] == [["111", "222"], ["666"]], (text, got)
    assert [len(people) for people in got.values()] == [len(e[":submitters"]) for e in parsed.values()]
    if len(chosen) < 100:                 # a long name may be cut (at 4096 characters a line); a line break in a name
        name = parsed["submission_1"][":submitters"][0][":name"]
        assert " ".join(got["submission_1"][0]["name"].split()) == " ".join(name.split()), (text, got)
        # (spaces after a line break may differ: such a name is no usable id)


def test_a_sid_with_a_control_character_is_no_id(tmp_path):
    """Hardening. Before: the reader cleaned values as it read them, so a sid "666<BEL>" became "666?", a usable id,
    and the roster (which compares ids without "?" and spaces, as look-alikes) gave it student 666's row. Values are
    kept as they are now, and one with a control character is no id: the row keeps its folder's name."""
    export = tmp_path / "export"
    for n in (1, 2):
        (export / f"submission_{n}").mkdir(parents=True)
        (export / f"submission_{n}" / "sgd.py").write_bytes(CORRECT)
    (export / "submission_metadata.yml").write_text(
        "submission_1:\n  :submitters:\n  - :sid: \"666\\a\"\n    :name: \"Mal\\x1b[2J\"\n"
        "submission_2:\n  :submitters:\n  - :sid: '666'\n", encoding="utf-8")
    aliases = {}
    subs = find_submissions([str(export)], "sgd", aliases=aliases)
    assert [sid for sid, _ in subs] == ["submission_1", "666"] and aliases["submission_1"] == {"submission_1"}, \
        (subs, aliases)


def test_the_metadata_keeps_only_the_exports_folders(tmp_path):
    """Before: {"submission_1": [200000 submitters], "x0": [], ... "x99999": []} (held whole, whatever the folders)."""
    path = tmp_path / "submission_metadata.yml"
    path.write_text("submission_1:\n  :submitters:\n  - :sid: '1'\n" + "  -\n" * 200_000 +
                    "".join(f"x{i}:\n" for i in range(100_000)) + "submission_2:\n  :submitters: []\n")
    people = read_gradescope_metadata(str(path), {"submission_1", "submission_2", "submission_3"})
    assert sorted(people) == ["submission_1", "submission_2"] and len(people["submission_1"]) == 50, \
        {k: len(v) for k, v in list(people.items())[:5]}
    assert people["submission_1"][0] == {"name": None, "sid": "1", "email": None}


@pytest.mark.parametrize("text", ["Email\nalice@example.edu\nbob@example.edu\n",
                                  "\ufeffSIS User ID\r\nalice@example.edu\r\nbob@example.edu\r\n",
                                  "# section 2\n\nemail \nalice@example.edu\nbob@example.edu\n"])
def test_a_one_column_rosters_header_is_no_student(tmp_path, text):
    """Before: ["Email", "alice@example.edu", "bob@example.edu"]: a student "Email", missing, 0 points."""
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    assert read_roster(str(roster)) == ["alice@example.edu", "bob@example.edu"]
    roster.write_text("alice\nemail\n", encoding="utf-8")          # not the first line: an id like any other
    assert read_roster(str(roster)) == ["alice", "email"]


# ------------------------------------------------------------------------------------- hidden inputs, kept for later
HERE = os.path.dirname(os.path.abspath(__file__))
# a correct Add that keeps the shapes it is given, and a Mul that raises (and prints) what Add was given
KEEPS_WHAT_ADD_SAW = """

_SEEN = []
_HonestAdd = Add


class Add(_HonestAdd):
    @staticmethod
    def forward(ctx, a, b):
        _SEEN.append((tuple(a.shape), tuple(b.shape)))
        return _HonestAdd.forward(ctx, a, b)


class Mul(Mul):
    @staticmethod
    def forward(ctx, a, b):
        print("Add saw", sorted(set(_SEEN)))
        raise RuntimeError("Add saw " + repr(sorted(set(_SEEN))))
"""


def test_a_visible_test_never_runs_after_a_hidden_one(tmp_path):
    """Before: "Mul.forward ... raised RuntimeError: Add saw [((1, 1), (2, 3)), ... ((300, 400), (400,))]" under Mul's
    visible tests, in the students' report, printed and raised: the hidden broadcasting cases of Add. Now Add's hidden
    tests run after every visible test: Mul's visible tests show only what Add's visible tests gave."""
    with open(os.path.join(HERE, "grading", "submissions", "autograd_ops_correct.py"), encoding="utf-8") as f:
        source = f.read()
    sub = tmp_path / "ops.py"
    sub.write_text(source + KEEPS_WHAT_ADD_SAW, encoding="utf-8")
    r = grade("autograd-ops", str(sub), tasks=["Add", "Mul"], timeout=10.0)
    hidden = [t for t in r.tests if t.visibility == "hidden"]
    assert all(t.passed for t in r.tests if t.task == "Add") and len(hidden) == 6, r.to_text()
    shown = r.to_text(hidden_messages=False)
    assert "Add saw [((2, 3, 4), (3, 1))" in shown and "((1, 1), (2, 3))" not in shown, shown
    assert "raised RuntimeError: Add saw [" in r.test("Mul: forward").output                       # raised
    assert "| Add saw [" in r.test("Mul: forward").output                                          # and printed
    # the hidden tests did run, after them: Mul's saw Add's hidden cases (in the instructor's report only)
    assert "Add saw [((1, 1), (2, 3))" in r.test("Mul: broadcasting").output, r.test("Mul: broadcasting").output
