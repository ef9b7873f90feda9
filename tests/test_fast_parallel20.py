"""fast/parallel.py: the two halves of a batch on two threads give the numbers of one thread, bit for bit
(conv2d's columns and products, its input gradient, max pooling and its backward), errors in either half
reach the caller, and one thread is used where it is not worth it."""
import os
import time

import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad.fast import parallel

from helpers import rand


def _conv_pool_step(x0, w0, b0, w1, g0):
    x = minigrad.tensor(x0, requires_grad=True)
    w = minigrad.tensor(w0, requires_grad=True)
    b = minigrad.tensor(b0, requires_grad=True)
    v = minigrad.tensor(w1, requires_grad=True)
    h = F.max_pool2d(F.relu(F.conv2d(x, w, b, padding=1)), 2)
    out = F.max_pool2d(F.conv2d(h, v, padding=1), 2)
    out.backward(minigrad.tensor(g0))
    return [t.numpy() for t in (out.detach(), x.grad, w.grad, b.grad, v.grad)]


@pytest.mark.parametrize("batch", [2, 5, 16])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_two_threads_give_the_numbers_of_one(monkeypatch, batch, dtype):
    rng = np.random.default_rng(batch)
    x0 = rng.standard_normal((batch, 3, 12, 12)).astype(dtype)
    x0[0, 0, :2, :2] = 1.5                               # a tie inside a pooling window: the first one wins
    args = (x0, rng.standard_normal((4, 3, 3, 3)).astype(dtype), rng.standard_normal(4).astype(dtype),
            rng.standard_normal((6, 4, 3, 3)).astype(dtype), rng.standard_normal((batch, 6, 3, 3)).astype(dtype))
    calls = []
    real_halves = parallel.halves

    def counted(work, n, nbytes):
        calls.append((n, parallel.worth_it(n, nbytes)))
        return real_halves(work, n, nbytes)
    monkeypatch.setattr(parallel, "ENABLED", True)
    with minigrad.reference_mode(False):
        monkeypatch.setattr(parallel, "MIN_BYTES", 1 << 60)            # one thread
        one = _conv_pool_step(*args)
        monkeypatch.setattr(parallel, "MIN_BYTES", 0)                  # two threads, however small
        monkeypatch.setattr(parallel, "halves", counted)
        two = _conv_pool_step(*args)
    assert len(calls) >= 5                               # conv forward, its two products, pool and unpool
    assert all(used for _, used in calls) == (minigrad.get_num_threads() >= 2)
    for a, b in zip(one, two):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    with minigrad.reference_mode(True):
        reference = _conv_pool_step(*args)
    for a, r in zip(one, reference):
        tol = 1e-5 if dtype == np.float32 else 1e-12                    # (float32: sums in another order)
        np.testing.assert_allclose(a, r, rtol=tol, atol=tol * np.abs(r).max())


@pytest.fixture
def two_threads(monkeypatch):
    """Normal mode, and two threads for any size of data."""
    monkeypatch.setattr(parallel, "ENABLED", True)
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    with minigrad.reference_mode(False):
        yield


def test_an_error_in_either_half_reaches_the_caller_after_both_stop(two_threads):
    if not parallel.worth_it(4, 0):
        pytest.skip("one core: halves runs one thread")
    done = []

    def work(lo, hi):
        if lo:
            raise ValueError("second half")
        done.append((lo, hi))
    with pytest.raises(ValueError, match="second half"):
        parallel.halves(work, 4, 0)
    assert done == [(0, 2)]

    def first_fails(lo, hi):
        if not lo:
            raise KeyError("first half")
        done.append((lo, hi))
    with pytest.raises(KeyError):
        parallel.halves(first_fails, 4, 0)
    assert done == [(0, 2), (2, 4)]              # the second half ran to its end before the error was raised


def test_one_thread_where_two_are_not_worth_it(monkeypatch):
    monkeypatch.setattr(parallel, "ENABLED", False)                 # the default: asked for only
    assert not parallel.worth_it(64, 1 << 30)
    monkeypatch.setattr(parallel, "ENABLED", True)
    assert not parallel.worth_it(1, 1 << 30)                     # one image
    assert not parallel.worth_it(64, parallel.MIN_BYTES - 1)     # little data
    monkeypatch.setattr(parallel, "get_num_threads", lambda: 1)  # minigrad.set_num_threads(1)
    assert not parallel.worth_it(64, 1 << 30)
    with minigrad.reference_mode(True):
        monkeypatch.setattr(parallel, "get_num_threads", lambda: 2)
        assert not parallel.worth_it(64, 1 << 30)
    seen = []
    parallel.halves(lambda lo, hi: seen.append((lo, hi)), 64, 0)
    assert seen == [(0, 64)]


def test_a_forked_child_makes_its_own_worker(two_threads):
    if not hasattr(os, "fork") or not parallel.worth_it(4, 0):
        pytest.skip("no fork here, or one core")
    parallel.halves(lambda lo, hi: None, 4, 0)               # the parent's worker exists
    pid = os.fork()
    if pid == 0:                                             # the child: a pass over two halves must not hang
        seen = []
        try:
            parallel.halves(lambda lo, hi: seen.append((lo, hi)), 4, 0)
            os._exit(0 if sorted(seen) == [(0, 2), (2, 4)] else 1)
        except BaseException:
            os._exit(2)
    for _ in range(400):                                     # (at most 20 s: a hang fails the test)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("the forked child hung in parallel.halves")
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def test_at_interpreter_exit_one_thread_does_the_work(tmp_path):
    """A step run by an atexit hook, after the thread pools were shut down: one thread, no error."""
    import subprocess
    import sys
    script = tmp_path / "late.py"
    script.write_text(                      # (registered before concurrent.futures: run after its shutdown)
        "import threading\n"
        "def late():\n"
        "    from minigrad.fast import parallel\n"
        "    parallel.ENABLED, parallel.MIN_BYTES = True, 0\n"
        "    seen = []\n"
        "    parallel.halves(lambda lo, hi: seen.append((lo, hi)), 4, 0)\n"
        "    print(sorted(seen))\n"
        "threading._register_atexit(late)\n"
        "import minigrad\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[(0, 4)]"


def test_the_other_half_runs_under_the_callers_numpy_error_state(two_threads):
    """A backward pass is silent about inf and NaN (np.errstate in the engine, as torch): so is the other thread."""
    if not parallel.worth_it(4, 0):
        pytest.skip("one core: halves runs one thread")
    big = np.full((4, 8), 3e38, np.float32)
    seen = []

    def work(lo, hi):
        seen.append(np.geterr()["over"])
        big[lo:hi] * np.float32(10)                 # overflows: a RuntimeWarning unless ignored
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parallel.halves(work, 4, 0)
    assert seen == ["ignore", "ignore"]
