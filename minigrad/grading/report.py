"""Grading results and their three forms: a text table for students, JSON in Gradescope's
``results.json`` schema, and that JSON written where Gradescope reads it."""
from __future__ import annotations

import json
import os
import textwrap
from dataclasses import dataclass, field

GRADESCOPE_RESULTS = "/autograder/results/results.json"


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

    def to_dict(self):
        return {"name": self.name, "score": _num(self.score), "max_score": _num(self.max_score),
                "status": self.status, "output": self.output, "visibility": self.visibility,
                "extra_data": {"task": self.task}}


@dataclass
class Report:
    assignment: str
    submission: str
    tests: list = field(default_factory=list)
    output: str = ""             # messages about the whole submission (e.g. it failed to import)
    execution_time: float = 0.0
    seed: int = 0
    device: str = "cpu"

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
    def to_dict(self):
        """Gradescope's results.json schema (plus ``max_score``)."""
        summary = f"{self.assignment}: {_num(self.score)}/{_num(self.max_score)} points"
        return {"score": _num(self.score), "max_score": _num(self.max_score),
                "execution_time": round(self.execution_time, 2),
                "output": (self.output + "\n\n" + summary).strip() if self.output else summary,
                "visibility": "visible", "stdout_visibility": "hidden",
                "tests": [t.to_dict() for t in self.tests]}

    def to_json(self, indent=2):
        return json.dumps(self.to_dict(), indent=indent)

    def to_text(self, width=100):
        rows = [(t.name, f"{_num(t.score)}/{_num(t.max_score)}", "passed" if t.passed else "FAILED",
                 "" if t.visibility == "visible" else t.visibility) for t in self.tests]
        w0 = max([len("Test")] + [len(r[0]) for r in rows])
        w1 = max([len("Score")] + [len(r[1]) for r in rows])
        lines = [f"minigrad-grade {self.assignment}: {os.path.basename(self.submission.rstrip(os.sep))}", ""]
        if self.output:
            lines += textwrap.wrap(self.output, width) + [""]
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
            if groups and groups[-1][0][-1].task == t.task and groups[-1][1] == t.output:
                groups[-1][0].append(t)
            else:
                groups.append(([t], t.output))
        if groups:
            lines += ["", "What went wrong", "---------------"]
            for tests, output in groups:
                names = tests[0].name if len(tests) == 1 else \
                    tests[0].name + ", " + ", ".join(t.name.split(": ", 1)[-1] for t in tests[1:])
                lines += textwrap.wrap(names + ":", width)
                for para in output.split("\n"):
                    wrapped = textwrap.wrap(para, width - 4) or [""]
                    lines += ["    " + ln for ln in wrapped]
        return "\n".join(lines) + "\n"

    def write(self, fmt="text", path=None):
        """The report as text/json; ``path`` (default: stdout for text and json, Gradescope's
        results.json for "gradescope") receives it. Returns the text written."""
        text = self.to_text() if fmt == "text" else self.to_json()
        if fmt == "gradescope" and path is None:
            path = GRADESCOPE_RESULTS
        if path is not None:
            folder = os.path.dirname(os.path.abspath(path))
            os.makedirs(folder, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text if text.endswith("\n") else text + "\n")
        return text


def _num(x):
    x = round(float(x), 4)
    return int(x) if x == int(x) else x
