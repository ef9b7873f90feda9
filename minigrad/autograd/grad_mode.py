"""Grad mode: whether operations record the graph. ``no_grad``, ``enable_grad``, ``set_grad_enabled``
work as context managers and as decorators, like torch's."""
from __future__ import annotations

import functools

import numpy as np


class STATE:
    enabled = True      # read by every op; a class attribute is the cheapest global to read
    inference = False   # inside inference_mode() (is_inference_mode_enabled); recording is off there too


def is_grad_enabled() -> bool:
    return STATE.enabled


def is_inference_mode_enabled() -> bool:
    return STATE.inference


class _GradMode:
    """Base of the grad-mode switches: a context manager that also decorates functions
    (``@no_grad()``, or ``@no_grad`` without parentheses, as in torch)."""

    mode = True

    def __new__(cls, *args, **kwargs):
        if cls in (no_grad, enable_grad) and len(args) == 1 and callable(args[0]) and not kwargs:
            return object.__new__(cls)(args[0])      # used as @no_grad: decorate right away
        return object.__new__(cls)

    def __enter__(self):
        self._prev = STATE.enabled
        STATE.enabled = self.mode
        return self

    def __exit__(self, *exc):
        STATE.enabled = self._prev
        return False

    def __call__(self, func):
        if not callable(func) or isinstance(func, type):
            raise TypeError(f"{type(self).__name__}() decorates functions; got {func!r}")
        mode = self.mode

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            prev = STATE.enabled
            STATE.enabled = mode
            try:
                return func(*args, **kwargs)
            finally:
                STATE.enabled = prev
        return wrapper


class no_grad(_GradMode):
    """Turn graph recording off: ``with minigrad.no_grad(): ...`` or ``@minigrad.no_grad()``."""
    mode = False


class enable_grad(_GradMode):
    """Turn graph recording back on inside a ``no_grad`` block."""
    mode = True


class inference_mode(_GradMode):
    """Same as ``no_grad`` in minigrad (torch adds more optimisations under this name), and
    ``is_inference_mode_enabled()`` is True inside it."""

    def __init__(self, mode: bool = True):
        self.mode = not mode
        self.inference = bool(mode)

    def __enter__(self):
        self._prev_inference = STATE.inference
        STATE.inference = self.inference
        return super().__enter__()

    def __exit__(self, *exc):
        STATE.inference = self._prev_inference
        return super().__exit__(*exc)

    def __call__(self, func):
        inner = super().__call__(func)
        flag = self.inference

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            prev = STATE.inference
            STATE.inference = flag
            try:
                return inner(*args, **kwargs)
            finally:
                STATE.inference = prev
        return wrapper


class set_grad_enabled(_GradMode):
    """``set_grad_enabled(False)`` switches recording off; works as a function, context or decorator."""

    def __init__(self, mode: bool):
        if not isinstance(mode, (bool, np.bool_)):
            raise TypeError(f"set_grad_enabled(): argument 'mode' (position 1) must be bool, not {type(mode).__name__}")
        self.mode = bool(mode)
        self._prev = STATE.enabled
        STATE.enabled = self.mode          # like torch: calling it as a function takes effect at once

    def __enter__(self):
        return self

    def __call__(self, func):
        STATE.enabled = self._prev         # used as a decorator: undo the immediate effect
        return super().__call__(func)
