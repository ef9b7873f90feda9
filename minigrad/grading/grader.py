"""``grade()``: every test of an assignment on one submission.

The judge (this process) holds the assignment, draws the inputs, computes the references and decides
every verdict. The submission runs in one runner process (``judge.RemoteSubmission``), started once and
again only after it crashed, timed out or said something malformed. Before anything runs, the judge
reads the submission's source (``static.py``): tampering scores 0, reference use is a failed test of its
own (and refused at run time).
"""
from __future__ import annotations

import contextlib
import difflib
import math
import functools
import os
import sys
import threading
import time
import zlib

import numpy as np

from . import function_checks, optimizer_checks
from .assignments import load_assignment
from .checks import student_message, describe_error, CONTEXT
from .files import check_submission, compiled_files, holds_no_code, SubmissionError
from .judge import RemoteSubmission, RunnerFailure, StudentFailed, Sandbox, preloadable, restore_startup_files, \
    startup_baseline
from .remote import call_custom
from .report import Report, TestResult
from .spec import Fail, hints_for
from .static import analyze, graded_bodies
from .text import clean, clean_block

SHOWN_PRINT = 1000        # characters of a submission's printing shown under a failed visible test
MAX_TIMEOUTS = 2          # after this many tests of a task time out, its other tests are not run
MAX_STARTS = 12           # runner starts per submission (the first, then restarts after crashes)
MAX_CRASHES = 2           # after this many tests of a task end the runner, its other tests are not run
OWN_WORK = "Own work: graded functionality"
SANDBOX_NOTE = "Own work: unusual code"
COMPILED_NOTE = "Own work: compiled code left out"
NUMERIC_NOTE = "Own work: derivative by numbers?"
COPIED_NOTE = "Own work: copied from minigrad?"
INSTALLATION_NOTE = "Sandbox: the grader's Python installation changed"
# some cases are large (10^4-10^5 entries): a backward must cost about what its forward costs
TOO_SLOW = "an endless loop, or far too slow (Python loops over elements instead of array operations?)"
TOO_SLOW_FN = ("an endless loop, or far too slow (Python loops over elements instead of array operations, or a "
               "backward that runs the forward once per input entry, as finite differences do?)")


GUESSABLE_SEED = 1 << 48


def seed_warning(seed):
    """A warning for a private seed small enough to be found by trying them all, or None. Any visible test's inputs,
    which the submission is given (and may print into its report), are drawn from the seed: a submission can try every
    seed until one draws them (a few microseconds each), and from it every hidden test's inputs, for a later grading
    with that seed. Seed 0 is public anyway (the built-in assignments' default)."""
    if seed is None or not 0 < int(seed) < GUESSABLE_SEED:
        return None
    return (f"minigrad-grade: warning: the seed {int(seed)} is small enough to be found by trying every seed against a "
            "visible test's inputs, which the submission is given; give a private seed of 64 random bits "
            "(python -c 'import secrets; print(secrets.randbits(64))')")


def default_deadline(timeout):
    """The whole submission's time limit when none is given: three test time limits, at least 30 s."""
    return max(30.0, 3.0 * float(timeout))


def test_rng(seed, task_name, test_name):
    """The generator of one test: depends only on the seed and the names."""
    return np.random.default_rng([int(seed), zlib.crc32(task_name.encode()), zlib.crc32(test_name.encode())])


def check_limits(timeout, deadline=None, seed=0):
    for name, v in (("timeout", timeout), ("deadline", deadline)):
        if v is None and name == "deadline":
            continue
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number of seconds, got {v!r}") from None
        if not math.isfinite(f) or f <= 0:
            raise ValueError(f"{name} must be a positive, finite number of seconds, got {v!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")


# The checks of each kind of task (``Task.kind``): ``validate_<kind>(task, info)`` and ``check_<name>`` for
# each of the task's ``check_names``. A callable check (any kind of task) goes through ``remote.call_custom``.
CHECKS = {"function": function_checks, "optimizer": optimizer_checks}


def validate(task, info):
    """A message if what the submission defines under ``task.name`` (the runner's description ``info``)
    can't be graded at all; None when it can."""
    module = CHECKS.get(task.kind)
    return getattr(module, "validate_" + task.kind)(task, info) if module else None


