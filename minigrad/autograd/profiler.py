"""``minigrad.autograd.profiler``: where a program's time goes, with torch's profiler names.

While a ``profile`` is open, every op call (``Op.apply``: the forward of ``x * y``, ``relu``, ``conv2d``'s
parts...) and every ``record_function`` block is timed on the CPU clock, with its input shapes if asked;
``key_averages()`` groups them by name and ``table()`` prints them as torch's table does (self time is an
event's time minus that of the events inside it). What minigrad records differs from torch's list of aten
kernels: its events are minigrad's own ops, named after their classes (``mul``, ``relu``, ``biased_product``),
and the work of ``backward()`` appears inside ``record_function`` blocks or the ops it runs with a graph
(``create_graph``), not as autograd-engine events. A few ops the fast layer runs without ``Op.apply``
go unrecorded in normal mode (``x * 2`` when no graph is recorded, ``relu``); reference mode
(``MINIGRAD_REFERENCE=1``) records every op. There is no device activity to record.
"""
from __future__ import annotations

import functools
import json
import re
import threading
import time

from .function import Op

__all__ = ["profile", "record_function", "EventList", "FunctionEvent", "FunctionEventAvg"]

_ACTIVE = []                    # the open profiles (innermost last); events go to each
_LOCK = threading.Lock()


