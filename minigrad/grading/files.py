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

import ast
import io
import os
import re
import shutil
import stat
import threading
import tokenize
import zipfile


_PARSE_LOCK = threading.RLock()


def parse(source, filename="<unknown>"):
    """``ast.parse``, one thread at a time. CPython 3.11 keeps the recursion depth of its tree-to-Python-objects
    conversion in state that threads share, so two batch workers parsing at once could fail with "SystemError:
    AST constructor recursion depth mismatch" -- an internal grader error that gave a correct submission 0."""
    with _PARSE_LOCK:
        return ast.parse(source, filename)


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
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = 0
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        # written to, not replaced: before the red-team pass 13 `--csv /dev/null` as root renamed a regular file over
        # the machine's /dev/null (every later `> /dev/null` then filled a file, and users could no longer write to it)
        with open(os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)), "wb") as f:
            f.write(data)
        return
    if stat.S_ISBLK(mode):
        raise OSError(f"{path} is a block device: not a place for a report")
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


# ---------------------------------------------------------------------------------------------
# reading a submission's folder (the judge copies and reads it: it must not hang, recurse without end or
# fill the disk on what a student uploaded)
# ---------------------------------------------------------------------------------------------
MAX_DEPTH = 16                    # folders inside a submission folder
MAX_ENTRIES = 5000                # files and folders in a submission
MAX_BYTES = 20 << 20              # bytes of regular files in a submission


class SubmissionError(ValueError):
    """A submission the judge will not read: too large, too deep, or not regular files. The message is for
    the student."""


def submission_files(path, skip_dir=lambda name: False):
    """[(relative path, full path)] of the regular files under the folder ``path`` (symbolic links, FIFOs,
    devices and sockets are left out, never opened), walked without recursion; folders for which
    ``skip_dir(name)`` is true are not entered. Raises SubmissionError past MAX_DEPTH, MAX_ENTRIES or MAX_BYTES."""
    out, stack, entries, total = [], [("", 0)], 0, 0
    while stack:
        rel, depth = stack.pop()
        folder = os.path.join(path, rel) if rel else path
        try:
            with os.scandir(folder) as it:
                items = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for e in items:
            entries += 1
            if entries > MAX_ENTRIES:
                raise SubmissionError(f"it holds more than {MAX_ENTRIES} files and folders")
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            sub = os.path.join(rel, e.name) if rel else e.name
            if stat.S_ISDIR(st.st_mode):
                if skip_dir(e.name):
                    continue
                if depth + 1 > MAX_DEPTH:
                    raise SubmissionError(f"its folders are nested more than {MAX_DEPTH} deep")
                stack.append((sub, depth + 1))
            elif stat.S_ISREG(st.st_mode):
                total += st.st_size
                if total > MAX_BYTES:
                    raise SubmissionError(f"it is larger than {MAX_BYTES >> 20} MB")
                out.append((sub, e.path))
    return sorted(out)


def holds_no_code(path, limit=1 << 18):
    """True when the file ``path`` (or every ``.py`` file of the folder ``path``, at least one) holds no statement but
    perhaps a docstring: empty, whitespace, comments. Source that does not parse, or over ``limit`` bytes, is not
    called empty (the grading says what is wrong with it). Before round 17 an empty upload was "graded" with "does not
    define SGD", which hides a wrong file or one saved before it was submitted."""
    if os.path.isdir(path):
        try:
            files = [full for rel, full in submission_files(path, lambda name: name.startswith(".") or
                                                            name == "__pycache__") if rel.endswith(".py")]
        except SubmissionError:
            return False
        return bool(files) and all(holds_no_code(f, limit) for f in files)
    try:
        if os.path.getsize(path) > limit:
            return False
        with open(path, "rb") as f:
            body = parse(f.read()).body
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return not body or len(body) == 1 and isinstance(body[0], ast.Expr) and \
        isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)


def check_submission(path):
    """Raise SubmissionError when the judge should not read ``path`` (a file or a folder) at all."""
    try:
        st = os.stat(path)
    except OSError:
        raise SubmissionError("it cannot be read") from None
    if stat.S_ISDIR(st.st_mode):
        submission_files(path, lambda name: name.startswith(".") or name == "__pycache__")
    elif not stat.S_ISREG(st.st_mode):
        raise SubmissionError("it is not a regular file (a pipe or a device?)")
    elif st.st_size > MAX_BYTES:
        raise SubmissionError(f"it is larger than {MAX_BYTES >> 20} MB")


