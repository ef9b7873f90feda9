"""``minigrad.profiler``: torch.profiler's names over ``minigrad.autograd.profiler`` (read that module for
what is recorded): ``profile`` with ``activities``, a ``schedule`` of wait/warmup/active steps driven by
``prof.step()`` and ``on_trace_ready`` (e.g. ``tensorboard_trace_handler(dir)``, which writes Chrome
trace files), ``record_function``, ``ProfilerActivity``, ``ProfilerAction``."""
from __future__ import annotations

import enum
import os
import socket
import time

from .autograd import profiler as _autograd_profiler
from .autograd.profiler import EventList, record_function

__all__ = ["profile", "record_function", "schedule", "tensorboard_trace_handler", "ProfilerActivity",
           "ProfilerAction", "EventList"]


class ProfilerActivity(enum.Enum):
    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5


class ProfilerAction(enum.Enum):
    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


def schedule(*, wait, warmup, active, repeat=0, skip_first=0, skip_first_wait=0):
    """torch's step schedule: skip ``skip_first`` steps, then cycles of ``wait`` idle, ``warmup`` and
    ``active`` steps (the last active step of a cycle saves), ``repeat`` cycles (0: for ever)."""
    if wait < 0 or warmup < 0 or active <= 0 or repeat < 0 or skip_first < 0:
        raise ValueError("Invalid profiler schedule arguments")
    if warmup == 0:
        import warnings
        warnings.warn("Profiler won't be using warmup, this can skew profiler results")

    def action(step):
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        cycle = wait + warmup + active
        if repeat > 0 and step // cycle >= repeat:
            return ProfilerAction.NONE
        k = step % cycle
        if k < wait:
            return ProfilerAction.NONE
        if k < wait + warmup:
            return ProfilerAction.WARMUP
        return ProfilerAction.RECORD if k < cycle - 1 else ProfilerAction.RECORD_AND_SAVE
    return action


def tensorboard_trace_handler(dir_name, worker_name=None, use_gzip=False):
    """An ``on_trace_ready`` that writes each saved trace to ``dir_name`` as
    ``<worker>.<time in ms>.pt.trace.json`` (Chrome's trace format; gzip not supported: plain JSON)."""
    def handler(prof):
        os.makedirs(dir_name, exist_ok=True)
        worker = worker_name or f"{socket.gethostname()}_{os.getpid()}"
        prof.export_chrome_trace(os.path.join(dir_name, f"{worker}.{int(time.time() * 1000)}.pt.trace.json"))
    return handler


class profile(_autograd_profiler.profile):
    """``with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof: ...``; with a
    ``schedule``, recording follows ``prof.step()`` and ``on_trace_ready(prof)`` runs at each saving step."""

    def __init__(self, *, activities=None, schedule=None, on_trace_ready=None, record_shapes=False,
                 profile_memory=False, with_stack=False, with_flops=False, with_modules=False,
                 experimental_config=None, execution_trace_observer=None, acc_events=False,
                 custom_trace_id_callback=None, **_ignored):
        for a in activities or ():
            if not isinstance(a, ProfilerActivity):
                raise TypeError(f"profile(): activities must be ProfilerActivity values, got {a!r}")
        super().__init__(record_shapes=record_shapes)
        self.activities = set(activities) if activities else {ProfilerActivity.CPU}
        self.schedule, self.on_trace_ready, self.step_num = schedule, on_trace_ready, 0
        self._action = schedule(0) if schedule else ProfilerAction.RECORD

    def __enter__(self):
        self._open_ = True
        if self._action in (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE):
            self._start()
        return self

    def __exit__(self, *exc):
        was_recording = self._recording
        self._stop()
        if self.on_trace_ready is not None and was_recording:
            self.on_trace_ready(self)
        return False

    def step(self):
        """Mark the end of a training step: with a schedule, start or stop recording as it says."""
        if self.schedule is None:
            self.step_num += 1
            return
        before = self._action
        self.step_num += 1
        self._action = self.schedule(self.step_num)
        if before == ProfilerAction.RECORD_AND_SAVE:
            self._stop()
            if self.on_trace_ready is not None:
                self.on_trace_ready(self)
        if self._action in (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE):
            if before not in (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE):
                self._events = EventList()          # a new cycle's trace
            self._start()
        elif self._action in (ProfilerAction.NONE, ProfilerAction.WARMUP):
            self._stop()