def _op_name(cls):
    """``BiasedConv`` -> ``biased_conv``: the event name of an op class."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def _shapes(args):
    return [list(a.shape) if hasattr(a, "shape") and hasattr(a, "_data") else [] for a in args]


class FunctionEvent:
    """One timed call: ``name``, start and end (microseconds since the profile opened), the input shapes
    when ``record_shapes``, and the events inside it."""

    def __init__(self, name, start_us, input_shapes=None, is_user_annotation=False):
        self.name, self.key = name, name
        self.start_us, self.end_us = start_us, start_us
        self.input_shapes = input_shapes or []
        self.is_user_annotation = is_user_annotation
        self.cpu_children, self.cpu_parent = [], None
        self.count = 1

    @property
    def cpu_time_total(self):
        return self.end_us - self.start_us

    @property
    def self_cpu_time_total(self):
        return self.cpu_time_total - sum(c.cpu_time_total for c in self.cpu_children)

    cpu_time = cpu_time_total
    device_time_total = self_device_time_total = cuda_time_total = 0.0

    def __repr__(self):
        return (f"<FunctionEvent name={self.name} cpu_time={_fmt_us(self.cpu_time_total)} "
                f"self_cpu_time={_fmt_us(self.self_cpu_time_total)} input_shapes={self.input_shapes}>")


class FunctionEventAvg:
    """The events of one name (and input shapes, when grouped so) added up: ``count``, ``cpu_time_total``,
    ``self_cpu_time_total``, ``cpu_time`` (the mean per call)."""

    def __init__(self, key, input_shapes=None):
        self.key, self.input_shapes = key, input_shapes or []
        self.count, self.cpu_time_total, self.self_cpu_time_total = 0, 0.0, 0.0
        self.device_time_total = self.self_device_time_total = self.cuda_time_total = 0.0
        self.is_user_annotation = False

    def add(self, event):
        self.count += event.count
        self.cpu_time_total += event.cpu_time_total
        self.self_cpu_time_total += event.self_cpu_time_total
        self.is_user_annotation = event.is_user_annotation
        return self

    @property
    def cpu_time(self):
        return self.cpu_time_total / self.count if self.count else 0.0

    def __repr__(self):
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={_fmt_us(self.self_cpu_time_total)} "
                f"cpu_time={_fmt_us(self.cpu_time)} count={self.count} input_shapes={self.input_shapes}>")


def _fmt_us(us):
    if us >= 1e6:
        return f"{us / 1e6:.3f}s"
    if us >= 1e3:
        return f"{us / 1e3:.3f}ms"
    return f"{us:.3f}us"


_SORT_KEYS = {"cpu_time_total", "self_cpu_time_total", "cpu_time", "count", "cuda_time_total", "device_time_total",
              "self_cuda_time_total", "self_device_time_total", "cpu_memory_usage", "self_cpu_memory_usage"}


class EventList(list):
    """A list of events (``FunctionEvent`` or, from ``key_averages``, ``FunctionEventAvg``) with torch's
    ``table()``, ``key_averages()``, ``total_average()`` and ``export_chrome_trace()``."""

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75, max_name_column_width=55,
              max_shapes_column_width=80, header=None, top_level_events_only=False, **_ignored):
        rows = list(self)
        if top_level_events_only:
            rows = [e for e in rows if getattr(e, "cpu_parent", None) is None]
        if sort_by is not None:
            if sort_by not in _SORT_KEYS:
                raise AttributeError(f"table(): sort_by={sort_by!r} is not one of {sorted(_SORT_KEYS)}")
            rows.sort(key=lambda e: getattr(e, sort_by, 0.0), reverse=True)
        if row_limit is not None and row_limit >= 0:
            rows = rows[:row_limit]
        total_self = sum(e.self_cpu_time_total for e in self) or 1.0
        shapes = any(e.input_shapes for e in rows)
        name_w = min(max_name_column_width, max([len(e.key) for e in rows] + [4])) + 2
        heads = ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg", "# of Calls"]
        widths = [name_w] + [12] * 6
        if shapes:
            heads.append("Input Shapes")
            widths.append(min(max_shapes_column_width, max(len(str(e.input_shapes)) for e in rows) + 2))
        line = "  ".join("-" * w for w in widths) + "  "
        out = []
        if header:
            out += ["=" * len(line), header]
        out += [line, "  ".join(h.rjust(w) for h, w in zip(heads, widths)) + "  ", line]
        for e in rows:
            name = e.key if len(e.key) <= name_w - 2 else e.key[:name_w - 5] + "..."
            cells = [name, f"{100 * e.self_cpu_time_total / total_self:.2f}%", _fmt_us(e.self_cpu_time_total),
                     f"{100 * e.cpu_time_total / total_self:.2f}%", _fmt_us(e.cpu_time_total),
                     _fmt_us(e.cpu_time_total / max(e.count, 1)), str(e.count)]
            if shapes:
                cells.append(str(e.input_shapes)[:widths[-1] - 2])
            out.append("  ".join(c.rjust(w) for c, w in zip(cells, widths)) + "  ")
        out += [line, f"Self CPU time total: {_fmt_us(sum(e.self_cpu_time_total for e in self))}", ""]
        return "\n".join(out)

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0):
        groups = {}
        for e in self:
            key = (e.key, str(e.input_shapes)) if group_by_input_shape else e.key
            if key not in groups:
                groups[key] = FunctionEventAvg(e.key, e.input_shapes if group_by_input_shape else None)
            groups[key].add(e)
        return EventList(groups.values())

    def total_average(self):
        total = FunctionEventAvg("Total")
        for e in self:
            total.add(e)
        return total

    @property
    def self_cpu_time_total(self):
        return sum(e.self_cpu_time_total for e in self)

    def export_chrome_trace(self, path):
        """The events as Chrome's trace format (open in chrome://tracing or Perfetto)."""
        events = [{"name": e.name, "ph": "X", "ts": e.start_us, "dur": e.cpu_time_total, "pid": 0, "tid": 0,
                   "cat": "user_annotation" if e.is_user_annotation else "cpu_op",
                   "args": {"Input Dims": e.input_shapes}} for e in self if isinstance(e, FunctionEvent)]
        with open(path, "w") as f:
            json.dump({"traceEvents": events, "displayTimeUnit": "ms"}, f)


def _now_us():
    return time.perf_counter() * 1e6


