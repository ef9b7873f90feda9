"""How the judge writes its outputs (reports, the gradebook CSV, results.json) without trusting the folder.

A runner runs under another uid when the judge is root, and can create files in world-writable places
(/tmp...). So the judge never opens an existing path for writing: it writes a new file of its own
(``O_CREAT | O_EXCL | O_NOFOLLOW``) next to the target and renames it over the target. A symlink or a file
that a runner planted there is replaced, never followed or reused. As root it refuses folders that other
users could write to (unless the sticky bit protects our files there) or that another user owns: a runner
could swap the files afterwards. As a non-root judge the runners have the judge's own uid, and these checks
cannot keep them out (docs/grading.md says what holds where).
"""
from __future__ import annotations

import os
import stat


def check_folder(folder):
    """Raise ValueError when ``folder`` is not a safe place for the judge's files (root only)."""
    if os.geteuid() != 0:
        return
    st = os.lstat(folder)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        raise ValueError(f"{folder} is not a folder (a symbolic link?): choose a folder that only you can write")
    if st.st_uid != 0 and st.st_uid != os.geteuid():
        raise ValueError(f"{folder} belongs to another user (uid {st.st_uid}), who could replace the grader's files "
                         "in it: choose a folder that only you can write")
    if st.st_mode & 0o022 and not st.st_mode & stat.S_ISVTX:
        raise ValueError(f"{folder} is writable by other users, who could replace the grader's files in it: "
                         f"chmod go-w it or choose another folder")


def make_folder(folder):
    """``folder`` (and its parents), created 0755 if missing, then checked with ``check_folder``."""
    folder = os.path.abspath(folder)
    os.makedirs(folder, mode=0o755, exist_ok=True)
    check_folder(folder)
    return folder


def safe_write(path, text):
    """Write ``text`` (str) to ``path``: a fresh file of the judge's own, renamed over the target."""
    path = os.path.abspath(path)
    folder = make_folder(os.path.dirname(path))
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    for k in range(100):
        tmp = os.path.join(folder, f".{os.path.basename(path)[:100]}.{os.getpid()}.{k}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            continue
        break
    else:
        raise OSError(f"could not create a temporary file in {folder}")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
