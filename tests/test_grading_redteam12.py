"""The red-team pass 12 (tests/grading_redteam12/): holes found by attacking the grader as a dishonest student, each
with the behaviour before the fix.

- ``python -m minigrad.grading`` run in a student's folder: the pass 11b took that folder off the judge's ``sys.path``
  in ``cli.main``, but minigrad and the grader's own modules had been imported by then, with the folder first on the
  path: a student's ``numpy.py`` or ``numbers.py`` (imported by ``import minigrad``) or ``difflib.py``, ``argparse.py``,
  ``csv.py``... (imported by the grader's modules) beside the submission ran in the judge, as root; the grading went on
  to 100/100. Under ``-m`` the current folder is now off ``sys.path`` while minigrad and ``minigrad.grading`` load (put
  back after, for an instructor's ``package.module:NAME`` spec, then taken off by the CLI as before).
- ``grade()`` from Python (a notebook or a script in the class's folder) never took anything off ``sys.path``: the
  judge imports sysconfig late (``judge.preloadable``), and a student's ``sysconfig.py`` beside the submission ran in
  the judge (here it broke the grading with an AttributeError). ``grade()`` and ``grade_many()`` now take the
  submissions' folders off ``sys.path`` while they grade, and put them back after. Python's own folders stay: a
  submission in a folder above the Python installation (``minigrad-grade sgd /root/sgd.py`` with Python under
  /root/.pyenv) had the standard library taken off ``sys.path`` by the pass 11b's ``safe_import_path``, and the judge's
  late ``import sysconfig`` ended the grading with a traceback (no report) before this pass.
- System V IPC: a runner (the lock-down switched off through its own globals, ctypes taken from its sys.modules) made
  shared-memory segments and message queues in the host's IPC namespace. They outlived the runner and every sweep:
  memory that no grading frees (4096 segments of up to the address-space limit each fill the machine), a channel
  between runners graded at the same time, and data a later runner given the same uid could read. Each runner now
  has an IPC namespace of its own, which dies with it.
- The kernel's key store: a runner (the lock-down switched off the same way) put a key in its uid's persistent
  keyring, kept three days after it ended, and opened it to every uid: /proc/keys showed it to any later runner (or
  one graded at the same time), which could read it; in a batch every student gets the same inputs, so one student's
  correct answers fit another's. A seccomp filter now refuses the key system calls (add_key, request_key, keyctl) in
  every runner.
- minigrad's own derivatives in another form: a distribution transform's log|dy/dx| (``TanhTransform``,
  ``SigmoidTransform``, ``ExpTransform``), exponentiated, is the derivative of tanh, sigmoid or exp, with minigrad's
  overflow care; an autograd-ops submission whose backwards were ``g * T().log_abs_det_jacobian(x, y).exp()`` scored
  100/100, the hidden "large inputs" tests included. autograd-ops now forbids those three methods (absent from the
  runner's copy of minigrad).
- Batch mode read every ``.py`` file of a class's folder whole to tell files from folders (``classify_folder``): a
  12 MB file of ``x = 1`` lines took the judge 30 s and 4.7 GB before any grading (a larger one ends the judge). The
  layout is now read only from files up to the source limit; the judge's up-front copies leave out (and grade() then
  refuses) a file over 20 MB, which they copied whole to the judge's disk before; digests read a MiB at a time.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from minigrad.grading import grade
from minigrad.grading.batch import _defined_names, _snapshot, find_submissions, grade_many
from minigrad.grading.static import MAX_SOURCE

HERE = os.path.dirname(os.path.abspath(__file__))
RT12 = os.path.join(HERE, "grading_redteam12")
CORRECT_CE = os.path.join(HERE, "grading", "submissions", "cross_entropy_correct.py")
CORRECT_SGD = os.path.join(HERE, "grading", "submissions", "sgd_correct.py")

# a module that, imported, leaves a mark one folder up and then loads the real module in its place
_SHADOW = '''import importlib.machinery, importlib.util, os, sys
_here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(_here, "..", "IMPORTED_BY_THE_JUDGE"), "a") as _f:
    _f.write(__name__ + "\\n")
del sys.modules[__name__]
_spec = importlib.machinery.PathFinder.find_spec(__name__, [p for p in sys.path
                                                         if os.path.realpath(p or ".") != os.path.realpath(_here)])
_m = importlib.util.module_from_spec(_spec)
sys.modules[__name__] = _m
_spec.loader.exec_module(_m)
'''


def _student_folder(tmp_path, submission, shadows):
    folder = tmp_path / "alice"
    folder.mkdir()
    with open(submission, encoding="utf-8") as f:
        (folder / os.path.basename(submission)).write_text(f.read())
    for name in shadows:
        (folder / f"{name}.py").write_text(_SHADOW)
    return folder


def _env():
    env = dict(os.environ)
    # the minigrad under test, wherever the students' folder is
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(HERE)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep)
                                                                   if p])
    return env


def test_python_m_in_a_students_folder_runs_none_of_its_files_in_the_judge(tmp_path):
    """Before: numpy.py, numbers.py, difflib.py (and argparse.py, csv.py, logging.py...) beside the submission ran in
    the judge."""
    folder = _student_folder(tmp_path, CORRECT_CE, ("numpy", "numbers", "difflib", "argparse", "csv", "logging",
                                                    "shlex", "queue"))
    proc = subprocess.run([sys.executable, "-m", "minigrad.grading", "cross-entropy", "cross_entropy_correct.py",
                           "--single"], cwd=str(folder), capture_output=True, text=True, timeout=300, env=_env())
    assert not (tmp_path / "IMPORTED_BY_THE_JUDGE").exists(), (tmp_path / "IMPORTED_BY_THE_JUDGE").read_text()
    assert proc.returncode == 0 and "Total                                100/100" in proc.stdout, proc.stderr[-2000:]


def test_python_m_still_finds_an_instructors_spec_module_in_the_current_folder(tmp_path):
    """The current folder comes back on sys.path after the grader's imports: `package.module:NAME` still loads."""
    course = tmp_path / "course"
    (course / "subs").mkdir(parents=True)
    (course / "mycourse_specs.py").write_text("from minigrad.grading.assignments.sgd import ASSIGNMENT as SGD_HW\n")
    with open(CORRECT_SGD, encoding="utf-8") as f:
        (course / "subs" / "sgd.py").write_text(f.read())
    proc = subprocess.run([sys.executable, "-m", "minigrad.grading", "mycourse_specs:SGD_HW", "subs/sgd.py"],
                          cwd=str(course), capture_output=True, text=True, timeout=300, env=_env())
    assert proc.returncode == 0 and "Total                        100/100" in proc.stdout, proc.stderr[-2000:]