class profile:
    """Context manager that records op calls and ``record_function`` blocks (see the module's text):
    ``with profile(record_shapes=True) as prof: ...``, then ``prof.key_averages().table(...)``,
    ``prof.events()``, ``prof.export_chrome_trace(path)``. ``enabled=False`` records nothing. The
    keyword arguments of torch's two profilers (``use_cuda``, ``activities``, ``profile_memory``,
    ``with_stack``, ``schedule``...) are accepted; ``minigrad.profiler.profile`` adds the schedule."""

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False, with_flops=False,
                 profile_memory=False, with_stack=False, with_modules=False, use_kineto=False, use_cpu=True,
                 experimental_config=None, acc_events=False, custom_trace_id_callback=None, **_ignored):
        self.enabled, self.record_shapes = bool(enabled), bool(record_shapes)
        self._events, self._stack, self._t0, self._recording = EventList(), [], 0.0, False

    # -- recording --------------------------------------------------------------------------------
    def _start(self):
        if self._recording:
            return
        self._recording = True
        self._t0 = _now_us() if not self._events else self._t0
        with _LOCK:
            _ACTIVE.append(self)
            if len(_ACTIVE) == 1:
                _install()

    def _stop(self):
        if not self._recording:
            return
        self._recording = False
        with _LOCK:
            if self in _ACTIVE:
                _ACTIVE.remove(self)
            if not _ACTIVE:
                _uninstall()

    def _open(self, name, args, annotation):
        e = FunctionEvent(name, _now_us() - self._t0, _shapes(args) if self.record_shapes else None, annotation)
        if self._stack:
            e.cpu_parent = self._stack[-1]
            self._stack[-1].cpu_children.append(e)
        self._stack.append(e)
        self._events.append(e)
        return e

    def _close(self, e):
        e.end_us = _now_us() - self._t0
        if self._stack and self._stack[-1] is e:
            self._stack.pop()

    # -- torch's interface ------------------------------------------------------------------------
    def __enter__(self):
        if self.enabled:
            self._start()
        return self

    def __exit__(self, *exc):
        self._stop()
        return False

    def start(self):
        return self.__enter__()

    def stop(self):
        self._stop()

    def events(self):
        return self._events

    @property
    def function_events(self):
        return self._events

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, **_ignored):
        return self._events.key_averages(group_by_input_shape, group_by_stack_n)

    def total_average(self):
        return self._events.total_average()

    def table(self, *args, **kwargs):
        return self._events.table(*args, **kwargs)

    @property
    def self_cpu_time_total(self):
        return self._events.self_cpu_time_total

    def export_chrome_trace(self, path):
        self._events.export_chrome_trace(path)

    def __str__(self):
        return self.table()


class record_function:
    """Names a block in the profiles open around it (``with record_function("forward"): ...``, or as a
    decorator); records nothing when no profile is open."""

    def __init__(self, name, args=None):
        if not isinstance(name, str):
            raise TypeError(f"record_function(): name must be a str, got {type(name).__name__}")
        self.name, self.args = name, args
        self._events = []

    def __enter__(self):
        self._events = [(p, p._open(self.name, (), True)) for p in list(_ACTIVE)]
        return self

    def __exit__(self, *exc):
        for p, e in self._events:
            p._close(e)
        self._events = []
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            with record_function(self.name, self.args):
                return fn(*args, **kwargs)
        return wrapped


# While a profile is open, Op.apply is replaced by a timing wrapper around the original (Op's classmethod:
# the ops that inherit it are recorded); closing the last profile puts the original back.
_ORIGINAL_APPLY = Op.__dict__["apply"]


def _install():
    apply = _ORIGINAL_APPLY.__func__

    def profiled_apply(cls, *args, **kwargs):
        if not _ACTIVE:
            return apply(cls, *args, **kwargs)
        name = _op_name(cls)
        opened = [(p, p._open(name, args, False)) for p in list(_ACTIVE)]
        try:
            return apply(cls, *args, **kwargs)
        finally:
            for p, e in opened:
                p._close(e)
    Op.apply = classmethod(profiled_apply)


def _uninstall():
    Op.apply = _ORIGINAL_APPLY
