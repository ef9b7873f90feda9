"""The red-team pass 15: holes found by attacking the grader as a dishonest student, each with the behaviour before
the fix.

- The runner's seccomp filter refused the kernel's key store for the machine's own ABI only: x86's 32-bit system calls
  (``int 0x80`` from machine code a submission writes through ctypes and mmap) went through, keyctl included. Every
  call of another ABI is refused now.
- Where the runner gets no PID namespace (a judge that is not root, without user namespaces) it shares the judge's uid
  and could signal it: ``kill(getppid(), SIGSTOP)`` with the lock-down switched off, or, with the lock-down on (fcntl
  raises no audit event), a pipe whose owner is the judge (F_SETOWN) and whose I/O signal is SIGSTOP (F_SETSIG). The
  filter now refuses signals to any process but the runner itself, and those two fcntl commands.
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
    code = (b"\\xb8" + nr.to_bytes(4, "little") + b"\\xbb" + a.to_bytes(4, "little") + b"\\xb9" + b.to_bytes(4, "little")
            + b"\\xba" + c.to_bytes(4, "little") + b"\\xcd\\x80\\xc3")
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
