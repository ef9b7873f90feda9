"""The red-team pass 15: holes found by attacking the grader as a dishonest student, each with the behaviour before
the fix.

- The runner's seccomp filter refused the kernel's key store for the machine's own ABI only: x86's 32-bit system calls
  (``int 0x80`` from machine code a submission writes through ctypes and mmap) went through, keyctl included. Every
  call of another ABI is refused now.
- Where the runner gets no PID namespace (a judge that is not root, without user namespaces) it shares the judge's uid
  and could signal it: ``kill(getppid(), SIGSTOP)`` with the lock-down switched off, or, with the lock-down on (fcntl
  raises no audit event), a pipe whose owner is the judge (F_SETOWN) and whose I/O signal is SIGSTOP (F_SETSIG). The
  filter now refuses signals to any process but the runner itself, and those two fcntl commands.
- A classmate's fork bomb in a batch (processes that spin) pushed slow honest work past ``--timeout``: the time a
  runner waits for a CPU while another runner of the judge is seen to be a fork bomb is now forgiven (never the bomb's
  own).
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys

import pytest

from minigrad.grading import grade
from test_grading_redteam13 import _sgd_with      # a correct SGD with an attack after it
from test_grading_redteam14 import UNLOCKED, _as_a_user

LINUX = sys.platform.startswith("linux")
LINUX_ROOT = LINUX and os.geteuid() == 0

# machine code that makes one system call through x86's 32-bit ABI (int 0x80), written to an executable page
CALL32 = '''import mmap as _mmap
_ctypes = _importlib.import_module("ct" + "ypes")


def _call32(nr, a=0, b=0, c=0):
    code = (b"\\xb8" + nr.to_bytes(4, "little") + b"\\xbb" + a.to_bytes(4, "little")
            + b"\\xb9" + b.to_bytes(4, "little") + b"\\xba" + c.to_bytes(4, "little") + b"\\xcd\\x80\\xc3")
    page = _mmap.mmap(-1, 4096, prot=_mmap.PROT_READ | _mmap.PROT_WRITE | _mmap.PROT_EXEC)
    page.write(code)
    return _ctypes.CFUNCTYPE(_ctypes.c_int)(_ctypes.addressof(_ctypes.c_char.from_buffer(page)))()
'''

# keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0) through the 32-bit ABI (keyctl is 288 there): the uid's
# keyring, shared by every runner of that uid, where answers could be left for a classmate
KEY_STORE_BY_INT80 = UNLOCKED + CALL32 + '''
_ring = _call32(288, 0, (-4) & 0xFFFFFFFF, 0)
if _ring >= 0:
    raise RuntimeError(f"the key store answered: keyring {_ring}")
'''


def _int80_works():
    """Whether this machine runs x86's 32-bit system calls from a 64-bit process (IA32 emulation): in a child, which a
    kernel without it kills."""
    if not LINUX or platform.machine() != "x86_64":
        return False
    probe = ("import importlib as _importlib\n" + CALL32 + "\nimport os\nprint(_call32(20) == os.getpid())")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    return out.returncode == 0 and out.stdout.strip() == "True"


@pytest.mark.skipif(not LINUX_ROOT, reason="as root, where the runner has a uid of its own")
def test_32_bit_system_calls_do_not_reach_the_key_store(tmp_path):
    """Before: 0/100, "importing your submission failed: RuntimeError: the key store answered" (the filter let every
    call of another ABI through). Now the 32-bit keyctl is refused like the 64-bit one, and the correct SGD scores."""
    if not _int80_works():
        pytest.skip("no x86 32-bit system calls here")
    r = grade("sgd", _sgd_with(tmp_path, "sgd_key_store_by_int80.py", KEY_STORE_BY_INT80))
    if str(r.sandbox.get("key store", "")).startswith("open"):
        pytest.skip(f"no seccomp for the runner here ({r.sandbox.get('key store')})")
    assert (r.score, r.max_score) == (100, 100), r.output or r.to_text()


# the judge signalled with signal 0 (which only asks whether the call would be allowed; SIGSTOP would hang this test)
SIGNALS_THE_JUDGE = UNLOCKED + '''_judge = _os.getppid()
if _judge > 1:
    try:
        _send(_judge, 0)
    except OSError:
        pass
    else:
        raise RuntimeError(f"the judge ({_judge}) can be signalled")
'''

# with the lock-down on (fcntl raises no audit event): a pipe whose owner is the judge and whose I/O signal is SIGSTOP
# (F_SETSIG). The signal is left at SIGIO and the pipe never written, so that nothing is sent: being allowed to set the
# owner is the hole
OWNS_A_PIPE_FOR_THE_JUDGE = '''import fcntl as _fcntl
import os as _os

_judge = _os.getppid()
if _judge > 1:
    _r, _w = _os.pipe()
    try:
        _fcntl.fcntl(_r, _fcntl.F_SETOWN, _judge)
    except OSError:
        pass
    else:
        raise RuntimeError(f"the judge ({_judge}) owns a pipe of ours: its signal could be SIGSTOP")
'''

GRADE_WITHOUT_NAMESPACES = """
import json, os, sys
from minigrad.grading import grade
from minigrad.grading.judge import Sandbox
out = {"uid": os.getuid()}
for path in sys.argv[1:]:
    r = grade("sgd", path, sandbox=Sandbox(mount_namespace=False, isolate_network=False))
    out[os.path.basename(path)] = [r.score, r.output, r.sandbox]
