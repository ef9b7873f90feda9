"""The judge's side of a runner: starting it in its sandbox, asking it questions with deadlines, and
killing it together with every process it started.

``RunnerProcess`` is one runner (one submission); ``RemoteSubmission`` is what the checks talk to: it
restarts the runner after a crash or a time-out and turns answers into judge-side data
(``TensorData``, NumPy arrays, plain values, ``Opaque``). Nothing here trusts the runner: every answer is
parsed as data, checked against the question it answers, and ends at the judge's deadline.
"""
from __future__ import annotations

import atexit
import ctypes
import fcntl
import hashlib
import importlib.util
import json
import os
import pwd
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

import numpy as np

import minigrad
from . import protocol as P
from . import strip
from .files import is_compiled, stage_file, submission_files, SubmissionError
from .spec import Same
from .static import TAMPER_MODULES

RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runner.py")
STARTUP_ALLOWANCE = 30.0             # seconds for the runner's interpreter, NumPy and minigrad to start
SUBMISSION_BYTES = 20 << 20          # the most a submission may weigh (files copied for the runner)
RAW_OUTPUT = 8000                    # bytes of the runner's raw stdout/stderr read back (crash messages)
UID_BASE = 61000                     # root: each concurrent runner gets a uid of its own from here
NOGROUP = 65534
MARKER = "MINIGRAD_GRADE_RUNNER"      # in every runner's environment (inherited by what it starts)
RUNNER_SEED = 20240531               # seeds the submission's own generators before each question (never the grading seed)
KILL_ALL_ORPHANS = False             # the CLI sets it: any unknown child of the judge is an escaped runner descendant


@dataclass
class Sandbox:
    """Where and how runners run. ``limits``: address_space (bytes), cpu (seconds; None: the submission's
    deadline + 10), file_size (bytes), open_files, processes (applied only under a dedicated uid: the
    count is per user). ``user``: "auto"
    (when the judge is root, each runner gets an unused uid of its own, UID_BASE + slot, group nogroup),
    a user name or uid to use instead, or None to keep the judge's user. ``mount_namespace=False``: no mount
    namespace for the runner where one would be made (only to see, in tests, what holds on an OS without
    them)."""

    limits: dict = field(default_factory=lambda: {"address_space": 4 << 30, "cpu": None, "file_size": 16 << 20,
                                                  "open_files": 256, "processes": 64, "core": 0})
    user: object = "auto"
    isolate_network: bool = True
    mount_namespace: bool = True


# ---------------------------------------------------------------------------------------------
# processes: registry, sweeping escaped descendants
# ---------------------------------------------------------------------------------------------
_LOCK = threading.Lock()
_LIVE = set()                 # pids of runners we started and have not reaped
_UIDS_IN_USE = set()
_SETUP_DONE = False
_BASELINE_CHILDREN = set()


def _prctl(option, value):
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def setup_judge_process():
    """Once per judge process: become a child subreaper (descendants that a runner orphans, e.g. with
    setsid and a double fork, are re-parented to us, not to init, so we can find and kill them) and make
    the process non-dumpable (processes of the same user cannot read its memory, environment or file
    descriptors through /proc or ptrace)."""
    global _SETUP_DONE
    with _LOCK:
        if _SETUP_DONE:
            return
        _SETUP_DONE = True
        _BASELINE_CHILDREN.update(_children())
        _prctl(36, 1)            # PR_SET_CHILD_SUBREAPER
        _prctl(4, 0)             # PR_SET_DUMPABLE
        atexit.register(sweep)


def _marked(pid):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return (MARKER + "=1").encode() in f.read().split(b"\0")
    except OSError:
        return False


def _proc_table():
    """{pid: (ppid, uid)} of every process we can see."""
    return {pid: (ppid, uid) for pid, (ppid, uid, _) in cpu_table().items()}


def _children():
    me = os.getpid()
    return {pid for pid, (ppid, _) in _proc_table().items() if ppid == me}


def sweep(uid=None, rounds=50):
    """Kill the escaped descendants of runners: our children that are not live runners (and were not our
    children before grading began) and, under a dedicated runner uid, every process of that uid."""
    me = os.getpid()
    for _ in range(rounds):
        table = _proc_table()             # first the table, then the registry: a runner being started now is
        with _LOCK:                       # registered (under the lock) before we can read the registry
            live = set(_LIVE)
        victims = [pid for pid, (ppid, puid) in table.items()
                   if pid != me and pid not in live and (
                       (uid is not None and puid == uid)
                       or (ppid == me and pid not in _BASELINE_CHILDREN and (KILL_ALL_ORPHANS or _marked(pid))))]
        if not victims:
            return
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in victims:
            try:
                os.waitpid(pid, os.WNOHANG)
            except (ChildProcessError, OSError):
                pass
        time.sleep(0.01)


def _runner_in_namespace(parent):
    """A pidfd (and the pid) of the one child of ``parent``: a runner that went on in a PID namespace of its own (a
    judge that is not root, runner.py's _enter_pid_namespace) is the child of the process we started. Asked when it
    has said hello, before the submission is loaded. Killing it takes its whole namespace with it; it may have left
    our process group (setsid) and cleared its parent-death signal, and then outlived the process we started (before
    this, such a runner lived on after grade() returned). The pid: for the time it waits for a CPU (RemoteSubmission)."""
    if not (hasattr(os, "pidfd_open") and hasattr(os, "P_PIDFD") and hasattr(signal, "pidfd_send_signal")):
        return None, None
    kids = [pid for pid, (ppid, _) in _proc_table().items() if ppid == parent]
    if len(kids) != 1:
        return None, None
    try:
        return os.pidfd_open(kids[0]), kids[0]
    except OSError:
        return None, None


def _end_runner_in_namespace(fd, rounds=200):
    """Kill the runner behind the pidfd ``fd`` and, when it came to us (we are the subreaper of what the process we
    started leaves), reap it; close ``fd``."""
    try:
        signal.pidfd_send_signal(fd, signal.SIGKILL)
    except OSError:
        pass
    for _ in range(rounds):
        try:
            if os.waitid(os.P_PIDFD, fd, os.WEXITED | os.WNOHANG) is not None:
                break
        except (ChildProcessError, OSError):         # not our child: its own parent reaped it
            break
        time.sleep(0.01)
    os.close(fd)


