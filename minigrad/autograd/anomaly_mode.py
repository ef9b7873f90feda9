"""Anomaly detection (torch.autograd.detect_anomaly): while it is on, backward checks every gradient a
node's backward returns and stops at the first one holding NaN, naming the node -- the place a NaN was
born, not the far-away loss where it shows. The check runs in the reference engine loop (the fast loop is
skipped while the mode is on), so it costs nothing when off."""
from __future__ import annotations

import functools
import warnings

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled"]


class _Mode:
    enabled = False
    check_nan = True


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
        self.prev, self.prev_check_nan = _Mode.enabled, _Mode.check_nan
        _Mode.enabled, _Mode.check_nan = bool(mode), bool(check_nan)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _Mode.enabled, _Mode.check_nan = self.prev, self.prev_check_nan
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
