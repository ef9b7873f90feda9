"""Grading results and their three forms: a text table for students, JSON in Gradescope's
``results.json`` schema (only its documented keys), and that JSON written where Gradescope reads it.

Every string is made valid UTF-8 without control characters (``text.valid``) on the way out, whatever
it quotes; the submission's own text was already bounded and cleaned (``text.clean``) where it entered
a message.
"""
from __future__ import annotations

import json
import os
import textwrap
from dataclasses import dataclass, field

from .files import safe_write
from .text import valid, clean

GRADESCOPE_RESULTS = "/autograder/results/results.json"
# Gradescope's spec: "hidden" tests are never shown to students; "after_published" once grades are
# published. A spec's "hidden" tests are reported with the visibility the instructor chooses.
HIDDEN_CHOICES = ("after_published", "hidden")
# what a report meant for students says in place of a failed hidden test's message: the message names the hidden
# inputs (shapes, hyper-parameters, an instructor's check may quote values), so it stays in the instructor's copy
WITHHELD = "a hidden test: what went wrong is not shown here (it is in the instructor's report)"
# A hidden test's pass or fail (and so the total) is still one bit a submission can steer with what it was given
# ("fail when the first shape is over 100"): each resubmission learns that bit of each hidden test. The grader leaves
# the choice of when students see it to the platform: Gradescope's JSON marks hidden tests after_published (the
# default: shown once grades are published, after the deadline) or hidden (never); the text reports and --report-dir
# show each hidden test's row, so hand those out after the deadline, not before.


@dataclass
class TestResult:
    name: str                  # "Add: backward"
    task: str                  # "Add"
    score: float
    max_score: float
    status: str                # "passed" or "failed"
    output: str                # the message (empty when passed)
    visibility: str            # visible, hidden, after_due_date, after_published

    @property
    def passed(self):
        return self.status == "passed"

    def shown(self, hidden_messages=True):
        """The message as a report shows it: a failed hidden test's is ``WITHHELD`` unless ``hidden_messages``."""
        if hidden_messages or self.visibility != "hidden" or not self.output:
            return self.output
        return WITHHELD

    def to_dict(self, number=None, hidden="after_published", hidden_messages=True):
        d = {"name": valid(self.name), "score": _num(self.score), "max_score": _num(self.max_score),
             "status": self.status, "output": valid(self.shown(hidden_messages)), "output_format": "text",
             "visibility": hidden if self.visibility == "hidden" else self.visibility}
        if number is not None:
            d["number"] = str(number)
        if self.task:
            d["tags"] = [valid(self.task)]
        return d


