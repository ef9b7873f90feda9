"""The ``minigrad-grade`` command.

    minigrad-grade ASSIGNMENT SUBMISSION... [--format text|json|gradescope] [--output FILE]
                   [--timeout SECONDS] [--deadline SECONDS] [--seed N] [--fail-under SCORE]
                   [--device cpu|cuda] [--task NAME ...] [--jobs N] [--csv FILE] [--report-dir DIR]
                   [--instructor-report-dir DIR] [--show-hidden] [--roster FILE]
                   [--hidden-visibility after_published|hidden] [--runner-user auto|USER|none]
                   [--memory-mb MB] [--cpu-seconds S]
    minigrad-grade template ASSIGNMENT [--output FILE] [--force]
    minigrad-grade gradescope-bundle ASSIGNMENT --out autograder.zip [--spec FILE] [--seed N] ...
    minigrad-grade list

Exit status: 0 after grading (whatever the score), 1 when a score is below --fail-under (a percentage of
the maximum), 2 for a usage error (unknown assignment or task, missing submission, a timeout that is not a
positive finite number, an unwritable output, an ambiguous folder).
"""
from __future__ import annotations

import argparse
import math
import os
import pwd
import sys

import minigrad
from . import judge
from .assignments import builtin_names, load_assignment
from .batch import other_submissions, CLASS_FOLDER, find_submissions, same_student, grade_many, write_csv, write_reports, terminal_progress, LayoutError, _num, apply_roster
from .roster import read_roster
from .bundle import write_bundle
from .files import make_folder
from .grader import grade, submission_folders, inside_any, seed_warning, shared_folder
from .judge import Sandbox
from .templates import render_template
from .text import clean

USAGE_ERROR = 2
SEED_ENV = "MINIGRAD_GRADE_SEED"


