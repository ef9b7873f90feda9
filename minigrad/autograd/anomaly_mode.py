"""Anomaly detection (torch.autograd.detect_anomaly): while it is on, backward checks every gradient a
node's backward returns and stops at the first one holding NaN, naming the node -- the place a NaN was
born, not the far-away loss where it shows. The check runs in the reference engine loop (the fast loop is
skipped while the mode is on), so it costs nothing when off. While it is on, ops take the reference path
too, and every node keeps the traceback of the forward call that made it: an error in its backward is
preceded by torch's warning "Error detected in <node>. Traceback of forward call that caused the error"."""
from __future__ import annotations

import contextlib
import functools
import sys
import traceback
import warnings

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled"]


class _Mode:
    enabled = False
    check_nan = True
    prev_reference = None       # the reference-mode setting before anomaly mode turned it on


def reference_mode(reference):
    """Set the library's reference mode (minigrad/fast/switch.py); returns the previous setting (None if
    the fast layer is not loaded). The autograd layer imports no later layer, not even in a function
    (tests/test_reading_the_source.py), so it finds the switch among the loaded modules."""
    switch = sys.modules.get("minigrad.fast.switch")
    return None if switch is None else switch.set_reference_mode(reference)


def _switch(mode, check_nan):
    if mode and not _Mode.enabled:
        _Mode.prev_reference = reference_mode(True)
    elif not mode and _Mode.enabled and _Mode.prev_reference is not None:
        reference_mode(_Mode.prev_reference)
        _Mode.prev_reference = None
    _Mode.enabled, _Mode.check_nan = bool(mode), bool(check_nan)


def forward_trace():
    """The stack of the forward call now recording a node (kept on the node while anomaly mode is on)."""
    return "".join(traceback.format_stack()[:-3])


@contextlib.contextmanager
def report_node(node):
    try:
        yield
    except Exception:
        trace = getattr(node, "_anomaly_trace", None)
        warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n"
                      + (trace or "  (no traceback: the node was made before anomaly detection was enabled)\n"),
                      UserWarning, stacklevel=2)
        raise


def is_anomaly_enabled() -> bool:
    return _Mode.enabled


def is_anomaly_check_nan_enabled() -> bool:
    return _Mode.check_nan


def check_gradients(node, grads):
    """Raise torch's RuntimeError if one of the gradients ``node``'s backward returned holds NaN."""
    if not (_Mode.enabled and _Mode.check_nan):
        return
    for i, g in enumerate(grads):
        if g is not None and g.dtype.is_floating_point and bool(g.isnan().any()):
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")


class set_detect_anomaly:
    """``set_detect_anomaly(True)`` turns anomaly detection on (off with False); as a context manager it
    restores the previous setting on exit."""

    def __init__(self, mode: bool, check_nan: bool = True):
        if not isinstance(mode, bool):
            raise TypeError(f"set_anomaly_enabled(): argument 'enabled' (position 1) must be bool, not "
                            f"{type(mode).__name__}")
        self.prev, self.prev_check_nan = _Mode.enabled, _Mode.check_nan
        _switch(mode, check_nan)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _switch(self.prev, self.prev_check_nan)
        return False


class detect_anomaly:
    """``with detect_anomaly():`` (or as a decorator): anomaly detection on inside the block."""

    def __init__(self, check_nan: bool = True):
        self.check_nan = check_nan
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only be "
                      "enabled for debugging.", UserWarning, stacklevel=2)

    def __enter__(self):
        self._saved = set_detect_anomaly(True, self.check_nan)
        return self

    def __exit__(self, *exc):
        return self._saved.__exit__(*exc)

    def __call__(self, fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            with self.__class__(self.check_nan):
                return fn(*args, **kwargs)
        return run
