"""The red-team pass 16: holes found by attacking the grader as a dishonest student, each with the behaviour before
the fix.

- The runner seeded the submission's generators with 32 bits of a hash of the grading seed, which the submission reads
  back (``np.random.get_state()``): trying every small seed found the instructor's private one, and from it every
  hidden test's inputs. The runner's seed is now the same whatever the grading seed; a private seed small enough to be
  found from a visible test's inputs (which the submission is given) is warned about.
- Under the judge's uid with no mount namespace (a user without user namespaces) a runner wrote a ``.pth`` file or a
  ``sitecustomize`` into the judge's Python installation: code that every later Python of it runs first, the judge's
  next grading and the classmates' runners included. The judge now takes a baseline of those start-up files before
  its first runner, puts them back after each such grading, and says so in the report (and the batch's warnings). The
  judge's own minigrad files (its next grading imports them, and strips them for the runners) are guarded the same way.
- In a batch the judge told each runner every student's folder (to cover them), on the runner's command line: a
  submission with the lock-down switched off read the class list there. It is told the class's folder now.
- Hardening: a gradebook cell starting with a formula behind a Unicode space, or in fullwidth form, is quoted too.
"""
from __future__ import annotations

import os
import shutil

import pytest

from minigrad.grading import grade, judge
from minigrad.grading.cli import main
from minigrad.grading.grader import INSTALLATION_NOTE, seed_warning
from test_grading_redteam13 import _sgd_with      # a correct SGD with an attack after it
from test_grading_redteam14 import UNLOCKED, _as_a_user

# ------------------------------------------------------------------------------------- the runner's seed
# at import: the runner's seed read back from NumPy's generator (MT19937 keeps it as its first word), then every grading
# seed below 2**17 tried against the hash the judge derived it with
FINDS_THE_SEED = '''import hashlib as _hashlib
import numpy as _np

_mine = int(_np.random.get_state()[1][0])
for _s in range(1 << 17):
    if int.from_bytes(_hashlib.sha256(f"minigrad-grade:{_s}".encode()).digest()[:4], "big") == _mine:
        raise RuntimeError(f"the grading seed is {_s}")
'''


def test_the_runners_seed_does_not_give_the_grading_seed_away(tmp_path):
    """Before: 0/100, "importing your submission failed: RuntimeError: the grading seed is 4242" (found in 0.1 s; every
    seed below 2**24 in seconds). Now the runner's seed is one number whatever the grading seed: the import finds
    nothing and the correct SGD scores 100."""
    sub = _sgd_with(tmp_path, "sgd_finds_the_seed.py", FINDS_THE_SEED)
    r = grade("sgd", sub, seed=4242)
    assert "grading seed" not in (r.output or ""), r.output
    assert r.score == 100, {t.name: t.output for t in r.failed()}
    assert judge.RemoteSubmission(sub, assignment=None, seed=1).seed == \
        judge.RemoteSubmission(sub, assignment=None, seed=2 ** 63 + 5).seed == judge.RUNNER_SEED


def test_a_small_private_seed_is_warned_about(capsys):
    """Before: no word (and the runner was handed 32 bits of the seed's hash). A visible test's inputs are drawn from
    the seed too and the submission is given them: a seed below 2**48 can be found by trying them all."""
    assert seed_warning(0) is None                 # the public default: nothing to find
    assert seed_warning(2 ** 63 + 12345) is None
    assert "64 random bits" in seed_warning(4242)
    assert main(["sgd", os.path.join(os.sep, "nonexistent", "sgd.py"), "--seed", "4242"]) != 0
    err = capsys.readouterr().err
    assert "the seed 4242 is small enough to be found" in err, err
    assert "no such submission" in err, err


# ------------------------------------------------------------------------------------- the judge's Python installation
def _planted(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)


