"""``minigrad.multiprocessing``: Python's ``multiprocessing``, with tensors that processes share.

``tensor.share_memory_()`` (and ``module.share_memory()``) moves a CPU tensor's numbers into shared
memory: an anonymous memory file (``os.memfd_create``) mapped shared. A process started by ``fork``
then sees the very same numbers, and a tensor sent to another process -- a ``spawn``ed Process's
arguments, a Queue -- travels as that memory file's descriptor, so both processes read and write the
same numbers (a tensor not yet shared is moved to shared memory when it is sent, as torch does). That
is what Hogwild training needs: workers that update one model's parameters in place.

Everything else is Python's own ``multiprocessing`` (``Process``, ``Queue``, ``Pool``,
``set_start_method``...), plus ``spawn(fn, args, nprocs)``, which runs ``fn(i, *args)`` in ``nprocs``
processes and raises ``ProcessRaisedException`` with a worker's traceback when one fails.
"""
from __future__ import annotations

import multiprocessing
import traceback
from multiprocessing import *  # noqa: F401,F403  (torch.multiprocessing re-exports multiprocessing)
from multiprocessing.reduction import ForkingPickler

import numpy as np

from .backend.shared import rebuild_array, reduce_array

__all__ = list(multiprocessing.__all__) + [
    "spawn", "start_processes", "ProcessContext", "ProcessException", "ProcessRaisedException",
    "ProcessExitedException", "set_sharing_strategy", "get_sharing_strategy", "get_all_sharing_strategies"]


# ----------------------------------------------------------------------------- tensors across processes
def _rebuild_tensor(cls, array_args, requires_grad):
    from .tensor import _wrap
    arr = rebuild_array(*array_args)
    if cls is not None:                                     # a Parameter
        return cls(_wrap(arr), requires_grad=requires_grad)
    t = _wrap(arr)
    t._requires_grad = requires_grad
    return t


def _reduce_tensor(t):
    if t.requires_grad and t.grad_fn is not None:
        raise RuntimeError(
            "Cowardly refusing to serialize non-leaf tensor which requires_grad, since autograd does not "
            "support crossing process boundaries.  If you just want to transfer the data, call detach() on "
            "the tensor before serializing (e.g., putting it on the queue).")
    if not isinstance(t._data, np.ndarray):                 # a GPU tensor: its numbers travel as a copy
        return t.__reduce__()
    t.share_memory_()
    from .nn.parameter import Parameter
    cls = type(t) if isinstance(t, Parameter) else None
    return (_rebuild_tensor, (cls, reduce_array(t._data), t.requires_grad))


def _register_reductions():
    from .nn.parameter import Buffer, Parameter
    from .tensor import Tensor
    for cls in (Tensor, Parameter, Buffer):
        ForkingPickler.register(cls, _reduce_tensor)


_register_reductions()


# ----------------------------------------------------------------------------- sharing strategies
_STRATEGIES = {"file_descriptor", "file_system"}
_strategy = "file_descriptor"


def get_all_sharing_strategies():
    return set(_STRATEGIES)


def get_sharing_strategy():
    return _strategy


def set_sharing_strategy(new_strategy):
    """Accepted for torch's names; minigrad always shares through memory file descriptors."""
    global _strategy
    if new_strategy not in _STRATEGIES:
        raise RuntimeError(f"set_sharing_strategy(): unknown strategy {new_strategy!r}; "
                           f"use one of {sorted(_STRATEGIES)}")
    _strategy = new_strategy


# ----------------------------------------------------------------------------- spawn
class ProcessException(Exception):
    def __init__(self, msg, error_index, pid):
        super().__init__(msg)
        self.msg, self.error_index, self.pid = msg, error_index, pid

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.pid)


class ProcessRaisedException(ProcessException):
    """A process started by ``spawn`` raised: the message holds its traceback."""


class ProcessExitedException(ProcessException):
    """A process started by ``spawn`` exited with a non-zero code (or was killed by a signal)."""

    def __init__(self, msg, error_index, error_pid, exit_code, signal_name=None):
        super().__init__(msg, error_index, error_pid)
        self.exit_code, self.signal_name = exit_code, signal_name

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.pid, self.exit_code, self.signal_name)


def _wrap_fn(fn, i, args, error_queue):
    try:
        fn(i, *args)
    except KeyboardInterrupt:
        pass
    except Exception:
        error_queue.put(traceback.format_exc())
        raise SystemExit(1)


class ProcessContext:
    """The processes ``spawn(..., join=False)`` started; ``join()`` waits for them and raises a failure."""

    def __init__(self, processes, error_queues):
        self.processes, self.error_queues = processes, error_queues

    def pids(self):
        return [p.pid for p in self.processes]

    def join(self, timeout=None):
        """Wait for every process (or ``timeout`` seconds); True when all have ended well. A process that
        failed raises here, after the others are terminated."""
        for i, p in enumerate(self.processes):
            p.join(timeout)
            if p.exitcode not in (None, 0):
                for other in self.processes:
                    if other.is_alive():
                        other.terminate()
                if not self.error_queues[i].empty():
                    tb = self.error_queues[i].get()
                    raise ProcessRaisedException(
                        f"\n\n-- Process {i} terminated with the following error:\n{tb}", i, p.pid)
                if p.exitcode < 0:
                    import signal
                    name = signal.Signals(-p.exitcode).name
                    raise ProcessExitedException(f"process {i} terminated with signal {name}", i, p.pid,
                                                 p.exitcode, name)
                raise ProcessExitedException(f"process {i} terminated with exit code {p.exitcode}", i, p.pid,
                                             p.exitcode)
        return all(p.exitcode == 0 for p in self.processes)


def start_processes(fn, args=(), nprocs=1, join=True, daemon=False, start_method="spawn"):
    ctx = multiprocessing.get_context(start_method)
    processes, queues = [], []
    for i in range(nprocs):
        q = ctx.SimpleQueue()
        p = ctx.Process(target=_wrap_fn, args=(fn, i, args, q), daemon=daemon)
        p.start()
        processes.append(p)
        queues.append(q)
    context = ProcessContext(processes, queues)
    if not join:
        return context
    while not context.join():
        pass
    return None


def spawn(fn, args=(), nprocs=1, join=True, daemon=False, start_method="spawn"):
    """Run ``fn(i, *args)`` for i in range(nprocs), each in its own process; with ``join`` wait for all
    and raise ``ProcessRaisedException`` (with the worker's traceback) if one of them raised."""
    return start_processes(fn, args, nprocs, join, daemon, start_method)