@dataclass
class Report:
    assignment: str
    submission: str
    tests: list = field(default_factory=list)
    output: str = ""             # messages about the whole submission (e.g. it failed to import)
    execution_time: float = 0.0
    seed: int = 0
    device: str = "cpu"
    sandbox: dict = field(default_factory=dict)      # what held in the runner's sandbox (for instructors)
    decided_status: str = ""     # set by grade() from what happened (never from message text, which quotes students)

    @property
    def status(self):
        """graded, missing, empty, rejected (tampering), not_importable, timed_out or crashed: for gradebooks."""
        if self.decided_status:
            return self.decided_status
        out = self.output or ""
        if "does not exist" in out or "is not a Python file" in out or "holds no Python file" in out:
            return "missing"
        if out.startswith("your submission uses what graded code may not use"):
            return "rejected"
        if out:
            return "not_importable"
        msgs = " ".join(t.output for t in self.tests)
        if "did not finish" in msgs:
            return "timed_out"
        if "the grading process ended" in msgs:
            return "crashed"
        return "graded"

    @property
    def score(self):
        return sum(t.score for t in self.tests)

    @property
    def max_score(self):
        return sum(t.max_score for t in self.tests)

    @property
    def percent(self):
        return 100.0 * self.score / self.max_score if self.max_score else 100.0

    def task_scores(self):
        """{task: (score, max_score)} in the assignment's order."""
        out = {}
        for t in self.tests:
            s, m = out.get(t.task, (0.0, 0.0))
            out[t.task] = (s + t.score, m + t.max_score)
        return out

    def failed(self):
        return [t for t in self.tests if not t.passed]

    def test(self, name):
        for t in self.tests:
            if t.name == name:
                return t
        raise KeyError(name)

    # ------------------------------------------------------------------ formats
    def to_dict(self, hidden="after_published", hidden_messages=True):
        """Gradescope's results.json: top-level score, max_score, execution_time, output, output_format,
        visibility, stdout_visibility, extra_data, tests (each: name, number, score, max_score, status,
        output, output_format, tags, visibility). ``hidden``: the Gradescope visibility of the spec's
        "hidden" tests (after_published, the default, or hidden: never shown). ``hidden_messages=False``: a report
        meant for students, in which a failed hidden test says only that it failed (``WITHHELD``)."""
        if hidden not in HIDDEN_CHOICES:
            raise ValueError(f"hidden tests' visibility must be one of {', '.join(HIDDEN_CHOICES)}, got {hidden!r}")
        summary = f"{self.assignment}: {_num(self.score)}/{_num(self.max_score)} points"
        return {"score": _num(self.score), "max_score": _num(self.max_score),
                "execution_time": round(self.execution_time, 2),
                "output": valid((self.output + "\n\n" + summary).strip() if self.output else summary),
                "output_format": "text", "visibility": "visible", "stdout_visibility": "hidden",
                "extra_data": {"assignment": valid(self.assignment), "status": self.status},
                "tests": [t.to_dict(i + 1, hidden, hidden_messages) for i, t in enumerate(self.tests)]}

    def to_json(self, indent=2, hidden="after_published", hidden_messages=True):
        return json.dumps(self.to_dict(hidden, hidden_messages), indent=indent, ensure_ascii=True, allow_nan=False)

    def to_text(self, width=100, hidden_messages=True):
        """The table and what went wrong; ``hidden_messages=False``: a report meant for students (a failed hidden
        test's message is ``WITHHELD``)."""
        rows = [(t.name, f"{_num(t.score)}/{_num(t.max_score)}", "passed" if t.passed else "FAILED",
                 "" if t.visibility == "visible" else t.visibility) for t in self.tests]
        w0 = max([len("Test")] + [len(r[0]) for r in rows])
        w1 = max([len("Score")] + [len(r[1]) for r in rows])
        lines = [f"minigrad-grade {self.assignment}: {clean(os.path.basename(self.submission.rstrip(os.sep)), 120)}", ""]
        if self.output:
            lines += textwrap.wrap(valid(self.output).replace("\n", " "), width) + [""]
        lines.append(f"{'Test':<{w0}}  {'Score':>{w1}}  Result")
        lines.append(f"{'-' * w0}  {'-' * w1}  ------")
        for name, score, status, vis in rows:
            lines.append(f"{name:<{w0}}  {score:>{w1}}  {status}{'  (' + vis + ')' if vis else ''}".rstrip())
        lines.append(f"{'-' * w0}  {'-' * w1}  ------")
        lines.append(f"{'Total':<{w0}}  {_num(self.score)}/{_num(self.max_score)}")
        groups = []           # consecutive failures of one task with the same message are told once
        for t in self.failed():
            if not t.output or t.output == self.output:
                continue
            output = t.shown(hidden_messages)
            if groups and groups[-1][0][-1].task == t.task and groups[-1][1] == output:
                groups[-1][0].append(t)
            else:
                groups.append(([t], output))
        if groups:
            lines += ["", "What went wrong", "---------------"]
            for tests, output in groups:
                names = tests[0].name if len(tests) == 1 else \
                    tests[0].name + ", " + ", ".join(t.name.split(": ", 1)[-1] for t in tests[1:])
                lines += textwrap.wrap(names + ":", width)
                for para in valid(output).split("\n"):
                    if para.startswith("| "):           # what the submission printed: kept as it is, indented
                        lines.append("    " + para)
                        continue
                    wrapped = textwrap.wrap(para, width - 4) or [""]
                    lines += ["    " + ln for ln in wrapped]
        return valid("\n".join(lines) + "\n")

    def write(self, fmt="text", path=None, hidden="after_published", hidden_messages=True):
        """The report as text/json; ``path`` (default: stdout for text and json; for "gradescope",
        Gradescope's results.json, only inside Gradescope's layout) receives it. Returns the text.
        ``hidden_messages=False``: meant for students (failed hidden tests' messages withheld)."""
        text = self.to_text(hidden_messages=hidden_messages) if fmt == "text" else \
            self.to_json(hidden=hidden, hidden_messages=hidden_messages)
        if fmt == "gradescope" and path is None:
            if not os.path.isdir(os.path.dirname(GRADESCOPE_RESULTS)):
                raise ValueError("--format gradescope without --output writes /autograder/results/results.json, "
                                 "but this is not Gradescope's autograder layout (/autograder/results does not "
                                 "exist): give --output FILE")
            path = GRADESCOPE_RESULTS
        if path is not None:
            safe_write(path, text if text.endswith("\n") else text + "\n")
        return text


def _num(x):
    x = round(float(x), 4)
    return int(x) if x == int(x) else x
