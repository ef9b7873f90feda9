"""``grade()``: every test of an assignment on one submission, each task in worker processes of its own.

The first task runs alone: if the submission can't be imported (an exception, ``sys.exit``, an endless
loop at import time) that is known after one process and every task gets the same message. Otherwise
the other tasks run a few at a time in parallel.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

from .assignments import load_assignment
from .report import Report, TestResult
from .sandbox import run_task, Outcome, TaskRun

DEFAULT_JOBS = 4          # tasks at once: workers mostly wait (startup, time limits), so more than the CPUs
SHOWN_PRINT = 1000        # characters of a submission's printing shown under a failed visible test


def grade(assignment, submission, *, seed=0, timeout=10.0, device="cpu", tasks=None, jobs=None) -> Report:
    """Grade ``submission`` (a .py file or a folder) on ``assignment`` (a built-in name, a spec file, or
    an Assignment loaded from one). ``tasks`` limits grading to some task names; ``timeout`` is the time
    limit of each test in seconds; ``jobs`` how many tasks run at once (default 4)."""
    start = time.monotonic()
    a = load_assignment(assignment)
    if a.source is None:
        raise ValueError("grade() needs an assignment it can load again in a worker process: a built-in name, a "
                         "spec file, or module:NAME (an Assignment built in memory can't be passed on)")
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}")
    selected = list(range(len(a.tasks)))
    if tasks:
        names = {t.name: i for i, t in enumerate(a.tasks)}
        unknown = [n for n in tasks if n not in names]
        if unknown:
            raise ValueError(f"assignment {a.name!r} has no task {', '.join(map(repr, unknown))} (tasks: "
                             f"{', '.join(names)})")
        selected = sorted({names[n] for n in tasks})
    submission = os.path.abspath(os.fspath(submission))
    runs, general = {}, ""

    def one(ti):
        task = a.tasks[ti]
        cfg = dict(assignment=a.source, task=ti, submission=submission, seed=int(seed), device=device)
        limits = {i: float(t.timeout) for i, t in enumerate(task.tests) if t.timeout is not None}
        try:
            return run_task(cfg, list(range(len(task.tests))), float(timeout), limits)
        except Exception as e:         # noqa: BLE001 - the grader reports, it does not crash
            run = TaskRun()
            run.outcomes = {i: Outcome(False, f"internal grader error: {type(e).__name__}: {e}")
                            for i in range(len(task.tests))}
            return run

    if not os.path.exists(submission):
        general = f"the submission {submission} does not exist: nothing was graded"
    elif selected:
        first = one(selected[0])
        runs[selected[0]] = first
        if first.submission_problem:
            general = first.submission_problem
        else:
            rest = selected[1:]
            n = jobs or DEFAULT_JOBS
            with ThreadPoolExecutor(max_workers=n) as pool:
                for ti, run in zip(rest, pool.map(one, rest)):
                    runs[ti] = run

    report = Report(assignment=a.name, submission=submission, output=general, seed=int(seed), device=device)
    for ti in selected:
        task = a.tasks[ti]
        run = runs.get(ti)
        for i, test in enumerate(task.tests):
            if run is None:
                outcome = Outcome(False, general)
            else:
                outcome = run.outcomes.get(i) or Outcome(False, "not run")
            if not outcome.passed and outcome.message != general and task.title not in outcome.message:
                outcome.message = f"{task.title}: {outcome.message}"     # every message names the task
            report.tests.append(TestResult(
                name=task.test_title(test), task=task.name, score=test.points if outcome.passed else 0.0,
                max_score=test.points, status="passed" if outcome.passed else "failed",
                output=_output(outcome, test), visibility=test.visibility))
    report.execution_time = time.monotonic() - start
    return report


def _output(outcome, test):
    if outcome.passed:
        return ""
    text = outcome.message
    if outcome.printed_chars and test.visibility == "visible":
        shown = outcome.printed[:SHOWN_PRINT]
        more = (f" (the first {len(shown)} of {outcome.printed_chars} characters)"
                if outcome.printed_chars > len(shown) else "")
        text += f"\n\nYour code printed{more}:\n{shown.rstrip()}"
    return text
