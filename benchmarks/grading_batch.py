"""Throughput of ``minigrad-grade`` on a class: submissions graded per minute with ``--jobs N``.

    python benchmarks/grading_batch.py [--students 40] [--jobs 2] [--assignment all]

Builds a class folder from the repository's corpus (a mix of correct and buggy submissions of the
assignment, as a real class is), grades it through the command line in one process with ``--jobs N``
and ``--csv``, and prints submissions per minute. With ``--assignment all`` it does this for each
built-in assignment. Run it on an otherwise idle machine: the figure is wall-clock.
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUBS = os.path.join(ROOT, "tests", "grading", "submissions")

# self-contained corpus files (no imports of sibling files), correct ones first
CORPUS = {
    "autograd-ops": ["autograd_ops_correct.py", "autograd_ops_correct_tensor_ops.py"],
    "conv2d": ["conv2d_correct.py"],
    "cross-entropy": ["cross_entropy_correct.py", "cross_entropy_correct_probs.py", "ce_sum_not_mean.py",
                      "ce_no_max_subtraction.py", "ce_backward_no_mean.py", "ce_ignores_upstream.py"],
    "sgd": ["sgd_correct.py", "sgd_correct_data.py", "sgd_zero_buffer.py", "sgd_mutates_grad.py",
            "sgd_decay_after_momentum.py", "sgd_buffer_aliases_grad.py", "sgd_ignores_groups.py",
            "probe_sgd_state_by_shape.py"],
}


def build_class(folder, assignment, n):
    files = CORPUS[assignment]
    for k in range(n):
        shutil.copyfile(os.path.join(SUBS, files[k % len(files)]), os.path.join(folder, f"student{k:03d}.py"))


def run(assignment, students, jobs):
    with tempfile.TemporaryDirectory() as tmp:
        cls = os.path.join(tmp, "class")
        os.mkdir(cls)
        build_class(cls, assignment, students)
        gradebook = os.path.join(tmp, "grades.csv")
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        start = time.monotonic()
        out = subprocess.run([sys.executable, "-m", "minigrad.grading", assignment, cls, "--jobs", str(jobs), "--csv",
                              gradebook], capture_output=True, text=True, env=env)
        took = time.monotonic() - start
        if out.returncode != 0:
            raise SystemExit(out.stdout + out.stderr)
        with open(gradebook, newline="") as f:
            rows = list(csv.DictReader(f))
    assert len(rows) == students
    per_minute = 60.0 * students / took
    slowest = max(float(r["seconds"]) for r in rows)
    return per_minute, took, slowest


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", type=int, default=40)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--assignment", default="all", choices=["all"] + sorted(CORPUS))
    args = p.parse_args()
    names = sorted(CORPUS) if args.assignment == "all" else [args.assignment]
    print(f"{os.cpu_count()} CPUs, --jobs {args.jobs}, {args.students} submissions per assignment")
    print(f"{'assignment':<14} {'per minute':>10} {'total s':>8} {'slowest s':>9}")
    for a in names:
        per_minute, took, slowest = run(a, args.students, args.jobs)
        print(f"{a:<14} {per_minute:>10.0f} {took:>8.1f} {slowest:>9.2f}")


if __name__ == "__main__":
    main()
