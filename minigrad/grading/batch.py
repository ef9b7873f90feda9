"""Grading a whole class: many submissions, in parallel, into a gradebook CSV and a folder of reports.

``find_submissions(paths, assignment)`` turns the command line's SUBMISSION arguments into one entry per
student; ``grade_many(...)`` grades them ``jobs`` at a time (one runner each, so a crash, a hang or
garbage only ever touches its own row).
"""
from __future__ import annotations

import ast
import csv
import hashlib
import io
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor, as_completed

from .assignments import load_assignment
from .grader import grade, off_import_path, not_python_fix, wrapped_folder, INSTALLATION_NOTE
from .report import Report, TestResult
from .text import clean
from .files import safe_write, make_folder, submission_files, check_submission, SubmissionError, MAX_BYTES, parse, \
    holds_no_code
from .static import MAX_SOURCE
from .roster import METADATA, NOT_ON_ROSTER, read_gradescope_metadata, student_id, aliases as roster_aliases

CSV_COLUMNS = ["id", "score", "max_score", "failed_tests", "status", "seconds", "cause"]


class LayoutError(ValueError):
    """The submissions can't be told apart; the message says how to lay them out."""


def _defined_names(path, imports=True):
    """The names a file defines at its top level; none for a file over ``MAX_SOURCE`` (grade() refuses it unread): a
    12 MB file of ``x = 1`` lines in a class's folder took the judge 30 s and 4.7 GB to parse, before any grading,
    when the folder's layout was looked at (red-team pass 12)."""
    try:
        if os.path.getsize(path) > MAX_SOURCE:
            return set()
        with open(path, "rb") as f:
            tree = parse(f.read(MAX_SOURCE + 1))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom) and imports:
            names.update(a.asname or a.name for a in node.names if a.name != "*")
    return names


CLASS_FOLDER = 2          # files beside a submission that each define every task themselves: a class's folder


def other_submissions(path, a):
    """The .py files beside the file ``path`` that define every task of ``a`` themselves (a class, a function or an
    assignment at the top level; an import does not count): other students' submissions, in a class's folder."""
    if os.path.isdir(path):
        return []
    folder, own, tasks = os.path.dirname(path), os.path.basename(path), {t.name for t in a.tasks}
    found = []
    for f in _py_files(folder)[:1000]:
        full = os.path.join(folder, f)
        if f != own and not os.path.islink(full) and os.path.getsize(full) <= MAX_SOURCE and \
                tasks <= _defined_names(full, imports=False):
            found.append(f)
    return found


def _py_files(folder):
    return sorted(f for f in os.listdir(folder) if f.endswith(".py") and not f.startswith(("test_", "conftest"))
                  and f != "setup.py" and os.path.isfile(os.path.join(folder, f)))


# a student's upload that is code in another form: in a class folder of .py files each gets its own row ("missing",
# with the fix), rather than no row at all (before batch16 a student who handed in sgd.ipynb or sgd.zip was left out)
UPLOADS = (".ipynb", ".zip")


def _uploads(folder):
    return sorted(f for f in os.listdir(folder) if f.lower().endswith(UPLOADS) and not f.startswith(".")
                  and os.path.isfile(os.path.join(folder, f)))


def _subfolders(folder):
    return sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d))
                  and not d.startswith((".", "__")))


LAYOUT_HELP = ("lay a class out as one folder holding either one Python file per student (alice.py, bob.py) or one "
               "sub-folder per student (alice/, bob/), or pass the submissions one by one")


