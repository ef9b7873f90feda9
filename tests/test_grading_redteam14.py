"""The red-team pass 14 (tests/grading_redteam14/): holes found by attacking the grader as a dishonest student, each
with the behaviour before the fix.

- A judge that is not root shares its uid with the runner, which could signal it: a submission stopped the judge
  (SIGSTOP), worked for twice the test's time limit, wrote its answer and let the judge go on (SIGCONT); the answer
  counted (100/100 with every answer late). The same signals hang a batch (SIGSTOP), end it without a report
  (SIGKILL) or reach other students' runners (kill(-1, ...)). Under a root judge whose runners share one user
  (``--runner-user USER``), a student's runner stopped a classmate's (85/100 instead of 100). Every runner now goes
  on in a PID namespace of its own where the OS gives one (no process outside can be named), and an answer read whole
  more than ``protocol.LATE`` seconds after its deadline (the judge was stopped while it waited) is out of time.
- Such a runner had no process limit (the count is per user: the judge's processes would count); in a user
  namespace of its own it now has the same limit as a root judge's runners (64), counted in that namespace.
- The kernel's out-of-memory killer scored runners like any process (a memory balloon of many processes could take
  the judge, and the batch with it); runners now go first (oom_score_adj 1000) and, under a root judge, cannot
  change that.
- A custom check's failure message quoting a string the submission returned kept its line breaks: the submission
  wrote lines of the report of its choosing ("shout: capitals  5/5  passed"). A message is now one paragraph when an
  answer held a line break; the instructor's own line breaks stay otherwise.
- Student ids drawn with Cyrillic or Greek letters ("аlice.py" beside "alice.py") were second rows "alice" in the
  summary and the gradebook; they now get a suffix, as round thirteen's look-alikes do.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from minigrad.grading import grade, protocol
from test_grading_redteam13 import _sgd_with      # a correct SGD with an attack after it

HERE = os.path.dirname(os.path.abspath(__file__))
RT14 = os.path.join(HERE, "grading_redteam14")
RT13 = os.path.join(HERE, "grading_redteam13")
CORRECT_SGD = os.path.join(HERE, "grading", "submissions", "sgd_correct.py")
LINUX_ROOT = sys.platform.startswith("linux") and os.geteuid() == 0


# the lock-down switched off (as the sixth red team showed how, through the runner's own output object), and the
# names of the signal calls computed (the judge's reading of the source refuses them as written)
UNLOCKED = '''import importlib as _importlib
import operator as _operator
import os as _os
import sys as _sys
import time as _time

_signal = _importlib.import_module("sig" + "nal")
_send = getattr(_os, "ki" + "ll")
try:
    _operator.attrgetter("__globals__")(type(_sys.stdout).write)["_LOCKDOWN"]["on"] = False
except Exception:
    pass
'''

# the judge stopped (SIGSTOP) while the constructor works for twice the test's time limit, and let go on (SIGCONT)
# once the answer is written
STOPS_THE_JUDGE = UNLOCKED + '''import threading as _threading

_DONE = []


def _go_on(judge):
    _time.sleep(3.0)
    _send(judge, _signal.SIGCONT)


_Honest = SGD


class SGD(_Honest):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if _DONE:
            return
        _DONE.append(True)
        judge = _os.getppid()
        if judge > 1:
            try:
                _send(judge, _signal.SIGSTOP)
                _threading.Thread(target=_go_on, args=(judge,), daemon=True).start()
            except OSError:
                pass
        _time.sleep(2.0)'''

# the lock-down switched off to read /proc: refuses to be graded unless the out-of-memory killer takes the runner first
# and the runner cannot lower its score
CHECKS_ITS_OOM_SCORE = UNLOCKED + '''_PATH = "/pr" + "oc/self/oom_score_adj"
with open(_PATH) as _f:
    _score = _f.read().strip()
if _score != "1000":
    raise RuntimeError(f"oom_score_adj is {_score}")
try:
    with open(_PATH, "w") as _f:
        _f.write("0")
except OSError:
    pass
else:
    raise RuntimeError("oom_score_adj lowered to 0")'''


def _as_a_user(script, *args, timeout=300):
    """Runs ``script`` (Python source using the grader) as an unprivileged user, uid 1000 in a user namespace of its
    own (as the sixth red team's tests do); returns its stdout as JSON, or skips where the OS cannot."""
    tool = shutil.which("unshare")
    if not tool or not sys.platform.startswith("linux"):
        pytest.skip("no unshare here")
    prefix = [tool, "-U", "--map-user=1000", "--map-group=1000"] if os.geteuid() == 0 else []
    env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
    out = subprocess.run(prefix + [sys.executable, "-P", "-c", script, *args], capture_output=True, text=True,
                         timeout=timeout, env=env, cwd=HERE)
    if out.returncode != 0 and "unshare" in out.stderr:
        pytest.skip("no unprivileged user namespaces here: " + out.stderr[-300:])
    assert out.returncode == 0, out.stderr[-3000:]
    data = json.loads(out.stdout.strip().splitlines()[-1])
    if data.get("uid") == 0:
        pytest.skip("the judge could not run as a user here")
    return data


def _skip_without_user_namespace(facts):
    """Where the runner got no user namespace of its own (its mounts are then not locked), there is no PID namespace
    to make either: what is left there is the late-answer check (tested below on its own)."""
    if not str(facts.get("mounts", "")).startswith("locked"):
        pytest.skip("no unprivileged user namespace for the runner here: " + str(facts.get("mounts")))


GRADE_AND_TELL = """
import json, os, sys
from minigrad.grading import grade
r = grade("sgd", sys.argv[1], timeout=float(sys.argv[2]))
print(json.dumps({"uid": os.getuid(), "score": r.score, "sandbox": r.sandbox,
                  "failed": {t.name: t.output for t in r.failed()}}))
"""


# ------------------------------------------------------------------------------------- signals to the judge
def test_a_runner_cannot_stop_the_judge_to_beat_the_time_limit(tmp_path):
    """Before: 100/100, with the first test's answer given after twice its time limit (the judge was stopped
    meanwhile). Now the runner cannot name the judge (getppid() is 0 in its PID namespace): the test times out."""
    data = _as_a_user(GRADE_AND_TELL, _sgd_with(tmp_path, "sgd_stops_the_judge.py", STOPS_THE_JUDGE), "1")
    _skip_without_user_namespace(data["sandbox"])
    assert data["score"] < 100
    assert "did not finish within 1 s" in data["failed"]["SGD: plain steps"], data["failed"]
    assert str(data["sandbox"].get("signals", "")).startswith("own PID namespace"), data["sandbox"]


GRADE_TWICE = """
import json, os, sys
from minigrad.grading import grade
scores = [grade("sgd", sys.argv[1]).score for _ in range(2)]
r = grade("sgd", sys.argv[1])
me, left = os.getpid(), []
for p in os.listdir("/proc"):
    if p.isdigit():
        try:
            with open(f"/proc/{p}/stat") as f:
                d = f.read()
        except OSError:
            continue
        if int(d[d.rindex(")") + 2:].split()[1]) == me:
            left.append(p)
print(json.dumps({"uid": os.getuid(), "scores": scores + [r.score], "sandbox": r.sandbox, "children": left}))
"""


def test_a_users_runner_has_a_pid_namespace_a_process_limit_and_leaves_no_zombie():
    """Before: "processes" was not among the limits of a runner under the judge's uid, and nothing kept it from
    signalling the judge. The runner now goes on in its own PID namespace as the child of the process the judge
    started: the judge kills and reaps both (a first version left one zombie per grading), and honest work keeps its
    marks."""
    data = _as_a_user(GRADE_TWICE, CORRECT_SGD)
    assert data["scores"] == [100, 100, 100]
    facts = data["sandbox"]
    _skip_without_user_namespace(facts)
    assert str(facts.get("signals", "")).startswith("own PID namespace"), facts
    assert facts["limits"].get("processes") == 64, facts
    assert facts.get("out of memory", "").startswith("killed first"), facts
    assert data["children"] == [], data


# the lock-down switched off: no parent-death signal, a session of its own (the runner in its PID namespace is not a
# group leader, so setsid works there), then a step() that never ends
LEAVES_ITS_GROUP = UNLOCKED + '''try:
    getattr(_sys, "mod" + "ules")["ctypes"].CDLL(None).prctl(1, 0, 0, 0, 0)
    getattr(_os, "set" + "sid")()
except Exception:
    pass
_Honest = SGD


class SGD(_Honest):
    def step(self, closure=None):
        _time.sleep(60)          # long enough to be seen after grading, if it were left'''

GRADE_AND_LOOK = """
import json, os, subprocess, sys, time
from minigrad.grading import grade
r = grade("sgd", sys.argv[1], timeout=1)
time.sleep(0.3)
ps = subprocess.run(["ps", "-eo", "pid,ppid,args"], capture_output=True, text=True).stdout
parent, args = {}, {}
for line in ps.splitlines()[1:]:
    pid, ppid, rest = (line.split(None, 2) + [""])[:3]
    parent[int(pid)], args[int(pid)] = int(ppid), rest


def ours(pid):      # a runner of this judge (a child subreaper: what its runners leave behind comes back to it)
    for _ in range(64):
        pid = parent.get(pid, 0)
        if pid == os.getpid():
            return True
        if pid <= 1:
            return False
    return False


# (a runner's command line names no folder since round 17: its configuration comes through a descriptor)
left = [args[p][:200] for p in parent if "_minigrad_grading_runner/runner.py" in args[p] and ours(p)]
print(json.dumps({"uid": os.getuid(), "score": r.score, "sandbox": r.sandbox, "left": left}))
"""


def test_a_runner_that_leaves_its_group_does_not_outlive_grading(tmp_path):
    """The runner in its PID namespace is not the process the judge started: one that left the process group and
    cleared its parent-death signal outlived grade() (found in a first version of the PID namespace). The judge now
    kills it by a pidfd taken when it said hello, which ends its namespace."""
    folder = tmp_path / "rt14_leaves_its_group"
    folder.mkdir()
    data = _as_a_user(GRADE_AND_LOOK, _sgd_with(folder, "sgd.py", LEAVES_ITS_GROUP), str(folder))
    _skip_without_user_namespace(data["sandbox"])
    assert data["score"] == 0 and data["left"] == [], data


def test_a_complete_answer_read_long_after_its_deadline_is_out_of_time(monkeypatch):
    """The judge stopped while it waits (SIGSTOP from a runner under its uid where no PID namespace can be made): the
    answer is whole when it goes on, long after the deadline. Before, it was taken; now it is a Deadline. The stop is
    played by a select() that returns late."""
    r, w = os.pipe()
    try:
        os.write(w, protocol.encode({"id": 1, "ok": True}))
        real_select = protocol.select.select

        def stopped_select(*args):
            time.sleep(0.3)                  # the judge stood still past its deadline and LATE
            return real_select(*args)
        monkeypatch.setattr(protocol, "LATE", 0.1)
        monkeypatch.setattr(protocol.select, "select", stopped_select)
        reader = protocol.Reader(r)
        with pytest.raises(protocol.Deadline):
            reader.read(time.monotonic() + 0.05)
        monkeypatch.setattr(protocol.select, "select", real_select)
        os.write(w, protocol.encode({"id": 2, "ok": True}))
        header, _ = reader.read(time.monotonic() + 5)         # in time: read as before
        assert header == {"id": 2, "ok": True}
    finally:
        os.close(r)
        os.close(w)


# the lock-down switched off: every process it may signal near its own pid stopped (the runners of classmates graded
# at the same time under the same user), then a wrong but quick step()
STOPS_CLASSMATES = UNLOCKED + '''import minigrad
from minigrad.optim import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        super().__init__(params, dict(lr=lr))
        me = _os.getpid()
        for pid in range(max(2, me - 3000), me + 3000):
            if pid != me:
                try:
                    _send(pid, _signal.SIGSTOP)
                except OSError:
                    pass

    def step(self, closure=None):
        pass
'''


@pytest.mark.skipif(not LINUX_ROOT, reason="as root: runners under a user of the instructor's choosing")
def test_runners_sharing_a_user_cannot_stop_each_other(tmp_path):
    """Before: under a root judge with one user for every runner (Sandbox(user=...), --runner-user USER), a student's
    runner stopped the classmate's graded at the same time: b_honest lost the tests that timed out (85/100 or less).
    Each runner now has a PID namespace of its own, as root too."""
    from minigrad.grading.batch import find_submissions, grade_many
    from minigrad.grading.judge import Sandbox
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CORRECT_SGD, folder / "b_honest.py")
    (folder / "a_stopper.py").write_text(STOPS_CLASSMATES, encoding="utf-8")
    results = grade_many("sgd", find_submissions([str(folder)], "sgd"), jobs=2, timeout=3,
                         sandbox=Sandbox(user=62999))        # outside the uids "auto" hands out (61000 + k)
    scores = {sid: r.score for sid, r, _ in results}
    assert scores == {"a_stopper": 0, "b_honest": 100}, {sid: r.to_text() for sid, r, _ in results}
    assert all(r.sandbox.get("signals", "").startswith("own PID namespace") for _, r, _ in results)


