"""The runner: the untrusted side of grading. It imports one submission and does only what the judge
asks ("call forward on these arrays", "run these optimizer steps"), answering with plain data.

Started by the judge as ``python -s ROOT/_minigrad_grading_runner/runner.py FD``, where ROOT is the copy
of minigrad made for the assignment (``strip.py``: the graded functions' bodies replaced in the source), from
which alone it imports minigrad (a file, not ``-m``: importing ``minigrad.grading`` would load the assignment
specs), and FD the descriptor of a deleted file holding its configuration (read, then closed: the folders it covers
never appear on its command line, which every process may read in /proc). It never sees a spec, a reference result, an expected value or a hidden parameter: only the inputs of
each request. Before the submission is imported it
  * makes itself a sandbox: a network namespace where the OS allows it, a mount namespace (root's, or an
    unprivileged user namespace's) in which every other copy of minigrad, its checkout, torch, the spec's and
    the submissions' folders are covered by empty unreadable mounts and /tmp is private, locked so that it
    cannot be undone; resource limits, an unprivileged user when started as root (after the trusted imports,
    so NumPy and minigrad load from root-only paths too), no new privileges, not dumpable;
  * as a further layer, refuses what remains of the graded functionality at run time (the ``forbid`` names
    raise "not allowed in this assignment"; ``guard`` names only when called from the submission's code),
    makes ``torch`` a module whose every use raises the same error, and installs an audit hook. These live in
    this process's memory, which the submission shares and can change: no verdict depends on them.
Whatever the submission does afterwards (patch NumPy, patch this module, switch the hook off, write to the
channel, exit) only changes what this process answers; the judge validates every answer as data and decides.
"""
import collections
import ctypes
import hashlib
import importlib.util
import inspect
import json
import os
import re
import resource
import signal
import struct
import sys
import threading
import traceback
import types
import warnings
from importlib.machinery import ModuleSpec

# NumPy and minigrad are not imported here: main() loads them after the first sandbox steps (network
# namespace, hidden processes), so the few functions that need them import them where they are used.

def _configuration(fd):
    """The judge's configuration (folders, uid, what is hidden), read from the descriptor ``fd`` and closed. Before
    round 17 it was the command line's JSON: students graded by name one by one were listed there (the folders to
    cover), and a runner read its classmates' names in /proc/self/cmdline, or in another runner's."""
    chunks = []
    with os.fdopen(int(fd), "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            chunks.append(chunk)
    return json.loads(b"".join(chunks))


CFG = _configuration(sys.argv[1]) if __name__ == "__main__" else {}
if __name__ == "__main__":
    del sys.argv[1:]          # the configuration (folders, uid, what is hidden) is not the submission's to read


# ---------------------------------------------------------------------------------------------
# sandbox (runs first, before anything untrusted)
# ---------------------------------------------------------------------------------------------
def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


FACTS = {}


def _map_ids(uid, gid, inner_uid=None, inner_gid=None):
    inner_uid = uid if inner_uid is None else inner_uid
    inner_gid = gid if inner_gid is None else inner_gid
    for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"{inner_uid} {uid} 1"),
                       ("/proc/self/gid_map", f"{inner_gid} {gid} 1")):
        with open(path, "w") as f:
            f.write(text)


def _unshare_net(libc, isolate_network=True):
    """As a user (not root): an unprivileged user namespace that maps our own ids, with a network namespace
    (unless disabled) and a mount namespace of its own (where the other copies of minigrad, the instructor's
    spec and the other students' files are covered, see _cover). As root: a network namespace. Either way a PID
    namespace where the OS gives one (_enter_pid_namespace)."""
    CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWNS = 0x40000000, 0x10000000, 0x00020000
    if libc is None or not hasattr(libc, "unshare"):
        FACTS["network"] = "not isolated (no unshare)" if isolate_network else "not isolated (disabled)"
        return
    if os.geteuid() == 0:
        pid_ns = libc.unshare(CLONE_NEWPID) == 0
        FACTS["signals"] = PID_NS if pid_ns else "as its uid allows (no PID namespace)"
        if pid_ns:
            _enter_pid_namespace(libc)
        if not isolate_network:
            FACTS["network"] = "not isolated (disabled)"
            return
        ok = libc.unshare(CLONE_NEWNET) == 0
    else:
        uid, gid = os.getuid(), os.getgid()
        mounts = CFG.get("mount_namespace", True)
        flags = (CLONE_NEWNS if mounts else 0) | (CLONE_NEWNET if isolate_network else 0)
        # with a PID namespace where the OS gives one (see _enter_pid_namespace), else without
        pid_ns = bool(flags) and libc.unshare(CLONE_NEWUSER | CLONE_NEWPID | flags) == 0
        ok = pid_ns or bool(flags) and libc.unshare(CLONE_NEWUSER | flags) == 0
        if ok:
            try:
                _map_ids(uid, gid)
                MOUNTS["own"] = mounts
                USERNS["own"] = True
            except OSError:
                ok = pid_ns = False
        FACTS["signals"] = PID_NS if pid_ns else "can signal the judge's processes (same uid, no PID namespace)"
        if pid_ns:
            _enter_pid_namespace(libc)
        if not isolate_network:
            FACTS["network"] = "not isolated (disabled)"
            return
    FACTS["network"] = "isolated (own network namespace)" if ok else \
        f"not isolated (unshare: {os.strerror(ctypes.get_errno()) or 'refused'})"


USERNS = {"own": False}                  # in an unprivileged user namespace of our own (a judge that is not root)
CLONE_NEWPID = 0x20000000
PID_NS = "own PID namespace (the judge and other runners out of reach)"


def _enter_pid_namespace(libc):
    """A judge that is not root shares its uid with the runner, which could signal it: before the red-team pass 14 a
    submission stopped the judge (SIGSTOP) while its own code ran for longer than the test's time limit, wrote its
    answer and let the judge go on (SIGCONT): the answer counted, the time limit did not (the same SIGSTOP hangs a
    batch, SIGKILL ends it without a report). Runners that share a uid (a root judge's --runner-user USER) stopped
    each other: a student's runner made a classmate's tests time out. After unshare(CLONE_NEWPID) our next child is
    the first process of a PID namespace, where no process outside can be named (getppid() is 0, kill(-1, ...)
    reaches only the namespace): the runner goes on in that child, and this process only waits for it and ends as it
    ended. The judge kills the child by a pidfd (judge.py), which ends everything in the namespace, and this
    process with its process group. A process that is the first of its namespace ignores the signals it sends
    itself (os.kill(os.getpid(), SIGTERM) does nothing); the kernel's own (a crash, a limit) still end it."""
    try:
        pid = os.fork()
    except OSError as e:                                # no process to spare: go on here, outside the namespace
        FACTS["signals"] = f"as its uid allows (no PID namespace: fork failed, {e.strerror})"
        return
    if pid == 0:
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)          # PR_SET_PDEATHSIG: this waiting parent killed, so are we
        return
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)              # the judge gone: so is this process
    for fd in (CFG.get("in_fd"), CFG.get("out_fd")):     # the pipes belong to the runner alone
        try:
            os.close(fd)
        except (OSError, TypeError):
            pass
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
        except OSError:
            os._exit(1)
    if os.WIFSIGNALED(status):                          # ended by a signal: so do we, for the judge's message
        sig = os.WTERMSIG(status)
        try:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            signal.signal(sig, signal.SIG_DFL)
            os.kill(os.getpid(), sig)
        except (OSError, ValueError):
            pass
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def _own_ipc(libc):
    """An IPC namespace of our own (root; or a user, inside the user namespace made above): System V shared memory,
    semaphores and message queues (and POSIX message queues) die with the runner. In the host's namespace they
    outlived it and every sweep: before the red-team pass 12 a runner left 32 MiB segments behind, memory that no
    grading would free (thousands of them fill the machine a batch runs on), readable by a later runner given the
    same uid, and a channel between runners graded at the same time."""
    CLONE_NEWIPC = 0x08000000
    ok = libc is not None and hasattr(libc, "unshare") and libc.unshare(CLONE_NEWIPC) == 0
    FACTS["ipc"] = "own namespace (System V and POSIX queues die with the runner)" if ok else "shared with the host"
    IPC["own"] = ok


IPC = {"own": False}


def _private_dev(libc):
    """In our own mount and IPC namespaces: /dev/mqueue (Docker mounts it) remounted for our own IPC namespace, and
    /dev/pts covered. The /dev/mqueue we inherited showed the host's POSIX message queues: before the red-team pass 13
    a runner made queues there with a plain ``os.open(..., O_CREAT)``, left behind after grading, listed by every later
    runner (their names carry anything) and readable by other uids: a channel between students of a batch. Under the
    judge's own uid the terminals of /dev/pts are the instructor's: a runner wrote escape sequences and a forged
    "100/100" into the terminal the grading ran in, around every cleaning of the report."""
    if libc is None or not MOUNTS["own"]:
        return
    MS_NOSUID, MS_NODEV, MS_NOEXEC = 2, 4, 8
    if os.path.isdir("/dev/mqueue"):
        ok = IPC["own"] and libc.mount(b"mqueue", b"/dev/mqueue", b"mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                                       None) == 0
        if not ok and _mount_cover(libc, "/dev/mqueue"):
            COVERED.append("/dev/mqueue")
    if os.path.isdir("/dev/pts") and _mount_cover(libc, "/dev/pts"):
        COVERED.append("/dev/pts")


MOUNTS = {"own": False}                  # in a mount namespace of our own (root's, or an unprivileged user's)


def _hide_processes(libc):
    """Root only, before the drop: a mount namespace of our own with /proc mounted hidepid=2, so that once
    unprivileged the runner sees only its own processes (not the judge's command line or environment)."""
    CLONE_NEWNS, MS_REC, MS_PRIVATE = 0x00020000, 16384, 1 << 18
    if libc is None or os.geteuid() != 0 or not hasattr(libc, "mount"):
        FACTS["processes"] = "visible"
        return
    ok = (libc.unshare(CLONE_NEWNS) == 0
          and libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) == 0)
    if ok:
        MOUNTS["own"] = True
        ok = libc.mount(b"proc", b"/proc", b"proc", 0, b"hidepid=2") == 0
    FACTS["processes"] = "hidden (own /proc, hidepid=2)" if ok else \
        f"visible (mount: {os.strerror(ctypes.get_errno()) or 'refused'})"
    if MOUNTS["own"]:
        _hide_paths(libc, CFG.get("hide", []))


def _own_mounts(libc):
    """Root without a uid of its own (--runner-user none), or a user whose user namespace failed: a mount
    namespace of our own if the OS gives one, for the covers below."""
    CLONE_NEWNS, MS_REC, MS_PRIVATE = 0x00020000, 16384, 1 << 18
    if MOUNTS["own"] or libc is None or not hasattr(libc, "mount") or not CFG.get("mount_namespace", True):
        return
    if os.geteuid() == 0 and libc.unshare(CLONE_NEWNS) == 0:
        MOUNTS["own"] = True
    if MOUNTS["own"]:
        libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None)


def _needed():
    """What the runner itself reads: its folder, Python, NumPy and the other installed modules, and the copy
    of minigrad made for it (all on sys.path or under sys.prefix)."""
    return [os.path.realpath(p) for p in [CFG.get("workdir", ""), os.path.dirname(os.path.abspath(__file__)),
                                         CFG.get("minigrad_root", ""), sys.prefix, sys.base_prefix, sys.exec_prefix]
            + sys.path if p]


def _mount_cover(libc, real):
    MS_BIND, MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 4096, 1, 2, 4, 8
    if os.path.isdir(real):
        return libc.mount(b"tmpfs", real.encode(), b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                          b"size=4k,mode=000") == 0
    return libc.mount(b"/dev/null", real.encode(), None, MS_BIND, None) == 0


def _hide_paths(libc, paths):
    """In our own mount namespace: cover the instructor's spec and the original submissions folder (other
    students' files) with an empty, unreadable folder (a file: with /dev/null), unless Python, NumPy, minigrad
    or our working folder lives inside."""
    needed = _needed()
    hidden = 0
    for path in paths:
        if not isinstance(path, str) or not os.path.isabs(path):
            continue
        real = os.path.realpath(path)
        if real == "/" or not os.path.exists(real) or _under(real, COVERED) or \
                any(n == real or n.startswith(real.rstrip(os.sep) + os.sep) for n in needed):
            continue
        if _mount_cover(libc, real):
            COVERED.append(real)
            hidden += 1
    FACTS["hidden paths"] = FACTS.get("hidden paths", 0) + hidden