def classify_folder(folder, assignment):
    """"single" (one submission: a package, or a folder of modules that together define the tasks),
    "files" (one student per .py file) or "folders" (one student per sub-folder). Raises LayoutError
    when the folder could be either."""
    if os.path.isfile(os.path.join(folder, "__init__.py")):
        # a package, unless two or more of its files each define every task themselves: then they are students' files
        # and the __init__.py one more (before the red-team pass 13 a student's file named __init__.py, or a student's
        # folder of that name, made the whole class one submission, graded as one row)
        tasks = [t.name for t in assignment.tasks]
        full = [f for f in _py_files(folder) if f != "__init__.py" and
                all(t in _defined_names(os.path.join(folder, f), imports=False) for t in tasks)]
        if len(full) < 2:
            return "single"
        raise LayoutError(f"{folder} holds an __init__.py (a package: one submission) and {len(full)} Python files that "
                          f"each define every task (students' files?), so it is not clear what one submission is: "
                          f"{LAYOUT_HELP}; pass --single if it is one student's package")
    # a student's folder may hold its code a few single folders down (a zip of the student's folder, as Gradescope
    # unpacks it: submission_1/hw3/sgd.py); before round 17 a class of those was "holds no Python file"
    files, subs = _py_files(folder), [d for d in _subfolders(folder)
                                      if any(f.endswith(".py") for f in os.listdir(os.path.join(folder, d)))
                                      or wrapped_folder(os.path.join(folder, d)) is not None]
    if subs and not files:
        return "folders"
    if not files:
        raise LayoutError(f"{folder} holds no Python file and no sub-folder with one: {LAYOUT_HELP}"
                          + not_python_fix(_uploads(folder)))
    if subs:
        raise LayoutError(f"{folder} holds both Python files and sub-folders with Python files, so it is not clear "
                          f"what one submission is: {LAYOUT_HELP}")
    if len(files) == 1:
        return "single"
    tasks = [t.name for t in assignment.tasks]
    defined = {f: _defined_names(os.path.join(folder, f)) for f in files}
    full = [f for f in files if all(t in defined[f] for t in tasks)]
    counts = {t: sum(t in d for d in defined.values()) for t in tasks}
    if len(full) >= 2 or len(full) == 1 and _apart_beside(folder, full[0], files) and \
            not _own_extras(full[0], files, defined, tasks, assignment):
        return "files"                                 # several files each define everything: students
    if all(c <= 1 for c in counts.values()):
        return "single"                                # the modules of one submission share the tasks out
    raise LayoutError(f"{folder} holds {len(files)} Python files that define the same task names in different "
                      f"combinations, so it is not clear whether they are one student's modules or several "
                      f"students' files: {LAYOUT_HELP}")


def _apart_beside(folder, full, files):
    """True when every file of ``files`` but ``full`` (the one that defines every task) is apart from it: empty, or
    neither file names the other (no import either way, so they are not one submission's modules). Then they are
    classmates, one of whom handed in an empty file or one without the tasks' names. Before round 19 a class folder of
    alice.py and an empty bob.py was one submission named after the folder (100/100), and bob had no row."""
    def source(f):
        try:
            with open(os.path.join(folder, f), "rb") as fh:
                return fh.read(MAX_SOURCE + 1).decode("utf-8", "replace")
        except OSError:
            return None

    def names(text, f):
        return text is not None and re.search(r"(?<![\w.])" + re.escape(f[:-3]) + r"\b", text) is not None

    mine = source(full)
    if mine is None:
        return False
    return all(holds_no_code(os.path.join(folder, f)) and not names(mine, f) or
               not names(mine, f) and not names(source(f), full) and source(f) is not None for f in files if f != full)


def _stem(name):
    return re.sub(r"[^a-z0-9]", "", os.path.splitext(name)[0].lower())


def _own_extras(full, files, defined, tasks, assignment):
    """True when the one file that defines every task is named after the assignment or a task (``sgd.py``, the
    template's ``autograd_ops.py``, ``Conv2d.py``: a student's own name for it, never a classmate's, and two classmates
    cannot both have it) and no other file defines a task's name in another case (``Sgd``: a classmate's attempt).
    The other files are then that student's own extra modules (a plotting script, scratch code): before round 20 a
    student's folder of ``sgd.py`` and an unrelated ``plot.py`` was graded as two students unless ``--single``."""
    names = {_stem(assignment.name)} | {_stem(t) for t in tasks}
    if _stem(full) not in names or not _stem(full):
        return False
    lower = {t.lower() for t in tasks}
    return not any(n.lower() in lower for f in files if f != full for n in defined[f])


