"""The red-team pass 13 (tests/grading_redteam13/): holes found by attacking the grader as a dishonest student, each
with the behaviour before the fix.

- A frame written by the submission into the answer pipe at import, whose header says ``{"arrays": [1e999]}``: JSON
  reads 1e999 as a float infinity and the judge's reader summed the sizes with ``int()``: OverflowError out of
  ``grade()``, a traceback and no report (in Gradescope mode no results.json: "the autograder failed"). The sizes are
  now checked as the parser checks them, and a number that overflows to infinity is not JSON the judge reads.
- /dev/mqueue (Docker mounts it in every container) showed the host's POSIX message queues to every runner, although
  each has an IPC namespace of its own: a plain ``os.open("/dev/mqueue/x", O_CREAT)`` (no lock-down switched off)
  left a queue behind after grading, listed by every later runner of the batch (its name carries anything) and
  readable by other uids. The runner now mounts /dev/mqueue for its own IPC namespace.
- /dev/pts: graded by a user (the runner has the judge's uid), a runner opened the instructor's terminals there and
  wrote escape sequences and a forged "every test passed, 100/100" into the terminal the grading ran in, around every
  cleaning of the report. The runner's /dev/pts is now covered.
- Batch mode hashed every original file whole before the batch and again after each grading (to see whose files
  changed): a student's sparse file of gigabytes (never graded: over 20 MB) was read N + 3 times for a class of N, hours
  for a large class. A file over the limit is now known by its identity, size and times.
- Student ids that read alike: "alice .py" (a trailing space), "alice\\u200b.py" (a zero-width space), fullwidth
  "ａｌｉｃｅ.py" were shown as three more rows "alice" in the summary (the summary printed ``safe_id``), and the gradebook
  had "alice " beside "alice" (an import that trims takes either score). They now go after the plain names and get a
  suffix, and the summary prints the ids themselves.
- A student's file named ``__init__.py`` in a class's folder (or a student's folder of that name) made the folder a
  package: the whole class was graded as one submission, one row. Such a folder is now refused as ambiguous when two or more of its files each define every
  task (``--single`` grades a package that really is one student's).
- A student's file named ``--csv=bob.py`` in a class's folder: ``minigrad-grade sgd *.py`` there took it as an option,
  and the gradebook was written over bob.py. An output that is a submission, or inside one, is now a usage error that
  names the likely cause.
- ``--output``/``--csv`` naming a character device or a FIFO: the report was written as a fresh file renamed over it, so
  ``--csv /dev/null`` as root replaced the machine's /dev/null with a regular file. Devices and FIFOs are now written to.
- A custom check's failure message quoting what the submission returned (``raise Fail(f"returned {s}")``) went into
  the report as it was: a right-to-left override, escape sequences and 200 KB of text. Such messages are now cleaned
  as the submission's own text is.
"""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time

import pytest

from minigrad.grading import grade
from minigrad.grading import batch, files, protocol
from minigrad.grading.batch import LayoutError, classify_folder, find_submissions, grade_many
from minigrad.grading.files import MAX_BYTES

HERE = os.path.dirname(os.path.abspath(__file__))
RT13 = os.path.join(HERE, "grading_redteam13")
CORRECT_SGD = os.path.join(HERE, "grading", "submissions", "sgd_correct.py")
ZERO_BUFFER_SGD = os.path.join(HERE, "grading", "submissions", "sgd_zero_buffer.py")
GREET = os.path.join(RT13, "greet_spec.py")


def _sgd_with(tmp_path, name, tail):
    """A correct SGD (tests/grading/submissions/sgd_correct.py) with ``tail`` after it: the attack."""
    with open(CORRECT_SGD, encoding="utf-8") as f:
        src = f.read()
    path = tmp_path / name
    path.write_text(src + "\n\n" + tail + "\n", encoding="utf-8")
    return str(path)


# at import, a frame of its own into the answer pipe: {"arrays": [1e999]}
INFINITE_FRAME = '''import os as _os
import stat as _stat
import struct as _struct

_HEAD = b'{"id": 1, "arrays": [1e999]}'
for _fd in range(3, 40):
    try:
        if _stat.S_ISFIFO(_os.fstat(_fd).st_mode):
            _os.write(_fd, _struct.pack(">I", len(_HEAD)) + _HEAD)
    except OSError:
        pass'''

# a POSIX message queue left in /dev/mqueue, by a plain os.open with O_CREAT (no lock-down switched off)
MQUEUE = '''import os as _os

try:
    _os.close(_os.open("/dev/mqueue/rt13_left_behind", _os.O_CREAT | _os.O_RDONLY, 0o666))
except OSError:
    pass'''

