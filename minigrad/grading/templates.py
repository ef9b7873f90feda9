"""Starter files: the classes an assignment expects, with the maths to implement in their docstrings
and ``raise NotImplementedError`` bodies (``minigrad-grade template ASSIGNMENT``)."""
from __future__ import annotations

import os

from .assignments import load_assignment
from .spec import FunctionTask, OptimizerTask


def render_template(assignment) -> str:
    a = load_assignment(assignment)
    cli_name = a.source or a.name
    if os.path.isabs(cli_name):
        rel = os.path.relpath(cli_name)
        cli_name = cli_name if rel.startswith("..") else rel
    head = a.description.strip() or f"The {a.name} assignment."
    lines = [f'"""{head}\n\nGrade this file with:\n\n    minigrad-grade {cli_name} THIS_FILE.py\n"""']
    if a.preamble is not None:
        lines.append(a.preamble.strip())
    else:
        imports = ["import minigrad"]
        if any(isinstance(t, FunctionTask) and t.require_function for t in a.tasks):
            imports.append("from minigrad.autograd import Function")
        if any(isinstance(t, OptimizerTask) for t in a.tasks):
            imports.append("from minigrad.optim import Optimizer")
        lines.append("\n".join(imports))
    for task in a.tasks:
        lines.append(task.template().rstrip())
    return "\n\n\n".join(lines) + "\n"