def _student_id(path):
    """The file's name without .py (or the folder's), as printable UTF-8 (undecodable bytes, newlines and
    control characters in file names replaced)."""
    base = os.path.basename(os.path.normpath(path))
    base = base[:-3] if base.endswith(".py") else base
    return clean(os.fsencode(base).decode("utf-8", "replace"), 200)


def find_submissions(paths, assignment, aliases=None):
    """[(student id, path)] for the command line's SUBMISSION arguments: several paths are one submission
    each; one folder is looked at with ``classify_folder``. A Gradescope export (its ``submission_metadata.yml`` beside
    the ``submission_N`` folders, or given among them) names each row by its student: sid, else email, else name.
    ``aliases``: a dict filled with {id: every sid, email and name of that submission's students} (for ``--roster``)."""
    a = load_assignment(assignment)
    people = {}
    metadata = [p for p in paths if os.path.basename(os.path.normpath(p)) == METADATA and os.path.isfile(p)]
    if metadata and len(paths) > 1:                  # export/* on the command line: the metadata is no submission
        paths = [p for p in paths if p not in metadata]
        people = read_gradescope_metadata(metadata[0], {os.path.basename(os.path.normpath(p)) for p in paths})
    if len(paths) == 1 and os.path.isdir(paths[0]):
        kind = classify_folder(paths[0], a)
        if kind == "files":
            paths = [os.path.join(paths[0], f) for f in sorted(_py_files(paths[0]) + _uploads(paths[0]))]
        elif kind == "folders":
            folders = _subfolders(paths[0])
            if os.path.isfile(os.path.join(paths[0], METADATA)):
                people = read_gradescope_metadata(os.path.join(paths[0], METADATA), set(folders))
            paths = [os.path.join(paths[0], d) for d in folders]
    # ids are unique: a repeated name gets the first free "-2", "-3"... that no other submission's name is (before the
    # red-team pass 11, alice.py given twice and alice-2.py made two gradebook rows "alice-2"). Unique also as a person
    # reads them: names that differ only by spaces, invisible or replaced characters or Unicode look-alikes
    # ("alice .py", "alice\u200b.py", fullwidth "ａｌｉｃｅ.py") go after the plain ones and get a suffix (before the red-team
    # pass 13 they were three more rows "alice" in the summary, and "alice " in the gradebook, for alice's score)
    # Gradescope names its folders submission_N: the metadata's student (untrusted text: checked as an id, never a path)
    ids = [student_id(people.get(os.path.basename(os.path.normpath(p)), []), _student_id(p)) or _student_id(p)
           for p in paths]
    taken = {_id_key(s) for s in ids}
    used = set()
    order = sorted(range(len(paths)), key=lambda i: _id_key(ids[i]) != ids[i])     # stable: plain names first
    out = [None] * len(paths)
    for i in order:
        sid = base = ids[i]
        k = 1
        while _id_key(sid) in used or (sid != base and _id_key(sid) in taken):
            k += 1
            sid = f"{base}-{k}"
        used.add(_id_key(sid))
        out[i] = (sid, os.path.abspath(paths[i]))
        if aliases is not None:
            aliases[sid] = {sid} | roster_aliases(people.get(os.path.basename(os.path.normpath(paths[i])), []))
    return out


# an LMS export's file name: Canvas writes "lastfirst_[LATE_]USERID_SUBMISSIONID_file.py" (and "file-1.py" for a second
# file of the same name)
_CANVAS = re.compile(r"^(.+?)_(?:LATE_)?(\d+)_\d+_")


def same_student(ids):
    """[(student, [ids])] for the ids that an LMS export names as one student's several files (a resubmission, or a
    helper module): each is graded as its own row, so the instructor must keep one. Before batch16 nothing said so."""
    groups = {}
    for sid in ids:
        m = _CANVAS.match(sid)
        if m:
            groups.setdefault(f"{m.group(1)} (user id {m.group(2)})", []).append(sid)
    return [(who, found) for who, found in sorted(groups.items()) if len(found) > 1]


