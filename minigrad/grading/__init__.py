"""Grading student reimplementations of autograd ops, Conv2d, cross-entropy and optimizers.

    minigrad-grade ASSIGNMENT SUBMISSION [--format text|json|gradescope] [--output FILE] ...
    python -m minigrad.grading ASSIGNMENT SUBMISSION ...

or from Python::

    report = minigrad.grading.grade("autograd-ops", "student.py")
    print(report.to_text())

Modules:
  spec.py              Assignment, tasks (FunctionTask, OptimizerTask, Task), Test, Case, Steps, inputs (the
                       vocabulary: it imports no other module of the grader)
  assignments/         the built-in assignments (autograd-ops, conv2d, cross-entropy, sgd) and loading specs
  judge side (trusted: holds the spec, draws inputs, computes references, decides):
  grader.py            grade() of one submission, and which check runs each test;  batch.py  many submissions,
                       CSV, report folder
  checks.py            answers as data, comparing, messages;  text.py  cleaning untrusted text
  function_checks.py   forward / backward (called directly) / finite differences / through autograd
  optimizer_checks.py  multi-step trajectories against a reference optimizer, p.grad left unchanged
  remote.py            custom checks call the submission's object through the runner
  static.py            reading the submission's source: reference use, tampering
  judge.py             starting, questioning (with deadlines) and killing a runner;  protocol.py  the frames
  strip.py             the copy of minigrad a runner imports: the assignment's graded code replaced in the source
  files.py             reading a submission's folder (bounded; compiled code left out), writing the judge's files
  runner side (untrusted: imports the submission, answers with data only):
  runner.py            sandbox (other copies of minigrad covered), refusing torch, the questions it answers
  report.py            text / Gradescope JSON;  templates.py  starter files;  bundle.py  Gradescope autograder
  cli.py               the minigrad-grade command
"""
# under ``python -m minigrad.grading`` the current folder stays off sys.path while the grader's own modules load too:
# they import standard modules that minigrad does not (argparse, csv, difflib, logging, queue, shlex...), and a
# student's difflib.py in the folder the grader was started from ran in the judge, as root (red-team pass 12;
# cli.safe_import_path came too late for these). It is put back after, for an instructor's package.module:NAME spec;
# the CLI then takes it off for good
from .. import _current_folder_off_path, _back_on_path

_TAKEN = _current_folder_off_path()
from .spec import (Assignment, Task, FunctionTask, OptimizerTask, Test, Case, Steps, Same, Fail, Hint, randn, uniform,
                   randint, choice, transposed, VISIBILITIES)
from .assignments import load_assignment, builtin_names
from .grader import grade
from .report import Report, TestResult
from .templates import render_template
if _TAKEN:
    from . import cli as _cli  # noqa: F401 - the CLI's own imports too, while the current folder is off sys.path
    _back_on_path(_TAKEN)

__all__ = ["Assignment", "Task", "FunctionTask", "OptimizerTask", "Test", "Case", "Steps", "Same", "Fail", "Hint",
           "randn", "uniform", "randint", "choice", "transposed", "VISIBILITIES", "load_assignment", "builtin_names", "grade", "Report", "TestResult",
           "render_template"]