# refuses to be graded when it can see the terminals of /dev/pts
TERMINALS = '''import os as _os

try:
    _seen = _os.listdir("/dev/pts")
except OSError:
    _seen = None
if _seen is not None:
    raise RuntimeError(f"the terminals are in sight: {sorted(_seen)[:5]}")'''


def _cli(*args, cwd=None, timeout=300):
    env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
    return subprocess.run([sys.executable, "-m", "minigrad.grading", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=cwd)


# ------------------------------------------------------------------------------------- 1e999 in a frame's sizes
def test_an_infinite_array_size_in_a_frame_is_a_malformed_answer(tmp_path):
    """Before: OverflowError ("cannot convert float infinity to integer") out of grade(). Now the load answer is
    malformed: the submission's tests fail with a report."""
    r = grade("sgd", _sgd_with(tmp_path, "sgd_infinite_frame.py", INFINITE_FRAME))
    assert (r.score, r.max_score) == (0, 100)
    assert "OverflowError" not in r.to_text()


def test_an_infinite_array_size_still_writes_gradescope_results(tmp_path):
    out = tmp_path / "results.json"
    proc = _cli("sgd", _sgd_with(tmp_path, "sgd_infinite_frame.py", INFINITE_FRAME), "--format", "gradescope",
                "--output", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text())
    assert data["score"] == 0 and len(data["tests"]) == 11


@pytest.mark.parametrize("head", [b'{"arrays": [1e999]}', b'{"arrays": [-1e999, 8]}', b'{"arrays": 1e999}',
                                  b'{"arrays": [1.0]}', b'{"arrays": [true]}', b'{"arrays": {"0": 8}}',
                                  b'{"id": 1e999, "arrays": []}'])
def test_the_reader_refuses_sizes_and_numbers_that_are_not_byte_counts(head):
    r, w = os.pipe()
    try:
        os.write(w, len(head).to_bytes(4, "big") + head + b"\0" * 8)
        with pytest.raises(protocol.ProtocolError):
            protocol.Reader(r).read(time.monotonic() + 5)
    finally:
        os.close(r)
        os.close(w)


# ------------------------------------------------------------------------------------- /dev/mqueue
def _can_mount_mqueue():
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "-i", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs none /mnt && umount /mnt"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_mqueue(), reason="needs root, unshare and mount (Linux)")
def test_a_message_queue_made_in_dev_mqueue_does_not_outlive_the_runner(tmp_path):
    """Before: /work/... rt13_left_behind listed in /dev/mqueue after grading (the runner's /dev/mqueue was the
    host's). Now the runner's /dev/mqueue is its own IPC namespace's. The grading runs in a mount and IPC namespace
    of the test's own, with /dev/mqueue mounted there as Docker mounts it (made, and removed after, when missing)."""
    script = f"""
set -e
made=""
if [ ! -d /dev/mqueue ]; then mkdir /dev/mqueue; made=1; fi
mount -t mqueue none /dev/mqueue
PYTHONPATH={os.path.dirname(HERE)} {sys.executable} -m minigrad.grading sgd {_sgd_with(tmp_path, "sgd_mqueue.py", MQUEUE)} \
    --format json --output {tmp_path / "r.json"} || true
ls -A /dev/mqueue > {tmp_path / "left.txt"}
umount /dev/mqueue
if [ -n "$made" ]; then rmdir /dev/mqueue; fi
"""
    proc = subprocess.run(["unshare", "-m", "-i", "--propagation", "private", "sh", "-c", script],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads((tmp_path / "r.json").read_text())["score"] == 100     # honest code unaffected
    assert (tmp_path / "left.txt").read_text().split() == []


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0 or not os.path.isdir("/dev/pts"),
                    reason="the runner's own mount namespace (root, Linux)")
def test_the_runners_dev_pts_is_covered(tmp_path):
    """Before: 0/100 here (the submission refuses when /dev/pts can be listed); under a user's own uid the runner wrote
    into the instructor's terminal (seen with the judge run as nobody inside `script`). As root each runner has a uid
    of its own and cannot write to root's terminals, but it could list them."""
    r = grade("sgd", _sgd_with(tmp_path, "sgd_terminals.py", TERMINALS))
    assert r.score == 100, r.to_text()


# ------------------------------------------------------------------------------------- a huge file in a class
def test_a_huge_sparse_file_in_a_class_is_never_read_whole(tmp_path, monkeypatch):
    """Before: the 64 MiB file (standing for gigabytes) was read whole 6 times in a class of 3 (N + 3)."""
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CORRECT_SGD, folder / "alice.py")
    shutil.copy(CORRECT_SGD, folder / "bob.py")
    with open(folder / "mallory.py", "wb") as f:
        f.truncate(MAX_BYTES + (44 << 20))
    reads = []
    real = batch._hash_file
    monkeypatch.setattr(batch, "_hash_file", lambda h, path: (reads.append(path), real(h, path))[1])
    subs = find_submissions([str(folder)], "sgd")
    results = {sid: r for sid, r, _ in grade_many("sgd", subs, jobs=1)}
    assert results["alice"].score == results["bob"].score == 100 and results["mallory"].score == 0
    assert not [p for p in reads if p.endswith("mallory.py")]