# letters of other scripts drawn as Latin ones are (Cyrillic, Greek), which NFKC leaves alone: before the red-team pass
# 14 "аlice.py" (a Cyrillic а) was a second row "alice" in the summary and the gradebook
_LOOKALIKE = str.maketrans("аеорсухіјѕһԁԛԝӏАВЕЅІЈКМНОРСТХοανικτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
                           "aeopcyxijshdqwlABESIJKMHOPCTXoaviktuxABEZHIKMNOPTYX")


def _id_key(sid):
    """A student id as a person reads it: Unicode look-alikes folded (NFKC, and Cyrillic and Greek letters drawn as
    Latin ones), spaces, invisible and replaced characters dropped."""
    return re.sub(r"[\s\ufffd?]+", "", unicodedata.normalize("NFKC", sid).translate(_LOOKALIKE))


def safe_id(sid):
    """A student id usable as a file name."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", sid).strip("._") or "submission"
    return s[:100]


def _digest(path):
    """A digest of the regular files of ``path`` (a file or a folder), or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        if os.path.islink(path):
            h.update(b"link:" + os.fsencode(os.readlink(path)))
        elif os.path.isdir(path):
            for rel, full in submission_files(path):
                h.update(os.fsencode(rel) + b"\0")
                _hash_file(h, full)
                h.update(b"\0")
        else:
            st = os.stat(path)
            if st.st_size > MAX_BYTES:
                # never graded (too large): its identity and times stand for its bytes. Before the red-team pass 13 a
                # student's sparse file of gigabytes was read whole before the batch and again after every grading
                h.update(f"large:{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}".encode())
            else:
                _hash_file(h, path)
    except (OSError, SubmissionError):
        return None
    return h.hexdigest()


def _hash_file(h, path):
    """``h`` updated with the file's bytes, read a MiB at a time (a student's file of gigabytes is read after each
    grading: it must not be held in memory whole)."""
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)


def _snapshot(submissions, root):
    """Each submission copied up front into ``root`` (regular files only): every student is graded from the files
    as they were before any runner started. A link or an unreadable entry keeps its path (grade() refuses it)."""
    out = []
    for k, (sid, path) in enumerate(submissions):
        dest = os.path.join(root, str(k), os.path.basename(os.path.normpath(path)))
        try:
            os.makedirs(os.path.dirname(dest))
            if os.path.islink(path):
                raise OSError("a link")
            check_submission(path)        # over 20 MB: not copied (a file of gigabytes filled the judge's disk)
            if os.path.isdir(path):
                for rel, full in submission_files(path, lambda d: d.startswith(".") or d == "__pycache__"):
                    os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
                    shutil.copyfile(full, os.path.join(dest, rel))
                os.makedirs(dest, exist_ok=True)
            else:
                shutil.copyfile(path, dest)
            out.append(dest)
        except (OSError, SubmissionError):
            out.append(path)
    return out


def _told(folders):
    """What the runners are told to cover of ``folders``: none of those that share a top-level parent (/tmp/alice and
    /tmp/bob, /home/alice and /home/bob). Told them, each runner was told the class list, and covered each by a mount
    that its mount table names (before round 19); the runner's own rules cover them: a private /tmp, and every
    top-level folder but the system's. Told the parent instead, it would cover every entry of it, each named there."""
    parents = {}
    for f in folders:
        parents.setdefault(os.path.dirname(f.rstrip(os.sep)) or os.sep, []).append(f)
    out = set()
    for parent, children in parents.items():
        top = parent != os.sep and os.path.dirname(parent) == os.sep
        if not (len(children) > 1 and top):
            out.update(children)
    return sorted(out)


def _outermost(folders):
    return sorted(f for f in folders if not any(f != g and f.startswith(g.rstrip(os.sep) + os.sep) for g in folders))


