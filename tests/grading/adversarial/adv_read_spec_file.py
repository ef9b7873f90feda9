"""Leak: at import, reads the instructor's spec file (its path is given in SPEC below by the test), its compiled
copy, and lists the folder the submission came from (in batch mode: the other students' files), then puts
what it read in an exception message, which the judge copies into this student's own report."""
import os

SPEC = "/nonexistent/spec.py"                  # the test writes a copy of this file with the real path
out = []
for path in (SPEC, os.path.join(os.path.dirname(SPEC), "__pycache__")):
    try:
        if os.path.isdir(path):
            out.append("LISTED " + ",".join(sorted(os.listdir(path))))
        else:
            with open(path) as f:
                out.append("READ " + f.read()[:300].replace("\n", " "))
    except OSError as e:
        out.append("DENIED " + type(e).__name__)
try:
    out.append("CLASS " + ",".join(sorted(os.listdir(os.path.dirname(SPEC)))))
except OSError as e:
    out.append("CLASS DENIED " + type(e).__name__)
raise RuntimeError(" | ".join(out))