COVERED = []


def _cover(libc, paths, needed, depth=0):
    """Cover each path with an empty unreadable mount; a folder that holds something the runner needs (a
    checkout with the virtual environment inside, say) is not covered itself: its other entries are."""
    n = 0
    # the runner's own working folder (its copy of the submission) is never covered, wherever TMPDIR put it (under
    # /var/tmp, or a folder of the instructor's under a covered top-level folder)
    own = [os.path.realpath(CFG["workdir"])] if CFG.get("workdir") else []
    for path in paths:
        try:
            real = os.path.realpath(path)
        except (TypeError, ValueError):
            continue
        if real == "/" or not os.path.lexists(real) or _under(real, COVERED) or _under(real, own):
            continue
        if any(_under(x, [real]) for x in needed):       # itself needed, or holds what is
            if depth < 4 and os.path.isdir(real):
                try:
                    names = sorted(os.listdir(real))
                except OSError:
                    continue
                n += _cover(libc, [os.path.join(real, x) for x in names], needed, depth + 1)
            continue
        if _mount_cover(libc, real):
            COVERED.append(real)
            n += 1
    return n


def _is_checkout(folder):
    return any(os.path.exists(os.path.join(folder, m)) for m in ("pyproject.toml", "setup.py", "setup.cfg", ".git"))


def _editable_targets(site_dirs):
    """The folders editable installs point at: the paths in site-packages' .pth files and the mappings of
    setuptools' ``__editable__`` finders (read as text, never imported)."""
    import re
    out = []
    for site in site_dirs:
        try:
            names = sorted(os.listdir(site))
        except OSError:
            continue
        for name in names:
            path = os.path.join(site, name)
            if name.endswith(".pth"):
                try:
                    with open(path, encoding="utf-8", errors="replace") as f:
                        lines = f.read(1 << 20).splitlines()
                except OSError:
                    continue
                out += [ln.strip() for ln in lines if ln.strip() and not ln.startswith(("#", "import"))]
            elif name.startswith("__editable__") and name.endswith(".py"):
                try:
                    with open(path, encoding="utf-8", errors="replace") as f:
                        text = f.read(1 << 20)
                except OSError:
                    continue
                out += re.findall(r"""['"](/[^'"\n]+)['"]""", text)
    return [p for p in out if os.path.isabs(p)]


def other_copies():
    """Every folder (other than the copy made for this runner) from which minigrad, its source checkout or torch
    could be read: the judge's minigrad and its checkout, minigrad/ in any sys.path entry or site-packages, what
    editable installs point at, torch's installation (unless the instructor allows torch)."""
    import site
    mine = os.path.realpath(CFG.get("minigrad_root", "") or "/nonexistent")
    sites = []
    try:
        sites += site.getsitepackages()
    except AttributeError:
        pass
    try:
        sites.append(site.getusersitepackages())
    except AttributeError:
        pass
    extra = [p for p in CFG.get("extra_path", []) if isinstance(p, str)]
    places = [p for p in sys.path if p] + extra + sites + _editable_targets(sites + [p for p in sys.path if p])
    out = list(CFG.get("cover", []))
    for place in places:
        try:
            real = os.path.realpath(place)
        except (TypeError, ValueError):
            continue
        if real == mine or _under(real, [mine]):
            continue
        if os.path.basename(real) == "minigrad" and os.path.isdir(real):
            out.append(real)
            real = os.path.dirname(real)
        if os.path.isdir(os.path.join(real, "minigrad")):
            out.append(os.path.join(real, "minigrad"))
            if _is_checkout(real):
                out.append(real)
    for c in list(out):
        parent = os.path.dirname(os.path.realpath(c))
        if os.path.basename(os.path.realpath(c)) == "minigrad" and _is_checkout(parent):
            out.append(parent)
    if CFG.get("refuse_torch", True):
        try:
            spec = importlib.util.find_spec("torch")
            if spec is not None and spec.submodule_search_locations:
                out += list(spec.submodule_search_locations)
        except (ImportError, ValueError, OSError):
            pass
    seen, result = set(), []
    for p in out:
        if isinstance(p, str) and os.path.isabs(p):
            r = os.path.realpath(p)
            if r not in seen and not _under(r, [mine]):
                seen.add(r)
                result.append(r)
    return result


def _cover_copies(libc):
    """After the trusted imports, in our own mount namespace: every other copy of minigrad (and torch, and the
    spec and submissions folders) covered. The copy this runner imported minigrad from is the only one left."""
    if not MOUNTS["own"] or libc is None:
        FACTS["other copies of minigrad"] = "readable (no mount namespace)"
        return
    needed = _needed()
    mine = os.path.realpath(CFG.get("minigrad_root", "") or "/nonexistent")
    needed = [n for n in needed if not (os.path.isdir(os.path.join(n, "minigrad")) and n != mine)] + [mine]
    n = _cover(libc, other_copies() + list(CFG.get("hide", [])) + _top_level(), needed)
    FACTS["other copies of minigrad"] = f"covered ({n} folders)"


def _open_way_to_python(libc, uid):
    """Root, in our own mount namespace, before the drop to ``uid``: where Python is installed in a folder that
    others cannot enter (a pyenv under /root, mode 700), each such folder on the way is covered by a tmpfs that
    others can enter, holding only the next folder on the way, bound back as it was. So, once unprivileged, the runner
    can still read the installation's files: a submodule a library imports on first use (sympy.diff's
    sympy.assumptions.wrapper, a codec, matplotlib's Agg backend) and data files (matplotlib's fonts). Before the
    red-team pass 10 only what was imported before the drop could be used: honest submissions failed with
    "No module named ..." or PermissionError. Nothing else of the closed folder is there (/root's other files)."""
    MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC = 1, 2, 4, 32, 4096, 16384
    if uid is None or libc is None or not MOUNTS["own"] or not hasattr(os, "O_PATH"):
        return
    opened = 0
    for target in sorted({os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix) if p}):
        for _ in range(8):
            parts = target.strip(os.sep).split(os.sep)
            way = [os.sep + os.sep.join(parts[:k]) for k in range(1, len(parts))]
            try:
                closed = next((a for a in way if not os.stat(a).st_mode & 0o001), None)
            except OSError:
                break
            if closed is None:
                break
            child = way[way.index(closed) + 1] if way.index(closed) + 1 < len(way) else target
            try:
                fd = os.open(child, os.O_PATH)
            except OSError:
                break
            try:
                ok = libc.mount(b"tmpfs", closed.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, b"size=16k,mode=755") == 0
                if ok:
                    os.mkdir(child, 0o755)
                    ok = libc.mount(f"/proc/self/fd/{fd}".encode(), child.encode(), None, MS_BIND | MS_REC, None) == 0
                    libc.mount(None, closed.encode(), None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                               b"size=16k,mode=755")
            except OSError:
                ok = False
            finally:
                os.close(fd)
            if not ok:
                break
            opened += 1
    if opened:
        FACTS["python installation"] = f"opened to the runner ({opened} closed folders on the way)"


# what stays visible at the top of the file system: the system's programs, libraries and settings, the
# kernel's views, and /tmp (the runner's own, private). Everything else (home folders, /work, /srv, /opt,
# /autograder, /var, /run with its world-writable lock folders, other checkouts and virtual environments
# wherever they are) is covered, except the folders on the way to what the runner needs (_cover descends).
_KEEP_AT_TOP = {"proc", "dev", "sys", "usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin", "etc", "tmp"}


def _top_level():
    """An allowlist rather than a list of known copies: every top-level folder but _KEEP_AT_TOP."""
    try:
        names = sorted(os.listdir("/"))
    except OSError:
        return []
    return [os.path.join("/", name) for name in names if name not in _KEEP_AT_TOP]


def _lock_mounts(libc, uid, gid):
    """A user namespace (ours, or root's with --runner-user none) keeps the power to unmount what it mounted: a
    new user and mount namespace under it makes every mount so far one locked whole that cannot be taken apart
    (unmounted, or bound without its covers)."""
    CLONE_NEWUSER, CLONE_NEWNS = 0x10000000, 0x00020000
    if libc is None or not MOUNTS["own"] or (os.geteuid() == 0 and uid is not None):
        return                   # root dropping to a uid of its own: no capability is left to unmount with
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
        FACTS["mounts"] = f"not locked ({os.strerror(ctypes.get_errno()) or 'refused'})"
        return
    try:
        _map_ids(uid, gid, 0 if uid == 0 else None, 0 if gid == 0 else None)
        FACTS["mounts"] = "locked (nested user namespace)"
    except OSError as e:
        FACTS["mounts"] = f"not locked ({e.strerror})"
        return
    # /proc is the host's here (a new one needs a PID namespace): /proc/PID/cwd of another process of ours (the
    # shell that started the judge) would lead around every cover. Covered, then every capability dropped, so
    # that this last mount cannot be taken off either (a further user namespace would only see it locked).
    MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
    if libc.mount(b"tmpfs", b"/proc", b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, b"size=4k,mode=555") == 0:
        FACTS["processes"] = "hidden (/proc covered)"
    FACTS["capabilities"] = "dropped" if _drop_capabilities(libc) else "kept (capset failed)"


def _drop_capabilities(libc):
    """capset(2) with empty sets: no capability left in our user namespace (no unmounting, no new mounts)."""
    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]
    if not hasattr(libc, "capset"):
        return False
    header, data = Header(0x20080522, 0), (Data * 2)()
    return libc.capset(ctypes.byref(header), data) == 0


def _bind_readonly(libc, path):
    """``path`` bound read-only over itself (keeping the flags of the mount it is on, which a user namespace may not
    drop: nosuid, nodev, noexec, the access-time ones)."""
    MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC = 1, 32, 4096, 16384
    b = path.encode()
    if libc.mount(b, b, None, MS_BIND | MS_REC, None) != 0:
        return False
    flags = MS_REMOUNT | MS_BIND | MS_RDONLY
    try:
        have = os.statvfs(path).f_flag
    except OSError:
        have = 0
    # (statvfs flag, mount flag): nosuid, nodev, noexec, noatime, nodiratime, relatime
    for st, ms in ((2, 2), (4, 4), (8, 8), (1024, 1024), (2048, 2048), (4096, 1 << 21)):
        if have & st:
            flags |= ms
    return libc.mount(None, b, None, flags, None) == 0


def _readonly_copy(libc):
    """The copy of minigrad made for this runner, bound read-only over itself: a runner with the judge's uid
    could otherwise change it for the runners after it. So is the Python installation (the folders of Python, NumPy,
    the other installed modules): under the judge's uid, in an installation of the instructor's own (a virtual
    environment), a submission wrote a ``.pth`` file into its site-packages, code that every later Python of that
    installation runs first, the judge's next grading and other students' runners included (before the red-team pass
    15, with the lock-down on)."""
    root = CFG.get("minigrad_root")
    if libc is None or not MOUNTS["own"]:
        return
    if root:
        FACTS["minigrad copy"] = "read-only" if _bind_readonly(libc, os.path.realpath(root)) else "writable"
    work = os.path.realpath(CFG.get("workdir", "") or "/nonexistent")
    keep = [work, os.path.realpath(root or "/nonexistent")] + [os.path.realpath(t) for t in TMP_SIZES]
    places = {os.path.realpath(p) for p in _installation() if p and os.path.isdir(p)}
    if os.geteuid() != 0:
        # under the judge's uid, the folders on the way there too (not covered: they hold what the runner needs),
        # where that uid may write: a new file there (~/.local/lib/python3.X/site-packages/x.pth, on the way to a
        # Python in the instructor's home) was not covered (before the red-team pass 15)
        for p in list(places):
            while os.path.dirname(p) != p:
                p = os.path.dirname(p)
                if os.access(p, os.W_OK):
                    places.add(p)
    # never a folder that holds the runner's own (writable) folders (its working folder, the private /tmp), nor the
    # root of the file system
    # each one bound (outer ones first): a folder bound back under a private /tmp is a mount of its own, which the
    # binding of a folder above it would leave writable
    places = sorted(p for p in places if p != "/" and not _under(p, [work]) and not any(_under(k, [p]) for k in keep))
    done = sum(_bind_readonly(libc, p) for p in places)
    FACTS["python installation"] = f"{FACTS['python installation']}, " if "python installation" in FACTS else ""
    FACTS["python installation"] += f"read-only ({done} of {len(places)} folders)"