def _shared_parents(folders):
    """``folders`` as few folders that hold them all: the folder they all lie in, else those that share a parent
    replaced by it; never ``/`` or a top-level folder (``/home``, ``/tmp``: the runner covers those by its own rules,
    and a cover there would have to spare too much)."""
    deep = lambda f: len([x for x in f.split(os.sep) if x]) >= 2        # noqa: E731
    if len(folders) > 1 and deep(os.path.commonpath(folders)):
        return [os.path.commonpath(folders)]
    parents = {}
    for f in folders:
        parents.setdefault(os.path.dirname(f.rstrip(os.sep)) or os.sep, []).append(f)
    out = set()
    for parent, children in parents.items():
        out.update([parent] if len(children) > 1 and deep(parent) else children)
    return sorted(out)


def _note(report, name, text, detail=""):
    """A 0-point note; ``detail``, which names other students, goes into a hidden note of its own: a student's report
    never names another student (before round 19 a victim's note named the classmates being graded then)."""
    report.tests.append(TestResult(name, "", 0.0, 0.0, "failed", f"a note, worth no points: {text}", "visible"))
    if detail:
        report.tests.append(TestResult(f"{name} (details)", "", 0.0, 0.0, "failed", detail, "hidden"))


def grade_many(assignment, submissions, *, jobs=2, seed=0, timeout=10.0, deadline=None, device="cpu", tasks=None,
               sandbox=None, progress=None, warn=None):
    """Grade [(id, path)] ``jobs`` at a time; returns [(id, Report, seconds)] in the given order.
    ``progress(done, total, id, report, seconds)`` is called as each finishes. Nothing one submission
    does can stop the batch: a grader error becomes that row's report.

    Every submission is first copied into a folder of the judge's, and graded from that copy; the runners do not
    see the originals nor the copies (covered in their mount namespace, as root or where the OS gives a user
    one). Where nothing covers them (a user without user namespaces), a runner could change other students'
    files: the judge checks the copies before each grading and the originals after each, and says in the reports
    (and through ``warn(text)``) whose files changed while which submissions ran."""
    a = load_assignment(assignment)
    results = [None] * len(submissions)
    lock = threading.Lock()
    done = [0]
    snap_root = tempfile.mkdtemp(prefix="minigrad-batch-")
    os.chmod(snap_root, 0o700)
    copies = _snapshot(submissions, snap_root)
    originals = [_digest(p) for _, p in submissions]
    copied = [_digest(c) for c in copies]
    # absolute: a relative path beside an absolute one made os.path.commonpath raise ValueError out of grade_many (before
    # round 20)
    folders = sorted({os.path.dirname(os.path.abspath(p)) for _, p in submissions} |
                     {os.path.abspath(p) for _, p in submissions if os.path.isdir(p)})
    # the runners are told the outermost of those only (a class's folder covers its students' folders): each runner can
    # read what it is told, and before the red-team pass 16 it read every classmate's folder name, the class list.
    # Students named one by one (class/alice/sgd.py class/bob/sgd.py) are covered by the folder they share: told
    # their own folders, each runner was told the class list too (its covers are listed in /proc/self/mountinfo)
    folders = _told(_outermost(_shared_parents(folders)))
    running, changed, unisolated = set(), {}, []

    def check_originals():
        for j, (sid_j, path_j) in enumerate(submissions):
            if j not in changed and originals[j] is not None and _digest(path_j) != originals[j]:
                changed[j] = sorted(running)

    def one(k):
        sid, path = submissions[k]
        t0 = time.monotonic()
        with lock:
            running.add(sid)
        try:
            if copies[k] != path and _digest(copies[k]) != copied[k]:
                raise RuntimeError("the judge's copy of this submission was changed during the batch by another "
                                   "process (another submission's code?): regrade it alone")
            r = grade(a, copies[k], seed=seed, timeout=timeout, deadline=deadline, device=device, tasks=tasks,
                      sandbox=sandbox, extra_path=[], hide=[snap_root] + folders)
            r.submission = path
        except Exception as e:       # noqa: BLE001 - one student's failure never stops the batch
            r = Report(assignment=a.name, submission=path, output=f"internal grader error: {type(e).__name__}: {e}")
            for task in a.tasks:
                for test in task.tests:
                    r.tests.append(TestResult(task.test_title(test), task.name, 0.0, test.points, "failed", r.output,
                                              test.visibility))
        seconds = time.monotonic() - t0
        with lock:
            check_originals()
            running.discard(sid)
            facts = getattr(r, "sandbox", {}) or {}
            if str(facts.get("other copies of minigrad", "covered")).startswith("readable"):
                unisolated.append(sid)
            if warn is not None and any(t.name == INSTALLATION_NOTE for t in r.tests):
                warn(f"minigrad-grade: the Python installation's start-up files (.pth, sitecustomize) changed while "
                     f"{sid} was graded (with {', '.join(sorted(running - {sid})) or 'no other submission'} beside it); "
                     "the grader put them back")
        results[k] = (sid, r, seconds)
        if progress is not None:
            with lock:
                done[0] += 1
                progress(done[0], len(submissions), sid, r, seconds)

    try:                             # the class's folders off sys.path meanwhile (grader.off_import_path)
        with off_import_path([p for _, p in submissions]), ThreadPoolExecutor(max_workers=max(1, int(jobs))) as pool:
            for f in as_completed([pool.submit(one, k) for k in range(len(submissions))]):
                f.result()
    finally:
        shutil.rmtree(snap_root, ignore_errors=True)
    check_originals()
    by_id = {sid: r for sid, r, _ in results}
    for j, suspects in sorted(changed.items()):
        sid_j = submissions[j][0]
        who = ", ".join(suspects) or "a process outside the grader"
        _note(by_id[sid_j], "Sandbox: files changed during grading",
              "this submission's original files changed while the grader ran (your instructor is told which "
              "submissions were being graded then); it was graded from a copy made before any submission ran",
              f"being graded then: {who}")
        for s_ in suspects:
            if s_ != sid_j and s_ in by_id:
                _note(by_id[s_], "Sandbox: other files changed while this ran",
                      "another submission's original files changed while this submission was being graded",
                      f"the files of {sid_j}")
        if warn is not None:
            warn(f"minigrad-grade: the original files of {sid_j} changed during grading (while {who} ran); "
                 "grades were computed from copies made before any submission ran")
    if unisolated and warn is not None:
        warn(f"minigrad-grade: {len(unisolated)} runner(s) had no mount namespace (not root, no user namespaces): "
             "a submission could read and change other students' files and the grader's own; grade as root (in a "
             "container) for work whose grades count")
    return results


