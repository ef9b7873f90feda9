"""``minigrad-grade gradescope-bundle``: a Gradescope autograder zip.

The zip holds ``setup.sh`` (installs NumPy and this copy of minigrad, world-readable, so the runner's
unprivileged user can import it), ``run_autograder`` (grades ``/autograder/submission`` into
``/autograder/results/results.json``), the ``minigrad`` package, the spec when it is an instructor's file,
and ``seed``: ``random`` (each run draws a fresh 64-bit seed, written to the run's log, which students don't see)
or the seed given with ``--seed``, readable by root only, handed to the grader through the environment (never
on a command line, which every process can read). Gradescope runs ``run_autograder`` as root: the judge
then runs each submission's runner under a uid of its own.

``run_autograder`` honours ``AUTOGRADER_ROOT`` (default /autograder) and ``PYTHON`` (default python3), so
that the bundle can be tried in any folder shaped like Gradescope's.
"""
from __future__ import annotations

import os
import shlex
import stat
import zipfile

import minigrad
from .assignments import load_assignment, BUILTIN

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image.
set -euo pipefail
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq python3 python3-pip >/dev/null 2>&1 || true
python3 -m pip install --quiet numpy || python3 -m pip install --quiet --break-system-packages numpy
SITE="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
rm -rf "$SITE/minigrad"
cp -r /autograder/source/minigrad "$SITE/minigrad"
chmod -R a+rX "$SITE/minigrad"
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for each submission (as root). Grades /autograder/submission with minigrad-grade:
# the judge keeps the spec and the seed; the submission runs in a sandboxed runner under a uid of its own.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{PYTHON:-python3}}"
SRC="$ROOT/source"
chmod 700 "$SRC" 2>/dev/null || true                     # spec and seed: the judge's only
export PYTHONPATH="$SRC${{PYTHONPATH:+:$PYTHONPATH}}"
SEED="$(cat "$SRC/seed")"
if [ "$SEED" = "random" ]; then                          # fresh inputs for every run: answers recorded from an
    SEED="$("$PYTHON" -c 'import secrets; print(secrets.randbits(64))')"   # earlier run can't be replayed
fi
echo "grading seed: $SEED (minigrad-grade --seed $SEED reproduces this run)"
export MINIGRAD_GRADE_SEED="$SEED"
mkdir -p "$ROOT/results"
cd "$SRC"
"$PYTHON" -m minigrad.grading {assignment} "$ROOT/submission" --single --format gradescope \\
    --output "$ROOT/results/results.json" --hidden-visibility {hidden} --timeout {timeout}{deadline}
"""


def _package_root():
    return os.path.dirname(os.path.abspath(minigrad.__file__))


def write_bundle(assignment, out, *, spec=None, seed=None, timeout=10.0, deadline=None, hidden="after_published"):
    """Write the zip; returns a one-line description."""
    ref = spec or assignment
    a = load_assignment(ref)                 # fails early on a bad spec
    key = str(assignment).replace("_", "-").lower()
    if spec is None and key in BUILTIN:
        arg = key
        spec_text = None
    else:
        path = spec or assignment
        if not os.path.isfile(path):
            raise ValueError(f"{path}: not a built-in assignment or a spec file")
        with open(path, encoding="utf-8") as f:
            spec_text = f.read()
        arg = "spec.py"
    # by default every run draws a fresh 64-bit seed: hidden inputs seen (or their answers worked out) in one run
    # are of no use in the next, and the seed cannot be found again from anything the runner is given
    seed = "random" if seed is None else int(seed)
    run = RUN.format(assignment=shlex.quote(arg), hidden=hidden, timeout=f"{float(timeout):g}",
                     deadline=f" --deadline {float(deadline):g}" if deadline else "")
    root = _package_root()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name, text, mode=0o644):
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
        add("setup.sh", SETUP, 0o755)
        add("run_autograder", run, 0o755)
        add("seed", f"{seed}\n", 0o600)
        if spec_text is not None:
            add("spec.py", spec_text, 0o600)
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for f in sorted(files):
                if f.endswith((".pyc", ".pyo")):
                    continue
                full = os.path.join(folder, f)
                rel = os.path.join("minigrad", os.path.relpath(full, root))
                with open(full, "rb") as fh:
                    add(rel, fh.read())
    return f"{a.name}, {a.max_score:g} points; upload it as the autograder of a Gradescope programming assignment"


def unpack(zip_path, dest):
    """Extract like Gradescope does (keeping the executable bits)."""
    with zipfile.ZipFile(zip_path) as z:
        for info in z.infolist():
            target = os.path.join(dest, info.filename)
            if not os.path.abspath(target).startswith(os.path.abspath(dest) + os.sep):
                raise ValueError(f"unsafe path in the zip: {info.filename}")
            z.extract(info, dest)
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                os.chmod(target, mode)