def _seconds(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(v) or v <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive, finite number of seconds, got {text!r}")
    return v


def _positive_int(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text!r}")
    return v


def _seed(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text!r}")
    return v


def _percent(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return v


def _grade_parser():
    p = argparse.ArgumentParser(
        prog="minigrad-grade",
        description="Grade students' reimplementations of autograd ops, Conv2d, cross-entropy or an optimizer "
                    "against minigrad's reference. The submission runs in a sandboxed runner process that only "
                    "answers questions; this process (the judge) holds the expected values and decides. Also: "
                    "`minigrad-grade template ASSIGNMENT`, `minigrad-grade gradescope-bundle ASSIGNMENT --out "
                    "autograder.zip`, `minigrad-grade list`.")
    p.add_argument("assignment", metavar="ASSIGNMENT",
                   help="a built-in assignment (autograd-ops, conv2d, cross-entropy, sgd), a spec file (.py) "
                        "defining ASSIGNMENT, or module:NAME")
    p.add_argument("submissions", metavar="SUBMISSION", nargs="+",
                   help="a student's Python file or folder; several of them, or one folder holding one submission "
                        "per file or per sub-folder, grade a whole class")
    p.add_argument("--format", choices=("text", "json", "gradescope"), default="text",
                   help="text: a table for students (default); json: Gradescope's results.json schema; "
                        "gradescope: that JSON written to /autograder/results/results.json inside Gradescope's "
                        "layout (or to --output), the text on stdout")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout (one submission)")
    p.add_argument("--timeout", type=_seconds, default=10.0, metavar="SECONDS",
                   help="time limit of each test, and of importing the submission (default 10)")
    p.add_argument("--deadline", type=_seconds, default=None, metavar="SECONDS",
                   help="time limit of a whole submission (default: 3 x --timeout, at least 30)")
    p.add_argument("--seed", type=_seed, default=None, metavar="N",
                   help=f"seed of the random inputs (default: ${SEED_ENV}, else 0)")
    p.add_argument("--fail-under", type=_percent, default=None, metavar="SCORE",
                   help="exit with status 1 if a score is below SCORE percent of the maximum")
    p.add_argument("--device", default="cpu", help="cpu (default) or cuda: where the tensors are made")
    p.add_argument("--task", action="append", metavar="NAME", help="grade only this task (repeatable)")
    p.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                   help="submissions graded at once (default: the number of CPUs, at most 4)")
    p.add_argument("--csv", metavar="FILE", help="write a gradebook: one row per submission (id, score, max_score, "
                                                 "failed_tests, status, seconds)")
    p.add_argument("--report-dir", metavar="DIR",
                   help="write each submission's report there, in --format's form: the students' copies, in which a "
                        "failed hidden test says only that it failed")
    p.add_argument("--instructor-report-dir", metavar="DIR",
                   help="write the instructor's copy of each report there, with the hidden tests' messages (they "
                        "name hidden inputs: never hand these to students); not inside --report-dir")
    p.add_argument("--show-hidden", action="store_true",
                   help="the report printed (or written with --output) is for the instructor: it shows failed hidden "
                        "tests' messages, which a student's report leaves out")
    p.add_argument("--roster", metavar="FILE",
                   help="the class list: one student id per line, or a CSV with an id column (id, sid, student id, "
                        "email...); every student on it gets a gradebook row (status missing, score 0, when nothing "
                        "of theirs was found), and submissions not on it are flagged")
    p.add_argument("--hidden-visibility", choices=("after_published", "hidden"), default="after_published",
                   help="how the spec's hidden tests appear on Gradescope: after_published (shown once grades are "
                        "published; default) or hidden (never shown to students)")
    p.add_argument("--runner-user", default="auto", metavar="auto|USER|none",
                   help="as root: auto gives each runner an unused uid of its own (default); USER runs them as that "
                        "user; none keeps the judge's user (refused as root)")
    p.add_argument("--memory-mb", type=_positive_int, default=None, metavar="MB",
                   help="address-space limit of a runner (default 4096)")
    p.add_argument("--cpu-seconds", type=_positive_int, default=None, metavar="S",
                   help="CPU-time limit of a runner (default: the submission's deadline + 10 s)")
    p.add_argument("--single", action="store_true",
                   help="SUBMISSION is one submission, even a folder whose files could be several students' "
                        "(Gradescope's /autograder/submission)")
    p.add_argument("--no-network-isolation", action="store_true",
                   help="don't put runners in a network namespace of their own")
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


def _bundle_parser():
    p = argparse.ArgumentParser(prog="minigrad-grade gradescope-bundle",
                                description="Write a Gradescope autograder zip (setup.sh, run_autograder, minigrad, "
                                            "the spec and a private seed).")
    p.add_argument("assignment", metavar="ASSIGNMENT", help="a built-in assignment, or a spec file")
    p.add_argument("--out", "-o", metavar="FILE", default="autograder.zip", help="the zip to write")
    p.add_argument("--spec", metavar="FILE", help="an instructor spec file to grade with (instead of ASSIGNMENT's)")
    p.add_argument("--seed", type=_seed, default=None, metavar="N", help="the seed (default: a random private one)")
    p.add_argument("--timeout", type=_seconds, default=10.0, metavar="SECONDS")
    p.add_argument("--deadline", type=_seconds, default=None, metavar="SECONDS")
    p.add_argument("--hidden-visibility", choices=("after_published", "hidden"), default="after_published")
    p.add_argument("--force", action="store_true", help="overwrite an existing zip")
    return p


def _error(msg):
    print(f"minigrad-grade: error: {msg}", file=sys.stderr)
    return USAGE_ERROR


def _template(argv):
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


def _bundle(argv):
    args = _bundle_parser().parse_args(argv)
    if os.path.exists(args.out) and not args.force:
        return _error(f"{args.out} already exists (use --force to overwrite it)")
    try:
        info = write_bundle(args.assignment, args.out, spec=args.spec, seed=args.seed, timeout=args.timeout,
                            deadline=args.deadline, hidden=args.hidden_visibility)
    except (ValueError, OSError) as e:
        return _error(str(e))
    if seed_warning(args.seed):
        print(seed_warning(args.seed), file=sys.stderr)
    print(f"wrote {args.out}: {info}")
    return 0


def _list():
    for name in builtin_names():
        a = load_assignment(name)
        tasks = ", ".join(t.name for t in a.tasks)
        print(f"{name:<14} {a.max_score:g} points  {tasks}")
    return 0


def _sandbox(args):
    sb = Sandbox()
    user = args.runner_user
    if user == "none":
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            raise ValueError("--runner-user none: the judge runs as root, so each submission would run as root on "
                             "this machine (able to write anywhere and to signal the judge); use the default "
                             "(--runner-user auto: an unused uid for each runner) or a user name")
        sb.user = None
    elif user != "auto":
        sb.user = int(user) if user.isdigit() else user
        if not isinstance(sb.user, int):
            try:
                pwd.getpwnam(sb.user)
            except KeyError:
                raise ValueError(f"--runner-user: no user {user!r} on this machine") from None
    if args.memory_mb:
        sb.limits["address_space"] = args.memory_mb << 20
    if args.cpu_seconds:
        sb.limits["cpu"] = args.cpu_seconds
    sb.isolate_network = not args.no_network_isolation
    return sb


def _spec_home(ref):
    """The ``sys.path`` folder a ``package.module:NAME`` assignment was imported from (the instructor's), else None."""
    if ":" not in str(ref) or str(ref).endswith(".py"):
        return None
    top = sys.modules.get(str(ref).partition(":")[0].split(".")[0])
    f = getattr(top, "__file__", None)
    if not isinstance(f, str):
        return None
    f = os.path.dirname(os.path.abspath(f))
    return os.path.dirname(f) if os.path.basename(os.path.abspath(getattr(top, "__file__", ""))) == "__init__.py" else f


def safe_import_path(submissions, path=None, keep=None):
    """Take off ``sys.path`` (or ``path``) what would let the judge import a student's file: the current folder (``''``,
    or its full path, which ``python -m`` puts first) and the submissions' folders and what is inside them. The judge
    imports some standard modules late (sysconfig, secrets, hmac, multiprocessing): before the red-team pass 11b,
    ``python -m minigrad.grading sgd .`` run in a folder holding a student's ``sysconfig.py`` ran that file in the
    judge, as the judge's user (root). minigrad itself is imported by then, and its submodules load from its own
    folder, whatever ``sys.path`` says. ``keep``: the folder a ``package.module:NAME`` assignment came from, kept when it is
    the current folder (its module may import more later) unless it holds a submission."""
    path = sys.path if path is None else path
    cwd, roots = os.path.realpath(os.getcwd()), submission_folders(submissions)
    keep = os.path.realpath(keep) if keep else None

    def unsafe(entry):
        real = os.path.realpath(entry)
        return (real == cwd and real != keep) or inside_any(entry, roots)
    path[:] = [e for e in path if isinstance(e, str) and e and not unsafe(e)]
    return path


def _overwrites_submission(outputs, submissions):
    """A message when an output (``{"--csv": path, ...}``) is a submission or lies inside one, else None. Before the
    red-team pass 13 a student's file named ``--csv=bob.py``, which the shell's ``*.py`` handed to the command line as
    an option, had the gradebook written over bob.py."""
    subs = [os.path.realpath(p) for p in submissions]
    for option, target in outputs.items():
        if not target:
            continue
        real = os.path.realpath(target)
        hit = next((s for s in subs if real == s or real.startswith(s.rstrip(os.sep) + os.sep)), None)
        if hit is not None:
            return (f"{option} {clean(target, 120)} would overwrite the submission {clean(hit, 120)}: was a file named "
                    f"like an option ('{option}={clean(os.path.basename(target), 60)}') expanded by the shell's *.py? "
                    "Put -- before the submissions, or write ./*.py")
    return None


def _mixes_report_dirs(students, instructor):
    """A message when the instructor's reports would land among the students' (the same folder, or one inside the
    other: handing out the students' folder would hand out the hidden tests' messages), else None."""
    if not students or not instructor:
        return None
    a, b = os.path.realpath(students), os.path.realpath(instructor)
    if a == b or a.startswith(b.rstrip(os.sep) + os.sep) or b.startswith(a.rstrip(os.sep) + os.sep):
        return ("--instructor-report-dir must be a folder apart from --report-dir (neither inside the other): the "
                "instructor's reports carry the hidden tests' messages, the students' must not")
    return None


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):          # a report never fails to print (C locale, pipes)
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    if argv and argv[0] == "template":
        return _template(argv[1:])
    if argv and argv[0] == "gradescope-bundle":
        return _bundle(argv[1:])
    if argv and argv[0] == "list" and len(argv) == 1:
        return _list()
    try:
        args = _grade_parser().parse_args(argv)
    except SystemExit as e:
        return USAGE_ERROR if e.code not in (0, None) else 0
    judge.KILL_ALL_ORPHANS = True          # this process starts nothing else: any unknown child is an escapee
    seed = args.seed
    if seed is None:
        env = os.environ.get(SEED_ENV, "")
        try:
            seed = int(env) if env else 0
        except ValueError:
            return _error(f"${SEED_ENV} must be an integer, got {env!r}")
        if seed < 0:
            return _error(f"${SEED_ENV} must be >= 0")
    if seed_warning(seed):
        print(seed_warning(seed), file=sys.stderr)
    try:
        a = load_assignment(args.assignment)
    except Exception as e:         # noqa: BLE001
        return _error(str(e))
    safe_import_path(args.submissions, keep=_spec_home(args.assignment))
    if args.task:
        unknown = [t for t in args.task if t not in [x.name for x in a.tasks]]
        if unknown:
            return _error(f"assignment {a.name!r} has no task {', '.join(map(repr, unknown))} (tasks: "
                          f"{', '.join(t.name for t in a.tasks)})")
    missing = [p for p in args.submissions if not os.path.exists(p)]
    if missing:
        return _error(f"no such submission: {', '.join(missing)}")
    if args.device != "cpu":
        if not args.device.startswith("cuda") or not minigrad.cuda.is_available():
            return _error(f"device {args.device!r} is not available (cuda needs CuPy and a GPU)")
    aliases = {}
    try:
        roster = read_roster(args.roster) if args.roster else None
        sandbox = _sandbox(args)
        if args.single:
            if len(args.submissions) != 1:
                return _error("--single takes one SUBMISSION")
            subs = [(os.path.basename(os.path.normpath(args.submissions[0])), os.path.abspath(args.submissions[0]))]
        else:
            subs = find_submissions(args.submissions, a, aliases=aliases)
    except (ValueError, LayoutError) as e:
        return _error(str(e))
    clash = _overwrites_submission({"--output": args.output, "--csv": args.csv, "--report-dir": args.report_dir,
                                    "--instructor-report-dir": args.instructor_report_dir}, [p for _, p in subs])
    if clash:
        return _error(clash)
    clash = _mixes_report_dirs(args.report_dir, args.instructor_report_dir)
    if clash:
        return _error(clash)
    batch = len(subs) > 1 or args.csv or args.report_dir or roster
    if batch and args.output:
        return _error("--output is for one submission; for several use --csv FILE and --report-dir DIR")
    if not batch:
        # one file of a class's folder graded on its own: the files beside a submission are given to it (its own
        # modules), and here they are other students' (`from bob import SGD`); without --single they are withheld
        others = [] if args.single else other_submissions(subs[0][1], a)
        if len(others) >= CLASS_FOLDER:
            name = clean(os.path.basename(subs[0][1]), 80)     # a student's file name: no escapes, no newlines
            print(f"minigrad-grade: warning: {len(others)} files beside {name} define "
                  f"{', '.join(t.name for t in a.tasks)} themselves (other students' submissions?): they are not given "
                  "to it. Grade the whole folder at once, or pass --single if they are this student's own modules",
                  file=sys.stderr)
        folder = os.path.dirname(os.path.normpath(subs[0][1]))
        if not args.single and not os.path.isdir(subs[0][1]) and shared_folder(folder):
            # /tmp and the like: the files beside it are anyone's (round 20: a helper.py any user could plant was read
            # and run as part of the submission)
            print(f"minigrad-grade: warning: {clean(folder, 80)} is a folder anyone may write into: the files beside "
                  f"{clean(os.path.basename(subs[0][1]), 80)} are not given to it (pass --single if they are this "
                  "student's own modules, or grade it from a folder of its own)", file=sys.stderr)
        try:
            report = grade(a, subs[0][1], seed=seed, timeout=args.timeout, deadline=args.deadline, device=args.device,
                           tasks=args.task, sandbox=sandbox, extra_path=[] if len(others) >= CLASS_FOLDER else None,
                           shared_siblings=bool(args.single))
        except ValueError as e:
            return _error(str(e))
        # a report meant for students leaves failed hidden tests' messages out (they name hidden inputs), unless
        # --show-hidden says this one is the instructor's; Gradescope's results.json keeps them only where Gradescope
        # never shows hidden tests to students (--hidden-visibility hidden); its run log (stdout) is the instructor's
        full = args.show_hidden or (args.format == "gradescope" and args.hidden_visibility == "hidden")
        try:
            text = report.write(args.format, args.output, hidden=args.hidden_visibility, hidden_messages=full)
            if args.instructor_report_dir:
                make_folder(args.instructor_report_dir)
                write_reports(args.instructor_report_dir, [(subs[0][0], report, 0.0)],
                              "text" if args.format == "text" else "json", hidden=args.hidden_visibility,
                              hidden_messages=True)
        except ValueError as e:
            return _error(str(e))
        except OSError as e:
            return _error(f"could not write the report: {e}")
        if args.format == "gradescope":
            sys.stdout.write(report.to_text())      # the run's log on Gradescope (instructors see it)
            where = args.output or "/autograder/results/results.json"
            print(f"minigrad-grade: results written to {where}", file=sys.stderr)
        elif args.output is None:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        else:
            print(f"minigrad-grade: report written to {args.output}", file=sys.stderr)
        if args.fail_under is not None and report.percent < args.fail_under:
            print(f"minigrad-grade: score {report.percent:.2f}% is below --fail-under {args.fail_under:g}",
                  file=sys.stderr)
            return 1
        return 0
    try:                               # the output folders exist and are the judge's own before anything runs
        if args.csv:
            make_folder(os.path.dirname(os.path.abspath(args.csv)))
        if args.report_dir:
            make_folder(args.report_dir)
        if args.instructor_report_dir:
            make_folder(args.instructor_report_dir)
    except (OSError, ValueError) as e:
        return _error(f"cannot write the results there: {e}")
    for who, found in same_student([sid for sid, _ in subs]):
        print(f"minigrad-grade: warning: {len(found)} files look like one student's, {clean(who, 120)}: "
              f"{', '.join(found)}; each is graded as its own row: keep the one that counts (a resubmission?) or "
              "grade the student's files as one folder", file=sys.stderr)
    jobs = args.jobs or max(1, min(4, os.cpu_count() or 1))
    results = grade_many(a, subs, jobs=jobs, seed=seed, timeout=args.timeout, deadline=args.deadline,
                         device=args.device, tasks=args.task, sandbox=sandbox, progress=terminal_progress(),
                         warn=lambda text: print(text, file=sys.stderr))
    owners = None
    if roster is not None:
        results, owners = apply_roster(results, roster, a, tasks=args.task, aliases=aliases)
        strangers = [sid for (sid, _, _), who in zip(results, owners) if who is None]
        if strangers:
            shown = ", ".join(strangers[:20]) + (f" and {len(strangers) - 20} more" if len(strangers) > 20 else "")
            print(f"minigrad-grade: warning: {len(strangers)} submission(s) not on the roster: {shown} (a file named "
                  "otherwise than the roster's id, a student who left, or an upload that is no student's?); their rows "
                  "say NOT ON ROSTER", file=sys.stderr)
        if len({id(r) for _, r, _ in results}) < len(results):
            print("minigrad-grade: a group's submission has a row for each of its students on the roster",
                  file=sys.stderr)
    try:
        if args.csv:
            write_csv(args.csv, results, owners)
            print(f"minigrad-grade: gradebook written to {args.csv}", file=sys.stderr)
        if args.report_dir:
            write_reports(args.report_dir, results, "text" if args.format == "text" else "json",
                          hidden=args.hidden_visibility)
            print(f"minigrad-grade: {len(results)} reports written to {args.report_dir} (for students: failed hidden "
                  "tests' messages left out)", file=sys.stderr)
        if args.instructor_report_dir:
            write_reports(args.instructor_report_dir, results, "text" if args.format == "text" else "json",
                          hidden=args.hidden_visibility, hidden_messages=True)
            print(f"minigrad-grade: {len(results)} instructor's reports (with hidden tests' messages) written to "
                  f"{args.instructor_report_dir}", file=sys.stderr)
    except (OSError, ValueError) as e:
        return _error(f"could not write the results: {e}")
    width = max(len("Submission"), max(len(s) for s, _, _ in results))       # ids are clean and distinct as read
    print(f"{'Submission':<{width}}  Score     Status")
    for k, (sid, r, _) in enumerate(results):
        flag = "" if owners is None else "  (NOT ON ROSTER)" if owners[k] is None else \
            f"  (roster: {owners[k]})" if owners[k] != sid else ""
        print(f"{sid:<{width}}  {str(_num(r.score)) + '/' + str(_num(r.max_score)):<8}  {r.status}{flag}")
    statuses = [r.status for _, r, _ in results]
    counts = ", ".join(f"{statuses.count(s)} {s}" for s in sorted(set(statuses)))
    if owners is None:
        print(f"{len(results)} submissions: " + counts)
    else:
        print(f"{len(results)} rows ({len(roster)} students on the roster, {owners.count(None)} "
              f"submission(s) not on it): " + counts)
    if args.fail_under is not None and any(r.percent < args.fail_under for _, r, _ in results):
        return 1
    return 0