def test_grade_from_python_in_the_class_folder_imports_none_of_its_files(tmp_path):
    """Before: the student's sysconfig.py ran in the judge (and grade() raised AttributeError)."""
    folder = _student_folder(tmp_path, CORRECT_CE, ("sysconfig", "secrets", "hmac"))
    code = ("import sys\nbefore = list(sys.path)\nfrom minigrad.grading import grade\n"
            "r = grade('cross-entropy', 'cross_entropy_correct.py')\n"
            "print('SCORE', r.score, 'PATH KEPT', sys.path == before)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=str(folder), capture_output=True, text=True, timeout=300,
                          env=_env())
    assert not (tmp_path / "IMPORTED_BY_THE_JUDGE").exists(), (tmp_path / "IMPORTED_BY_THE_JUDGE").read_text()
    assert "SCORE 100.0 PATH KEPT True" in proc.stdout, proc.stderr[-2000:]


def test_a_submission_above_pythons_own_folders_keeps_them_on_sys_path():
    """Before: safe_import_path took the standard library off sys.path (a ModuleNotFoundError for sysconfig)."""
    from minigrad.grading.cli import safe_import_path
    stdlib = os.path.dirname(os.path.realpath(os.__file__))
    above = os.path.dirname(os.path.realpath(sys.base_prefix))
    beside = os.path.join(above, "students")
    assert safe_import_path([os.path.join(above, "sgd.py")], [stdlib, above, beside]) == [stdlib]
    assert safe_import_path([above], [stdlib, above, beside]) == [stdlib]


def _ipc_objects():
    """(key, size) of every System V shared-memory segment and message queue this process can see."""
    found = []
    for table, size_col in (("/proc/sysvipc/shm", 3), ("/proc/sysvipc/msg", None)):
        with open(table) as f:
            for line in f.read().splitlines()[1:]:
                cols = line.split()
                found.append((int(cols[0]), int(cols[size_col]) if size_col else None))
    return found


def test_system_v_ipc_objects_die_with_the_runner():
    """Before: two 3 MiB segments and a message queue stayed in the host after grading, owned by the runner's uid."""
    if not os.path.exists("/proc/sysvipc/shm"):
        pytest.skip("no System V IPC table to look at")
    keys = {0x5EC1201, 0x5EC1202, 0x5EC1203}
    assert not keys & {k for k, _ in _ipc_objects()}, "left over from an earlier run: ipcrm them"
    try:
        r = grade("sgd", os.path.join(RT12, "sgd_sysv_ipc.py"))
        if str(r.sandbox.get("ipc", "")).startswith("shared"):
            pytest.skip(f"the OS gives the runner no IPC namespace here ({r.sandbox['ipc']})")
        assert (r.score, r.max_score) == (100, 100), r.to_text()  # a correct SGD; the reach-around is a 0-point note
        assert not keys & {k for k, _ in _ipc_objects()}
        assert not [k for k, size in _ipc_objects() if size == 3 * 1048576 + 12345]
    finally:                                    # what a failure left behind (needs the right to remove it)
        args = [a for k in sorted(keys) if k in {k_ for k_, _ in _ipc_objects()}
                for a in (("-Q" if k == 0x5EC1203 else "-M"), hex(k))]
        if args:
            subprocess.run(["ipcrm"] + args, capture_output=True, check=False)