def _installation():
    """The folders Python, NumPy and the other installed modules are read from."""
    import site
    out = [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.__file__)]
    try:
        out += site.getsitepackages()
    except AttributeError:
        pass
    numpy = sys.modules.get("numpy")
    if numpy is not None and getattr(numpy, "__file__", None):
        out.append(os.path.dirname(os.path.dirname(os.path.abspath(numpy.__file__))))
    return out


TMP_SIZES = {"/tmp": "64m", "/var/tmp": "16m", "/dev/shm": "16m"}


def _private_tmp(libc, workdir):
    """Root, in our own mount namespace, after the trusted imports: fresh size-limited tmpfs over /tmp, /var/tmp
    and /dev/shm (the runner cannot fill the disk that other students' grading needs, nor leave files there for a
    later runner), with our working folder (under /tmp) carried over. The folders Python, NumPy or minigrad live
    in, when they are under such a place (a checkout in /tmp), are bound back into the new tmpfs as they were."""
    if libc is None or not MOUNTS["own"]:
        FACTS["temporary files"] = "on the shared disk"
        return
    MS_NOSUID, MS_NODEV, MS_BIND, MS_REC = 2, 4, 4096, 16384
    needed = [os.path.realpath(p) for p in [os.path.dirname(os.path.abspath(__file__)), sys.prefix, sys.base_prefix,
                                           sys.exec_prefix] + sys.path if p]
    work = os.path.realpath(workdir)
    done = []
    for place, size in TMP_SIZES.items():
        real = os.path.realpath(place)
        if not os.path.isdir(real) or real in done:
            continue
        inside = sorted({n for n in needed if _under(n, [real]) and os.path.exists(n)})
        inside = [n for i, n in enumerate(inside) if not _under(n, inside[:i])]     # the outermost ones
        if real in inside or any(not os.path.isdir(n) for n in inside):
            continue                             # Python itself lives there (or a zip on sys.path): leave it
        held = [(n, os.open(n, os.O_PATH | os.O_DIRECTORY)) for n in inside]      # reachable once covered
        saved = []
        if _under(work, [real]):                 # our folder moves into the new tmpfs: read it first (<= 20 MB)
            for folder, dirs, files in os.walk(work):
                saved.append((folder, None))
                for f in files:
                    path = os.path.join(folder, f)
                    if os.path.isfile(path) and not os.path.islink(path):
                        with open(path, "rb") as fh:
                            saved.append((path, fh.read()))
        if libc.mount(b"tmpfs", real.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                      f"size={size},mode=1777".encode()) != 0:
            for _, fd in held:
                os.close(fd)
            continue
        for path, fd in held:                    # bound back (with what is mounted under them) as they were
            os.makedirs(path, mode=0o755, exist_ok=True)
            if libc.mount(f"/proc/self/fd/{fd}".encode(), path.encode(), None, MS_BIND | MS_REC, None) != 0:
                os.close(fd)
                raise OSError(f"grading runner: could not keep {path} under the private {real}")
            os.close(fd)
        done.append(real)
        for path, data in saved:
            if data is None:
                os.makedirs(path, mode=0o700, exist_ok=True)
            else:
                with open(path, "wb") as fh:
                    fh.write(data)
            if CFG.get("uid") is not None:
                os.chown(path, CFG["uid"], CFG.get("gid") or 0)
    FACTS["temporary files"] = (f"private tmpfs ({', '.join(f'{p} {TMP_SIZES[p]}' for p in done)})" if done else
                                "on the shared disk")


def _limits(lim):
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)         # over the file size limit: an error, not death
    if CFG.get("uid") is None and not USERNS["own"]:
        # the count is per user: under the judge's own uid it would count the judge's processes. In a user namespace
        # of our own it counts this namespace's processes only (Linux 5.14 and later): before the red-team pass 14 a
        # runner under the judge's uid had no process limit at all (a fork bomb took the machine's process table)
        lim = {k: v for k, v in lim.items() if k != "processes"}
    table = {"address_space": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU, "file_size": resource.RLIMIT_FSIZE,
             "open_files": resource.RLIMIT_NOFILE, "processes": resource.RLIMIT_NPROC, "core": resource.RLIMIT_CORE}
    applied = {}
    for key, value in lim.items():
        if value is None or key not in table:
            continue
        try:
            resource.setrlimit(table[key], (int(value), int(value)))
            applied[key] = int(value)
        except (ValueError, OSError):
            applied[key] = "not applied"
    FACTS["limits"] = applied


def _drop(uid, gid, libc):
    if uid is None or os.geteuid() != 0:
        FACTS["user"] = f"uid {os.getuid()}"
        return
    try:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    except OSError as e:            # a container without CAP_SETUID: run on, and say so
        FACTS["user"] = f"uid {os.getuid()} (could not drop to uid {uid}: {e.strerror})"
        return
    FACTS["user"] = f"uid {uid} gid {gid} (dropped from root)"


def _prctl(libc):
    if libc is None or not hasattr(libc, "prctl"):
        return
    PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, PR_SET_PDEATHSIG = 4, 38, 1
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)             # the judge dies: so do we
    _no_key_store(libc)


# the kernel's system call numbers: its audit arch, the calls refused outright (the key store: add_key, request_key,
# keyctl; pidfd_send_signal, pidfd_open, pidfd_getfd, whose target a filter cannot read), the signal calls whose first
# argument must be the runner's own process (kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo), fcntl and ioctl
_SYSCALLS = {"x86_64": dict(arch=0xC000003E, refuse=(248, 249, 250, 424, 434, 438), signal=(62, 200, 234, 129, 297),
                            fcntl=72, ioctl=16),
             "aarch64": dict(arch=0xC00000B7, refuse=(217, 218, 219, 424, 434, 438), signal=(129, 130, 131, 138, 240),
                             fcntl=25, ioctl=29)}
# fcntl's F_SETOWN, F_SETSIG, F_SETOWN_EX and ioctl's FIOSETOWN, SIOCSPGRP: an owner for a file's SIGIO, a signal (any,
# SIGSTOP too) the kernel then sends to that process
_OWNER_CMDS = {"fcntl": (8, 10, 15), "ioctl": (0x8901, 0x8902)}


def _seccomp_program(table, own_pid):
    """The filter's classic BPF program, as (code, jt, jf, k) tuples, assembled from labelled steps."""
    LD_W_ABS, JEQ_K, AND_K, RET_K = 0x20, 0x15, 0x54, 0x06
    ALLOW, EPERM = 0x7FFF0000, 0x00050000 | 1
    steps = [("ld", 4), ("jeq", table["arch"], None, "deny"),      # seccomp_data.arch: another ABI (x86's int 0x80)
             ("ld", 0), ("and", 0xBFFFFFFF)]                         # seccomp_data.nr, without x86's x32 bit
    steps += [("jeq", nr, "deny", None) for nr in table["refuse"]]
    steps += [("jeq", nr, "own", None) for nr in table["signal"]]
    steps += [("jeq", table["fcntl"], "fcntl", None), ("jeq", table["ioctl"], "ioctl", None), ("ret", ALLOW),
              "own", ("ld", 16), ("jeq", own_pid & 0xFFFFFFFF, "allow", "deny")]    # args[0]'s low word: the target
    for name in ("fcntl", "ioctl"):
        steps += [name, ("ld", 24)] + [("jeq", cmd, "deny", None) for cmd in _OWNER_CMDS[name]] + [("ret", ALLOW)]
    steps += ["allow", ("ret", ALLOW), "deny", ("ret", EPERM)]
    labels, n = {}, 0
    for step in steps:
        if isinstance(step, str):
            labels[step] = n
        else:
            n += 1
    prog = []
    for step in steps:
        if isinstance(step, str):
            continue
        here = len(prog) + 1                            # jumps count from the next instruction
        if step[0] == "ld":
            prog.append((LD_W_ABS, 0, 0, step[1]))
        elif step[0] == "and":
            prog.append((AND_K, 0, 0, step[1]))
        elif step[0] == "ret":
            prog.append((RET_K, 0, 0, step[1]))
        else:
            _, k, yes, no = step
            prog.append((JEQ_K, 0 if yes is None else labels[yes] - here, 0 if no is None else labels[no] - here, k))
    return prog


def _no_key_store(libc):
    """A seccomp filter, after PR_SET_NO_NEW_PRIVS (no process can take it off; children inherit it) refusing (EPERM):

    * the kernel's key store. Keys are not namespaced by anything the runner has: before the red-team pass 12 a runner
      put keys in its uid's persistent keyring (kept three days after it ended) and could let every other uid read them
      (found in /proc/keys): storage that runners graded at the same time, or later, share (in a batch all students get
      the same inputs, so one student's correct answers would fit another's);
    * every system call of another ABI: before the red-team pass 15 the filter let them through, and x86's 32-bit
      calls (``int 0x80`` from machine code written through ctypes, keyctl is 288 there) reached the key store;
    * signals to any process but the runner itself (kill, tgkill... with another target; pidfd_send_signal, whose
      target a filter cannot read; fcntl's F_SETOWN/F_SETSIG, which make the kernel send a chosen signal to a chosen
      process on a file's I/O). Where no PID namespace is made (a judge without user namespaces) the runner shares the
      judge's uid, and before the red-team pass 15 it could stop the judge (SIGSTOP) for up to protocol.LATE seconds
      a question, stop a classmate's runner, or end the batch (SIGKILL)."""
    table = _SYSCALLS.get(os.uname().machine)
    if table is None:
        FACTS["key store"] = f"open (no system call table for {os.uname().machine})"
        return
    prog = _seccomp_program(table, os.getpid())

    class Filter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Filter))]

    filters = (Filter * len(prog))(*[Filter(*f) for f in prog])
    PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
    ok = libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(Program(len(prog), filters)), 0, 0) == 0
    FACTS["key store"] = "refused (seccomp)" if ok else \
        f"open (seccomp: {os.strerror(ctypes.get_errno()) or 'refused'})"
    FACTS["signals to others"] = "refused (seccomp)" if ok else "as the uid and PID namespace allow"


