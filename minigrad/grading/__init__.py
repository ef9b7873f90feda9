"""Grading student reimplementations of autograd ops, Conv2d, cross-entropy and optimizers.

    minigrad-grade ASSIGNMENT SUBMISSION [--format text|json|gradescope] [--output FILE] ...
    python -m minigrad.grading ASSIGNMENT SUBMISSION ...

or from Python::

    report = minigrad.grading.grade("autograd-ops", "student.py")
    print(report.to_text())

Modules:
  spec.py              Assignment, tasks (FunctionTask, OptimizerTask, Task), Test, Case, Steps, inputs
  assignments/         the built-in assignments (autograd-ops, conv2d, cross-entropy, sgd) and loading specs
  checks.py            calling student code safely, comparing, messages
  function_checks.py   forward / backward (called directly) / finite differences / through autograd
  optimizer_checks.py  multi-step trajectories against a reference optimizer, p.grad left unchanged
  submission.py        importing a submission (file, package or folder)
  worker.py            the process that runs one task's tests;  sandbox.py  time limits, restarts
  grader.py            grade();  report.py  text / Gradescope JSON;  templates.py  starter files
  cli.py               the minigrad-grade command
"""
from .spec import (Assignment, Task, FunctionTask, OptimizerTask, Test, Case, Steps, Same, Fail, randn, uniform,
                   randint, VISIBILITIES)
from .assignments import load_assignment, builtin_names
from .grader import grade
from .report import Report, TestResult
from .templates import render_template

__all__ = ["Assignment", "Task", "FunctionTask", "OptimizerTask", "Test", "Case", "Steps", "Same", "Fail", "randn",
           "uniform", "randint", "VISIBILITIES", "load_assignment", "builtin_names", "grade", "Report", "TestResult",
           "render_template"]