def test_the_installations_start_up_files_are_put_back(tmp_path, monkeypatch):
    """The restore on its own, on a folder standing for site-packages: a new .pth removed, a changed one written back,
    a removed one written again, a planted sitecustomize package removed whole, other files left alone."""
    site = tmp_path / "site-packages"
    site.mkdir()
    (site / "legit.pth").write_text("/some/where\n")
    (site / "gone.pth").write_text("/else/where\n")
    (site / "module.py").write_text("x = 1\n")
    monkeypatch.setattr(judge, "_startup_folders", lambda: [str(site)])
    monkeypatch.setattr(judge, "_STARTUP", {})
    judge.startup_baseline()
    before = _planted(site)
    (site / "zz_attack.pth").write_text("import os; os.system('true')\n")
    (site / "legit.pth").write_text("import os; os.system('true')\n")
    (site / "gone.pth").unlink()
    (site / "sitecustomize").mkdir()
    (site / "sitecustomize" / "__init__.py").write_text("print('owned')\n")
    (site / "usercustomize.py").write_text("print('owned')\n")
    (site / "other.py").write_text("y = 2\n")      # not a start-up file: not the guard's business
    changed = judge.restore_startup_files()
    assert {os.path.basename(p) for p in changed} == {"zz_attack.pth", "legit.pth", "gone.pth", "__init__.py",
                                                      "usercustomize.py"}, changed
    assert _planted(site) == sorted(before + ["other.py"])
    assert (site / "legit.pth").read_text() == "/some/where\n"
    assert (site / "gone.pth").read_text() == "/else/where\n"
    assert judge.restore_startup_files() == []


# with the lock-down switched off: a .pth and a sitecustomize in the installation's site-packages, a line added to the
# judge's own grader (which its next grading would import: here a harmless one) and a compiled file beside it
WRITES_START_UP_FILES = UNLOCKED + '''
import site as _site

for _folder in _site.getsitepackages():
    try:
        with open(_os.path.join(_folder, "zz_redteam16.pth"), "w") as _f:
            _f.write("import os\\n")
        with open(_os.path.join(_folder, "sitecustomize.py"), "w") as _f:
            _f.write("import os\\n")
    except OSError:
        continue
    break
_grading = _os.path.join(JUDGES_MINIGRAD, "grading")
try:
    with open(_os.path.join(_grading, "report.py"), "a") as _f:
        _f.write("\\nOWNED = True\\n")
    _os.makedirs(_os.path.join(_grading, "__pycache__"), exist_ok=True)
    with open(_os.path.join(_grading, "__pycache__", "zz_redteam16.cpython-3.pyc"), "wb") as _f:
        _f.write(b"not code")
except OSError:
    pass
'''

# as a user: a virtual environment of the user's own and a copy of minigrad, graded with no mount namespace (as without
# user namespaces)
GRADE_UNCOVERED_IN_OWN_VENV = """
import glob, hashlib, json, os, shutil, subprocess, sys, venv
folder, submission, source = sys.argv[1], sys.argv[2], sys.argv[3]
venv.create(os.path.join(folder, "venv"), system_site_packages=True, with_pip=False)
code = '''
import json, os, sys
from minigrad.grading import grade
from minigrad.grading.judge import Sandbox
r = grade("sgd", sys.argv[1], sandbox=Sandbox(user=None, mount_namespace=False))
print(json.dumps({"uid": os.getuid(), "score": r.score, "sandbox": r.sandbox,
                  "tests": {t.name: t.output for t in r.tests if not t.passed}}))
'''
report = os.path.join(source, "minigrad", "grading", "report.py")
before = hashlib.sha256(open(report, "rb").read()).hexdigest()
out = subprocess.run([os.path.join(folder, "venv", "bin", "python"), "-c", code, submission], capture_output=True,
                     text=True, env=dict(os.environ, PYTHONPATH=source))
data = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else {"uid": -1, "error": out.stderr}
site = glob.glob(os.path.join(folder, "venv", "lib", "*", "site-packages"))[0]
data["left"] = sorted(n for n in os.listdir(site) if n.endswith(".pth") or n.startswith("sitecustomize"))
data["left"] += glob.glob(os.path.join(source, "minigrad", "grading", "__pycache__", "zz_*"))
data["grader changed"] = hashlib.sha256(open(report, "rb").read()).hexdigest() != before
print(json.dumps(data))
"""


