"""Batch mode: at import, lists the class folder and reads a neighbour's submission (its path is written in by the
test), by open() and by import, then puts what it found in an exception message, which lands in its own report."""
import importlib.util
import os

NEIGHBOUR = "/nonexistent/bob.py"              # the test writes a copy of this file with the real path
out = []
try:
    out.append("LISTED " + ",".join(sorted(os.listdir(os.path.dirname(NEIGHBOUR)))))
except OSError as e:
    out.append("LIST DENIED " + type(e).__name__)
try:
    with open(NEIGHBOUR) as f:
        out.append("READ " + f.read()[:200].replace("\n", " "))
except OSError as e:
    out.append("READ DENIED " + type(e).__name__)
try:
    spec = importlib.util.spec_from_file_location("neighbour", NEIGHBOUR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out.append("IMPORTED " + ",".join(n for n in vars(module) if not n.startswith("_")))
except Exception as e:       # noqa: BLE001
    out.append("IMPORT DENIED " + type(e).__name__)
raise RuntimeError(" | ".join(out))
