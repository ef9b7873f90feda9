"""The worker process: imports one submission and runs some tests of one task, reporting each as a JSON
line on a pipe of its own (so the student's prints cannot garble the report).

Started by ``sandbox.py`` as ``python -m minigrad.grading.worker CONFIG_JSON``. Events, in order:
``loading``, ``ready`` (or ``import_error`` / ``missing`` / ``invalid`` / ``grader_error``, then the process ends),
then for each test ``start`` and ``result``, then ``done``. The parent enforces the time limits: when a
test does not finish in time it kills this process and starts a new one for the tests left.
"""
from __future__ import annotations

import io
import json
import os
import sys
import traceback
import warnings
import zlib

PRINT_LIMIT = 4000          # characters of the student's printed output kept per test


class CappedOutput(io.TextIOBase):
    """A stand-in for sys.stdout/sys.stderr that keeps the first PRINT_LIMIT characters and counts the
    rest, so a submission that prints in a loop costs neither memory nor time."""

    def __init__(self):
        self.reset()

    def reset(self):
        self._parts, self._kept, self.total = [], 0, 0

    def write(self, s):
        s = str(s)
        self.total += len(s)
        if self._kept < PRINT_LIMIT:
            part = s[:PRINT_LIMIT - self._kept]
            self._parts.append(part)
            self._kept += len(part)
        return len(s)

    def writable(self):
        return True

    def flush(self):
        pass

    def isatty(self):
        return False

    def text(self):
        return "".join(self._parts)


def test_rng(seed, task_name, test_name):
    """The generator of one test: depends only on the seed and the names, so a test draws the same
    inputs whether it runs first or after a restart."""
    import numpy as np
    return np.random.default_rng([int(seed), zlib.crc32(task_name.encode()), zlib.crc32(test_name.encode())])


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    cfg = json.loads(argv[0])
    channel = os.fdopen(cfg["fd"], "w", encoding="utf-8")

    def send(**event):
        channel.write(json.dumps(event) + "\n")
        channel.flush()

    def finish():
        try:
            channel.flush()
        finally:
            os._exit(0)           # don't wait for threads or atexit handlers a submission may have left

    warnings.simplefilter("ignore")
    captured = CappedOutput()
    sys.stdout = sys.stderr = captured
    try:
        import numpy as np
        import minigrad
        from minigrad.autograd.grad_mode import STATE
        from . import checks
        from .assignments import load_assignment
        from .spec import Fail
        from .submission import Submission, ImportFailed, root_of
        assignment = load_assignment(cfg["assignment"])
        task = assignment.tasks[cfg["task"]]
        device = cfg.get("device", "cpu")
        if device != "cpu" and not minigrad.cuda.is_available():
            send(event="grader_error", message=f"device {device!r} is not available here (needs CuPy and a GPU)")
            finish()
    except BaseException:          # noqa: BLE001
        send(event="grader_error", message=traceback.format_exc(limit=4))
        finish()

    np_errors, default_dtype = np.geterr(), minigrad.get_default_dtype()
    send(event="loading")                 # from here on, the submission's import time counts
    checks.SUBMISSION_ROOT = root_of(cfg["submission"])
    sub = Submission(cfg["submission"])
    try:
        sub.load()
    except ImportFailed as e:
        send(event="import_error", message=str(e), printed=captured.text(), printed_chars=captured.total)
        finish()
    except BaseException as e:     # noqa: BLE001
        send(event="import_error", message=f"importing your submission failed: {checks.describe_exception(e)}")
        finish()
    obj, missing = sub.lookup(task.name, getattr(task, "expected", ""))
    if missing:
        send(event="missing", message=missing)
        finish()
    try:
        problem = task.validate(obj)
    except BaseException as e:     # noqa: BLE001
        problem = f"{task.name} could not be inspected: {checks.describe_exception(e)}"
    if problem:
        send(event="invalid", message=problem)
        finish()
    send(event="ready")

    seed = cfg.get("seed", 0)
    for index in cfg["tests"]:
        test = task.tests[index]
        send(event="start", test=index)
        captured.reset()
        STATE.enabled = True                  # whatever the submission changed in global state goes back
        np.seterr(**np_errors)
        minigrad.set_default_dtype(default_dtype)
        minigrad.manual_seed(seed)
        np.random.seed(seed % 2 ** 32)
        try:
            task.run_test(test, obj, test_rng(seed, task.name, test.name), device)
            passed, message = True, ""
        except Fail as f:
            passed, message = False, str(f)
            if test.hint and f.hint and test.hint not in message:
                message = message.rstrip(".") + ". Hint: " + test.hint
        except BaseException as e:           # noqa: BLE001
            passed, message = False, (f"{task.title}: the grader could not complete this test: "
                                      f"{checks.describe_exception(e)} (if your code looks right, tell your "
                                      "instructor)")
        send(event="result", test=index, passed=passed, message=message, printed=captured.text(),
             printed_chars=captured.total)
    send(event="done")
    finish()


if __name__ == "__main__":
    main()