# ---------------------------------------------------------------------------------------------
# compiled code: never handed to the runner. A submission is Python source; a native extension (.so, .pyd),
# bytecode (.pyc), a .pth file or an archive that zipimport could load (.zip, .egg, .whl, and any zip under
# another name, .npz included) would run code the judge cannot read, so the judge does not copy it (the
# report says which files were left out, and why)
# ---------------------------------------------------------------------------------------------
CODE_SUFFIXES = (".so", ".pyd", ".dll", ".dylib", ".pyc", ".pyo", ".pth", ".zip", ".egg", ".whl", ".a", ".o")
_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa\xcf",
          b"\xfe\xed\xfa\xce", b"PK\x03\x04", b"PK\x05\x06")


def is_compiled(path):
    """True when ``path`` (a regular file) is compiled code or an importable archive, by its name, by its
    first bytes (an ELF, PE or Mach-O binary, a zip), or by a zip directory anywhere in it (Python's zip
    importer reads a zip's directory from the end: bytes put in front do not stop it), whatever it is called."""
    name = os.path.basename(path).lower()
    if name.endswith(CODE_SUFFIXES) or ".so." in name or "__editable__" in name:
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError:
        return False
    if any(head.startswith(m) for m in _MAGIC):
        return True
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def without_main_blocks(source):
    """``source`` (bytes, as a .py file holds them, or text) with the body of each top-level ``if __name__ ==
    "__main__":`` replaced by ``pass`` (blank lines keep every other line's number). The source reader does not read
    those blocks, as they do not run when the grader imports the file; the runner gets them empty, so that a
    submission that sets ``__name__`` itself cannot run unread code there. Bytes are decoded as Python decodes a
    source file (a UTF-8 BOM, a ``coding:`` line) and lines are split where Python splits them (\\n, \\r\\n, \\r:
    not at a form feed or U+2028, which str.splitlines also splits at); before the ninth red-team pass a BOM, a
    latin-1 file or a U+2028 in a comment kept the block (the parse failed, or the line numbers pointed elsewhere),
    and its unread code ran. Unparsable source is returned as it is (importing it fails anyway)."""
    encoding = None
    if isinstance(source, bytes):
        try:
            encoding = tokenize.detect_encoding(io.BytesIO(source).readline)[0]
            text = source.decode(encoding)
        except (SyntaxError, LookupError, UnicodeDecodeError):
            return source
    else:
        text = source
    try:
        tree = parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):   # too deep: the source reader refuses it unrun
        return source
    lines = _PY_LINES.findall(text)
    for node in sorted((n for n in tree.body if is_main_guard(n)), key=lambda n: -n.lineno):
        first, last = node.body[0], node.body[-1]
        start, end = first.lineno, last.end_lineno
        indent = lines[start - 1][:first.col_offset]
        if not indent.strip():                        # the usual layout: the body on its own lines
            lines[start - 1:end] = [indent + "pass\n"] + ["\n"] * (end - start)
        else:                   # `if __name__ == "__main__": x()` on one line (it ran before the ninth pass)
            lines[node.lineno - 1:end] = ["if False: pass\n"] + ["\n"] * (end - node.lineno)
    text = "".join(lines)
    return text if encoding is None else text.encode(encoding)


# a line as Python's tokenizer ends it: at \n, \r\n or \r only
_PY_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def is_main_guard(node):
    if not isinstance(node, ast.If):
        return False
    t = node.test
    return (isinstance(t, ast.Compare) and isinstance(t.left, ast.Name) and t.left.id == "__name__"
            and len(t.comparators) == 1 and isinstance(t.comparators[0], ast.Constant)
            and t.comparators[0].value == "__main__")


def stage_file(path, target):
    """Copy one submission file for the runner: a .py file without its main blocks, anything else as it is."""
    if path.endswith(".py"):
        with open(path, "rb") as f:
            data = f.read()
        with open(target, "wb") as f:
            f.write(without_main_blocks(data))
    else:
        shutil.copyfile(path, target)


def compiled_files(path):
    """The files of the submission at ``path`` (a file or a folder) that ``is_compiled``: relative paths."""
    if not os.path.isdir(path):
        return [os.path.basename(path)] if os.path.isfile(path) and is_compiled(path) else []
    try:
        return [rel for rel, full in submission_files(path, lambda d: d.startswith(".") or d == "__pycache__")
                if is_compiled(full)]
    except SubmissionError:
        return []