def test_a_runner_without_a_sandbox_leaves_nothing_in_the_judges_installation(tmp_path):
    """Before: 100/100, with ``zz_redteam16.pth`` and ``sitecustomize.py`` left in the judge's virtual environment
    (a judge that is not root, no mount namespace for the runner), code run first by every later Python of it, and a
    line added to the judge's own ``minigrad/grading/report.py``, which its next grading imports. Now they are put back
    after the grading (the compiled file removed) and the report says so."""
    folder = tmp_path / "own_venv"
    folder.mkdir()
    source = tmp_path / "src"
    shutil.copytree(os.path.dirname(os.path.dirname(judge.__file__)), source / "minigrad",
                    ignore=shutil.ignore_patterns("__pycache__"))
    attack = WRITES_START_UP_FILES.replace("JUDGES_MINIGRAD", repr(str(source / "minigrad")))
    data = _as_a_user(GRADE_UNCOVERED_IN_OWN_VENV, str(folder), _sgd_with(tmp_path, "sgd_writes.py", attack),
                      str(source))
    assert "error" not in data, data.get("error", "")[-3000:]
    if not str(data["sandbox"].get("other copies of minigrad", "")).startswith("readable"):
        pytest.skip("the runner had a mount namespace here: " + str(data["sandbox"]))
    assert data["left"] == [] and not data["grader changed"], data
    note = data["tests"].get(INSTALLATION_NOTE + " (details)", "")     # the names: in a hidden note since round 19
    assert all(n in note for n in ("zz_redteam16.pth", "sitecustomize.py", "report.py", "put them back")), data["tests"]
    assert data["score"] == 100, data["tests"]


# ------------------------------------------------------------------------------------- the gradebook
def test_a_formula_behind_a_unicode_space_is_quoted_in_the_gradebook(tmp_path):
    """Before: a file named "\\u00a0=HYPERLINK(...).py" (a no-break space first) or "\\u3000=...", or a fullwidth
    "＝", made a gradebook cell that the formula check let through (it skipped ASCII spaces only). Hardening: whether a
    given spreadsheet trims such a space before reading a formula was not tried; the cell is quoted either way."""
    from minigrad.grading.batch import find_submissions, write_csv
    from minigrad.grading.report import Report
    names = ["\u00a0=HYPERLINK(\"x.example\",\"ok\")", "\u3000+1", "\u2002@SUM(1)", "\uff1d1+1", "alice", "a=b"]
    folder = tmp_path / "class"
    folder.mkdir()
    for n in names:
        (folder / f"{n}.py").write_text("class SGD:\n    pass\n", encoding="utf-8")
    subs = find_submissions([str(folder)], "sgd")
    assert len(subs) == len(names), subs
    out = tmp_path / "grades.csv"
    write_csv(str(out), [(sid, Report(assignment="sgd", submission=path), 0.0) for sid, path in subs])
    import csv
    with open(out, newline="", encoding="utf-8") as f:
        cells = {row[0] for row in list(csv.reader(f))[1:]}
    quoted = {c for c in cells if c.startswith("'")}
    assert {c.lstrip("'").strip("\u00a0\u3000\u2002")[:1] for c in quoted} == {"=", "+", "@", "\uff1d"}, cells
    assert {"alice", "a=b"} <= cells and len(quoted) == 4, cells


# ------------------------------------------------------------------------------------- the class list
# with the lock-down switched off: the runner's own command line (its configuration from the judge), searched for the
# classmate's folder name
READS_ITS_COMMAND_LINE = UNLOCKED + '''
_seen = open("/pr" + "oc/self/cmdline", "rb").read()
raise RuntimeError("a classmate's name seen" if b"bob_jones" in _seen else "no classmate's name seen")
'''


def test_a_runner_in_a_batch_is_not_told_its_classmates_folder_names(tmp_path):
    """Before: "a classmate's name seen": the judge listed every student's folder for the runner to cover, on its
    command line, so a submission learnt the class list (and could print it into its report). Now the runner is told
    the class's folder, which covers the students' folders in it."""
    from minigrad.grading.batch import find_submissions, grade_many
    from test_grading_redteam13 import CORRECT_SGD
    folder = tmp_path / "class"
    for name in ("alice_smith", "bob_jones"):
        (folder / name).mkdir(parents=True)
        shutil.copyfile(CORRECT_SGD, folder / name / "sgd.py")
    with open(folder / "alice_smith" / "sgd.py", "a", encoding="utf-8") as f:
        f.write("\n\n" + READS_ITS_COMMAND_LINE + "\n")
    results = {sid: r for sid, r, _ in grade_many("sgd", find_submissions([str(folder)], "sgd"), jobs=1, timeout=5.0)}
    assert "RuntimeError: no classmate's name seen" in results["alice_smith"].output, results["alice_smith"].output
    assert results["bob_jones"].score == 100, results["bob_jones"].output