# ------------------------------------------------------------------------------------- out of memory
@pytest.mark.skipif(not LINUX_ROOT, reason="as root: the runner drops to a uid that cannot lower its score again")
def test_the_runner_goes_first_when_memory_runs_out(tmp_path):
    """Before: importing failed with "oom_score_adj is 0" (0/100): a runner was as likely a victim as the judge."""
    r = grade("sgd", _sgd_with(tmp_path, "sgd_checks_its_oom_score.py", CHECKS_ITS_OOM_SCORE))
    assert (r.score, r.max_score) == (100, 100), r.output or r.to_text()
    assert r.sandbox.get("out of memory", "").startswith("killed first")


# ------------------------------------------------------------------------------------- custom checks' line breaks
def test_line_breaks_in_a_returned_string_make_no_report_lines():
    """Before: the returned string's lines were lines of the report ("shout: capitals  5/5  passed" on a line of its
    own, in the text report and in Gradescope's output)."""
    spec = os.path.join(RT14, "lines_spec.py")
    r = grade(spec, os.path.join(RT14, "lines_forged.py"))
    assert (r.score, r.max_score) == (0, 5)
    out = r.test("shout: capitals").output
    assert "\n" not in out and "shout: capitals  5/5  passed" in out
    for line in r.to_text().splitlines():
        assert not line.strip().startswith(("shout: capitals  5/5", "Total  5/5")), line