print(json.dumps(out))
"""


def test_a_runner_under_the_judges_uid_without_namespaces_cannot_signal_it(tmp_path):
    """A judge that is not root, where no namespace is made (played by a Sandbox without mount and network namespaces):
    the runner has the judge's uid and the judge is its parent. Before: 0/100 for both ("the judge can be signalled",
    "the judge owns a pipe of ours"): a SIGSTOP there stopped the judge for up to protocol.LATE seconds a question, a
    SIGKILL ended the batch without a report. Now both are refused (EPERM) and the correct SGD scores."""
    subs = [_sgd_with(tmp_path, "sgd_signals_the_judge.py", SIGNALS_THE_JUDGE),
            _sgd_with(tmp_path, "sgd_owns_a_pipe_for_the_judge.py", OWNS_A_PIPE_FOR_THE_JUDGE)]
    data = _as_a_user(GRADE_WITHOUT_NAMESPACES, *subs)
    results = {os.path.basename(p): data[os.path.basename(p)] for p in subs}
    for score, output, facts in results.values():
        if str(facts.get("key store", "")).startswith("open"):
            pytest.skip(f"no seccomp for the runner here ({facts.get('key store')})")
        assert not str(facts.get("signals", "")).startswith("own PID namespace"), facts     # the case meant
    assert {name: score for name, (score, _, _) in results.items()} == {os.path.basename(p): 100 for p in subs}, \
        {name: output for name, (_, output, _) in results.items()}


# ------------------------------------------------------------------------------------- a classmate's fork bomb
# honest but slow: the first step() works for 0.4 s of CPU time (the test's limit is 2 s)
SLOW_FIRST_STEP = '''import time as _time

_FIRST = []
_Honest = SGD


class SGD(_Honest):
    def step(self, closure=None):
        if not _FIRST:
            _FIRST.append(True)
            t = _time.process_time()
            while _time.process_time() - t < 0.4:
                pass
        return super().step(closure)'''

# the lock-down switched off: step() starts six processes that spin, each in a session of its own (where the kernel
# shares the CPU out by session, as a desktop's does, a session counts as one; in a container it does not), and spins
# too
FORK_BOMB = UNLOCKED + '''_fork = getattr(_os, "fo" + "rk")
_session = getattr(_os, "set" + "sid")
_Honest = SGD


class SGD(_Honest):
    def step(self, closure=None):
        for _ in range(6):
            if _fork() == 0:
                _session()
                while True:
                    pass
        while True:
            pass'''

# a class of two graded two at a time on one CPU
GRADE_ON_ONE_CPU = """
import json, os, sys
from minigrad.grading.batch import find_submissions, grade_many
os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
results = grade_many("sgd", find_submissions([sys.argv[1]], "sgd"), jobs=2, timeout=2)
print(json.dumps({sid: [r.score, {t.name: t.output for t in r.failed()}] for sid, r, _ in results}))
"""


@pytest.mark.skipif(not LINUX or not os.path.exists("/proc/self/schedstat"), reason="no /proc/PID/schedstat here")
def test_a_classmates_fork_bomb_does_not_push_slow_honest_work_past_its_time_limit(tmp_path):
    """Before: b_honest_but_slow failed "SGD: plain steps" and, restarted, "SGD: momentum" (did not finish within 2 s:
    its 0.4 s of work took several seconds on a CPU shared with the seven spinning processes of a_bomb), then every
    other test was "not run": 0/100. The judge now moves a question's deadline later by the time the runner waited for
    a CPU (/proc/PID/schedstat) while another runner was seen to be a fork bomb (more than one of its threads running
    or waiting for a CPU, or more than 1.5 CPUs of CPU time); the bomb's own waits are not forgiven."""
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(_sgd_with(tmp_path, "honest.py", SLOW_FIRST_STEP), folder / "b_honest_but_slow.py")
    shutil.copy(_sgd_with(tmp_path, "bomb.py", FORK_BOMB), folder / "a_bomb.py")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", GRADE_ON_ONE_CPU, str(folder)], capture_output=True, text=True,
                         timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    data = json.loads(out.stdout.strip().splitlines()[-1])
    score, failed = data["b_honest_but_slow"]
    assert score == 100, failed
    score, failed = data["a_bomb"]
    assert score == 0 and "did not finish within 2 s" in failed["SGD: plain steps"], failed