def test_a_huge_file_that_changes_during_a_batch_is_still_noticed(tmp_path):
    big = tmp_path / "big.py"
    with open(big, "wb") as f:
        f.truncate(MAX_BYTES + 1)
    before = batch._digest(str(big))
    with open(big, "r+b") as f:
        f.seek(10)
        f.write(b"x")
    assert batch._digest(str(big)) != before


# ------------------------------------------------------------------------------------- ids that read alike
def test_ids_that_read_like_another_students_get_a_suffix(tmp_path):
    """Before: ids "alice " / "alice\\ufffd" / "ａｌｉｃｅ" beside "alice", and "alice .py" (sorted first) kept a bare
    id; the summary showed four rows "alice" (or "submission")."""
    folder = tmp_path / "class"
    folder.mkdir()
    names = ["alice .py", "alice\u200b.py", "\uff41\uff4c\uff49\uff43\uff45.py", "alice.py", "bob.py"]
    for n in names:
        (folder / n).write_text("class SGD:\n    pass\n", encoding="utf-8")
    ids = dict((os.path.basename(p), sid) for sid, p in find_submissions([str(folder)], "sgd"))
    assert ids["alice.py"] == "alice" and ids["bob.py"] == "bob"
    assert ids["alice .py"] == "alice -2"
    assert ids["alice\u200b.py"].endswith(("-3", "-4")) and ids["\uff41\uff4c\uff49\uff43\uff45.py"].endswith(("-3", "-4"))
    keys = [batch._id_key(s) for s in ids.values()]
    assert len(set(keys)) == len(keys)