# ---------------------------------------------------------------------------------------------
# time a runner waited for a CPU (not its own), and the CPU time its processes used
# ---------------------------------------------------------------------------------------------
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
FORGIVEN_PER_TEST = 3.0              # a test's waits for a CPU forgiven up to 3 times its time limit
HOG = 1.5                            # CPUs: a runner whose processes use more at once is a fork bomb (honest: 1)
_RUNNERS = set()                     # the RunnerProcess objects of this judge that have said hello and are not closed
_BOMBS = []                          # (from, to) in time.monotonic(): when a runner of this judge was seen to be one


def waited_for_cpu(pid=None, tid=None):
    """Seconds the main thread of process ``pid`` (or the judge's own thread ``tid``) has spent runnable but waiting
    for a CPU (the second number of /proc/.../schedstat); None where the OS does not say."""
    path = f"/proc/{pid}/schedstat" if pid is not None else f"/proc/self/task/{tid}/schedstat"
    try:
        with open(path, "rb") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _cpu_fields(pid):
    """(ppid, uid, CPU seconds of the process, its threads and its reaped children) from /proc/PID/stat, or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        fields = data[data.rindex(b")") + 2:].split()
        return int(fields[1]), os.stat(f"/proc/{pid}").st_uid, sum(int(x) for x in fields[11:15]) / _TICK
    except (OSError, ValueError, IndexError):
        return None


def cpu_table():
    """{pid: (ppid, uid, CPU seconds)} of every process we can see."""
    table = {}
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return table
    for pid in pids:
        got = _cpu_fields(pid)
        if got is not None:
            table[pid] = got
    return table


def _runnable_threads(pid):
    """How many threads of process ``pid`` are running or waiting for a CPU (state R)."""
    n = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat", "rb") as f:
                data = f.read()
            n += data[data.rindex(b")") + 2:data.rindex(b")") + 3] == b"R"
        except (OSError, ValueError):
            continue
    return n


def tree_of(root, uid=None, table=None):
    """The pids of process ``root``, every process under it (in a PID namespace of its own, orphans come back to the
    runner, its first process) and, given ``uid`` (a runner's own), every process of that uid."""
    table = cpu_table() if table is None else table
    kids = {}
    for pid, (ppid, _, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    seen, stack = set(), [root] + [pid for pid, (_, puid, _) in table.items() if uid is not None and puid == uid]
    while stack:
        pid = stack.pop()
        if pid in seen or pid not in table:
            continue
        seen.add(pid)
        stack += kids.get(pid, [])
    return seen


_UID_LOCKS = {}


def _acquire_uid():
    """An unused uid for one runner: free in this process, locked (flock on a file in /tmp) against other
    grader processes on the machine, and owning no process."""
    start = random.randrange(1000)
    for k in range(1000):
        uid = UID_BASE + (start + k) % 1000
        with _LOCK:
            if uid in _UIDS_IN_USE:
                continue
            _UIDS_IN_USE.add(uid)
        try:
            fd = os.open(os.path.join(_lock_dir(), f"uid-{uid}.lock"),
                         os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                os.close(fd)
            except (OSError, UnboundLocalError):
                pass
            with _LOCK:
                _UIDS_IN_USE.discard(uid)
            continue
        if any(puid == uid for _, puid in _proc_table().values()):
            os.close(fd)
            with _LOCK:
                _UIDS_IN_USE.discard(uid)
            continue
        with _LOCK:
            _UID_LOCKS[uid] = fd
        return uid
    raise RuntimeError("no free runner uid")


def _lock_dir():
    """A root-only folder for the runner uids' lock files (no runner can create, replace or hold them)."""
    for folder in ("/run/minigrad-grade", "/var/lock/minigrad-grade", "/tmp/.minigrad-grade-locks"):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            continue
        try:
            st = os.lstat(folder)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o077:
            return folder
    raise RuntimeError("no private folder for runner uid locks (/run/minigrad-grade is missing or not root's own)")


def remove_files_of(uid, places=("/tmp", "/var/tmp", "/dev/shm"), limit=20000):
    """Root, before a runner uid is used again: delete what that uid left in the shared temporary folders (a
    later runner under the same uid must not find, or rewrite, an earlier student's files)."""
    seen = 0
    for place in places:
        stack = [place]
        while stack and seen < limit:
            folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for e in entries:
                seen += 1
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                if st.st_uid == uid:
                    if stat.S_ISDIR(st.st_mode):
                        _rmtree(e.path)
                    else:
                        try:
                            os.unlink(e.path)
                        except OSError:
                            pass
                elif stat.S_ISDIR(st.st_mode) and folder == place:
                    stack.append(e.path)         # one level down: a world-writable folder someone made there


def _release_uid(uid):
    with _LOCK:
        _UIDS_IN_USE.discard(uid)
        fd = _UID_LOCKS.pop(uid, None)
    if fd is not None:
        os.close(fd)


def _user_ids(user):
    if isinstance(user, int):
        return user, NOGROUP
    pw = pwd.getpwnam(str(user))
    return pw.pw_uid, pw.pw_gid


def _is_checkout(folder):
    return any(os.path.exists(os.path.join(folder, m)) for m in ("pyproject.toml", "setup.py", "setup.cfg", ".git"))


def python_path():
    """The folder minigrad is imported from (the runner imports that same copy)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(minigrad.__file__)))


# ---------------------------------------------------------------------------------------------
# the judge's Python installation and its minigrad: what every later Python of it runs
# ---------------------------------------------------------------------------------------------
STARTUP_MODULES = ("sitecustomize", "usercustomize")
_STARTUP = {}                 # "files": {path: bytes} of the judge process's first grading, the baseline


def _startup_folders():
    """The folders where a Python of the judge's installation looks for ``.pth`` files and ``sitecustomize`` at
    start: its standard library, its site-packages folders, the judge's user site-packages (there or not yet)."""
    import site
    out = [os.path.dirname(os.__file__)]
    for get in ("getsitepackages", "getusersitepackages"):
        try:
            got = getattr(site, get)()
        except AttributeError:
            continue
        out += [got] if isinstance(got, str) else list(got)
    return sorted({os.path.realpath(p) for p in out if isinstance(p, str)})


def _read(path, limit):
    """The file's bytes (a compiled ``.pyc``: a digest of them), or None (over ``limit``, a link, unreadable)."""
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError:
        return None
    if path.endswith(".pyc"):
        return b"pyc:" + hashlib.sha256(data).digest()
    return data if len(data) <= limit and not os.path.islink(path) else None


def startup_files(limit=1 << 20):
    """{path: bytes}: the ``.pth`` files and the ``sitecustomize``/``usercustomize`` modules (a .py, .pyc, compiled
    module or package) of the judge's installation, and the source and compiled files of the judge's own minigrad
    package (which the next grading imports, and strips for the runners)."""
    out = {}
    for folder in _startup_folders():
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        names += [os.path.join("__pycache__", n) for n in _listdir(os.path.join(folder, "__pycache__"))]
        for n in names:
            full = os.path.join(folder, n)
            if not (n.endswith(".pth") or os.path.basename(n).split(".")[0] in STARTUP_MODULES):
                continue
            paths = [full]
            if os.path.isdir(full) and not os.path.islink(full):
                paths = [os.path.join(d, f) for d, _, fs in os.walk(full) for f in fs][:200] or [full]
            out.update((q, _read(q, limit)) for q in paths)
    for d, dirs, fs in os.walk(strip.package_dir()):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        out.update((os.path.join(d, f), _read(os.path.join(d, f), limit)) for f in fs if f.endswith((".py", ".pyc")))
    return out


def _listdir(folder):
    try:
        return os.listdir(folder)
    except OSError:
        return []


def startup_baseline():
    """The judge process's baseline of those files, taken once, before its first runner."""
    with _LOCK:
        if "files" not in _STARTUP:
            _STARTUP["files"] = startup_files()


def restore_startup_files():
    """Those files changed since the baseline put back (a new one removed, a changed or removed one written again; a
    compiled ``.pyc`` new or changed removed, which Python makes again): returns the paths that had changed, but
    for compiled files (the judge's own imports write them). Only for runners that could write there (the judge's
    uid, no mount namespace): an instructor's ``pip install`` meanwhile is not undone for runners that could not."""
    with _LOCK:
        base = _STARTUP.get("files")
        if base is None:
            return []
        now = startup_files()
        changed = sorted(p for p in set(base) | set(now) if base.get(p, b"new") != now.get(p, b"gone"))
        folders = _startup_folders()
        for p in changed:
            try:
                if p.endswith(".pyc"):
                    if os.path.lexists(p):
                        os.unlink(p)
                    continue
                if p in base:
                    if base[p] is not None:
                        tmp = f"{p}.minigrad-restore-{os.getpid()}"
                        with open(tmp, "xb") as f:
                            f.write(base[p])
                        os.replace(tmp, p)
                    continue
                # new: the entry of the start-up folder it is in goes (a planted sitecustomize/ package whole)
                top = next((os.path.join(f, p[len(f) + 1:].split(os.sep)[0]) for f in folders
                            if p.startswith(f + os.sep)), p)
                if os.path.isdir(top) and not os.path.islink(top):
                    if not any(b.startswith(top + os.sep) for b in base):
                        _rmtree(top)
                    elif os.path.lexists(p):
                        os.unlink(p)
                elif os.path.lexists(top):
                    os.unlink(top)
            except OSError:
                pass
        return [p for p in changed if not p.endswith(".pyc")]


def runner_env(workdir, minigrad_root=None):
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": workdir, "TMPDIR": workdir, "LANG": "C.UTF-8",
            "PYTHONPATH": minigrad_root or python_path(), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
            "PYTHONIOENCODING": "utf-8", "PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", MARKER: "1"}


def _make_workdir():
    """A runner's working folder: under TMPDIR, except for a root judge on Linux, where it goes under /tmp (open to
    every user, and carried over into the runner's private tmpfs) whatever TMPDIR says: a runner that drops to a
    uid of its own could not reach it inside a folder of root's (mode 700), nor under a top-level folder its
    sandbox covers."""
    if sys.platform.startswith("linux") and os.geteuid() == 0 and os.path.isdir("/tmp"):
        try:
            return tempfile.mkdtemp(prefix="minigrad-run-", dir="/tmp")
        except OSError:
            pass
    return tempfile.mkdtemp(prefix="minigrad-run-")


def _copy_siblings(src, dest_dir, only=None):
    """The .py files next to a file or package submission (its own modules, which it may import), copied
    beside the copy: at most 200 files and SUBMISSION_BYTES in all, regular files only; of them, when ``only`` (a
    set of file names) is given, only those (the ones the judge read: a module imported by a computed name, which
    the reading of the source cannot follow, ran unread before the red-team pass 9b)."""
    folder = os.path.dirname(os.path.normpath(src))
    total, n = 0, 0
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for f in names:
        path = os.path.join(folder, f)
        if not f.endswith(".py") or path == os.path.normpath(src) or os.path.islink(path) or not os.path.isfile(path) \
                or is_compiled(path) or (only is not None and f not in only):
            continue
        size = os.path.getsize(path)
        if total + size > SUBMISSION_BYTES or n >= 200:
            return
        try:
            stage_file(path, os.path.join(dest_dir, f))
        except OSError:
            continue
        total, n = total + size, n + 1


def copy_submission(src, dest_dir, siblings=False, leave_out=()):
    """Copy the submission (a file or a folder; regular files only, no links) into ``dest_dir``; returns
    the copy's path. ``siblings``: also the .py files next to it (True), or those of them named in a set.
    ``leave_out``: a folder's files (relative paths) not to copy: those the runner does not load and the judge did not
    read (static.analyze's ``left_out``). Raises ValueError when it is too large."""
    leave_out = set(leave_out)
    base = os.path.basename(os.path.normpath(src))
    dest = os.path.join(dest_dir, base)
    if siblings:
        _copy_siblings(src, dest_dir, None if siblings is True else set(siblings))
    if not os.path.isdir(src):
        if os.path.getsize(src) > SUBMISSION_BYTES:
            raise SubmissionError("the submission is larger than 20 MB")
        stage_file(src, dest)
        return dest
    os.makedirs(dest, exist_ok=True)
    # regular files only, no links, bounded in number, depth and size (files.submission_files raises past those)
    for rel, path in submission_files(src, lambda d: d.startswith(".") or d == "__pycache__"):
        if is_compiled(path) or rel in leave_out:   # compiled code and archives: never given to the runner (files.py)
            continue
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        stage_file(path, target)
    return dest


# ---------------------------------------------------------------------------------------------
# answers as judge-side data
# ---------------------------------------------------------------------------------------------
class TensorData:
    """A minigrad Tensor the runner answered with: its values (a NumPy array) and requires_grad."""

    def __init__(self, array, requires_grad=False):
        self.array, self.requires_grad = array, bool(requires_grad)

    @property
    def shape(self):
        return tuple(self.array.shape)

    @property
    def dtype(self):
        return self.array.dtype


class Opaque:
    """Something the runner could not send as data (a class instance...): only its type name."""

    def __init__(self, type_name):
        self.type_name = str(type_name)[:100]


def decode_value(v, arrays, depth=0):
    if depth > 6:
        raise P.ProtocolError("a value nested too deep")
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, dict) and len(v) <= 2:
        def idx(key):
            i = v[key]
            if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(arrays):
                raise P.ProtocolError("an array index out of range")
            return i
        if "$t" in v:
            return TensorData(arrays[idx("$t")], v.get("rg") is True)
        if "$a" in v:
            return arrays[idx("$a")]
        if "$f" in v and v["$f"] in ("nan", "inf", "-inf"):
            return float(v["$f"])
        if "$o" in v:
            return Opaque(v["$o"])
        for key, kind in (("$l", list), ("$tu", tuple)):
            if key in v and isinstance(v[key], list) and len(v[key]) <= 1024:
                return kind(decode_value(x, arrays, depth + 1) for x in v[key])
        if "$d" in v and isinstance(v["$d"], list) and len(v["$d"]) <= 1024:
            out = {}
            for item in v["$d"]:
                if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
                    raise P.ProtocolError("a malformed dict")
                out[item[0]] = decode_value(item[1], arrays, depth + 1)
            return out
    raise P.ProtocolError("a value that is not data")


# ---------------------------------------------------------------------------------------------
# failures of the runner (not of the student's answers)
# ---------------------------------------------------------------------------------------------
class RunnerFailure(Exception):
    """The runner did not answer properly; ``kind``: timeout, died, protocol, start."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


class StudentFailed(Exception):
    """The student's code raised: ``info`` is the runner's (untrusted, sanitised later) description."""

    def __init__(self, info):
        super().__init__(str(info.get("message", ""))[:200])
        self.info = info


def _exit_words(code):
    if code is None:
        return "it did not exit"
    if code < 0:
        try:
            return f"it was killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"it was killed by signal {-code}"
    return f"exit code {code}"


def hidden_from_runner(assignment, submission):
    """What a runner must not read (covered in its own mount namespace when the judge is root): the
    instructor's spec file (its folder, and its compiled copy) and the original submission's folder, which in
    batch mode holds the other students' files."""
    out = []
    src = getattr(assignment, "source", None)
    if isinstance(src, str) and src.endswith(".py") and os.path.isfile(src):
        src = os.path.abspath(src)
        out += [os.path.dirname(src), src]
        try:
            out.append(importlib.util.cache_from_source(src))
        except (NotImplementedError, ValueError):
            pass
    submission = os.path.abspath(submission)
    out.append(submission if os.path.isdir(submission) else os.path.dirname(submission))
    return out


# never imported for a submission before the runner drops its privileges: import-time side effects (a browser, a
# window, a package manager), the refused modules, and what the runner loads itself
_NO_PRELOAD = {"torch", "minigrad", "numpy", "__main__", "antigravity", "this", "webbrowser", "turtle", "turtledemo",
               "tkinter", "idlelib", "pydoc", "site", "sitecustomize", "usercustomize", "ensurepip", "venv",
               "distutils", "ctypes", "multiprocessing", "concurrent", "subprocess", "signal", "gc", "importlib",
               "pty", "code", "codeop", "runpy", "pdb", "bdb", "threading", "socket", "ssl", "http", "urllib",
               "ftplib", "smtplib", "xmlrpc", "asyncio", "lib2to3", "test", "zipimport", "imp", "marshal", "posix",
               "builtins", "cffi", "pickle", "dill", "inspect", "sys", "os"} | TAMPER_MODULES
# installed packages (site-packages) a submission may import where the installation is root-only: the scientific
# stack only. Any other installed package (a cloud SDK, a browser driver, torch's own helpers: functorch imports torch)
# is never imported as root before the sandbox is up
_PRELOAD_PACKAGES = {"scipy", "sympy", "mpmath", "sklearn", "networkx", "einops", "opt_einsum", "numexpr", "pandas",
                     "matplotlib", "mpl_toolkits", "tqdm", "attr", "attrs", "typing_extensions", "mypy_extensions",
                     "more_itertools", "toolz", "sortedcontainers"}
# submodules a package imports lazily, on first use (sympy.diff imports sympy.assumptions.wrapper): where the
# installation is root-only they cannot be loaded after the drop, so they are preloaded with their package (before
# the red-team pass 10, `sympy.diff` in an honest submission failed: "No module named 'sympy.assumptions.wrapper'")
_LAZY_SUBMODULES = {"sympy": ["sympy.assumptions.wrapper", "sympy.codegen.ast", "sympy.combinatorics",
                              "sympy.integrals.manualintegrate", "sympy.integrals.heurisch", "sympy.integrals.risch",
                              "sympy.physics.units", "sympy.sets.setexpr", "sympy.tensor.tensor"],
                     # a figure drawn at import (plt.subplots() loads the Agg backend, savefig of a .png too)
                     "matplotlib": ["matplotlib.pyplot", "matplotlib.backends.backend_agg"]}
# NumPy's submodules that `import numpy` does not load (the runner loads numpy.linalg, fft, random, ma and
# lib.stride_tricks itself); numpy.ctypeslib, f2py and distutils never
_NUMPY_LAZY = {"typing", "testing", "polynomial", "rec", "char", "strings", "emath", "matlib", "exceptions", "dtypes",
               "version"}
_STDLIB = None


def preloadable(imports, submission, allow_torch=False, limit=40):
    """Which of the modules a submission's source imports (``static.analyze(imports=...)``) the runner loads
    before it drops to its own uid: the standard library's (outside ``_NO_PRELOAD``) and the scientific packages
    of ``_PRELOAD_PACKAGES``, when installed and not the submission's own modules. Where the Python installation is
    readable by root only (a pyenv under /root), a module not loaded then cannot be imported at all: before this,
    ``from scipy.special import expit`` gave an honest submission "importing your submission failed:
    ModuleNotFoundError". Only top-level names are looked up here (``find_spec``, which runs no code); dotted ones
    are tried by the runner."""
    global _STDLIB
    if _STDLIB is None:
        import sysconfig
        _STDLIB = tuple(sorted({os.path.realpath(v) + os.sep for k, v in sysconfig.get_paths().items()
                                if k in ("stdlib", "platstdlib") and v}))
    folder = submission if os.path.isdir(submission) else os.path.dirname(submission)
    try:
        own = {n[:-3] if n.endswith(".py") else n for n in os.listdir(folder or ".")}
        if os.path.isdir(submission):
            own |= {n[:-3] if n.endswith(".py") else n for n in os.listdir(os.path.dirname(submission) or ".")}
    except OSError:
        own = set()
    out, tops = [], {}
    for name in sorted(imports, key=lambda n: (n.count("."), n)):
        parts = name.split(".")
        # a private module (sklearn.metrics._classification) is not imported as root, but its public package is: the
        # package loads most of its private modules itself (before the red-team pass 10 nothing was, and `from
        # sklearn.metrics._classification import ...` gave "No module named 'sklearn'")
        public = next((i for i, p in enumerate(parts) if not p.isidentifier() or p.startswith("_")), len(parts))
        parts = parts[:public]
        name, top = ".".join(parts), parts[0] if parts else ""
        # NumPy's submodules that it loads lazily, on first use (numpy.typing for type hints, numpy.testing,
        # numpy.polynomial): numpy itself is the runner's, these were not loaded (0/100 before the red-team pass 10)
        numpy_sub = top == "numpy" and len(parts) > 1 and parts[1] in _NUMPY_LAZY
        if numpy_sub:
            name = ".".join(parts[:2])
        if len(out) >= limit or not parts or name in out or top in own or (top in _NO_PRELOAD and not numpy_sub):
            continue
        if numpy_sub:
            out.append(name)
            continue
        if top not in tops:
            tops[top] = top in _PRELOAD_PACKAGES
            if not tops[top] and top not in sys.builtin_module_names:
                try:
                    spec = sys.modules[top].__spec__ if top in sys.modules else importlib.util.find_spec(top)
                except (ImportError, ValueError, AttributeError):
                    spec = None
                origin = getattr(spec, "origin", None)
                tops[top] = isinstance(origin, str) and os.path.realpath(origin).startswith(_STDLIB) and \
                    "site-packages" not in origin and "dist-packages" not in origin
        if tops[top]:
            out.append(name)
    for top in sorted({n.split(".")[0] for n in out} & set(_LAZY_SUBMODULES)):
        out += [n for n in _LAZY_SUBMODULES[top] if n not in out]
    return out


class RunnerProcess:
    def __init__(self, submission, sandbox, device="cpu", startup=STARTUP_ALLOWANCE, siblings=False, cpu=None,
                 preload=(), hide=(), minigrad_root=None, refuse_torch=True, extra_path=(), leave_out=()):
        self.submission, self.sandbox, self.device, self.siblings = submission, sandbox, device, siblings
        self.leave_out = set(leave_out)
        self.minigrad_root, self.refuse_torch, self.extra_path = minigrad_root, refuse_torch, list(extra_path)
        self.hide = [p for p in hide if isinstance(p, str)]
        self.cpu, self.preload = cpu, list(preload)
        self.proc = None
        self.inner = None                    # a pidfd: the runner in its PID namespace, a child of ``proc``
        self.worker = None                   # the pid of the process that runs the submission's code
        self.uid = self.gid = None
        self.own_uid = False
        self.workdir = _make_workdir()
        self.copy = None
        self.raw = None
        self.facts = {}
        self.rid = 0
        try:
            self._start(startup)
        except BaseException:
            self.close()                 # its folder, its uid and whatever started
            raise

    def _ids(self):
        user = self.sandbox.user
        if os.geteuid() != 0 or user is None:
            return None, None
        if user == "auto":
            self.own_uid = True
            return _acquire_uid(), NOGROUP
        return _user_ids(user)

    def _start(self, startup):
        setup_judge_process()
        self.uid, self.gid = self._ids()
        os.chmod(self.workdir, 0o700)
        subdir = os.path.join(self.workdir, "submission")
        os.mkdir(subdir)
        self.copy = copy_submission(self.submission, subdir, siblings=self.siblings, leave_out=self.leave_out)
        if self.uid is not None:
            for root, dirs, files in os.walk(self.workdir):
                for name in [root] + [os.path.join(root, x) for x in dirs + files]:
                    os.lchown(name, self.uid, self.gid)
        limits = dict(self.sandbox.limits)
        if limits.get("cpu") is None:
            limits["cpu"] = int(self.cpu or 120)
        if self.uid is not None and not self.own_uid:
            limits.pop("processes", None)        # per user: a user the runner shares would count its other processes
        # (under the judge's own uid the runner applies it only in a user namespace of its own, where it counts that
        # namespace's processes)
        if self.device != "cpu":
            limits.pop("address_space", None)    # CUDA maps far more address space than it uses
        req_r, req_w = os.pipe()
        ans_r, ans_w = os.pipe()
        self.raw = tempfile.TemporaryFile()
        env = runner_env(self.workdir, self.minigrad_root)
        # the judge's own copy of minigrad (and its checkout): covered in the runner, which imports only
        # ``minigrad_root``, the copy without the assignment's graded code (strip.py)
        own = strip.package_dir()
        cover = [own] + ([os.path.dirname(own)] if _is_checkout(os.path.dirname(own)) else [])
        cfg = {"in_fd": req_r, "out_fd": ans_w, "workdir": self.workdir, "uid": self.uid, "gid": self.gid,
               "limits": limits, "env": env, "device": self.device, "isolate_network": self.sandbox.isolate_network,
               "preload": self.preload, "hide": self.hide, "minigrad_root": self.minigrad_root,
               "cover": cover if self.minigrad_root else [], "refuse_torch": self.refuse_torch,
               "mount_namespace": getattr(self.sandbox, "mount_namespace", True), "extra_path": self.extra_path}
        script = strip.runner_script(self.minigrad_root) if self.minigrad_root else RUNNER
        # the configuration travels in a deleted file the runner reads and closes, not on its command line: every
        # process can read a command line in /proc, and before round 17 students graded by name one by one were
        # listed on each runner's (the folders to cover)
        conf = tempfile.TemporaryFile()
        try:
            conf.write(json.dumps(cfg).encode("utf-8"))
            conf.flush()
            conf.seek(0)
            with _LOCK:
                self.proc = subprocess.Popen([sys.executable, "-s", script, str(conf.fileno())],
                                             stdin=subprocess.DEVNULL, stdout=self.raw, stderr=self.raw,
                                             pass_fds=(req_r, ans_w, conf.fileno()), cwd=self.workdir, env=env,
                                             start_new_session=True, close_fds=True)
                _LIVE.add(self.proc.pid)
        finally:
            conf.close()
            os.close(req_r)
            os.close(ans_w)
        self.req_w = req_w
        os.set_blocking(req_w, False)
        self.reader = P.Reader(ans_r)
        try:
            hello, _ = self.reader.read(time.monotonic() + startup, self.alive)
        except (P.Deadline, P.Closed, P.ProtocolError) as e:
            tail = self.raw_output()[-1500:]
            self.close()
            raise RunnerFailure("start", f"the grading process failed to start ({type(e).__name__}"
                                         f"{': ' + tail if tail else ''})") from None
        self.facts = hello.get("facts", {}) if isinstance(hello.get("facts"), dict) else {}
        self.worker = self.proc.pid
        if str(self.facts.get("signals", "")).startswith("own PID namespace"):
            self.inner, inner = _runner_in_namespace(self.proc.pid)
            self.worker = inner or self.worker
        with _LOCK:
            _RUNNERS.add(self)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def raw_output(self):
        if self.raw is None:
            return ""
        try:
            self.raw.seek(0)
            return self.raw.read(RAW_OUTPUT).decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def waited(self):
        """Seconds the runner's main thread has waited for a CPU (None where the OS does not say)."""
        return waited_for_cpu(self.worker) if self.worker is not None else None

    def is_bomb(self, since, cpu0, now, table):
        """Whether the runner's processes used more than HOG CPUs at once since ``since`` (its CPU time then:
        ``cpu0``), or more than one of its threads is running or waiting for a CPU now (an honest runner has one)."""
        pids = tree_of(self.proc.pid, self.uid if self.own_uid else None, table)
        if sum(table[pid][2] for pid in pids) - cpu0 > HOG * max(now - since, 0.05):
            return True
        return sum(_runnable_threads(pid) for pid in pids) > 1

    def cpu_time(self):
        """CPU seconds used by the runner's own two processes (the one started, the one in its PID namespace)."""
        return sum((_cpu_fields(pid) or (0, 0, 0.0))[2] for pid in {self.proc.pid, self.worker} if pid is not None)

    def ask(self, header, arrays, deadline, seed=0, more=None):
        """Send one request; return (answer header, arrays). Raises RunnerFailure (the runner is then
        killed) or StudentFailed (the answer says the student's code raised). ``more(now)``, asked when the deadline
        has passed, may give a later one (RemoteSubmission: the time the runner waited for a CPU)."""
        if not self.alive():
            raise RunnerFailure("died", f"the grading process ended ({_exit_words(self.proc.poll())})")
        self.rid += 1
        header = dict(header, id=self.rid, seed=int(seed))
        try:
            P.write_all(self.req_w, P.encode(header, arrays), deadline)
            while True:
                try:
                    excuse = None if more is None else lambda: more(time.monotonic()) is not None
                    answer, out = self.reader.read(deadline, self.alive, excuse=excuse)
                    break
                except P.Deadline:
                    later = more(time.monotonic()) if more is not None else None
                    if later is None:
                        raise
                    deadline = later
        except P.Deadline:
            self.kill()
            raise RunnerFailure("timeout", "out of time") from None
        except P.Closed:
            try:                         # the pipe closes as it exits: let it finish, to report how it ended
                self.proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
            code = self.kill()
            raise RunnerFailure("died", _exit_words(code)) from None
        except P.ProtocolError as e:
            self.kill()
            raise RunnerFailure("protocol", f"the grading process sent a malformed answer ({e})") from None
        if answer.get("id") != self.rid:
            self.kill()
            raise RunnerFailure("protocol", "the grading process sent an answer to a question that was not asked")
        return answer, out

    def kill(self):
        """Kill the runner, its process group and every escaped descendant; returns its exit code."""
        code = None
        if self.inner is not None:           # first the runner in its namespace: our SIGKILL below ends its parent
            try:
                signal.pidfd_send_signal(self.inner, signal.SIGKILL)
            except OSError:
                pass
        if self.proc is not None:
            try:
                code = self.proc.poll()      # it may have ended by itself: its own exit status, not our SIGKILL
            except OSError:
                code = None
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                self.proc.kill()
            except OSError:
                pass
            try:
                waited = self.proc.wait(timeout=10)
                code = waited if code is None else code
            except subprocess.TimeoutExpired:
                pass
            with _LOCK:
                _LIVE.discard(self.proc.pid)
            if self.inner is not None:
                _end_runner_in_namespace(self.inner)
                self.inner = None
            sweep(self.uid if self.own_uid else None)
        return code

    def close(self):
        with _LOCK:
            _RUNNERS.discard(self)
        self.kill()
        for fd in (getattr(self, "req_w", None), getattr(getattr(self, "reader", None), "fd", None)):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.req_w = None
        if self.raw is not None:
            self.raw.close()
            self.raw = None
        _rmtree(self.workdir)
        if self.own_uid and self.uid is not None:
            sweep(self.uid)
            remove_files_of(self.uid)
            _release_uid(self.uid)
            self.uid = None


def _rmtree(path):
    def onerror(fn, p, exc):
        try:
            os.chmod(os.path.dirname(p), stat.S_IRWXU)
            os.chmod(p, stat.S_IRWXU)
            fn(p)
        except OSError:
            pass
    shutil.rmtree(path, onerror=onerror)


# ---------------------------------------------------------------------------------------------
# what the checks talk to
# ---------------------------------------------------------------------------------------------
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")


def _state_words(answer):
    """(names of module-level state the graded object's calls changed, names of a tape the last call pushed onto and
    popped from), from a runner's answer: its word, so only short clean names are kept; messages only."""
    def names(v):
        if not isinstance(v, list):
            return []
        return [n for n in v[:5] if isinstance(n, str) and len(n) <= 60 and _NAME.fullmatch(n)]
    return names(answer.get("state")), names(answer.get("tape"))


def decode_answer(v, arrays, depth=0):
    if depth > 8:
        raise P.ProtocolError("an answer nested too deep")
    if isinstance(v, dict):
        if any(isinstance(k, str) and k.startswith("$") for k in v):
            return decode_value(v, arrays)
        return {k: decode_answer(x, arrays, depth + 1) for k, x in v.items()}
    if isinstance(v, list):
        return [decode_answer(x, arrays, depth + 1) for x in v[:4096]]
    return v


class _Args:
    """Builds the JSON items and the shared array list of a request."""

    def __init__(self):
        self.arrays = []

    def values(self, values, grad=True):
        items = []
        for v in values:
            if isinstance(v, Same):
                items.append({"$same": v.index})
            elif isinstance(v, np.ndarray):
                self.arrays.append(v)
                item = {"$t": len(self.arrays) - 1, "rg": grad and v.dtype.kind == "f"}
                if v.ndim >= 2 and not v.flags.c_contiguous:
                    item["nc"] = True       # spec.transposed: the runner makes a non-contiguous tensor of these values
                items.append(item)
            else:
                items.append(self.plain(v))
        return items

    def tensor(self, a):
        self.arrays.append(np.asarray(a))
        return {"$t": len(self.arrays) - 1, "rg": False}

    def array(self, a):
        self.arrays.append(np.asarray(a))
        return len(self.arrays) - 1

    def plain(self, v):
        if isinstance(v, minigrad.Tensor):
            return self.tensor(v.detach().numpy(force=True))
        if isinstance(v, np.ndarray):
            self.arrays.append(v)
            return {"$a": len(self.arrays) - 1}
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, (int, np.integer)):
            return int(v)
        if isinstance(v, (float, np.floating)):
            return P.pack_float(v)
        if isinstance(v, tuple):
            return {"$tu": [self.plain(x) for x in v]}
        if isinstance(v, list):
            return {"$l": [self.plain(x) for x in v]}
        if isinstance(v, dict):
            return {"$d": [[str(k), self.plain(x)] for k, x in v.items()]}
        raise TypeError(f"cannot send a {type(v).__name__} to the runner")

    def kwargs(self, kw):
        return {str(k): self.plain(v) for k, v in (kw or {}).items()}