NO_SUBMISSION = "no submission: this student is on the roster, and nothing of theirs was found"


def apply_roster(results, roster, assignment, tasks=None, aliases=None):
    """The gradebook's rows with a roster: ``(rows, owners)``, two lists side by side. ``rows`` are [(id, Report,
    seconds)]: for each student of the roster, in its order, their submission's row (several for a resubmission; a
    group's submission once for each of its students), or a row of their own with status "missing" and score 0 when
    nothing of theirs was found; then the submissions that are no roster student's. ``owners``: the roster id each row
    belongs to, None for a submission not on the roster. A submission is a student's when its id, one of its
    ``aliases`` (a Gradescope export's sids and emails) or its Canvas user id is the roster's id (compared as a person
    reads them: case, spaces and look-alike letters aside). Before round 17 a student who handed in nothing had no
    row at all, and a stranger's upload looked like a student's."""
    a = load_assignment(assignment)
    key = lambda x: _id_key(x).casefold()          # noqa: E731
    found = {}
    for k, (sid, _, _) in enumerate(results):
        names = set((aliases or {}).get(sid, ())) | {sid}
        m = _CANVAS.match(sid)
        if m:
            names.add(m.group(2))
        for n in names:
            if k not in found.setdefault(key(n), []):
                found[key(n)].append(k)
    rows, owners, placed = [], [], set()
    ids = {sid for sid, _, _ in results}
    for student in roster:
        mine = found.get(key(student), [])
        for k in mine:
            placed.add(k)
            rows.append(results[k])
            owners.append(student)
        if mine:
            continue
        r = Report(assignment=a.name, submission="", output=NO_SUBMISSION, decided_status="missing")
        for task in a.tasks:
            if tasks and task.name not in tasks:
                continue
            for test in task.tests:
                r.tests.append(TestResult(task.test_title(test), task.name, 0.0, test.points, "failed", NO_SUBMISSION,
                                          test.visibility))
        sid = student
        while sid in ids:
            sid += "-missing"                      # never the id of a submission's row
        ids.add(sid)
        rows.append((sid, r, 0.0))
        owners.append(student)
    for k, row in enumerate(results):
        if k not in placed:
            rows.append(row)
            owners.append(None)
    return rows, owners