def _big_source(path, size):
    with open(CORRECT_SGD, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text + "x = 1\n" * ((size - len(text)) // 6 + 1))


def test_the_layout_of_a_class_is_read_only_from_files_within_the_source_limit(tmp_path):
    """Before: the whole file was parsed (12 MB: 30 s and 4.7 GB in the judge); now it defines nothing."""
    cls = tmp_path / "class"
    cls.mkdir()
    for name in ("alice", "bob"):
        with open(CORRECT_SGD, encoding="utf-8") as f:
            (cls / f"{name}.py").write_text(f.read())
    _big_source(cls / "mallory.py", MAX_SOURCE + 4096)
    assert _defined_names(str(cls / "alice.py")) >= {"SGD"}
    assert _defined_names(str(cls / "mallory.py")) == set()
    assert [sid for sid, _ in find_submissions([str(cls)], "sgd")] == ["alice", "bob", "mallory"]


def test_the_judges_copies_leave_out_a_file_over_the_size_limit(tmp_path):
    """Before: a student's file of any size was copied whole to the judge's disk before grading began."""
    cls = tmp_path / "class"
    cls.mkdir()
    with open(CORRECT_SGD, encoding="utf-8") as f:
        (cls / "alice.py").write_text(f.read())
    with open(cls / "mallory.py", "wb") as f:          # sparse: 21 MB on paper, nothing on the disk
        f.truncate(21 << 20)
    subs = find_submissions([str(cls / "alice.py"), str(cls / "mallory.py")], "sgd")
    snap = tmp_path / "snap"
    snap.mkdir()
    copies = _snapshot(subs, str(snap))
    assert copies[0] != subs[0][1] and os.path.isfile(copies[0])
    assert copies[1] == subs[1][1]                       # left where it is: grade() refuses it unread
    t0 = time.monotonic()
    results = {sid: r for sid, r, _ in grade_many("sgd", subs, jobs=1)}
    assert time.monotonic() - t0 < 120
    assert results["alice"].score == 100
    assert results["mallory"].score == 0 and "larger than 20 MB" in results["mallory"].output


def test_minigrads_transform_derivatives_do_not_score_for_exp_tanh_sigmoid():
    """Before: 100/100 (the overflow-care "large inputs" tests included) with minigrad's own derivatives; now each
    derivative taken from a transform is absent from the runner's copy and those tests fail; the forwards and the
    other ops (written by the student) keep their points."""
    r = grade("autograd-ops", os.path.join(RT12, "ao_transform_derivatives.py"))
    assert (r.score, r.max_score) == (76, 100), r.to_text()
    assert sorted(t.name for t in r.failed()) == sorted(
        [f"{op}: {test}" for op in ("Exp", "Tanh", "Sigmoid") for test in ("backward", "finite differences",
                                                                            "reused inputs")]
        + ["Sigmoid: large inputs", "Tanh: large inputs"])
    assert all("is not allowed in the autograd-ops assignment" in t.output for t in r.failed())


def _visible_keys(description):
    """(serial, uid) of the keys /proc/keys shows with this description."""
    found = []
    with open("/proc/keys") as f:
        for line in f:
            cols = line.split()
            if len(cols) > 8 and cols[8].rstrip(":") == description:
                found.append((int(cols[0], 16), int(cols[5])))
    return found


def _invalidate(keys):
    """Best effort, as root: each key invalidated by a child that takes its owner's uid."""
    if os.geteuid() != 0:
        return
    for serial, uid in keys:
        pid = os.fork()
        if pid == 0:                                    # pragma: no cover - the child
            try:
                import ctypes
                os.setresuid(uid, uid, uid)
                nr = 250 if os.uname().machine == "x86_64" else 219
                ctypes.CDLL(None).syscall(nr, 21, serial)    # KEYCTL_INVALIDATE
            finally:
                os._exit(0)
        os.waitpid(pid, 0)


def test_the_key_store_is_refused_to_runners():
    """Before: the key stayed in /proc/keys after grading, readable by every uid; now add_key fails with EPERM."""
    if not os.path.exists("/proc/keys"):
        pytest.skip("no key store to look at")
    name = "rt12-redteam-key"
    _invalidate(_visible_keys(name))                    # left by an earlier run of the unfixed grader
    try:
        r = grade("sgd", os.path.join(RT12, "sgd_key_store.py"))
        if str(r.sandbox.get("key store", "")).startswith("open"):
            pytest.skip(f"no seccomp for the runner here ({r.sandbox['key store']})")
        assert (r.score, r.max_score) == (100, 100), r.to_text()  # a correct SGD; the reach-around is a 0-point note
        assert _visible_keys(name) == []
    finally:
        _invalidate(_visible_keys(name))