def run_test(task, test, rs, rng, device):
    """Run one test against the runner ``rs``; return normally to pass, raise ``Fail`` to fail."""
    if callable(test.check):
        return call_custom(task, test, rs, rng, device)
    module = CHECKS.get(task.kind)
    if module is None or not hasattr(module, "check_" + test.check):
        raise Fail(f"{task.title}: the check {test.check!r} is not available for this task")
    return getattr(module, "check_" + test.check)(task, test, rs, rng, device)


def missing_message(task, names):
    close = difflib.get_close_matches(task.name, names, n=1, cutoff=0.6)
    close += [n for n in names if n.lower() == task.name.lower() and n not in close]
    msg = f"your submission does not define `{task.name}`"
    if task.expected:
        msg += f" ({task.expected})"
    if close:
        msg += f"; did you mean `{clean(close[0], 60)}`? Names are case-sensitive"
    return msg


def import_message(info, shown):
    kind = info.get("kind")
    file = clean(info.get("file") or shown, 80)
    if kind == "exit":
        return (f"importing your submission ({file}) called sys.exit({clean(info.get('code', ''), 40)}): put script "
                "code under `if __name__ == \"__main__\":` so that importing the file only defines things")
    if info.get("type") == "SyntaxError" or (info.get("type") in ("IndentationError", "TabError")):
        line = info.get("line") if isinstance(info.get("line"), int) and 0 <= info.get("line") < 10 ** 9 else "?"
        message = clean(info.get('message', ''), 200)
        if "null bytes" in message:       # before batch16 a file saved as UTF-16 got only "syntax error at line ?"
            message += ("; the file holds NUL bytes: was it saved as UTF-16 (Windows Notepad's \"Unicode\")? Save it as "
                        "UTF-8 and submit it again")
        return f"your submission ({file}) has a syntax error at line {line}: {message}"
    return f"importing your submission ({file}) failed: {describe_error(info)}"


def shared_folder(folder):
    """Whether anyone may write into ``folder`` (``/tmp``, ``/var/tmp``, ``/dev/shm``, a class drop box): the files beside a
    submission there are anyone's, so none of them is given to it. Before round 20 a file graded from /tmp imported a
    ``helper.py`` that any user of the machine could have put there, and the file beside it was read and run as part of
    the submission."""
    try:
        return bool(os.stat(folder).st_mode & 0o002)
    except OSError:
        return False


def submission_folders(submissions):
    """The real paths of the folders that hold the submissions (a file's folder, a folder itself)."""
    roots = set()
    for sub in submissions:
        sub = os.path.abspath(os.fspath(sub))
        roots.add(os.path.realpath(sub if os.path.isdir(sub) else os.path.dirname(sub)))
    return roots