def _load_protocol():
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("_minigrad_grading_protocol", os.path.join(here, "protocol.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# what the submission may not use
# ---------------------------------------------------------------------------------------------
class NotAllowed(RuntimeError):
    pass


ROOTS = []                                # folders whose code is the submission's
_LOCAL = threading.local()               # .allowed: the runner itself is calling (guarded names only)
ASSIGNMENT = ""


def _student_on_stack():
    f = sys._getframe(2)
    while f is not None:
        name = f.f_code.co_filename
        if any(name.startswith(r) for r in ROOTS):
            return True
        f = f.f_back
    return False


def _refusal(name):
    return (f"{name} is not allowed in the {ASSIGNMENT} assignment: the grader compares your code with "
            "this reference, so write it yourself")


def _raiser(name):
    def not_allowed(*args, **kwargs):
        raise NotAllowed(_refusal(name))
    not_allowed.__qualname__ = not_allowed.__name__ = name.rsplit(".", 1)[-1]
    return not_allowed


def _guarded(fn, name):
    def guarded(*args, **kwargs):
        if not getattr(_LOCAL, "allowed", False) or _student_on_stack():
            raise NotAllowed(_refusal(name))
        return fn(*args, **kwargs)
    guarded.__name__ = guarded.__qualname__ = getattr(fn, "__name__", "guarded")
    guarded.__doc__ = getattr(fn, "__doc__", None)
    return guarded


def _resolve(dotted):
    parts = dotted.split(".")
    obj = importlib.import_module(parts[0])
    owner = None
    for i, p in enumerate(parts[1:], 1):
        owner = obj
        try:
            obj = getattr(obj, p)
        except AttributeError:
            obj = importlib.import_module(".".join(parts[:i + 1]))
    return owner, parts[-1], obj


def _replace_everywhere(old, new, package="minigrad"):
    """Every reference to ``old`` in minigrad's modules and classes (and in ``package``'s modules) becomes ``new``."""
    for mname, module in list(sys.modules.items()):
        if not (mname.partition(".")[0] in ("minigrad", package)) or module is None:
            continue
        for k, v in list(vars(module).items()):
            if v is old:
                setattr(module, k, new)
            elif isinstance(v, type) and v.__module__.startswith("minigrad"):
                for ck, cv in list(vars(v).items()):
                    raw = cv.__func__ if isinstance(cv, (staticmethod, classmethod)) else cv
                    if raw is old:
                        wrapped = type(cv)(new) if isinstance(cv, (staticmethod, classmethod)) else new
                        try:
                            setattr(v, ck, wrapped)
                        except (TypeError, AttributeError):
                            pass


def forbid(dotted):
    """Make ``dotted`` unusable: a function's code is replaced (every reference to it now raises); a
    class's own methods all raise (subclasses and instances included)."""
    try:
        owner, attr, obj = _resolve(dotted)
    except (ImportError, AttributeError):
        return False
    if isinstance(obj, types.FunctionType):
        message = _refusal(dotted)
        # every reference to this function now raises; a decorator's wrapper (a closure: its code cannot be
        # replaced) raises through the function it wraps (before the red-team pass 9b sklearn's log_loss, wrapped
        # by its parameter validation, kept working and scored 100/100), and is replaced where it was found
        fn, seen = obj, 0
        while isinstance(fn, types.FunctionType) and seen < 8:
            if not fn.__code__.co_freevars:
                fn.__code__ = _stub_code()
                fn.__defaults__ = ()
                fn.__kwdefaults__ = {"_not_allowed_message": message}
            fn, seen = vars(fn).get("__wrapped__"), seen + 1
        if obj.__code__.co_freevars and owner is not None:
            try:
                setattr(owner, attr, _raiser(dotted))
            except (TypeError, AttributeError):
                pass
        _replace_everywhere(obj, _raiser(dotted), dotted.partition(".")[0])
        return True
    if isinstance(obj, type):
        for k, v in list(vars(obj).items()):
            raw = v.__func__ if isinstance(v, (staticmethod, classmethod)) else v
            if not callable(raw) or (k.startswith("__") and k not in ("__init__", "__call__")):
                continue
            stub = _raiser(dotted if k == "__init__" else f"{dotted}.{k}")
            if isinstance(v, staticmethod):
                stub = staticmethod(stub)
            elif isinstance(v, classmethod):
                stub = classmethod(stub)
            try:
                setattr(obj, k, stub)
            except (TypeError, AttributeError):
                pass
        try:
            if "__init__" not in vars(obj):
                obj.__init__ = _raiser(dotted)
            obj._minigrad_forbidden = True
        except (TypeError, AttributeError):      # a compiled class (an extension's): replaced wherever a module of
            _replace_everywhere(obj, _raiser(dotted), dotted.partition(".")[0])      # its library holds it
        return True
    if callable(obj) and owner is not None:
        try:
            setattr(owner, attr, _raiser(dotted))
        except (TypeError, AttributeError):
            return False
        _replace_everywhere(obj, _raiser(dotted), dotted.partition(".")[0])
        return True
    return False


class _ForbidOnImport:
    """A meta-path finder for the forbidden names of libraries that are not loaded when the submission is (scipy's
    convolutions in conv2d: loading scipy for every runner would cost each submission its import time): the module
    that holds such a name has them refused as soon as it is imported, by an import statement or by importlib with
    a computed name (before the ninth red-team pass ``importlib.import_module("sci" + "py.signal")`` kept
    scipy.signal.correlate working, and a conv2d made of it scored 100/100)."""

    def __init__(self, names, packages=()):
        self.names = list(names)
        self.packages = tuple(packages)

    def find_spec(self, fullname, path=None, target=None):
        mine = [n for n in self.names if n.rpartition(".")[0] == fullname]
        guarded = fullname in self.packages or fullname.startswith(tuple(p + "." for p in self.packages))
        if not mine and not guarded:
            return None
        if guarded and (fullname in sys.modules or fullname in _GUARDED["executed"]):
            return None                     # a reload: its files cannot be read again (see _guarded_file)
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _ThenForbid(spec.loader, mine)
            if guarded:
                _GUARDED["pending"].add(fullname)
        return spec


# the packages that hold another library's forbidden names (scipy.signal, sklearn.metrics...), by folder: after the
# lock-down each of their modules is executed once, by an import through _ForbidOnImport (its name is pending while
# it loads), and their files are never opened otherwise. Before the red-team pass 9b `importlib.reload` of
# scipy.signal._signaltools (or its file loaded under another name) brought back the convolutions refused in it
GUARDED_DIRS = []                         # (realpath of the package's folder, its dotted name)
_GUARDED = {"pending": set(), "executed": set()}


def _guarded_packages(names):
    """The packages (two components deep: ``scipy.signal``) of the forbidden names outside minigrad, with their folders,
    found without importing anything."""
    out, specs = {}, {}
    for name in names:
        parts = name.split(".")
        if parts[0] == "minigrad" or len(parts) < 2:
            continue
        package = parts[:2] if len(parts) > 2 else parts[:1]
        loaded = list(getattr(sys.modules.get(".".join(package)), "__path__", None) or [])[:1]
        if loaded:                          # loaded before the drop (its folder may be unreadable now)
            out[os.path.realpath(loaded[0])] = ".".join(package)
            continue
        if parts[0] not in specs:
            try:
                specs[parts[0]] = importlib.machinery.PathFinder.find_spec(parts[0])
            except (ImportError, ValueError, OSError):
                specs[parts[0]] = None
        spec = specs[parts[0]]
        top = getattr(sys.modules.get(parts[0]), "__path__", None) or getattr(spec, "submodule_search_locations", None)
        for loc in list(top or [])[:1]:
            folder = os.path.join(loc, *package[1:])
            if os.path.isdir(folder):
                out[os.path.realpath(folder)] = ".".join(package)
    return sorted(out.items())


def _guard_create_dynamic():
    """A compiled module of a guarded package is made only by its own import: a module made again from the spec of
    a compiled module with single-phase initialisation is filled from its first copy, the refused names with it,
    without an audit event (before the red-team pass 9b `importlib.util.module_from_spec(_sigtools.__spec__)` put
    scipy's C correlation back)."""
    import _imp
    real = _imp.create_dynamic
    if getattr(real, "_minigrad_guarded", False):
        return

    def create_dynamic(spec, *args):
        origin, name = getattr(spec, "origin", None), getattr(spec, "name", None)
        owner = _guarded_file(os.path.realpath(origin)) if isinstance(origin, str) else None
        if owner is not None and _LOCKDOWN["on"] and (owner != name or name not in _GUARDED["pending"]):
            raise NotAllowed(_lockdown_refusal(f"loading {os.path.basename(origin)[:60]} again or under another name"))
        return real(spec, *args)
    create_dynamic._minigrad_guarded = True
    _imp.create_dynamic = create_dynamic


def _guarded_file(real):
    """The module name a file of a guarded package belongs to, or None when it is in none."""
    for folder, package in GUARDED_DIRS:
        if real.startswith(folder + os.sep):
            rel = os.path.relpath(real, folder).split(os.sep)
            rel = [p for p in rel if p != "__pycache__"]
            rel[-1] = rel[-1].partition(".")[0]
            if rel[-1] == "__init__":
                rel.pop()
            return ".".join([package] + rel)
    return None


class _ThenForbid:
    """A loader that runs the real one, then refuses ``names`` in the module it made."""

    def __init__(self, loader, names):
        self._loader, self._names = loader, names

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        name = getattr(getattr(module, "__spec__", None), "name", None)
        if name in _GUARDED["executed"] or sys.modules.get(name) is not module:
            raise NotAllowed(_lockdown_refusal(f"loading {str(name)[:100]} again"))
        _GUARDED["executed"].add(name)
        try:
            self._loader.exec_module(module)
        finally:
            _GUARDED["pending"].discard(name)
        for name in self._names:
            forbid(name)

    def __getattr__(self, name):
        return getattr(self._loader, name)


def _stub_code():
    def not_allowed(*args, _not_allowed_message="not allowed in this assignment", **kwargs):
        raise RuntimeError(_not_allowed_message)
    return not_allowed.__code__


def guard(dotted):
    """``dotted`` keeps working for the runner itself but raises when the submission's code calls it."""
    try:
        owner, attr, obj = _resolve(dotted)
    except (ImportError, AttributeError):
        return False
    if isinstance(obj, type):                    # a class: guard its backward/forward
        for k in ("forward", "backward"):
            v = vars(obj).get(k)
            if v is not None:
                raw = v.__func__ if isinstance(v, (staticmethod, classmethod)) else v
                setattr(obj, k, type(v)(_guarded(raw, f"{dotted}.{k}")) if raw is not v else _guarded(raw, dotted))
        return True
    new = _guarded(obj, dotted)
    _replace_everywhere(obj, new)
    if owner is not None:
        try:
            setattr(owner, attr, new)
        except (TypeError, AttributeError):
            pass
    return True


def guard_builtin_op_backwards():
    """Every built-in op's backward (minigrad.ops.*, and the fast layer's own ops such as conv2d's biased
    product in minigrad.fast.*): only minigrad's engine, run by the runner, may call it."""
    from minigrad.autograd.function import Function       # loaded by main(), see the imports above
    for mname, module in list(sys.modules.items()):
        if not mname.startswith(("minigrad.ops.", "minigrad.fast.")) or module is None:
            continue
        for k, v in list(vars(module).items()):
            if isinstance(v, type) and issubclass(v, Function) and v.__module__ == mname and "backward" in vars(v):
                raw = vars(v)["backward"]
                fn = raw.__func__ if isinstance(raw, staticmethod) else raw
                setattr(v, "backward", staticmethod(_guarded(fn, f"{mname}.{k}.backward")))
    # the fast layer's backward loop and its table of gradient functions on arrays are the same derivatives
    # by another road: only the runner's own engine may use them too
    for mname in ("minigrad.fast.engine", "minigrad.fast.gradients", "minigrad.fast.backward"):
        module = sys.modules.get(mname)
        if module is None:
            continue
        for k, v in list(vars(module).items()):
            if isinstance(v, types.FunctionType) and v.__module__ == mname:
                guard(f"{mname}.{k}")
        for k, table in list(vars(module).items()):
            if isinstance(table, dict):
                for key, fn in list(table.items()):
                    if isinstance(fn, types.FunctionType) and fn.__name__ != "guarded":
                        table[key] = _guarded(fn, f"{mname}.{k}[{getattr(key, '__name__', key)}]")


class _TorchRefused:
    """A meta-path finder: ``torch`` and its submodules are modules whose every attribute raises."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "torch" or fullname.startswith("torch."):
            return ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        class Refused(types.ModuleType):
            def __getattr__(self, name):
                if name.startswith("__") and name.endswith("__"):
                    raise AttributeError(name)
                message = (f"torch is not available to submissions (torch.{name} was used): the grader runs your code "
                           "on minigrad; write `import minigrad as torch`")
                if name in _TORCH_TYPES:
                    # libraries probe `isinstance(x, torch.Tensor)` once torch is in sys.modules (scipy's array API
                    # layer in logsumexp does): a type nothing is an instance of, which cannot be made or subclassed
                    return _refused_type(f"{spec.name}.{name}", message)
                raise NotAllowed(message)
        m = Refused(spec.name)
        m.__path__ = []
        return m

    def exec_module(self, module):
        pass




_TORCH_TYPES = ("Tensor", "dtype", "device", "Size", "Generator", "Module", "Parameter")


def _refused_type(qualname, message):
    def refuse(*args, **kwargs):
        raise NotAllowed(message)
    return type(qualname.rpartition(".")[2], (), {"__new__": refuse, "__init_subclass__": classmethod(refuse),
                                                  "__qualname__": qualname})


def _preload_refused_torch(finder):
    """``import torch``, ``import torch.nn.functional as F``, ``from torch import optim`` keep working (every use
    raises): the modules are in place before the lock-down, which refuses any later import of torch."""
    made = {}
    for name in ("torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.optim", "torch.optim.lr_scheduler",
                 "torch.autograd", "torch.utils", "torch.utils.data", "torch.linalg", "torch.fft", "torch.cuda",
                 "torch.testing"):
        m = finder.create_module(ModuleSpec(name, finder, is_package=True))
        made[name] = m
        sys.modules[name] = m
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(made[parent], child, m)

# ---------------------------------------------------------------------------------------------
# the lock-down: an audit hook (it cannot be removed from Python code) installed before the submission is
# imported. Patching objects alone would not do: a submission could re-import minigrad from its files, put
# the real torch back on the import path or start a fresh interpreter.
# ---------------------------------------------------------------------------------------------
LOCKED_DIRS = []                          # minigrad's and torch's folders (realpaths): never opened again
_LOCKDOWN = {"on": False, "modules": frozenset(), "pid": 0, "torch": True}
_REFUSED_EVENTS = {
    "os.fork": "starting a process (os.fork)", "os.forkpty": "starting a process (os.forkpty)",
    "os.exec": "starting a program (os.exec*)", "os.posix_spawn": "starting a program (os.posix_spawn)",
    "os.spawn": "starting a program (os.spawn*)", "os.system": "starting a program (os.system)",
    "subprocess.Popen": "starting a program (subprocess)", "os.startfile": "starting a program",
    "gc.get_objects": "gc.get_objects()", "gc.get_referrers": "gc.get_referrers()",
    "gc.get_referents": "gc.get_referents()",
    "socket.connect": "network access", "socket.bind": "network access",
    "sys.remote_exec": "sys.remote_exec",
    "cpython.PyInterpreterState_New": "a sub-interpreter",     # it would start without this audit hook
}
_NO_IMPORT_AFTER = ("_posixsubprocess", "_ctypes", "ctypes",
                    "_xxsubinterpreters", "_xxinterpchannels", "_interpreters", "_interpchannels", "_interpqueues")


_PATH_EVENTS = {"os.rename", "os.remove", "os.rmdir", "os.chmod", "os.chown", "os.truncate", "os.utime",
                "os.mkdir", "os.symlink", "os.setxattr", "os.removexattr", "shutil.copyfile", "shutil.copymode",
                "shutil.copystat", "shutil.copytree", "shutil.move", "shutil.rmtree", "shutil.chown"}


class RefusedOpen(PermissionError):
    """An open() refused by the lock-down: an OSError, so that code reading source lines (linecache) carries on."""


def _lockdown_refusal(what):
    return (f"{what} is not allowed in the {ASSIGNMENT} assignment: submissions run in a sandbox and may only "
            "compute with NumPy, the standard library and the parts of minigrad the assignment allows")


def _under(path, roots):
    return any(path == r or path.startswith(r + os.sep) for r in roots)


def _audit(event, args):
    if not _LOCKDOWN["on"]:
        return
    if event == "import":
        name = args[0] if args else ""
        if not isinstance(name, str):
            return
        top = name.partition(".")[0]
        if top == "torch" and _LOCKDOWN["torch"]:
            raise NotAllowed(f"torch is not available to submissions (import of {name[:100]} refused): the grader "
                             "runs your code on minigrad; write `import minigrad as torch`")
        # an extension loaded under another name (ExtensionFileLoader("x._posixsubprocess", path)) is caught by
        # its last component and by its file
        filename = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
        stem = os.path.basename(filename).partition(".")[0]
        if name in _LOCKDOWN["modules"] or name.startswith("minigrad.grading") or \
                name.rpartition(".")[2] in _NO_IMPORT_AFTER or stem in _NO_IMPORT_AFTER:
            raise NotAllowed(_lockdown_refusal(f"importing {name[:100]} again"))
        if filename and (_under(os.path.realpath(filename), LOCKED_DIRS) or
                         _under(os.path.realpath(filename), HIDDEN_DIRS)):
            raise NotAllowed(_lockdown_refusal(f"importing {name[:100]} from minigrad's or torch's files"))
        if filename and not filename.endswith(".py") and not _under(os.path.realpath(filename), CODE_HOMES):
            raise NotAllowed(_lockdown_refusal(f"importing {name[:100]} from compiled code the grader did not read"))
        if filename and GUARDED_DIRS:        # an extension of a guarded package: once, by its own import
            owner = _guarded_file(os.path.realpath(filename))
            if owner is not None and (owner != name or name not in _GUARDED["pending"]):
                raise NotAllowed(_lockdown_refusal(f"loading {os.path.basename(filename)[:60]} again or under "
                                                   "another name"))
        return
    if event == "open" or event == "compile":
        path = args[0] if event == "open" else (args[1] if len(args) > 1 else None)
        if path is None or isinstance(path, int):
            return
        try:
            path = os.fsdecode(path)
        except (TypeError, ValueError):
            return
        if event == "compile" and path.startswith("<"):
            return
        if event == "compile" and not _under(os.path.realpath(path), CODE_HOMES) and (
                os.path.isabs(path) or os.path.isfile(path)):
            _check_read(os.path.realpath(path), args[0])
            return
        if event == "compile" and not os.path.isabs(path):
            return
        if event == "open" and path.endswith((".pyc", ".pyo")) and not _under(os.path.realpath(path), CODE_HOMES):
            # a bytecode cache written at run time beside a read file would replace it: compiled from the source
            raise RefusedOpen(_lockdown_refusal("reading bytecode the grader did not write"))
        if event == "open" and len(args) > 1 and args[1] is None and not os.path.isabs(path):
            # os.open with a relative path may be relative to any folder (dir_fd), which this hook cannot see
            raise RefusedOpen(_lockdown_refusal("os.open with a relative path (give an absolute one)"))
        real = os.path.realpath(path)
        if _under(real, ROOTS_REAL):
            return
        if GUARDED_DIRS and _guarded_file(real) is not None and _guarded_file(real) not in _GUARDED["pending"]:
            raise RefusedOpen(_lockdown_refusal(f"reading {os.path.basename(real)[:60]}, a file of a library whose "
                                                "functions the assignment forbids, other than by importing it once"))
        if _under(real, LOCKED_DIRS) or _under(real, HIDDEN_DIRS) or _under(real, ["/proc"]) or \
                real in ("/dev/mem", "/dev/kmem"):
            if event == "compile":
                raise NotAllowed(_lockdown_refusal("compiling minigrad's own source"))
            raise RefusedOpen(_lockdown_refusal(f"opening {os.path.basename(real)[:60] or real[:60]}"))
        return
    if event == "pickle.find_class":
        _pickle_global(*args[:2])
        return
    if event in ("os.listdir", "os.scandir"):   # the spec's and the submissions' folders: not even their names
        path = args[0] if args else None
        if isinstance(path, (str, bytes)) and HIDDEN_DIRS:
            try:
                real = os.path.realpath(os.fsdecode(path))
            except (TypeError, ValueError):
                return
            if _under(real, HIDDEN_DIRS) and not _under(real, ROOTS_REAL):
                raise RefusedOpen(_lockdown_refusal("listing the instructor's or other students' folders"))
        return
    if event == "os.link":                  # a hard link would let minigrad's files be read under another name
        raise NotAllowed(_lockdown_refusal("os.link"))
    if event in _PATH_EVENTS:               # minigrad's and torch's files are never changed, moved or removed
        for path in args[:2]:
            if isinstance(path, (str, bytes)):
                try:
                    real = os.path.realpath(os.fsdecode(path))
                except (TypeError, ValueError):
                    continue
                if _under(real, LOCKED_DIRS):
                    raise NotAllowed(_lockdown_refusal(f"{event} on minigrad's or torch's files"))
        return
    if event.startswith("ctypes."):
        raise NotAllowed(_lockdown_refusal("ctypes"))
    if event in ("os.kill", "os.killpg", "signal.pthread_kill"):
        target = args[0] if args else None
        if event == "os.kill" and target in (0, os.getpid()):
            return
        if event == "signal.pthread_kill":
            return
        raise NotAllowed(_lockdown_refusal("sending signals to other processes"))
    if event == "resource.prlimit":
        if args and args[0] not in (0, os.getpid()):
            raise NotAllowed(_lockdown_refusal("changing another process's limits"))
        return
    if event in _REFUSED_EVENTS:
        what = _REFUSED_EVENTS[event] or event
        if what.startswith(("starting a", "network")):   # an OSError: libraries that try a program carry on
            raise RefusedOpen(_lockdown_refusal(what))
        raise NotAllowed(_lockdown_refusal(what))


_PICKLE_BUILTINS = {"set", "frozenset", "complex", "slice", "range", "bytearray", "bytes", "object", "int", "float",
                    "list", "dict", "tuple", "str", "bool"}
_PICKLE_NUMPY = {"_reconstruct", "scalar", "_frombuffer", "dtype", "ndarray"}


def _pickle_global(module, name):
    """What unpickled data may call: plain data types, NumPy's and minigrad's, and the submission's own classes. Before
    the red-team pass 9b a pickled object array in a .npy beside the code (data: never read) ran `exec` with frames
    through np.load(allow_pickle=True), unread and without a note."""
    module, name = str(module), str(name)
    top = module.partition(".")[0]
    owner = sys.modules.get(module)
    obj = getattr(owner, name.partition(".")[0], None) if owner is not None else None
    if module in ("builtins", "__builtin__") and name in _PICKLE_BUILTINS or \
            module == "copyreg" and name == "_reconstructor" or top == "minigrad" or \
            top == "numpy" and (name in _PICKLE_NUMPY or isinstance(obj, type)) or \
            top in ("collections", "datetime", "decimal", "fractions") and isinstance(obj, type):
        return
    if isinstance(obj, type) and _under(os.path.realpath(getattr(owner, "__file__", None) or "/"), ROOTS_REAL):
        return
    raise NotAllowed(_lockdown_refusal(f"unpickling {module[:60]}.{name[:60]} (pickled data may hold only plain data "
                                       "and classes, not functions to run)"))


ROOTS_REAL = []
CODE_HOMES = []                           # where installed code lives (Python, its packages, minigrad's copy)
_STAGED = {}                              # the submission's .py files as the judge staged (and read) them: digests


def _record_staged():
    """The digests of the .py files the judge staged for the submission (in its folder and, for a package, beside
    it): the only code outside the installation that may be compiled from now on."""
    folders = [(r, True) for r in ROOTS_REAL] + [(os.path.dirname(r), False) for r in ROOTS_REAL]
    for folder, deep in folders:
        for dirpath, _, filenames in (os.walk(folder) if deep else [(folder, None, os.listdir(folder))]):
            for f in filenames:
                full = os.path.join(dirpath, f)
                if f.endswith(".py") and os.path.isfile(full) and os.path.realpath(full) not in _STAGED:
                    with open(full, "rb") as fh:
                        _STAGED[os.path.realpath(full)] = hashlib.sha256(fh.read()).digest()


def _check_read(real, source):
    """Compiling a file outside the installation: only the submission's files as staged. Before the ninth red-team
    pass a submission could write code (a string the reading of the source does not look into) to a .py file, or
    load a .txt through importlib, and run it unread."""
    if isinstance(source, str):
        source = source.encode("utf-8", "surrogateescape")
    if not isinstance(source, (bytes, bytearray)) or _STAGED.get(real) != hashlib.sha256(source).digest():
        raise NotAllowed(_lockdown_refusal(f"running {os.path.basename(real)[:60]}, code the grader did not read "
                                           "(written or changed while your code ran, or not a .py file)"))
_HIDDEN_MAIN = []
HIDDEN_DIRS = []                          # the instructor's spec and the submissions' folder (see hidden_paths)


def hidden_paths(paths, depth=0):
    """The judge's ``hide`` list as realpaths; one that holds what the runner needs (its own folder, Python, NumPy,
    minigrad) is replaced by its other entries: under root they are also covered by mounts; the audit hook refuses
    opening, importing and listing them for any user (a judge without root shares its uid with the runner). The judge
    names a class's folder, not each student's in it (before the red-team pass 16 a runner read every classmate's
    folder name, the class list, from its own command line)."""
    needed = [os.path.realpath(p) for p in [CFG.get("workdir", ""), os.path.dirname(os.path.abspath(__file__)),
                                           sys.prefix, sys.base_prefix, sys.exec_prefix] + sys.path if p]
    out = []
    for path in paths:
        if not isinstance(path, str) or not os.path.isabs(path):
            continue
        real = os.path.realpath(path)
        if real == "/":
            continue
        if any(n == real or n.startswith(real.rstrip(os.sep) + os.sep) for n in needed):
            if depth < 4 and os.path.isdir(real):
                try:
                    names = sorted(os.listdir(real))[:10000]
                except OSError:
                    continue
                out += hidden_paths([os.path.join(real, x) for x in names], depth + 1)
            continue
        out.append(real)
    return out


def lock_down():
    """From now on: no re-import of what is loaded from minigrad, no torch, no new processes, no ctypes, no reading
    minigrad's or torch's files. Idempotent; the hook stays for the life of the process."""
    ROOTS_REAL[:] = [os.path.realpath(r.rstrip(os.sep)) for r in ROOTS]
    homes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    homes |= {os.path.dirname(os.path.dirname(m.__file__)) for m in (sys.modules.get("numpy"),
                                                                     sys.modules.get("minigrad")) if m is not None}
    CODE_HOMES[:] = sorted({os.path.realpath(h) for h in homes if h} - {"/"})
    try:
        _record_staged()
    except OSError:
        pass
    # _posixsubprocess.fork_exec forks and execs without an audit event of its own: loaded now (so that honest
    # code importing subprocess, e.g. through matplotlib, still imports) and disarmed; loading it again is refused
    refused = _raiser("_posixsubprocess.fork_exec")
    for module in (sys.modules.get("_posixsubprocess"), sys.modules.get("subprocess")):
        if module is None:
            continue
        for attr in ("fork_exec", "_fork_exec"):
            if hasattr(module, attr):
                setattr(module, attr, refused)
    # signals by pidfd raise no audit event: gone (os.kill and os.killpg are checked by the hook), and a built-in
    # module is not made again (importlib.util.module_from_spec(posix.__spec__) made a posix with pidfd_open back,
    # without an audit event, before the red-team pass 9b)
    import _imp
    if not getattr(_imp.create_builtin, "_minigrad_guarded", False):
        real_builtin = _imp.create_builtin

        def create_builtin(spec):
            name = getattr(spec, "name", None)
            if _LOCKDOWN["on"] and name in sys.modules:
                raise NotAllowed(_lockdown_refusal(f"making the built-in module {str(name)[:60]} again"))
            return real_builtin(spec)
        create_builtin._minigrad_guarded = True
        _imp.create_builtin = create_builtin
    for module_name, attr in (("os", "pidfd_open"), ("posix", "pidfd_open"), ("signal", "pidfd_send_signal"),
                              ("_signal", "pidfd_send_signal")):
        module = sys.modules.get(module_name)
        if module is not None and hasattr(module, attr):
            try:
                delattr(module, attr)
            except (AttributeError, TypeError):
                pass
    # `import __main__` would hand the submission this module (the Runner that writes the answers): it gets an
    # empty module of that name instead (this one stays alive through _HIDDEN_MAIN)
    if sys.modules.get("__main__") is not None and getattr(sys.modules["__main__"], "lock_down", None) is lock_down:
        _HIDDEN_MAIN.append(sys.modules["__main__"])
        sys.modules["__main__"] = types.ModuleType("__main__")
    _LOCKDOWN["modules"] = frozenset(k for k in sys.modules if k == "minigrad" or k.startswith("minigrad."))
    _LOCKDOWN["pid"] = os.getpid()
    if not _LOCKDOWN["on"]:
        _LOCKDOWN["on"] = True
        sys.addaudithook(_audit)


def _locked_dirs():
    """Before the drop (the folders may be unreadable afterwards): where minigrad and torch live. Every minigrad
    module a submission may reach (lazily imported ones too, such as the tensor printer) is loaded now: after the
    lock-down minigrad's files are not read again (not the grading package, nor the graph drawing)."""
    out = []
    import minigrad                                            # loaded by main(), see the imports above
    top = os.path.dirname(os.path.abspath(minigrad.__file__))
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in ("grading", "__pycache__") and not d.startswith("."))
        rel = os.path.relpath(folder, top)
        prefix = "minigrad" if rel == "." else "minigrad." + rel.replace(os.sep, ".")
        for f in sorted(files):
            if not f.endswith(".py") or (prefix == "minigrad" and f == "viz.py"):
                continue
            name = prefix if f == "__init__.py" else f"{prefix}.{f[:-3]}"
            if name not in sys.modules:
                try:
                    importlib.import_module(name)
                except Exception:          # noqa: BLE001 - an optional part (e.g. CuPy-only): left out
                    pass
    out.append(os.path.realpath(top))
    out += _checkout_dirs(os.path.realpath(top))
    try:
        spec = importlib.util.find_spec("torch")
        if spec is not None and spec.submodule_search_locations:
            TORCH_DIRS[:] = [os.path.realpath(p) for p in spec.submodule_search_locations]
            out += TORCH_DIRS
    except (ImportError, ValueError, OSError):
        pass
    LOCKED_DIRS[:] = out


