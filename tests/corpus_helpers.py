"""Shared by the grading-corpus tests: buggy files written at test time from a correct base by exact text edits,
and each assignment's files graded once, in one batch."""
from __future__ import annotations

import os
import pathlib

from minigrad.grading.batch import grade_many


def write_variant(here, variants, name, folder):
    """The buggy file ``name`` (``variants[name]``: its correct base in ``here`` and (old, new) edits, each old
    text found exactly once), written into ``folder``; its path."""
    base, edits = variants[name]
    text = pathlib.Path(here, base).read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, (name, old)
        text = text.replace(old, new)
    folder.joinpath(name).write_text(text, encoding="utf-8")
    return str(folder / name)


def batch_grader(here, cases, variants, folder):
    """``reports(assignment)`` -> {file: Report}: the assignment's files in ``cases`` graded once, two at a time
    (variants written into ``folder`` first, the others graded from ``here``)."""
    done = {}

    def reports(assignment):
        if assignment not in done:
            subs = [(n, write_variant(here, variants, n, folder) if n in variants else os.path.join(here, n))
                    for n in cases[assignment]]
            done[assignment] = {sid: rep for sid, rep, _ in grade_many(assignment, subs, jobs=2)}
        return done[assignment]
    return reports