def write_csv(path, results, owners=None):
    """The gradebook: one row per entry of ``results``; with ``owners`` (``apply_roster``) a last column ``roster_id``:
    the roster's id of the student the row belongs to, or NOT ON ROSTER."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS + (["roster_id"] if owners is not None else []))
    for k, (sid, r, seconds) in enumerate(results):
        failed = "; ".join(t.name for t in r.failed())
        row = [_cell(sid), _num(r.score), _num(r.max_score), _cell(failed), r.status, f"{seconds:.2f}",
               _cell(cause(r))]
        if owners is not None:
            row.append(NOT_ON_ROSTER if owners[k] is None else _cell(owners[k]))
        w.writerow(row)
    safe_write(path, buf.getvalue())


def cause(report, width=300):
    """Why a row lost points, on one line: the message about the whole submission (it failed to import, is not
    Python...), else the first failed test's; empty at full marks. Before batch16 the gradebook of a class showed a
    0 with every test's name and no reason."""
    text = report.output or next((f"{t.name}: {t.output}" for t in report.failed()), "")
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 3] + "..."


def _cell(s):
    """No spreadsheet formula injection from a file name: quoted when it starts, after any spaces (Unicode ones too: a
    no-break or ideographic space, which the red-team pass 16 found left alone) and invisible format characters, with
    a formula's first character or its fullwidth form (a spreadsheet that trims or folds them must not see a formula)."""
    s = str(s)
    lead = s.lstrip()
    while lead[:1] and unicodedata.category(lead[0]) == "Cf":
        lead = lead[1:].lstrip()
    formula = lead[:1] in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
    return "'" + s if formula or s[:1] in ("\t", "\r") else s


def _num(x):
    x = round(float(x), 4)
    return int(x) if x == int(x) else x


def write_reports(folder, results, fmt="text", hidden="after_published", hidden_messages=False):
    """One report per submission in ``folder`` (``ID.txt`` or ``ID.json``). These are the students' reports: a failed
    hidden test says only that it failed (its message names hidden inputs: before round 17 a student shown the report
    read the hidden tests' shapes, hyper-parameters and an instructor's check's values). ``hidden_messages=True``
    writes the instructor's copies, with them (``--instructor-report-dir``)."""
    make_folder(folder)
    seen = set()                   # a group's row given once per student (apply_roster): one report
    results = [row for row in results if id(row[1]) not in seen and not seen.add(id(row[1]))]
    ext = "txt" if fmt == "text" else "json"
    exact = {safe_id(sid) for sid, _, _ in results if safe_id(sid) == sid}
    used = set()
    for sid, r, _ in results:
        name = safe_id(sid)
        if name != sid and name in exact or name in used:      # 'alice!' must not take alice's report file
            name = f"{name}-{hashlib.sha256(str(sid).encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
        while name in used:
            name += "_"
        used.add(name)
        text = r.to_text(hidden_messages=hidden_messages) if fmt == "text" else \
            r.to_json(hidden=hidden, hidden_messages=hidden_messages)
        safe_write(os.path.join(folder, f"{name}.{ext}"), text if text.endswith("\n") else text + "\n")


def terminal_progress(stream=None):
    stream = stream or sys.stderr

    def show(done, total, sid, report, seconds):
        stream.write(f"[{done}/{total}] {sid}: {_num(report.score)}/{_num(report.max_score)} "
                     f"({report.status}, {seconds:.1f} s)\n")
        stream.flush()
    return show
