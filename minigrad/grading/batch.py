"""Grading a whole class: many submissions, in parallel, into a gradebook CSV and a folder of reports.

``find_submissions(paths, assignment)`` turns the command line's SUBMISSION arguments into one entry per
student; ``grade_many(...)`` grades them ``jobs`` at a time (one runner each, so a crash, a hang or
garbage only ever touches its own row).
"""
from __future__ import annotations

import ast
import csv
import io
import os
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

from .assignments import load_assignment
from .grader import grade
from .report import Report, TestResult
from .text import clean
from .files import safe_write, make_folder

CSV_COLUMNS = ["id", "score", "max_score", "failed_tests", "status", "seconds"]


class LayoutError(ValueError):
    """The submissions can't be told apart; the message says how to lay them out."""


def _defined_names(path):
    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names if a.name != "*")
    return names


def _py_files(folder):
    return sorted(f for f in os.listdir(folder) if f.endswith(".py") and not f.startswith(("test_", "conftest"))
                  and f != "setup.py" and os.path.isfile(os.path.join(folder, f)))


def _subfolders(folder):
    return sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d))
                  and not d.startswith((".", "__")))


LAYOUT_HELP = ("lay a class out as one folder holding either one Python file per student (alice.py, bob.py) or one "
               "sub-folder per student (alice/, bob/), or pass the submissions one by one")


def classify_folder(folder, assignment):
    """"single" (one submission: a package, or a folder of modules that together define the tasks),
    "files" (one student per .py file) or "folders" (one student per sub-folder). Raises LayoutError
    when the folder could be either."""
    if os.path.exists(os.path.join(folder, "__init__.py")):
        return "single"
    files, subs = _py_files(folder), [d for d in _subfolders(folder)
                                      if any(f.endswith(".py") for f in os.listdir(os.path.join(folder, d)))]
    if subs and not files:
        return "folders"
    if not files:
        raise LayoutError(f"{folder} holds no Python file and no sub-folder with one: {LAYOUT_HELP}")
    if subs:
        raise LayoutError(f"{folder} holds both Python files and sub-folders with Python files, so it is not clear "
                          f"what one submission is: {LAYOUT_HELP}")
    if len(files) == 1:
        return "single"
    tasks = [t.name for t in assignment.tasks]
    defined = {f: _defined_names(os.path.join(folder, f)) for f in files}
    full = [f for f in files if all(t in defined[f] for t in tasks)]
    counts = {t: sum(t in d for d in defined.values()) for t in tasks}
    if len(full) >= 2:
        return "files"                                 # several files each define everything: students
    if all(c <= 1 for c in counts.values()):
        return "single"                                # the modules of one submission share the tasks out
    raise LayoutError(f"{folder} holds {len(files)} Python files that define the same task names in different "
                      f"combinations, so it is not clear whether they are one student's modules or several "
                      f"students' files: {LAYOUT_HELP}")


def _student_id(path):
    """The file's name without .py (or the folder's), as printable UTF-8 (undecodable bytes, newlines and
    control characters in file names replaced)."""
    base = os.path.basename(os.path.normpath(path))
    base = base[:-3] if base.endswith(".py") else base
    return clean(os.fsencode(base).decode("utf-8", "replace"), 200)


def find_submissions(paths, assignment):
    """[(student id, path)] for the command line's SUBMISSION arguments: several paths are one submission
    each; one folder is looked at with ``classify_folder``."""
    a = load_assignment(assignment)
    if len(paths) == 1 and os.path.isdir(paths[0]):
        kind = classify_folder(paths[0], a)
        if kind == "files":
            paths = [os.path.join(paths[0], f) for f in _py_files(paths[0])]
        elif kind == "folders":
            paths = [os.path.join(paths[0], d) for d in _subfolders(paths[0])]
    out, seen = [], {}
    for p in paths:
        sid = _student_id(p)
        if sid in seen:
            seen[sid] += 1
            sid = f"{sid}-{seen[sid]}"
        else:
            seen[sid] = 1
        out.append((sid, os.path.abspath(p)))
    return out


def safe_id(sid):
    """A student id usable as a file name."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", sid).strip("._") or "submission"
    return s[:100]


def grade_many(assignment, submissions, *, jobs=2, seed=0, timeout=10.0, deadline=None, device="cpu", tasks=None,
               sandbox=None, progress=None):
    """Grade [(id, path)] ``jobs`` at a time; returns [(id, Report, seconds)] in the given order.
    ``progress(done, total, id, report, seconds)`` is called as each finishes. Nothing one submission
    does can stop the batch: a grader error becomes that row's report."""
    a = load_assignment(assignment)
    results = [None] * len(submissions)
    lock = threading.Lock()
    done = [0]

    def one(k):
        sid, path = submissions[k]
        t0 = time.monotonic()
        try:
            r = grade(a, path, seed=seed, timeout=timeout, deadline=deadline, device=device, tasks=tasks,
                      sandbox=sandbox, extra_path=[])
        except Exception as e:       # noqa: BLE001 - one student's failure never stops the batch
            r = Report(assignment=a.name, submission=path, output=f"internal grader error: {type(e).__name__}: {e}")
            for task in a.tasks:
                for test in task.tests:
                    r.tests.append(TestResult(task.test_title(test), task.name, 0.0, test.points, "failed", r.output,
                                              test.visibility))
        seconds = time.monotonic() - t0
        results[k] = (sid, r, seconds)
        if progress is not None:
            with lock:
                done[0] += 1
                progress(done[0], len(submissions), sid, r, seconds)

    with ThreadPoolExecutor(max_workers=max(1, int(jobs))) as pool:
        for f in as_completed([pool.submit(one, k) for k in range(len(submissions))]):
            f.result()
    return results


def write_csv(path, results):
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for sid, r, seconds in results:
        failed = "; ".join(t.name for t in r.failed())
        w.writerow([_cell(sid), _num(r.score), _num(r.max_score), _cell(failed), r.status, f"{seconds:.2f}"])
    safe_write(path, buf.getvalue())


def _cell(s):
    """No spreadsheet formula injection from a file name."""
    s = str(s)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def _num(x):
    x = round(float(x), 4)
    return int(x) if x == int(x) else x


def write_reports(folder, results, fmt="text", hidden="after_published"):
    make_folder(folder)
    ext = "txt" if fmt == "text" else "json"
    used = set()
    for sid, r, _ in results:
        name = safe_id(sid)
        while name in used:
            name += "_"
        used.add(name)
        text = r.to_text() if fmt == "text" else r.to_json(hidden=hidden)
        safe_write(os.path.join(folder, f"{name}.{ext}"), text if text.endswith("\n") else text + "\n")


def terminal_progress(stream=None):
    stream = stream or sys.stderr

    def show(done, total, sid, report, seconds):
        stream.write(f"[{done}/{total}] {safe_id(sid)}: {_num(report.score)}/{_num(report.max_score)} "
                     f"({report.status}, {seconds:.1f} s)\n")
        stream.flush()
    return show