def test_the_summary_shows_each_id_as_it_is(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CORRECT_SGD, folder / "alice.py")
    shutil.copy(ZERO_BUFFER_SGD, folder / "alice .py")
    proc = _cli("sgd", str(folder), "--jobs", "1", "--csv", str(tmp_path / "g.csv"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [ln.split() for ln in proc.stdout.splitlines()]
    assert ["alice", "100/100", "graded"] in rows and ["alice", "-2", "80/100", "graded"] in rows
    assert (tmp_path / "g.csv").read_text().splitlines()[1:] and \
        sorted(ln.split(",")[0] for ln in (tmp_path / "g.csv").read_text().splitlines()[1:]) == ["alice", "alice -2"]


# ------------------------------------------------------------------------------------- __init__.py in a class
def test_an_init_file_among_students_files_is_not_a_package(tmp_path):
    """Before: "single": the class graded as one submission (one row, the folder's name, 100/100)."""
    folder = tmp_path / "class"
    folder.mkdir()
    for n in ("alice.py", "bob.py", "carol.py"):
        shutil.copy(CORRECT_SGD, folder / n)
    (folder / "__init__.py").write_text("from .alice import SGD\n")
    with pytest.raises(LayoutError, match="__init__.py"):
        classify_folder(str(folder), batch.load_assignment("sgd"))
    proc = _cli("sgd", str(folder))
    assert proc.returncode == 2 and "--single" in proc.stderr


def test_a_students_folder_named_init_py_does_not_make_the_class_a_package(tmp_path):
    """Before: "single" (os.path.exists of __init__.py): the class of folders graded as one submission."""
    folder = tmp_path / "class"
    for n in ("alice", "bob", "__init__.py"):
        (folder / n).mkdir(parents=True)
        shutil.copy(CORRECT_SGD, folder / n / "sgd.py")
    assert classify_folder(str(folder), batch.load_assignment("sgd")) == "folders"
    assert [sid for sid, _ in find_submissions([str(folder)], "sgd")] == ["alice", "bob"]


def test_a_students_package_is_still_one_submission(tmp_path):
    pkg = tmp_path / "alice"
    pkg.mkdir()
    shutil.copy(CORRECT_SGD, pkg / "sgd.py")
    (pkg / "helpers.py").write_text("def lr_of(group):\n    return group['lr']\n")
    (pkg / "__init__.py").write_text("from .sgd import SGD\n")
    assert classify_folder(str(pkg), batch.load_assignment("sgd")) == "single"
    assert grade("sgd", str(pkg)).score == 100


# ------------------------------------------------------------------------------------- a file named like an option
def test_a_file_named_like_an_option_cannot_overwrite_a_classmates_submission(tmp_path):
    """`minigrad-grade sgd *.py` in a class's folder holding a student's file named "--csv=bob.py". Before: the
    gradebook was written over bob.py (exit 0). Now a usage error that says what happened; bob.py is untouched."""
    for n in ("alice.py", "bob.py", "--csv=bob.py"):
        shutil.copy(CORRECT_SGD, tmp_path / n)
    names = sorted(n for n in os.listdir(tmp_path) if n.endswith(".py"))     # what the shell's *.py gives
    proc = _cli("sgd", *names, cwd=str(tmp_path))
    assert proc.returncode == 2 and "would overwrite the submission" in proc.stderr and "--" in proc.stderr
    with open(tmp_path / "bob.py", encoding="utf-8") as f, open(CORRECT_SGD, encoding="utf-8") as g:
        assert f.read() == g.read()
    ok = _cli("sgd", "--jobs", "1", "--", *names, cwd=str(tmp_path))          # the fix the message gives
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "--csv=bob" in ok.stdout


# ------------------------------------------------------------------------------------- a device as the output
@pytest.mark.skipif(os.geteuid() != 0 or not hasattr(os, "mknod"), reason="making a device node needs root")
def test_a_report_written_to_a_character_device_keeps_the_device(tmp_path):
    """Before: safe_write renamed a fresh regular file over the target, so `--csv /dev/null` as root replaced the
    machine's /dev/null with a file (found the hard way during this pass). Here on a null device of the test's own."""
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    r = _cli("sgd", CORRECT_SGD, "--format", "json", "--output", str(null))
    assert r.returncode == 0, r.stderr[-2000:]
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_a_report_written_to_a_fifo_reaches_its_reader(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()), daemon=True)
    reader.start()
    files.safe_write(str(fifo), "id,score\nalice,100\n")
    reader.join(30)
    assert got == ["id,score\nalice,100\n"] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_report_still_replaces_a_planted_link(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep")
    link = tmp_path / "report.txt"
    link.symlink_to(target)
    files.safe_write(str(link), "report")
    assert target.read_text() == "keep" and not link.is_symlink() and link.read_text() == "report"


# ------------------------------------------------------------------------------------- custom checks' messages
def test_a_custom_checks_message_quoting_the_answer_is_cleaned():
    """Before: the report held U+202E, ESC and 200 KB of the submission's text."""
    r = grade(GREET, os.path.join(RT13, "greet_forged.py"))
    assert (r.score, r.max_score) == (0, 10)
    for text in (r.to_text(), r.to_json()):
        assert "\u202e" not in text and "\\u202e" not in text
        assert "\x1b" not in text and "\\u001b" not in text
        assert len(text) < 12000
    assert "returned" in r.to_text() and "count('abc') gave 3" in r.to_text()


def test_a_correct_custom_submission_keeps_full_marks():
    assert grade(GREET, os.path.join(RT13, "greet_correct.py")).score == 10


def test_the_judge_parses_sources_one_thread_at_a_time(monkeypatch):
    """CPython 3.11's ast.parse keeps its recursion depth in state shared by threads: two batch workers parsing
    at once made "SystemError: AST constructor recursion depth mismatch", an internal grader error that gave a
    correct submission 0 (seen in CI, corpus 12's ao_closure_registry.py). The judge's parses are serialised."""
    import ast
    import threading
    import time
    from minigrad.grading import files
    inside, most = [0], [0]
    real = ast.parse

    def slow_parse(*args, **kwargs):
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        time.sleep(0.02)
        inside[0] -= 1
        return real(*args, **kwargs)
    monkeypatch.setattr(ast, "parse", slow_parse)
    threads = [threading.Thread(target=lambda: [files.parse("x = 1") for _ in range(5)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1


def test_grading_runs_again_after_the_parsers_thread_race():
    """The race above can also start in traceback formatting, which parses too: grade() (and so a batch) runs
    again when it fails with that SystemError (a judge-side error: the submission's code runs in the runner)."""
    from minigrad.grading import grader
    assert grader.grade.__wrapped__ is not None                     # grade() is wrapped
    calls = []

    def flaky(error):
        calls.append(1)
        if len(calls) == 1:
            raise SystemError(error)
        return "graded"
    again = grader._again_after_parser_race(flaky)
    assert again("AST constructor recursion depth mismatch (before=30, after=22)") == "graded" and len(calls) == 2
    calls.clear()
    with pytest.raises(SystemError, match="something else"):          # any other SystemError is not retried
        again("something else")
    assert len(calls) == 1