TORCH_DIRS = []


def _checkout_dirs(top):
    """When minigrad is imported from a source checkout (its folder's parent holds pyproject.toml or .git), the
    checkout's other folders and files: its tests hold correct solutions (``from tests.grading.submissions...
    import Conv2d``), its docs and demos reference code. Not what Python, NumPy or this runner need."""
    repo = os.path.dirname(top)
    if not any(os.path.exists(os.path.join(repo, m)) for m in ("pyproject.toml", "setup.py", "setup.cfg", ".git")):
        return []
    needed = [os.path.realpath(p) for p in [sys.prefix, sys.base_prefix, sys.exec_prefix, CFG.get("workdir", "")]
              + [p for p in sys.path if p and os.path.realpath(p) != repo] if p]
    out = []
    try:
        names = sorted(os.listdir(repo))
    except OSError:
        return []
    for name in names:
        path = os.path.realpath(os.path.join(repo, name))
        if path == top or any(n == path or n.startswith(path + os.sep) for n in needed):
            continue
        out.append(path)
    return out

# ---------------------------------------------------------------------------------------------
# captured printing
# ---------------------------------------------------------------------------------------------
PRINT_LIMIT = 4000


class CappedOutput:
    def __init__(self):
        self.reset()

    def reset(self):
        self.parts, self.kept, self.total = [], 0, 0

    def write(self, s):
        try:
            s = str(s)
        except BaseException:          # noqa: BLE001
            return 0
        self.total += len(s)
        if self.kept < PRINT_LIMIT:
            part = s[:PRINT_LIMIT - self.kept]
            self.parts.append(part)
            self.kept += len(part)
        return len(s)

    def writelines(self, lines):
        for s in lines:
            self.write(s)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        raise OSError("captured output has no file descriptor")

    encoding = "utf-8"

    def text(self):
        return "".join(self.parts)