def inside_any(entry, roots):
    """Whether the ``sys.path`` entry ``entry`` is one of ``roots`` or inside one ('' is the current folder), leaving out
    Python's own folders inside one (a submission in /root, above a Python installed under /root/.pyenv: taking the
    standard library off sys.path made the judge's late ``import sysconfig`` fail)."""
    real = os.path.realpath(entry or ".")
    if real in roots:
        return True
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix) if p}
    if any(real == p or real.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes) or \
            os.path.basename(real) in ("site-packages", "dist-packages"):
        return False
    return any(real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


_PATH_LOCK = threading.Lock()
_PATH_TAKEN = {"active": 0, "entries": []}


@contextlib.contextmanager
def off_import_path(submissions):
    """The submissions' folders (and what is inside them) off ``sys.path`` while they are graded, put back after the
    last grading of this process ends. The judge imports some standard modules late (sysconfig, multiprocessing's
    secrets and hmac): before the red-team pass 12, ``grade("sgd", "alice.py")`` called from a notebook or a script
    in the class's folder ran a student's ``sysconfig.py`` there, in the judge (the command line took them off
    already, for good)."""
    roots = submission_folders(submissions)
    with _PATH_LOCK:
        _PATH_TAKEN["active"] += 1
        for i in range(len(sys.path) - 1, -1, -1):
            if isinstance(sys.path[i], str) and inside_any(sys.path[i], roots):
                _PATH_TAKEN["entries"].append((i, sys.path.pop(i)))
    try:
        yield
    finally:
        with _PATH_LOCK:
            _PATH_TAKEN["active"] -= 1
            if not _PATH_TAKEN["active"]:
                for i, entry in sorted(_PATH_TAKEN["entries"], key=lambda x: x[0]):
                    sys.path.insert(min(i, len(sys.path)), entry)
                _PATH_TAKEN["entries"].clear()


def _again_after_parser_race(fn):
    """Run ``fn`` again (twice at most) when it fails with CPython 3.11's "AST constructor recursion depth
    mismatch": ast.parse shares that count between threads, so a batch worker's parse (or traceback formatting,
    which parses too) can break another's -- the judge's own doing, never the submission's (its code runs in
    the runner), which once gave a correct submission 0 as an internal grader error."""
    @functools.wraps(fn)
    def again(*args, **kwargs):
        for attempt in range(3):
            try:
                return fn(*args, **kwargs)
            except SystemError as e:
                if "recursion depth mismatch" not in str(e) or attempt == 2:
                    raise
    return again


@_again_after_parser_race
def grade(assignment, submission, *, seed=0, timeout=10.0, device="cpu", tasks=None, jobs=None, deadline=None,
          sandbox=None, extra_path=None, read_source=True, hide=(), shared_siblings=False) -> Report:
    """Grade ``submission`` (a .py file or a folder) on ``assignment`` (a built-in name, a spec file, or an
    Assignment loaded from one). ``timeout``: seconds per test (and for importing the submission);
    ``deadline``: seconds for the whole submission (default ``max(30, 3 * timeout)``); ``tasks``: only
    these task names; ``sandbox``: a ``judge.Sandbox`` (limits, user, network). ``jobs`` is accepted for
    compatibility: one submission runs in one runner (``grade_many`` grades submissions in parallel).
    ``read_source=False`` skips the reading of the source (the run-time defences still hold). ``hide``: more
    paths the runner must not see (batch mode: the class's original folders and the judge's copies of them).
    The submission's folder is off ``sys.path`` while it is graded (``off_import_path``). A file or a package graded on
    its own gets the ``.py`` files beside it, except in a folder anyone may write into (``shared_folder``: /tmp), unless
    ``shared_siblings``."""
    with off_import_path([submission]):
        return _grade(assignment, submission, seed=seed, timeout=timeout, device=device, tasks=tasks,
                      deadline=deadline, sandbox=sandbox, extra_path=extra_path, read_source=read_source, hide=hide,
                      shared_siblings=shared_siblings)


def _grade(assignment, submission, *, seed, timeout, device, tasks, deadline, sandbox, extra_path, read_source, hide,
           shared_siblings=False):
    start = time.monotonic()
    a = load_assignment(assignment)
    check_limits(timeout, deadline, seed)
    seed, timeout = int(seed), float(timeout)
    total = float(deadline) if deadline is not None else default_deadline(timeout)
    selected = list(range(len(a.tasks)))
    if tasks:
        names = {t.name: i for i, t in enumerate(a.tasks)}
        unknown = [n for n in tasks if n not in names]
        if unknown:
            raise ValueError(f"assignment {a.name!r} has no task {', '.join(map(repr, unknown))} (tasks: "
                             f"{', '.join(names)})")
        selected = sorted({names[n] for n in tasks})
    submission = os.path.abspath(os.fspath(submission))
    report = Report(assignment=a.name, submission=submission, seed=seed, device=device)
    outcomes = {}                      # (task index, test index) -> (passed, message, printed, chars)
    general = ""

    status = ""
    if not os.path.exists(submission):
        general = "the submission does not exist: nothing was graded"
    elif not (os.path.isdir(submission) or submission.endswith(".py")):
        general = f"the submission {clean(os.path.basename(submission), 80)} is not a Python file (.py) or a folder" + \
            not_python_fix([submission])
    elif os.path.isdir(submission) and not os.path.exists(os.path.join(submission, "__init__.py")) and \
            not any(f.endswith(".py") for f in os.listdir(submission)):
        inner = wrapped_folder(submission)
        if inner is None:
            general = f"the submission folder {clean(os.path.basename(submission), 80)} holds no Python file (.py)" + \
                not_python_fix(os.listdir(submission))
        else:
            submission = inner
    status = "missing" if general else ""
    if not general and extra_path is not None and os.path.islink(submission):
        # batch mode: one student's entry that points at another's (or at any file the judge can read) is not theirs
        general = ("the submission is a symbolic link to another file or folder: it was not graded (submit the file "
                   "itself)")
    if not general:
        try:
            check_submission(submission)
        except SubmissionError as e:
            general = f"the submission cannot be graded: {e}. Nothing was run"
    if not general and holds_no_code(submission):
        general = (f"the submission {clean(os.path.basename(os.path.normpath(submission)), 80)} is empty: it holds no "
                   "code (only blank lines, comments or a docstring), so nothing was graded. Was the wrong file "
                   "uploaded, or the file submitted before it was saved?")
        status = "empty"
    compiled = [] if general else compiled_files(submission)
    if compiled and not os.path.isdir(submission):
        general = ("the submission is compiled code or an archive, not Python source: it was not run (submit the "
                   ".py file)")
    if general and not status:
        status = "rejected"
    imports, read, left_out = set(), set(), set()
    # a file or a package graded on its own gets the .py files beside it (judge.copy_submission): those it imports
    # are read too
    beside = os.path.dirname(os.path.normpath(submission)) if extra_path is None and (
        not os.path.isdir(submission) or os.path.exists(os.path.join(submission, "__init__.py"))) and \
        (shared_siblings or not shared_folder(os.path.dirname(os.path.normpath(submission)))) else None
    findings = [] if general or not read_source else analyze(submission, list(a.forbid) + list(a.guard),
                                                                  allow_torch=getattr(a, "allow_torch", False),
                                                                  imports=imports, siblings=beside, read=read,
                                                                  left_out=left_out,
                                                                  graded=graded_bodies(a.forbid, a.guard_ops))
    tamper = [f for f in findings if f.kind == "tamper"]
    forbidden = [f for f in findings if f.kind == "forbidden"]
    unusual = [f for f in findings if f.kind == "unusual"]
    numeric = [f for f in findings if f.kind == "numeric"]
    copied = [f for f in findings if f.kind == "copied"]
    too_large = [f for f in findings if f.kind == "too_large"]
    if too_large or tamper:
        status = "rejected"
    if too_large:
        general = (f"the submission is too large to check: {too_large[0].what}. Submit only your solution's "
                   "code (data belongs in files the grader does not need). Nothing was run")
    elif tamper:
        shown = "; ".join(f"{clean(f.what, 60)} ({clean(f.file, 60)} line {f.line})" for f in tamper[:5])
        general = (f"your submission uses what graded code may not use: {shown}. These reach around the grader "
                   "(frames, code objects, processes, signals, dynamic imports, exec); remove them. Nothing was run")

    rs = None
    notes = []                         # (task, text): 0-point notes that are not a failure of any test
    if not general and selected:
        # a file or a package may import the modules next to it (copied beside it for the runner), except in
        # batch mode (extra_path=[]), where its neighbours are other students' files
        package = os.path.isdir(submission) and os.path.exists(os.path.join(submission, "__init__.py"))
        siblings = extra_path is None and (package or not os.path.isdir(submission)) and \
            (shared_siblings or not shared_folder(os.path.dirname(os.path.normpath(submission))))
        startup_baseline()
        rs = RemoteSubmission(submission, assignment=a, sandbox=sandbox or Sandbox(), device=device, seed=seed,
                              timeout=timeout, deadline=start + total, extra_path=extra_path or [],
                              siblings=siblings and (read if read_source else True), hide=hide,
                              preload=preloadable(imports, submission, getattr(a, "allow_torch", False)),
                              torch_stub=not read_source or any(n.split(".")[0] == "torch" for n in imports),
                              leave_out=left_out)
        # a graph of the student's own (static.GRAPH_EDGES): wrong gradients' messages name its two classic mistakes
        rs.own_graph = next(((f.what, f.file, f.line) for f in findings if f.kind == "graph"), None)
        events = set()
        general = _run(a, selected, rs, outcomes, seed, timeout, device, total, start, events, notes)
        status = ("not_importable" if general else "timed_out" if "timed_out" in events else
                  "crashed" if "crashed" in events else "graded")
        report.sandbox = dict(rs.facts)
        if str(rs.facts.get("other copies of minigrad", "")).startswith("readable"):
            # under the judge's uid with no mount namespace the runner could write into the judge's installation: a
            # .pth or sitecustomize there runs in every later Python of it, the judge's next grading and other
            # students' runners included (before the red-team pass 16 one stayed); put back and said
            planted = restore_startup_files()
            if planted:
                shown = ", ".join(clean(p if len(p) <= 120 else "..." + p[-117:], 120) for p in planted[:5]) + (f" and {len(planted) - 5} more"
                                                                         if len(planted) > 5 else "")
                # their names in a hidden note: a name is the submission's to choose, and one planted during a hidden
                # test could spell out its inputs in a visible note (before round 19 it did)
                report.tests.append(TestResult(
                    name=INSTALLATION_NOTE, task="", score=0.0, max_score=0.0, status="failed", visibility="visible",
                    output=(f"a note, worth no points: {len(planted)} file(s) that every Python of the grader's "
                            "installation runs at start changed while this submission was graded (with no sandbox "
                            "around it). The grader put them back; your instructor is told which")))
                report.tests.append(TestResult(
                    name=f"{INSTALLATION_NOTE} (details)", task="", score=0.0, max_score=0.0, status="failed",
                    visibility="hidden", output=f"the files changed (the grader put them back): {shown}"))

    for ti in selected:
        task = a.tasks[ti]
        for i, test in enumerate(task.tests):
            passed, message, printed, chars = outcomes.get((ti, i), (False, general or "not run", "", 0))
            if not passed and message != general and task.title not in message:
                message = f"{task.title}: {message}"
            report.tests.append(TestResult(
                name=task.test_title(test), task=task.name, score=test.points if passed else 0.0,
                max_score=test.points, status="passed" if passed else "failed",
                output=_output(passed, message, printed, chars, test), visibility=test.visibility))
    if forbidden and not tamper:
        uses = "; ".join(f"{clean(f.what, 80)} ({clean(f.file, 60)} line {f.line})" for f in forbidden[:5])
        report.tests.append(TestResult(
            name=OWN_WORK, task="", score=0.0, max_score=0.0, status="failed", visibility="visible",
            output=(f"your submission uses the graded functionality instead of implementing it: {uses}. The "
                    f"{a.name} assignment does not allow it: it raises an error when your code runs")))
    for task_name, text in notes:
        report.tests.append(TestResult(name=f"{task_name}: more than one definition", task=task_name, score=0.0,
                                       max_score=0.0, status="failed", visibility="visible",
                                       output=f"a note, worth no points: {text}"))
    if compiled and os.path.isdir(submission):
        shown = ", ".join(clean(f, 60) for f in compiled[:5]) + (f" and {len(compiled) - 5} more" if len(compiled) > 5 else "")
        report.tests.append(TestResult(
            name=COMPILED_NOTE, task="", score=0.0, max_score=0.0, status="failed", visibility="visible",
            output=(f"a note, worth no points: these files were not given to your code: {shown}. Compiled code "
                    "(.so, .pyd, .pyc...), .pth files and archives (.zip, .egg, .whl, any zip) run code that cannot be "
                    "read, so the grader leaves them out: submit Python source only")))
    # 0-point notes from the reading of the source: advice for whoever reads the report, never a verdict
    for kind_of, name, after in ((unusual, SANDBOX_NOTE, "Graded code rarely needs this; it runs in a sandbox where "
                                  "processes, ctypes, re-importing minigrad or torch, and reading minigrad's files raise "
                                  "an error"),
                                 (numeric, NUMERIC_NOTE, "A backward computed from the forward by numbers (finite "
                                  "differences, the complex step) gives the same values as a derived one, so the tests "
                                  "cannot tell them apart: your instructor may read this code"),
                                 (copied, COPIED_NOTE, "That is minigrad's own implementation of what this assignment "
                                  "grades, copied in (its variables may be renamed): the graded code must be your own, "
                                  "and your instructor may read this code")):
        if kind_of and not tamper and not too_large:
            uses = "; ".join(f"{clean(f.what, 80)} ({clean(f.file, 60)} line {f.line})" for f in kind_of[:5])
            report.tests.append(TestResult(name=name, task="", score=0.0, max_score=0.0, status="failed",
                                           visibility="visible",
                                           output=f"a note, worth no points: your submission uses {uses}. {after}"))
    report.output = general
    report.decided_status = status or ("not_importable" if general else "graded")
    report.execution_time = time.monotonic() - start
    return report


def _run(a, selected, rs, outcomes, seed, timeout, device, total, start, events=None, notes=None):
    """Run the selected tasks' tests in ``rs``; fills ``outcomes``; returns a message about the whole
    submission ("" if none)."""
    CONTEXT.visible = True
    try:
        try:
            rs.start()
        except StudentFailed as e:
            return import_message(e.info, os.path.basename(rs.path))
        except RunnerFailure as e:
            return _start_failure(e, timeout)
        # the tests whose messages students read run first, every task's, then the hidden ones: a submission sees a
        # hidden test's inputs and could keep them and show them (printed, or in an error's message) under a visible
        # test run later. Before the red-team pass 18 autograd-ops ran Add's hidden tests before Mul's visible ones,
        # and a Mul that raised what Add had been given put Add's hidden shapes in the students' report
        state = {}                           # task index: [problem, stop, timeouts, crashes]
        kinds = [t.visibility == "hidden" for ti in selected for t in a.tasks[ti].tests]
        for hidden in (False, True):
            if hidden and rs.runner is not None and kinds != sorted(kinds):
                # where that changed the spec's order, the hidden tests get a runner of their own (not a restart
                # after a crash): they find what earlier hidden tests left, not what later tasks' visible tests did
                rs.close()
                rs.starts -= 1
            for ti in selected:
                task = a.tasks[ti]
                order = [i for i, t in enumerate(task.tests) if (t.visibility == "hidden") == hidden]
                if not order:
                    continue
                if ti not in state:
                    stop = None
                    try:
                        rs.begin_test(timeout)
                        info = rs.inspect(task.name)
                        where = info.get("defined_in") if isinstance(info.get("defined_in"), list) else []
                        if len(where) > 1 and notes is not None:
                            files = ", ".join(clean(w, 60) for w in where[:5])
                            notes.append((task.name, f"{clean(task.name, 60)} is defined in more than one file of "
                                                 f"the submission ({files}): the one in {clean(where[0], 60)} was "
                                                 "graded (a file named after the task or the assignment first, then in alphabetical "
                                                 "order); remove the others"))
                        problem = (missing_message(task, rs.names) if not info.get("found") else validate(task, info))
                    except (RunnerFailure, StudentFailed) as e:
                        problem = None
                        stop = _failure_words(e, timeout)
                    except Exception as e:    # noqa: BLE001 - a malformed description of the task (a forged answer)
                        # before the red-team pass 11b this ended the grading with a traceback: no report, no
                        # results.json
                        problem = (f"the grader could not read your code's description of {clean(task.name, 60)} "
                                   f"({type(e).__name__}): every test of it fails")
                    state[ti] = [problem, stop, 0, 0]
                problem, stop, timeouts, crashes = state[ti]
                for i in order:
                    test = task.tests[i]
                    if problem or stop:
                        outcomes[ti, i] = (False, problem or stop, "", 0)
                        continue
                    if rs.past_deadline():
                        if events is not None:
                            events.add("timed_out")
                        outcomes[ti, i] = (False, f"not run: the submission's time limit of {total:g} s was "
                                                  "reached", "", 0)
                        continue
                    if timeouts >= MAX_TIMEOUTS:
                        outcomes[ti, i] = (False, f"not run: {timeouts} earlier tests of {task.title} did not "
                                                  "finish in time", "", 0)
                        continue
                    if crashes >= MAX_CRASHES:
                        outcomes[ti, i] = (False, f"not run: your code ended or broke the grading process in "
                                                  f"{crashes} earlier tests of {task.title}", "", 0)
                        continue
                    if rs.runner is None and rs.starts >= MAX_STARTS:
                        outcomes[ti, i] = (False, f"not run: your code ended or broke the grading process "
                                                  f"{rs.starts} times", "", 0)
                        continue
                    limit = float(test.timeout) if test.timeout is not None else timeout
                    rs.begin_test(limit)
                    CONTEXT.visible = test.visibility == "visible"
                    try:
                        run_test(task, test, rs, test_rng(seed, task.name, test.name), device)
                        outcomes[ti, i] = (True, "", "", 0)
                    except Fail as f:
                        message = str(f)
                        hints = [h for h in hints_for(test.hint, f) if h not in message]
                        if hints:
                            message = message.rstrip(".") + ". Hint: " + " ".join(hints)
                        outcomes[ti, i] = (False, message, rs.printed, rs.printed_chars)
                    except StudentFailed as e:
                        outcomes[ti, i] = (False, str(student_message(e.info, f"{task.name}")), rs.printed,
                                           rs.printed_chars)
                    except RunnerFailure as e:
                        if events is not None:
                            events.add("timed_out" if e.kind in ("timeout", "deadline") else "crashed")
                        if e.kind == "timeout":
                            timeouts += 1
                            words = f"did not finish within {limit:g} s: " + \
                                (TOO_SLOW_FN if getattr(task, "kind", "") == "function" else TOO_SLOW)
                            if rs.past_deadline():
                                words = f"did not finish: the submission's time limit of {total:g} s was reached"
                        else:
                            crashes += 1
                            words = _failure_words(e, limit)
                        outcomes[ti, i] = (False, words, rs.printed, rs.printed_chars)
                    except Exception as e:          # noqa: BLE001 - a malformed answer the checks could not read
                        outcomes[ti, i] = (False, f"the grader could not read your code's answer in this test "
                                                  f"({type(e).__name__}); if your code looks right, tell your "
                                                  "instructor", rs.printed, rs.printed_chars)
                state[ti][2:] = [timeouts, crashes]
        return ""
    finally:
        rs.close()


def not_python_fix(names):
    """What to do about the notebooks and archives among ``names`` (file names), as ": ..." (empty when none): they are
    how students often hand in code, and before batch16 the grader only said "not a Python file"."""
    exts = {os.path.splitext(str(n))[1].lower() for n in names}
    tips = []
    if ".ipynb" in exts:
        tips.append("a notebook (.ipynb) is not graded: save its code as a .py file (Jupyter: File > Download as > "
                    "Python, or `jupyter nbconvert --to script NAME.ipynb`) and submit that")
    if ".zip" in exts:
        tips.append("an archive (.zip) is not unpacked: unzip it and submit its .py files (or grade the unzipped folder)")
    return ": " + "; ".join(tips) if tips else ""


def wrapped_folder(folder):
    """The one folder inside ``folder`` when that is all it holds (besides files that are not Python, hidden entries,
    ``__MACOSX`` and ``__pycache__``) and it holds Python files: a zip of the student's folder, as Gradescope unpacks
    it (``submission/hw3/sgd.py``), followed down a few such folders (``submission/HW 3/src/sgd.py``: before batch16
    it scored 0). Before the red-team pass 10 such a submission scored 0 ("holds no Python file")."""
    inner = folder
    try:
        for _ in range(4):
            with os.scandir(inner) as it:
                entries = [e for e in it if not e.name.startswith(".") and e.name not in ("__MACOSX", "__pycache__")]
            dirs = [e for e in entries if e.is_dir(follow_symlinks=False)]
            if len(dirs) != 1:
                return None
            inner = dirs[0].path
            if any(f.endswith(".py") for f in os.listdir(inner)):
                return inner
    except OSError:
        return None
    return None


def _start_failure(e, timeout):
    if e.kind == "timeout":
        return (f"importing your submission did not finish within {timeout:g} s: an endless loop, or slow work "
                "(training, downloads) at import time? Put script code under `if __name__ == \"__main__\":`")
    if e.kind == "died":
        return (f"the grading process ended while importing your submission ({e}): os._exit() at import time, or "
                "a crash")
    if e.kind == "deadline":
        return "the submission's time limit was reached before it could be imported"
    if e.kind == "protocol":
        return f"importing your submission broke the grading process: {e} (did it write to the grader's channel?)"
    return f"internal grader error (not your fault; tell your instructor): {clean(str(e), 500)}"


def _failure_words(e, limit):
    if isinstance(e, StudentFailed):
        return str(student_message(e.info, "your submission"))
    if e.kind == "timeout":
        return f"did not finish within {limit:g} s: {TOO_SLOW}"
    if e.kind == "died":
        return (f"the grading process ended during this test ({e}): your code called os._exit() or crashed the "
                "interpreter")
    if e.kind == "protocol":
        return f"{e}: the test fails (did your code write to the grader's channel or close it?)"
    if e.kind == "deadline":
        return "not run: the submission's time limit was reached"
    if e.kind == "start":
        if isinstance(e, RunnerFailure) and "ended" not in str(e):
            return f"the grading process could not be restarted after an earlier failure: {clean(str(e), 300)}"
    return f"internal grader error: {clean(str(e), 300)}"


def _output(passed, message, printed, chars, test):
    if passed:
        return ""
    text = message
    if chars and printed and test.visibility == "visible":
        shown = printed[:SHOWN_PRINT]
        more = f" (the first {len(shown)} of {chars} characters)" if chars > len(shown) else ""
        text += f"\n\nYour code printed{more}:\n{clean_block(shown, SHOWN_PRINT)}"
    return text