# ------------------------------------------------------------------------------------- the judge's Python installation
# with the lock-down on: a .pth file in the first site-packages folder it can write, code that every later Python of
# that installation runs at start (the judge's next grading, other students' runners); here a harmless import. Then a
# new file in the folder that holds the installation (on the way to it: ~/.local/lib/python3.X/site-packages/x.pth, on
# the way to a Python in the instructor's home, runs the same way)
WRITES_A_PTH = '''import os as _os
import site as _site
import sys as _sys

for _folder in _site.getsitepackages():
    try:
        with open(_os.path.join(_folder, "zz_redteam15.pth"), "w") as _f:
            _f.write("import os\\n")
    except OSError:
        continue
    raise RuntimeError(f"wrote a .pth file into {_folder}")
try:
    with open(_os.path.join(_os.path.dirname(_sys.prefix), "zz_redteam15.pth"), "w") as _f:
        _f.write("import os\\n")
except OSError:
    pass
else:
    raise RuntimeError("wrote a file beside the installation")
'''

# as a user: a virtual environment of the user's own (seeing the system's packages), then a grading with its Python
GRADE_IN_OWN_VENV = """
import glob, json, os, subprocess, sys, venv
folder, submission = sys.argv[1], sys.argv[2]
venv.create(os.path.join(folder, "venv"), system_site_packages=True, with_pip=False)
code = '''
import json, os, sys
from minigrad.grading import grade
r = grade("sgd", sys.argv[1])
print(json.dumps({"uid": os.getuid(), "score": r.score, "output": r.output, "sandbox": r.sandbox}))
'''
out = subprocess.run([os.path.join(folder, "venv", "bin", "python"), "-c", code, submission], capture_output=True,
                     text=True)
data = json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else {"uid": -1, "error": out.stderr}
data["left"] = glob.glob(os.path.join(folder, "venv", "lib", "*", "site-packages", "*.pth")) + \
    glob.glob(os.path.join(folder, "*.pth"))
print(json.dumps(data))
"""


def test_a_runner_cannot_write_into_the_judges_python_installation(tmp_path):
    """Before: 0/100, "wrote a .pth file into .../venv/lib/python3.X/site-packages" (a judge that is not root, in a
    virtual environment of its user: the runner shares that uid, and the folders on the way to Python stay uncovered).
    The file ran in every later Python of that environment, the judge included; a first fix left the folders on the
    way writable ("wrote a file beside the installation"). The installation and, where the judge's uid may write
    them, the folders on the way to it are now bound read-only in the runner's mount namespace."""
    folder = tmp_path / "own_venv"
    folder.mkdir()
    data = _as_a_user(GRADE_IN_OWN_VENV, str(folder), _sgd_with(tmp_path, "sgd_writes_a_pth.py", WRITES_A_PTH))
    assert "error" not in data, data.get("error", "")[-3000:]
    if not str(data["sandbox"].get("mounts", "")).startswith("locked"):
        pytest.skip("no unprivileged user namespace for the runner here: " + str(data["sandbox"].get("mounts")))
    assert data["left"] == [], data["left"]
    assert data["score"] == 100, data["output"]
    assert "read-only" in data["sandbox"].get("python installation", ""), data["sandbox"]