# ---------------------------------------------------------------------------------------------
# the runner proper
# ---------------------------------------------------------------------------------------------
class Runner:
    def __init__(self, cfg, proto):
        import numpy as np                                     # loaded by main(), see the imports above
        import minigrad
        from minigrad.autograd import Function
        from minigrad.autograd.grad_mode import STATE
        from minigrad.optim import Optimizer
        self.np, self.mg, self.STATE, self.P = np, minigrad, STATE, proto
        self.Function, self.Optimizer = Function, Optimizer
        self.cfg, self.device = cfg, cfg.get("device", "cpu")
        self.modules = []
        # per graded name: the submission's module-level state that its calls changed (what a check's message may
        # name when a call reads another call's leftovers), and the tape of the last request (see _watch)
        self.state_seen, self.last_tape = {}, []
        self.captured = CappedOutput()
        self.np_errors, self.default_dtype = np.geterr(), minigrad.get_default_dtype()
        self.out_fd, self.in_fd = cfg["out_fd"], cfg["in_fd"]

    # ------------------------------------------------------------------ channel
    def recv(self):
        def exactly(n):
            buf = bytearray()
            while len(buf) < n:
                chunk = os.read(self.in_fd, n - len(buf))
                if not chunk:
                    os._exit(0)
                buf += chunk
            return bytes(buf)
        (n,) = struct.unpack(">I", exactly(4))
        head = exactly(n)
        sizes = json.loads(head).get("arrays", [])
        payload = exactly(sum(sizes))
        return self.P.parse(head, payload)

    def send(self, header, arrays=()):
        self.P.write_all(self.out_fd, self.P.encode(header, arrays))

    # ------------------------------------------------------------------ values
    def to_numpy(self, t):
        d = object.__getattribute__(t, "_data")
        if not isinstance(d, self.np.ndarray) and hasattr(d, "get"):
            d = d.get()
        return self.np.array(d, copy=True)

    def enc(self, v, arrays, depth=0):
        np, mg = self.np, self.mg
        if depth > 4:
            return {"$o": "nested too deep"}
        if isinstance(v, mg.Tensor):
            try:
                a = self.to_numpy(v)
                if a.dtype.kind not in "biuf":
                    return {"$o": f"Tensor of dtype {a.dtype}"}
                arrays.append(a)
                return {"$t": len(arrays) - 1, "rg": bool(object.__getattribute__(v, "_requires_grad"))}
            except BaseException:       # noqa: BLE001
                return {"$o": "Tensor"}
        if isinstance(v, np.ndarray):
            if v.dtype.kind not in "biuf":
                return {"$o": f"ndarray of dtype {v.dtype}"}
            arrays.append(np.array(v, copy=True))
            return {"$a": len(arrays) - 1}
        if v is None or isinstance(v, bool):
            return v
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            return int(v) if abs(int(v)) < 2 ** 53 else self.P.pack_float(v)
        if isinstance(v, (float, np.floating)):
            return self.P.pack_float(v)
        if isinstance(v, np.bool_):
            return bool(v)
        if isinstance(v, str):
            return v[:2000]
        if isinstance(v, (list, tuple)):
            items = [self.enc(x, arrays, depth + 1) for x in list(v)[:256]]
            return {"$l": items} if isinstance(v, list) else {"$tu": items}
        if isinstance(v, dict):
            return {"$d": [[str(k)[:200], self.enc(x, arrays, depth + 1)] for k, x in list(v.items())[:256]]}
        return {"$o": type(v).__name__[:100]}

    def dec(self, v, arrays, args_so_far=None):
        mg = self.mg
        if isinstance(v, dict):
            if "$t" in v:
                a = arrays[v["$t"]]
                rg = bool(v.get("rg")) and a.dtype.kind == "f"
                if v.get("nc") is True and a.ndim >= 2:
                    # a non-contiguous leaf with a's values: the transpose of a tensor of a's transpose
                    t = mg.tensor(self.np.ascontiguousarray(self.np.swapaxes(a, -1, -2)), device=self.device)
                    return t.transpose(a.ndim - 2, a.ndim - 1).detach().requires_grad_(rg)
                return mg.tensor(a, device=self.device, requires_grad=rg)
            if "$a" in v:
                return arrays[v["$a"]].copy()
            if "$same" in v:
                return args_so_far[v["$same"]]
            if "$f" in v:
                return float(v["$f"])
            if "$l" in v:
                return [self.dec(x, arrays) for x in v["$l"]]
            if "$tu" in v:
                return tuple(self.dec(x, arrays) for x in v["$tu"])
            if "$d" in v:
                return {k: self.dec(x, arrays) for k, x in v["$d"]}
        return v

    def dec_args(self, items, arrays):
        out = []
        for v in items:
            out.append(self.dec(v, arrays, out))
        return out

    # ------------------------------------------------------------------ errors
    def where(self, e):
        try:
            frames = [f for f in traceback.extract_tb(e.__traceback__)
                      if any(os.path.abspath(f.filename).startswith(r) for r in ROOTS)]
        except BaseException:          # noqa: BLE001
            return None
        if not frames:
            return None
        f = frames[-1]
        return {"file": os.path.basename(f.filename)[:200], "line": int(f.lineno or 0),
                "code": (f.line or "").strip()[:200]}

    def error(self, e, stage):
        def safe(fn, default=""):
            try:
                return fn()
            except BaseException:      # noqa: BLE001
                return default
        kind = ("not_allowed" if isinstance(e, NotAllowed) or "is not allowed in the" in safe(lambda: str(e)) else
                "not_implemented" if isinstance(e, NotImplementedError) else
                "exit" if isinstance(e, SystemExit) else
                "interrupt" if isinstance(e, KeyboardInterrupt) else
                "recursion" if isinstance(e, RecursionError) else "error")
        info = {"kind": kind, "stage": stage, "type": safe(lambda: type(e).__name__[:200], "Exception"),
                "message": safe(lambda: str(e)[:2000]), "where": self.where(e)}
        if kind == "exit":
            info["code"] = safe(lambda: "" if e.code is None else repr(e.code)[:100])
        if kind == "not_allowed":
            info["type"] = "NotAllowed"
        return info

    def student(self, stage, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BaseException as e:          # noqa: BLE001 - any failure of the student's code is an answer
            raise StudentError(self.error(e, stage)) from None

    # ------------------------------------------------------------------ loop
    def serve(self):
        while True:
            header, arrays = self.recv()
            rid, op = header.get("id"), header.get("op")
            self.reset(header.get("seed", 0))
            out_arrays = []
            watched = op in WATCHED_OPS and isinstance(header.get("name"), str)
            before = self._watch() if watched else None
            try:
                answer = getattr(self, "op_" + op)(header, arrays, out_arrays)
            except StudentError as e:
                answer, out_arrays = {"error": e.info}, []
            except BaseException as e:      # noqa: BLE001
                answer, out_arrays = {"error": self.error(e, "runner")}, []
            if watched:
                seen = self.state_seen.setdefault(header["name"], [])
                after = self._watch()
                seen += [k for k in after if k in before and after[k] != before[k] and k not in seen][:8 - len(seen)]
                answer["state"], answer["tape"] = list(seen), list(self.last_tape)
            answer["id"] = rid
            answer["printed"] = self.captured.text()
            answer["printed_chars"] = self.captured.total
            try:
                self.send(answer, out_arrays)
            except ValueError:              # not JSON-able: should not happen, but never hang the judge
                self.send({"id": rid, "error": {"kind": "error", "stage": "runner", "type": "ValueError",
                                                "message": "the answer could not be encoded"}})

    def _watch(self):
        """{name: fingerprint} of the submission's module-level state: its globals (containers by their length,
        anything else by identity) and the attributes of its classes and of module-level objects of its classes.
        Only exact built-in containers are measured (len() of a subclass would run the submission's code)."""
        sized = (list, dict, set, collections.deque, collections.OrderedDict, collections.defaultdict)
        skip = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, staticmethod, classmethod, property,
                type(None), bool, str, bytes, int, float, tuple, frozenset)

        def mark(v):
            return ("len", len(v)) if type(v) in sized else ("id", id(v))

        out = {}
        try:
            for _, m in self.modules[:20]:
                own = getattr(m, "__name__", None)
                for k, v in list(vars(m).items())[:500]:
                    if not isinstance(k, str) or k.startswith("__") or isinstance(v, skip) or callable(v) and \
                            not isinstance(v, type):
                        continue
                    if isinstance(v, type):
                        if vars(v).get("__module__") != own:
                            continue
                        for ck, cv in list(vars(v).items())[:100]:
                            if isinstance(ck, str) and not ck.startswith("__") and not isinstance(cv, skip) and \
                                    not callable(cv):
                                out[f"{k}.{ck}"] = mark(cv)
                        continue
                    out[k] = mark(v)
                    if type(v).__module__ == own and isinstance(getattr(v, "__dict__", None), dict):
                        for ik, iv in list(vars(v).items())[:50]:
                            if isinstance(ik, str) and type(iv) in sized:
                                out[f"{k}.{ik}"] = mark(iv)
        except BaseException:               # noqa: BLE001 - a diagnosis only: nothing depends on it
            return {}
        return out

    def _tape(self, before, forward, after):
        """The containers that the forward grew and the backward then shrank: a tape of saved values kept outside
        ctx (a list pushed in forward and popped in backward), which hands backward another call's entry."""
        return [k for k, v in forward.items() if v[0] == "len" and k in before and k in after and
                before[k][0] == after[k][0] == "len" and v[1] > before[k][1] and after[k][1] < v[1]][:3]

    def reset(self, seed):
        self.last_tape = []
        self.captured.reset()
        sys.stdout = sys.stderr = self.captured
        self.STATE.enabled = True
        try:
            self.np.seterr(**self.np_errors)
            self.mg.set_default_dtype(self.default_dtype)
            self.mg.manual_seed(seed)
            self.np.random.seed(seed % 2 ** 32)
        except BaseException:          # noqa: BLE001 - the submission broke these: its problem
            pass

    # ------------------------------------------------------------------ ops
    def op_load(self, h, arrays, out):
        global ASSIGNMENT
        ASSIGNMENT = h.get("assignment", "")
        path = h["path"]
        ROOTS[:] = [os.path.dirname(path) + os.sep if os.path.isfile(path) else path.rstrip(os.sep) + os.sep]
        later = []
        for name in h.get("forbid", []):
            if name.split(".")[0] in sys.modules:
                forbid(name)
            else:                           # another library's names (scipy's convolutions): when it is imported
                later.append(name)
        GUARDED_DIRS[:] = _guarded_packages(h.get("forbid", []))
        if later or GUARDED_DIRS:
            packages = [p for _, p in GUARDED_DIRS]
            _GUARDED["executed"].update(k for k in sys.modules if k in packages or k.startswith(tuple(
                p + "." for p in packages)))
            sys.meta_path.insert(0, _ForbidOnImport(later, packages))
            _guard_create_dynamic()
        for name in h.get("guard", []):
            guard(name)
        if h.get("guard_ops"):
            guard_builtin_op_backwards()
        if h.get("refuse_torch", True):
            finder = _TorchRefused()
            sys.meta_path.insert(0, finder)
            for k in [k for k in sys.modules if k == "torch" or k.startswith("torch.")]:
                del sys.modules[k]
            if h.get("torch_stub", True):     # the source imports torch (with no torch in sys.modules, libraries
                _preload_refused_torch(finder)  # that look for it there leave it alone)
        else:                                   # the instructor allows torch: its files stay readable
            _LOCKDOWN["torch"] = False
            LOCKED_DIRS[:] = [d for d in LOCKED_DIRS if d not in TORCH_DIRS]
        for extra in h.get("extra_path", []):
            sys.path.append(extra)
        warnings.simplefilter("ignore")
        sys.stdout = sys.stderr = self.captured
        lock_down()
        self.load(path)
        names = sorted({n for _, m in self.modules for n in vars(m) if isinstance(n, str) and not n.startswith("_")})
        return {"ok": True, "names": names[:2000], "files": [f for f, _ in self.modules][:200]}

    def load(self, path):
        if os.path.isdir(path):
            init = os.path.join(path, "__init__.py")
            if os.path.exists(init):
                sys.path.insert(0, os.path.dirname(path))
                self.import_file(init, os.path.basename(path), path, package_dir=path)
            else:
                files = sorted(f for f in os.listdir(path)
                               if f.endswith(".py") and not f.startswith(("test_", "setup.py", "conftest")))
                sys.path.insert(0, path)
                for f in files:
                    self.import_file(os.path.join(path, f), f[:-3], path)
        else:
            sys.path.insert(0, os.path.dirname(path))
            self.import_file(path, os.path.basename(path)[:-3], os.path.dirname(path))

    def import_file(self, file, stem, root, package_dir=None):
        shown = os.path.relpath(file, os.path.dirname(root.rstrip(os.sep)) if package_dir else root)
        known = sys.modules.get(stem)
        if package_dir is None and known is not None and \
                os.path.abspath(getattr(known, "__file__", "") or "") == os.path.abspath(file):
            self.modules.append((shown, known))
            return
        name = stem if stem.isidentifier() and stem not in sys.modules else "submission"
        spec = importlib.util.spec_from_file_location(name, file,
                                                      submodule_search_locations=[package_dir] if package_dir else None)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException as e:     # noqa: BLE001
            info = self.error(e, "import")
            info["file"] = shown
            if isinstance(e, SyntaxError):
                info["line"] = e.lineno
                info["message"] = str(e.msg)[:500]
            raise StudentError(info) from None
        self.modules.append((shown, module))

    def _ordered(self, name):
        """The modules, a file named after the task or the assignment first (``sgd.py`` for SGD, the template's
        ``autograd_ops.py``), then in alphabetical order: a student's own file before a stray copy of another's (before
        round 20 ``bob.py`` beside the student's ``sgd.py`` was the one graded, being first in the alphabet)."""
        own = {re.sub(r"[^a-z0-9]", "", str(n).lower()) for n in (name, ASSIGNMENT)} - {""}

        def key(item):
            stem = os.path.splitext(os.path.basename(str(item[0])))[0]
            return re.sub(r"[^a-z0-9]", "", stem.lower()) not in own
        return sorted(self.modules, key=key)

    def lookup(self, name):
        first, _, rest = name.partition(".")
        for _, m in self._ordered(first):
            if first in vars(m):
                obj = vars(m)[first]
                for part in rest.split(".") if rest else ():
                    obj = getattr(obj, part)
                return obj
        raise StudentError({"kind": "missing", "stage": "lookup", "type": "", "message": name})

    def op_inspect(self, h, arrays, out):
        Function = self.Function
        try:
            obj = self.lookup(h["name"])
        except StudentError:
            return {"found": False}
        is_cls = isinstance(obj, type)
        first = h["name"].partition(".")[0]
        seen, defined_in = set(), []
        for shown, m in self._ordered(first):          # distinct definitions (an import of the same one is not)
            v = vars(m).get(first)
            if first in vars(m) and id(v) not in seen:
                seen.add(id(v))
                defined_in.append(str(shown)[:200])
        info = {"found": True, "defined_in": defined_in[:20], "class": is_cls, "callable": callable(obj), "type": type(obj).__name__[:200],
                "module": str(getattr(obj, "__module__", "") or "")[:300],
                "qualname": str(getattr(obj, "__qualname__", "") or "")[:300]}
        if is_cls:
            info["function_class"] = issubclass(obj, Function)
            info["optimizer_class"] = issubclass(obj, self.Optimizer)
            info["bases"] = [f"{b.__module__}.{b.__qualname__}"[:200] for b in obj.__mro__[1:-1]][:20]
            info["overrides"] = {m: getattr(obj, m, None) is not getattr(Function, m, None)
                                 for m in ("forward", "backward")}
            info["has_step"] = callable(getattr(obj, "step", None))
        return info

    def _adapt(self, fn, args, kwargs, has_ctx):
        if not kwargs:
            return list(args), {}
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError):
            return list(args), dict(kwargs)
        lead = (None,) if has_ctx else ()
        try:
            sig.bind(*lead, *args, **kwargs)
            return list(args), dict(kwargs)
        except TypeError:
            pass
        try:
            sig.bind(*lead, *args, *kwargs.values())
            return list(args) + list(kwargs.values()), {}
        except TypeError:
            return list(args), dict(kwargs)

    def _is_fn_class(self, obj):
        return isinstance(obj, type) and issubclass(obj, self.Function)

    def _new_style(self, obj):
        return getattr(obj, "setup_context", None) is not self.Function.setup_context

    def _bind_all(self, fn, args, kwargs):
        """torch's rule for a Function with setup_context: forward's arguments bound by position with the defaults
        filled in, so that setup_context's ``inputs`` holds every argument (``Sum.apply(x, dim=1)`` gives
        ``inputs == (x, 1, False)``; before the red-team pass 10 it got ``(x,)`` and a correct Sum failed)."""
        try:
            bound = inspect.signature(fn).bind(*args, **kwargs)
            bound.apply_defaults()
            return list(bound.args), dict(bound.kwargs)
        except (TypeError, ValueError):
            return list(args), dict(kwargs)

    def _call_op(self, obj, args, kwargs, stage):
        if self._is_fn_class(obj):
            if self._new_style(obj):
                a, kw = self._bind_all(obj.forward, *self._adapt(obj.forward, args, kwargs, False))
            else:
                a, kw = self._adapt(obj.forward, args, kwargs, True)
            return self.student(stage, obj.apply, *a, **kw)
        a, kw = self._adapt(obj, args, kwargs, False)
        return self.student(stage, obj, *a, **kw)

    def _snap(self, args, out):
        return [self.enc(a, out) if isinstance(a, self.mg.Tensor) else None for a in args]

    def op_apply(self, h, arrays, out):
        """Forward through ``.apply`` (or the function) with no graph: the output, and the inputs after."""
        obj = self.lookup(h["name"])
        args = self.dec_args(h["args"], arrays)
        with self.mg.no_grad():
            res = self._call_op(obj, args, h.get("kwargs", {}), "forward")
        return {"out": self.enc(res, out), "after": self._snap(args, out)}

    def op_forward_many(self, h, arrays, out):
        obj = self.lookup(h["name"])
        outs = []
        for argset in h["argsets"]:
            args = self.dec_args(argset, arrays)
            with self.mg.no_grad():
                res = self._call_op(obj, args, h.get("kwargs", {}), "forward")
            outs.append(self.enc(res, out))
        return {"outs": outs}

    def op_fwd_bwd(self, h, arrays, out):
        """Forward, then backward called directly with the judge's upstream gradient."""
        mg = self.mg
        obj = self.lookup(h["name"])
        kwargs = h.get("kwargs", {})
        args = self.dec_args(h["args"], arrays)
        g = self.dec(h["upstream"], arrays)
        if self._is_fn_class(obj):
            ctx = obj._node_cls()
            ctx.needs_input_grad = tuple(isinstance(a, mg.Tensor) and a.requires_grad for a in args)
            before = self._watch()
            with mg.no_grad():
                if self._new_style(obj):
                    a, kw = self._bind_all(obj.forward, *self._adapt(obj.forward, args, kwargs, False))
                    res = self.student("forward", obj.forward, *a, **kw)
                    self.student("forward", obj.setup_context, ctx, tuple(a), res)
                else:
                    a, kw = self._adapt(obj.forward, args, kwargs, True)
                    res = self.student("forward", obj.forward, ctx, *a, **kw)
            after_fwd = self._snap(args, out)
            forward = self._watch()
            try:
                with mg.no_grad():
                    grads = self.student("backward", obj.backward, ctx, g)
            finally:
                self.last_tape = self._tape(before, forward, self._watch())
            kind = "tuple" if isinstance(grads, (tuple, list)) else "single"
            grads = list(grads) if isinstance(grads, (tuple, list)) else [grads]
        else:
            with mg.enable_grad():
                res = self._call_op(obj, args, kwargs, "forward")
                after_fwd = self._snap(args, out)
                if not isinstance(res, mg.Tensor) or not res.requires_grad:
                    return {"out": self.enc(res, out), "after_forward": after_fwd, "not_connected": True}
                leaves = [a for a in args if isinstance(a, mg.Tensor) and a.requires_grad]
                _LOCAL.allowed = True
                try:
                    grads = self.student("backward", mg.autograd.grad, res, leaves, g, allow_unused=True)
                finally:
                    _LOCAL.allowed = False
            it = iter(grads)
            grads = [next(it) if isinstance(a, mg.Tensor) and a.requires_grad else None for a in args]
            kind = "autograd"
        return {"out": self.enc(res, out), "after_forward": after_fwd, "after": self._snap(args, out),
                "upstream_after": self.enc(g, out), "grads": [self.enc(x, out) for x in grads[:64]],
                "n_grads": len(grads), "grads_kind": kind}

    def op_graph(self, h, arrays, out):
        """Through minigrad's engine: op(first), op(second), op(first), then op(second) with no graph (evaluation),
        one loss of the first three, one backward (and the same backward again through the retained graph)."""
        mg = self.mg
        obj = self.lookup(h["name"])
        kwargs = h.get("kwargs", {})
        a = self.dec_args(h["first"], arrays)
        b = self.dec_args(h["second"], arrays)
        gs = [self.dec(x, arrays) for x in h["upstreams"]]
        leaves, seen = [], set()
        for ts in (a, b):
            for t in ts:
                if isinstance(t, mg.Tensor) and t.requires_grad and id(t) not in seen:
                    seen.add(id(t))
                    leaves.append(t)
        before = self._watch()
        with mg.enable_grad():
            outs = [self._call_op(obj, ts, kwargs, "forward") for ts in (a, b, a)]
            # and once more on the second set with no graph, as evaluation code calls a model: no backward follows
            # (before the corpus pass 15 a tape of saved values popped from its end, which then gives the first
            # backward this call's entry, scored 99/100)
            with mg.no_grad():
                self._call_op(obj, b, kwargs, "forward")
            forward = self._watch()
            shapes = [self.enc(o, []) if not isinstance(o, mg.Tensor) else {"shape": list(self.to_numpy(o).shape)}
                      for o in outs]
            if not all(isinstance(o, mg.Tensor) for o in outs):
                return {"outs": shapes, "bad_output": True}
            if not any(o.requires_grad for o in outs):
                return {"outs": shapes, "not_connected": True}
            # the upstream gradients go to the engine as they are: no built-in op (o * g).sum() in between, whose
            # backward the copy of minigrad this runner has may not hold (autograd-ops, conv2d, cross-entropy)
            if any(tuple(o.shape) != tuple(g.shape) for o, g in zip(outs, gs)):
                return {"outs": shapes, "bad_output": True}
            gs = [g if g.dtype == o.dtype else g.to(o.dtype) for o, g in zip(outs, gs)]
            # copies for the second pass: a backward may change its grad_output in place (a fault of its own, judged
            # by the direct backward checks)
            gs_again = [mg.tensor(self.to_numpy(g), device=self.device) for g in gs]
            _LOCAL.allowed = True
            try:
                try:
                    grads = self.student("backward", mg.autograd.grad, outs, leaves, gs, allow_unused=True,
                                         retain_graph=True)
                finally:
                    self.last_tape = self._tape(before, forward, self._watch())
                grads = [self.enc(x, out) for x in grads]
                # the same backward again through the retained graph (torch allows it): a backward that changes what
                # its forward saved (in place) answers differently the second time; an error there is not a verdict
                try:
                    again = [self.enc(x, out) for x in self.student("backward", mg.autograd.grad, outs, leaves,
                                                                     gs_again, allow_unused=True)]
                except StudentError:
                    again = None
            finally:
                _LOCAL.allowed = False
        return {"outs": shapes, "grads": grads, "again": again}

    def op_optimizer(self, h, arrays, out):
        mg = self.mg
        cls = self.lookup(h["name"])
        params = [mg.tensor(arrays[i], device=self.device, requires_grad=True) for i in h["init"]]

        def make():
            if h.get("groups") is None:
                arg = list(params)
            else:
                arg, k = [], 0
                for grp in h["groups"]:
                    n = grp["n"]
                    d = {key: self.dec(v, arrays) for key, v in grp["hyper"].items()}
                    d["params"] = params[k:k + n]
                    arg.append(d)
                    k += n
            hyper = {k: self.dec(v, arrays) for k, v in h.get("hyper", {}).items()}
            return self.student("constructor", cls, arg, **hyper)

        opt = make()
        restart = h.get("restart") or []
        steps, handed = [], []
        for s, st in enumerate(h["steps"]):
            if s in restart:
                opt = None
                opt = make()
            if st.get("set"):
                def schedule():
                    for group in opt.param_groups:
                        group.update(st["set"])
                self.student(f"schedule {s + 1}", schedule)
            try:
                for i, (p, gi) in enumerate(zip(params, st["grads"])):
                    p.grad = None if gi is None else mg.tensor(arrays[gi], device=self.device)
                    if gi is not None:
                        handed.append((s, i, p.grad))
            except Exception:               # noqa: BLE001 - a parameter that step() made float32: the steps so far say so
                return {"steps": steps, "grad_refused": s + 1}
            try:
                self.student(f"step {s + 1}", opt.step)
            except StudentError as e:
                return {"steps": steps, "step_error": e.info}
            steps.append({"params": [self.enc(p, out) for p in params],
                          "grads": [self.enc(p.grad, out) for p in params],
                          "handed": [[hs, hi, self.enc(t, out)] for hs, hi, t in handed]})
        if h.get("zero_grad"):
            # the training loop's optimizer.zero_grad() after the steps (one the class lacks is not asked for)
            try:
                if self.student("zero_grad", lambda: callable(getattr(opt, "zero_grad", None))):
                    self.student("zero_grad", opt.zero_grad)
                    return {"steps": steps, "after_zero": [self.enc(p.grad, out) for p in params]}
            except StudentError as e:
                return {"steps": steps, "zero_grad_error": e.info}
        return {"steps": steps}

    def op_call(self, h, arrays, out):
        obj = self.lookup(h["name"])
        args = self.dec_args(h.get("args", []), arrays)
        kwargs = {k: self.dec(v, arrays) for k, v in h.get("kwargs", {}).items()}
        res = self.student("call", obj, *args, **kwargs)
        return {"out": self.enc(res, out)}


