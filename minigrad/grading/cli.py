"""The ``minigrad-grade`` command.

    minigrad-grade ASSIGNMENT SUBMISSION [--format text|json|gradescope] [--output FILE]
                   [--timeout SECONDS] [--seed N] [--fail-under SCORE] [--device cpu|cuda]
                   [--task NAME ...] [--jobs N]
    minigrad-grade template ASSIGNMENT [--output FILE] [--force]
    minigrad-grade list

Exit status: 0 after grading (whatever the score), 1 when the score is below --fail-under (a
percentage of the maximum; the built-in assignments are worth 100 points, so it is also their score),
2 for a usage error (unknown assignment, unwritable output).
"""
from __future__ import annotations

import argparse
import os
import sys

USAGE_ERROR = 2


def _grade_parser():
    p = argparse.ArgumentParser(
        prog="minigrad-grade",
        description="Grade a student's reimplementation of autograd ops, Conv2d, cross-entropy or an optimizer "
                    "against minigrad's reference. Also: `minigrad-grade template ASSIGNMENT` writes a starter "
                    "file, `minigrad-grade list` lists the built-in assignments.")
    p.add_argument("assignment", metavar="ASSIGNMENT",
                   help="a built-in assignment (autograd-ops, conv2d, cross-entropy, sgd), a spec file (.py) "
                        "defining ASSIGNMENT, or module:NAME")
    p.add_argument("submission", metavar="SUBMISSION", help="the student's Python file, or a folder of them")
    p.add_argument("--format", choices=("text", "json", "gradescope"), default="text",
                   help="text: a table for students (default); json: Gradescope's results.json schema; "
                        "gradescope: that JSON written to /autograder/results/results.json (or --output)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                   help="time limit of each test, and of importing the submission (default 10)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="seed of the random inputs (default 0)")
    p.add_argument("--fail-under", type=float, default=None, metavar="SCORE",
                   help="exit with status 1 if the score is below SCORE percent of the maximum")
    p.add_argument("--device", default="cpu", help="cpu (default) or cuda: where the tensors are made")
    p.add_argument("--task", action="append", metavar="NAME", help="grade only this task (repeatable)")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="tasks graded at once (default 4)")
    return p


def _template_parser():
    p = argparse.ArgumentParser(prog="minigrad-grade template",
                                description="Write a starter file for an assignment: the expected class names, "
                                            "docstrings with the maths, NotImplementedError bodies.")
    p.add_argument("assignment", metavar="ASSIGNMENT")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="where to write it (default: ASSIGNMENT.py in the current folder, with - for _; "
                        "'-' prints it)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    return p


def _error(msg):
    print(f"minigrad-grade: error: {msg}", file=sys.stderr)
    return USAGE_ERROR


def _template(argv):
    from .templates import render_template
    from .assignments import load_assignment
    args = _template_parser().parse_args(argv)
    try:
        a = load_assignment(args.assignment)
        text = render_template(a)
    except Exception as e:         # noqa: BLE001 - an instructor's spec may fail in any way
        return _error(str(e))
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    path = args.output or a.name.replace("-", "_") + ".py"
    if os.path.exists(path) and not args.force:
        return _error(f"{path} already exists (use --force to overwrite it)")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {path}: implement the classes, then run  minigrad-grade {args.assignment} {path}")
    return 0


def _list():
    from .assignments import builtin_names, load_assignment
    for name in builtin_names():
        a = load_assignment(name)
        tasks = ", ".join(t.name for t in a.tasks)
        print(f"{name:<14} {a.max_score:g} points  {tasks}")
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "template":
        return _template(argv[1:])
    if argv and argv[0] == "list" and len(argv) == 1:
        return _list()
    args = _grade_parser().parse_args(argv)
    from .grader import grade
    from .assignments import load_assignment
    if args.timeout <= 0:
        return _error("--timeout must be positive")
    if args.seed < 0:
        return _error("--seed must be >= 0")
    try:
        load_assignment(args.assignment)
    except Exception as e:         # noqa: BLE001
        return _error(str(e))
    if args.device != "cpu":
        import minigrad
        if not args.device.startswith("cuda") or not minigrad.cuda.is_available():
            return _error(f"device {args.device!r} is not available (cuda needs CuPy and a GPU)")
    try:
        report = grade(args.assignment, args.submission, seed=args.seed, timeout=args.timeout, device=args.device,
                       tasks=args.task, jobs=args.jobs)
    except ValueError as e:
        return _error(str(e))
    try:
        text = report.write(args.format, args.output)
    except OSError as e:
        return _error(f"could not write the report: {e}")
    if args.output is None and args.format != "gradescope":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    elif args.format == "gradescope":
        sys.stdout.write(report.to_text())       # the run's log on Gradescope (instructors see it)
    if args.fail_under is not None and report.percent < args.fail_under:
        print(f"minigrad-grade: score {report.percent:.2f}% is below --fail-under {args.fail_under:g}",
              file=sys.stderr)
        return 1
    return 0