class RemoteSubmission:
    """One submission in a runner, as the checks see it. The runner is started on first use and again
    after it was killed (a crash, a time-out, a malformed answer); each question ends at
    ``min(test deadline, submission deadline)``."""

    def __init__(self, path, *, assignment, sandbox=None, device="cpu", seed=0, timeout=10.0, deadline=None,
                 extra_path=(), siblings=False, hide=(), preload=(), torch_stub=True, leave_out=()):
        self.path, self.assignment, self.sandbox = path, assignment, sandbox or Sandbox()
        self.leave_out = set(leave_out)
        self.preload = list(preload)
        # the refused torch goes in the runner's sys.modules only when the source names torch (or was not read)
        self.torch_stub = torch_stub
        # the runner seeds the submission's own random generators before each question with RUNNER_SEED, the same
        # whatever the grading seed: before the red-team pass 16 it got 32 bits of a hash of the grading seed, and a
        # submission that tried every small seed (all below 2**24 in seconds) found the one that gave them, from which
        # every hidden test's inputs could be drawn again, in this grading or a later one with the same seed
        self.device, self.timeout = device, float(timeout)
        self.seed = RUNNER_SEED
        self.deadline = deadline if deadline is not None else time.monotonic() + 1e9
        # time forgiven: what the runner's main thread and the judge's grading thread waited for a CPU that others held
        # (a classmate's fork bomb in a batch: before the red-team pass 15 it pushed slow honest work past --timeout)
        self.total = max(0.0, self.deadline - time.monotonic())
        self.tid = threading.get_native_id()
        self.forgiven = self.test_forgiven = 0.0          # waits forgiven, in this submission / this test
        self.test_limit = None
        self.extra_path = list(extra_path)
        self.siblings = siblings
        self.extra_hide = [os.path.abspath(p) for p in hide if isinstance(p, str)]
        self.runner = None
        self.starts = 0
        self.info = {}
        self.names = []
        self.test_deadline = None
        self.printed, self.printed_chars = "", 0
        self.facts = {}
        self.last_state = ([], [])

    # ------------------------------------------------------------------ life
    def minigrad_root(self):
        """The folder of the minigrad copy the runner imports: the assignment's graded code absent from it."""
        a = self.assignment
        return strip.stripped_copy(getattr(a, "name", "custom"), list(getattr(a, "forbid", ())),
                                   bool(getattr(a, "guard_ops", False)))

    def start(self):
        """Start the runner and import the submission. Raises StudentFailed (the import raised) or
        RunnerFailure (timeout: the import did not finish; died; protocol; start)."""
        self.close()
        self.starts += 1
        left = self.deadline + self._forgiven()[1] - time.monotonic()
        if left <= 0:
            raise RunnerFailure("deadline", "out of time")
        try:
            self.runner = RunnerProcess(self.path, self.sandbox, self.device, startup=min(STARTUP_ALLOWANCE, left),
                                        siblings=self.siblings, cpu=left + 10,
                                        preload=(["torch"] if getattr(self.assignment, "allow_torch", False) else []) + self.preload,
                                        hide=hidden_from_runner(self.assignment, self.path) + self.extra_hide,
                                        minigrad_root=self.minigrad_root(),
                                        refuse_torch=not getattr(self.assignment, "allow_torch", False),
                                        extra_path=self.extra_path, leave_out=self.leave_out)
        except (SubmissionError, OSError) as e:      # changed since it was checked, or a full disk
            raise RunnerFailure("start", f"the submission could not be copied for grading ({e})") from None
        self.facts = self.runner.facts
        a = self.assignment
        header = {"op": "load", "path": self.runner.copy, "assignment": a.name, "forbid": list(a.forbid),
                  "guard": list(a.guard), "guard_ops": a.guard_ops, "extra_path": self.extra_path,
                  "refuse_torch": not getattr(a, "allow_torch", False), "torch_stub": self.torch_stub}
        # importing has a time limit of its own (the test's, if a restart happens in one, goes on after it)
        test = (self.test_deadline, self.test_limit, self.test_forgiven)
        self.test_deadline, self.test_limit, self.test_forgiven = time.monotonic() + self.timeout, self.timeout, 0.0
        try:
            answer, arrays = self._ask_runner(header, [])
        finally:
            self.test_deadline, self.test_limit, self.test_forgiven = test
        self._printed(answer)
        if isinstance(answer.get("error"), dict):
            self.runner.close()
            self.runner = None
            raise StudentFailed(answer["error"])
        names = answer.get("names")
        self.names = [n for n in names if isinstance(n, str)][:2000] if isinstance(names, list) else []

    def close(self):
        if self.runner is not None:
            self.runner.close()
            self.runner = None

    def begin_test(self, timeout):
        self.test_deadline = time.monotonic() + float(timeout)
        self.test_limit = float(timeout)
        self.test_forgiven = 0.0
        self.printed, self.printed_chars = "", 0

    def _forgiven(self, extra=0.0):
        """(of this test, of this submission): seconds forgiven (``extra``: in the question being asked), capped at
        FORGIVEN_PER_TEST times the test's limit and at the submission's own time limit."""
        return (min(self.test_forgiven + extra, FORGIVEN_PER_TEST * (self.test_limit or 0.0)),
                min(self.forgiven + extra, self.total))

    def current_deadline(self, extra=0.0):
        test, whole = self._forgiven(extra)
        return min((self.test_deadline or self.deadline) + test, self.deadline + whole)

    def past_deadline(self):
        """The submission's time limit reached, time forgiven not counted."""
        return time.monotonic() >= self.deadline + self._forgiven()[1]

    def _ask_runner(self, header, arrays):
        """One question. Its deadline is moved later by the time the runner's main thread and the judge's grading
        thread waited for a CPU (runnable, not running: /proc/.../schedstat) while another runner of this judge was a
        fork bomb: its processes used more than HOG CPUs at once, where an honest runner uses one. Before the red-team
        pass 15 a classmate's 64 spinning processes pushed slow honest work past its time limit in a batch. Without a
        fork bomb beside it, a runner's time is the judge's clock, as before (an ordinary busy machine is the
        instructor's to size ``--jobs`` and ``--timeout`` for); the fork bomb's own waits are never forgiven."""
        runner = self.runner
        t0, w0, j0 = time.monotonic(), runner.waited(), waited_for_cpu(tid=self.tid)
        with _LOCK:
            others = [r for r in _RUNNERS if r is not runner]
        cpu0 = {r: r.cpu_time() for r in [runner] + others}
        state = {"waited": 0.0, "self": False}

        def waited():
            w, j = runner.waited(), waited_for_cpu(tid=self.tid)
            if w is not None and w0 is not None:
                total = max(0.0, w - w0) + (max(0.0, j - j0) if j is not None and j0 is not None else 0.0)
                state["waited"] = max(state["waited"], total)
            return state["waited"]

        def forgive(now):
            """Whether this question's waits are forgiven: a fork bomb was seen beside it (a runner whose processes
            used more than HOG CPUs at once since the question began; the bomb itself is never forgiven). A runner
            seen so is remembered, so that one killed meanwhile still counts."""
            if w0 is None or state["self"] or not (others or _BOMBS):
                return False
            table = cpu_table()
            for r in [runner] + others:
                if r.alive() and r.is_bomb(t0, cpu0[r], now, table):
                    state["self"] = state["self"] or r is runner
                    with _LOCK:
                        _BOMBS[:] = _BOMBS[-99:] + [(t0, now)]
            with _LOCK:
                seen = any(a < now and b > t0 for a, b in _BOMBS)
            return seen and not state["self"]

        def more(now):
            if waited() <= 0.0 or not forgive(now):
                return None
            later = self.current_deadline(state["waited"])
            return min(later, now + 0.25) if later > now else None
        try:
            return runner.ask(header, arrays, self.current_deadline(), self.seed, more=more)
        finally:
            if waited() > 0.05 and forgive(time.monotonic()):
                self.test_forgiven += state["waited"]
                self.forgiven += state["waited"]

    def _printed(self, answer):
        p, n = answer.get("printed"), answer.get("printed_chars")
        if isinstance(p, str) and len(self.printed) < 4000:
            self.printed += p[:4000 - len(self.printed)]
        if isinstance(n, int) and not isinstance(n, bool) and n > 0:
            # bounded: two answers' counts of 4300 digits each (a runner's word) made a sum that Python refuses to turn
            # into a string, and the report's "the first 4000 of N characters" ended the grading (red-team pass 11b)
            self.printed_chars = min(self.printed_chars + n, 10 ** 15)

    def ask(self, op, header, arrays=()):
        if self.runner is None or not self.runner.alive():
            self.start()
        try:
            answer, out = self._ask_runner(dict(header, op=op), list(arrays))
        except RunnerFailure:
            self.close()
            raise
        self._printed(answer)
        self.last_state = _state_words(answer)
        if "error" in answer:
            err = answer["error"]
            raise StudentFailed(err if isinstance(err, dict) else {"kind": "error", "message": ""})
        try:
            return decode_answer({k: v for k, v in answer.items() if k not in ("id", "printed", "printed_chars")},
                                 out)
        except P.ProtocolError as e:
            self.close()
            raise RunnerFailure("protocol", f"the grading process sent a malformed answer ({e})") from None

    # ------------------------------------------------------------------ questions
    def inspect(self, name):
        if name not in self.info:
            info = self.ask("inspect", {"name": name})
            self.info[name] = info if isinstance(info, dict) else {}
        return self.info[name]

    def is_function_class(self, name):
        return bool(self.info.get(name, {}).get("function_class"))

    def apply(self, name, values, kwargs):
        b = _Args()
        h = {"name": name, "args": b.values(values, grad=False), "kwargs": b.kwargs(kwargs)}
        return self.ask("apply", h, b.arrays)

    def fwd_bwd(self, name, values, kwargs, upstream):
        b = _Args()
        h = {"name": name, "args": b.values(values), "kwargs": b.kwargs(kwargs), "upstream": b.tensor(upstream)}
        return self.ask("fwd_bwd", h, b.arrays)

    def forward_many(self, name, argsets, kwargs):
        b = _Args()
        h = {"name": name, "argsets": [b.values(v, grad=False) for v in argsets], "kwargs": b.kwargs(kwargs)}
        outs = self.ask("forward_many", h, b.arrays).get("outs")
        if not isinstance(outs, list) or len(outs) != len(argsets):
            raise RunnerFailure("protocol", "the grading process answered with the wrong number of outputs")
        return outs

    def graph(self, name, first, second, upstreams, kwargs):
        b = _Args()
        h = {"name": name, "first": b.values(first), "second": b.values(second), "kwargs": b.kwargs(kwargs),
             "upstreams": [b.tensor(g) for g in upstreams]}
        return self.ask("graph", h, b.arrays)

    def optimizer(self, name, case, init, grads, zero_grad=False):
        b = _Args()
        groups = None
        if case.groups is not None:
            groups = [{"n": len(g["shapes"]), "hyper": b.kwargs({k: v for k, v in g.items() if k != "shapes"})}
                      for g in case.groups]
        steps = []
        for s in range(case.steps):
            steps.append({"grads": [None if i in case.grad_none else b.array(grads[s][i]) for i in range(len(init))],
                          "set": b.kwargs(case.schedule.get(s, {})) or None})
        h = {"name": name, "init": [b.array(a) for a in init], "groups": groups, "hyper": b.kwargs(case.hyper),
             "steps": steps, "restart": list(getattr(case, "restart", ())), "zero_grad": bool(zero_grad)}
        return self.ask("optimizer", h, b.arrays)

    def call(self, name, args, kwargs):
        b = _Args()
        h = {"name": name, "args": [b.plain(a) for a in args], "kwargs": b.kwargs(kwargs)}
        return self.ask("call", h, b.arrays).get("out")