# the requests whose calls of the submission are watched for module-level state (Runner._watch)
WATCHED_OPS = ("apply", "forward_many", "fwd_bwd", "graph")


class StudentError(Exception):
    def __init__(self, info):
        super().__init__(info.get("message", ""))
        self.info = info


def _first_to_go():
    """The kernel's out-of-memory killer takes the runner (and all it starts) before anything else: a submission that
    fills the memory (64 processes of 4 GiB each) ends itself, not the judge or another student's grading. Set while
    root, the runner cannot lower it again; a user's runner covers /proc before the submission runs."""
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
        FACTS["out of memory"] = "killed first (oom_score_adj 1000)"
    except OSError:
        FACTS["out of memory"] = "as any process"


def main():
    cfg = CFG
    _first_to_go()
    libc = _libc()
    _unshare_net(libc, cfg.get("isolate_network", True))
    _own_ipc(libc)
    if cfg.get("uid") is not None:
        _hide_processes(libc)
    else:
        _own_mounts(libc)
    proto = _load_protocol()
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") != os.path.realpath(here)]
    import numpy  # noqa: F401 - the trusted stack loads now, while every path is readable
    import minigrad
    root = cfg.get("minigrad_root")
    if root and not _under(os.path.realpath(minigrad.__file__), [os.path.realpath(root)]):
        raise SystemExit(f"grading runner: minigrad was imported from {minigrad.__file__}, not from the copy "
                         f"made for this assignment ({root})")
    import minigrad.nn
    import minigrad.nn.functional
    import minigrad.optim
    import minigrad.autograd
    import minigrad.autograd.function
    # a backward's gradient of the output's shape for a broadcast input is the student's mistake: the engine refuses
    # it (torch's sums it; before round 19 minigrad's refused it everywhere)
    minigrad.autograd.function.SUM_BROADCAST_GRADIENTS = False
    # modules a submission may import after the drop even where the Python installation is not readable by
    # the runner's user (e.g. a pyenv under /root): loaded now, while every path is readable. torch stays out
    # (unless allowed): a module that imports it gets the refusing stand-in, removed again below
    refuse = None
    if cfg.get("refuse_torch", True):
        refuse = _TorchRefused()
        sys.meta_path.insert(0, refuse)
    for name in ("math", "cmath", "functools", "itertools", "collections", "collections.abc", "operator", "typing",
                 "dataclasses", "numbers", "random", "copy", "abc", "enum", "re", "string", "time", "warnings",
                 "statistics", "fractions", "decimal", "heapq", "bisect", "contextlib", "struct", "logging",
                 "pathlib", "textwrap", "io", "weakref", "array", "datetime", "pprint", "difflib", "types",
                 "traceback", "json", "copyreg", "keyword", "glob", "fnmatch", "tempfile", "unittest", "subprocess",
                 "numpy.lib.stride_tricks", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.ma",
                 # codecs are modules, found on first use ("x".encode("cp1252") was "unknown encoding" after the drop)
                 "encodings.cp1252", "encodings.latin_1", "encodings.utf_16", "encodings.utf_32", "encodings.utf_8_sig",
                 "encodings.ascii", "encodings.cp437",
                 "minigrad.nn.init", "minigrad.optim.lr_scheduler", "minigrad.utils", "minigrad.linalg",
                 *cfg.get("preload", [])):
        try:
            importlib.import_module(name)
        except (Exception, SystemExit):      # noqa: BLE001 - a name from the submission's source: maybe no module
            pass
    if refuse is not None:
        sys.meta_path.remove(refuse)
        for k in [k for k in sys.modules if k == "torch" or k.startswith("torch.")]:
            del sys.modules[k]
    if cfg.get("device", "cpu") != "cpu":
        try:
            minigrad.cuda.is_available()
        except BaseException:       # noqa: BLE001
            pass
    _locked_dirs()
    LOCKED_DIRS.extend(d for d in other_copies() if d not in LOCKED_DIRS)
    HIDDEN_DIRS[:] = hidden_paths(cfg.get("hide", []))
    _open_way_to_python(libc, cfg.get("uid"))
    _cover_copies(libc)
    _private_tmp(libc, cfg["workdir"])
    _private_dev(libc)
    _readonly_copy(libc)
    _lock_mounts(libc, cfg.get("uid"), cfg.get("gid"))
    _limits(cfg.get("limits", {}))
    os.chdir(cfg["workdir"])
    _drop(cfg.get("uid"), cfg.get("gid"), libc)
    _prctl(libc)
    os.environ.clear()
    os.environ.update(cfg.get("env", {}))
    runner = Runner(cfg, proto)
    runner.send({"id": 0, "hello": True, "facts": FACTS})
    runner.serve()


if __name__ == "__main__":
    try:
        main()
    finally:
        os._exit(0)
