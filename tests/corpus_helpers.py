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


def check_graded(report, expected):
    """``report`` (out of 100) as ``expected``: (score, the names of the failed tests in order (None: any), words that
    the failed tests' messages must contain)."""
    score, failed, words = expected
    assert report.score == score and report.max_score == 100, report.to_text()
    assert failed is None or [t.name for t in report.failed()] == failed, report.to_text()
    said = " ".join(" ".join(t.output for t in report.failed()).split())
    missing = [w for w in words if w not in said]
    assert not missing, (missing, report.to_text())


def check_complete(here, cases, variants, folders=()):
    """Every file of the corpus in ``here`` (its .py files and ``folders``) is graded in ``cases`` and none is forgotten;
    the variants are not on disk and their bases are. Returns the names on disk."""
    names = {n for files in cases.values() for n in files}
    on_disk = {n for n in os.listdir(here) if n.endswith(".py") and n != "conftest.py" or n in folders}
    assert names == on_disk | set(variants) and not on_disk & set(variants)
    assert all(base in on_disk for base, _ in variants.values())
    return on_disk
