"""Whole small programs (round fifteen), written in the style of well-known tutorials and textbook examples, run
unchanged under torch and under the import swap (``import minigrad as torch``, ``import minigrad.nn as nn``, ...).
Each program in tests/programs15/ prints what its tutorial prints (losses, shapes, values); the two printouts must
agree: the same text, and every number within a small tolerance."""
from __future__ import annotations

import contextlib
import io
import pathlib
import re
import warnings

import pytest

HERE = pathlib.Path(__file__).parent / "programs15"
PROGRAMS = sorted(p.name for p in HERE.glob("p*.py"))
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|nan|inf")


def swap_imports(source):
    """The program with each ``import torch...`` / ``from torch... import`` line pointed at minigrad."""
    source = re.sub(r"^(\s*)import torch\s*$", r"\1import minigrad as torch", source, flags=re.M)
    return re.sub(r"^(\s*)(import|from) torch\b", r"\1\2 minigrad", source, flags=re.M)


def run(name, lib):
    """The program's printout under ``lib`` ("torch" or "minigrad"); an exception's class and message otherwise."""
    source = (HERE / name).read_text(encoding="utf-8")
    if lib == "minigrad":
        source = swap_imports(source)
    out = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(out):
        warnings.simplefilter("ignore")
        try:
            exec(compile(source, f"{lib}:{name}", "exec"), {"__name__": "__main__"})
        except Exception as e:  # noqa: BLE001 -- a crash is reported as the program's last line
            print(f"CRASH {type(e).__name__}: {e}")
    return out.getvalue()


def compare(t, m, rtol=2e-4, atol=2e-5):
    """'identical', 'close' (every number within rtol/atol, the words the same), or 'different'/'crash'."""
    if "CRASH" in m:
        return "crash"
    if t == m:
        return "identical"
    tn, mn = NUMBER.findall(t), NUMBER.findall(m)
    words = [re.sub(r"\s+", "", NUMBER.sub("#", s)) for s in (t, m)]     # (a sign takes a padding space's place)
    if words[0] != words[1] or len(tn) != len(mn):
        return "different"
    for a, b in zip(tn, mn):
        a, b = float(a), float(b)
        if not (a == b or abs(a - b) <= atol + rtol * abs(a)):
            return "different"
    return "close"


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_prints_what_torch_prints(name):
    t, m = run(name, "torch"), run(name, "minigrad")
    assert "CRASH" not in t, t
    assert compare(t, m) in ("identical", "close"), f"--- torch\n{t}\n--- minigrad\n{m}"


def test_the_programs_are_there_and_swap_every_import():
    assert len(PROGRAMS) >= 40
    for name in PROGRAMS:
        swapped = swap_imports((HERE / name).read_text(encoding="utf-8"))
        assert not re.search(r"^\s*(import|from) torch\b", swapped, flags=re.M), name
        assert "minigrad" in swapped, name


if __name__ == "__main__":                      # python tests/test_programs15.py [-v] [names]: the verdicts
    import sys
    verbose = "-v" in sys.argv
    for name in [n for n in PROGRAMS if any(a in n for a in sys.argv[1:] if a != "-v")] or PROGRAMS:
        t, m = run(name, "torch"), run(name, "minigrad")
        print(f"{compare(t, m):10s} {name}")
        if verbose and t != m:
            print(f"--- torch\n{t}--- minigrad\n{m}")
