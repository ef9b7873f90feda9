"""Running a task's tests in a separate process, with a time limit per test.

A worker process (``worker.py``) imports the submission and runs the tests one by one, announcing each
on a private pipe. Here the parent waits for those announcements: when a test runs past its time limit
the worker's whole process group is killed, that test fails, and a fresh worker runs the tests that are
left. A worker that dies during a test (``os._exit``, a segmentation fault) fails that test the same way.
The student's own printing goes to a pipe that is drained and capped, never to the grader's output.

This isolates mistakes, not malice: it is not a security boundary (run the grader in a container, as
Gradescope does, for untrusted code).
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

STARTUP_ALLOWANCE = 60.0        # seconds for a worker's interpreter, NumPy and minigrad to start
MAX_TIMEOUTS_PER_TASK = 2       # after this many tests of a task time out, its other tests are not run
OUTPUT_HEAD = 8000              # bytes of a worker's raw stdout/stderr kept (for crash messages)


@dataclass
class Outcome:
    passed: bool
    message: str
    printed: str = ""
    printed_chars: int = 0


@dataclass
class TaskRun:
    outcomes: dict = field(default_factory=dict)     # test index -> Outcome
    submission_problem: str | None = None            # the submission can't be imported at all


def _env():
    import minigrad
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(minigrad.__file__)))
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")          # several workers at once: no oversubscribed BLAS threads
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # leave the submission's folder as it was
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    env["MPLBACKEND"] = "Agg"             # plt.show() in a submission must not open a window
    return env


class _Worker:
    """One worker process and the threads that read its event pipe and drain its output."""

    EOF = object()

    def __init__(self, cfg):
        read_fd, write_fd = os.pipe()
        self.tmp = tempfile.mkdtemp(prefix="minigrad-grade-")
        cmd = [sys.executable, "-m", "minigrad.grading.worker", json.dumps(dict(cfg, fd=write_fd))]
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, pass_fds=(write_fd,), cwd=self.tmp, env=_env(),
                                         start_new_session=True)
        except BaseException:
            os.close(read_fd)
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        finally:
            os.close(write_fd)
        self.events = queue.Queue()
        self.head = bytearray()
        self._readers = [threading.Thread(target=self._read_events, args=(read_fd,), daemon=True),
                         threading.Thread(target=self._drain, daemon=True)]
        for t in self._readers:
            t.start()

    def _read_events(self, fd):
        with os.fdopen(fd, "r", encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    self.events.put(json.loads(line))
                except ValueError:
                    pass
        self.events.put(self.EOF)

    def _drain(self):
        out = self.proc.stdout
        while True:
            chunk = out.read1(65536) if hasattr(out, "read1") else out.read(65536)
            if not chunk:
                break
            if len(self.head) < OUTPUT_HEAD:
                self.head += chunk[:OUTPUT_HEAD - len(self.head)]

    def next_event(self, deadline):
        """The next event, ``EOF`` when the process has closed its pipe, or None at the deadline."""
        try:
            return self.events.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None

    def exit_code(self):
        try:
            return self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.proc.returncode

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, AttributeError):
                self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def close(self):
        self.kill()
        for t in self._readers:
            t.join(timeout=1)
        if self.proc.stdout:
            self.proc.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _exit_words(code):
    if code is None:
        return "it did not exit"
    if code < 0:
        try:
            return f"it was killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"it was killed by signal {-code}"
    return f"exit code {code}"


def run_task(cfg, tests, timeout, test_timeouts=None):
    """Run the tests (indices) of the task described by ``cfg`` (assignment, task index, submission,
    seed, device); ``timeout`` seconds per test unless ``test_timeouts[index]`` says otherwise."""
    test_timeouts = test_timeouts or {}
    run = TaskRun()
    todo = list(tests)
    n_timeouts = 0

    def fail_rest(message):
        for i in todo:
            run.outcomes[i] = Outcome(False, message)
        todo.clear()

    while todo:
        try:
            worker = _Worker(dict(cfg, tests=todo))
        except Exception as e:         # noqa: BLE001 - e.g. out of processes or file descriptors
            fail_rest(f"internal grader error: could not start a grading process ({type(e).__name__}: {e})")
            break
        try:
            started, importing, current, progressed = False, True, None, False
            deadline = time.monotonic() + STARTUP_ALLOWANCE
            while True:
                event = worker.next_event(deadline)
                if event is None:                                   # out of time
                    worker.kill()
                    if not started:
                        fail_rest(f"the grading process did not start within {STARTUP_ALLOWANCE:g} s (is the "
                                  "machine overloaded?); not run")
                    elif importing:
                        run.submission_problem = (
                            f"importing your submission did not finish within {timeout:g} s: an endless loop, or "
                            "slow work (training, downloads) at import time? Put script code under "
                            "`if __name__ == \"__main__\":`")
                        fail_rest(run.submission_problem)
                    elif current is None:
                        fail_rest("the grader stopped responding between tests (not run)")
                    else:
                        limit = test_timeouts.get(current, timeout)
                        run.outcomes[current] = Outcome(False, f"did not finish within {limit:g} s: an endless loop, "
                                                               "or far too slow (Python loops over elements instead "
                                                               "of array operations?)")
                        todo.remove(current)
                        n_timeouts += 1
                        if n_timeouts >= MAX_TIMEOUTS_PER_TASK:
                            fail_rest(f"not run: {n_timeouts} earlier tests of this task did not finish in time")
                    break
                if event is _Worker.EOF:                            # the process ended
                    code = worker.exit_code()
                    if not started:
                        tail = worker.head.decode("utf-8", "replace").strip()[-1500:]
                        fail_rest(f"internal grader error: the grading process failed to start "
                                  f"({_exit_words(code)}): {tail}")
                    elif importing:
                        run.submission_problem = (f"the grading process ended while importing your submission "
                                                  f"({_exit_words(code)}): os._exit() at import time, or a crash")
                        fail_rest(run.submission_problem)
                    elif current is not None:
                        run.outcomes[current] = Outcome(False, f"the grading process ended during this test "
                                                               f"({_exit_words(code)}): your code called os._exit() "
                                                               "or crashed the interpreter")
                        todo.remove(current)
                    elif not progressed:
                        fail_rest(f"the grading process ended unexpectedly ({_exit_words(code)}); not run")
                    break                                           # a fresh worker runs the tests left
                kind = event.get("event")
                if kind == "loading":
                    started = True
                    deadline = time.monotonic() + timeout
                elif kind == "ready":
                    importing = False
                    deadline = time.monotonic() + timeout
                elif kind == "import_error":
                    run.submission_problem = event["message"]
                    fail_rest(event["message"])
                    break
                elif kind in ("missing", "invalid"):
                    fail_rest(event["message"])
                    break
                elif kind == "grader_error":
                    fail_rest("internal grader error (not your fault; tell your instructor): " + event["message"])
                    break
                elif kind == "start":
                    current = event["test"]
                    deadline = time.monotonic() + test_timeouts.get(current, timeout)
                elif kind == "result":
                    index = event["test"]
                    run.outcomes[index] = Outcome(event["passed"], event["message"], event.get("printed", ""),
                                                  event.get("printed_chars", 0))
                    if index in todo:
                        todo.remove(index)
                    current, progressed = None, True
                    deadline = time.monotonic() + timeout
                elif kind == "done":
                    fail_rest("not run (the grading process skipped it)")
                    break
        finally:
            worker.close()
    return run