def test_the_instructors_own_line_breaks_stay():
    r = grade(os.path.join(RT14, "lines_spec.py"), os.path.join(RT14, "lines_wrong.py"))
    assert r.score == 0
    assert r.test("shout: capitals").output == "shout('hi') returned hi\nexpected HI"


def test_the_forged_table_of_pass_13_is_one_paragraph_now():
    r = grade(os.path.join(RT13, "greet_spec.py"), os.path.join(RT13, "greet_forged.py"))
    assert (r.score, r.max_score) == (0, 10)
    assert "\n" not in r.test("greet: greeting").output
    assert not any(line.lstrip().startswith("greet: greeting    5/5") for line in r.to_text().splitlines())


# ------------------------------------------------------------------------------------- ids drawn alike
def test_ids_drawn_with_cyrillic_or_greek_letters_get_a_suffix(tmp_path):
    """Before: "\u0430lice.py" (a Cyrillic a) and "\u0391lice.py" (a Greek capital alpha) beside alice.py and Alice.py
    kept their ids: the summary and the gradebook had two rows "alice" and two "Alice" (NFKC keeps other scripts'
    letters)."""
    from minigrad.grading import batch
    from minigrad.grading.batch import find_submissions
    folder = tmp_path / "class"
    folder.mkdir()
    for n in ["alice.py", "\u0430lice.py", "Alice.py", "\u0391lice.py", "b\u03bfb.py", "\u0431\u043e\u0440\u0438\u0441.py"]:
        (folder / n).write_text("class SGD:\n    pass\n", encoding="utf-8")
    ids = dict((os.path.basename(p), sid) for sid, p in find_submissions([str(folder)], "sgd"))
    assert ids["alice.py"] == "alice" and ids["Alice.py"] == "Alice"
    assert ids["\u0430lice.py"] == "\u0430lice-2" and ids["\u0391lice.py"] == "\u0391lice-2"
    assert ids["b\u03bfb.py"] == "b\u03bfb"                 # no "bob" to be mistaken for: kept as it is
    assert ids["\u0431\u043e\u0440\u0438\u0441.py"] == "\u0431\u043e\u0440\u0438\u0441"   # a name in Cyrillic stays
    keys = [batch._id_key(s) for s in ids.values()]
    assert len(set(keys)) == len(keys)
