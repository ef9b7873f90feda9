"""Grad mode: whether operations record the graph. ``no_grad``, ``enable_grad``, ``set_grad_enabled``
work as context managers and as decorators, like torch's."""
from __future__ import annotations

import functools
import inspect
import warnings

import numpy as np

from ..tensor import inference_creation


class STATE:
    enabled = True      # read by every op; a class attribute is the cheapest global to read
    inference = False   # inside inference_mode() (is_inference_mode_enabled); recording is off there too
    wanted = True       # the grad mode the switches asked for: inside inference_mode an enable_grad() turns it
    #                     on (is_grad_enabled() says so, as torch's) but ops still record nothing


def is_grad_enabled() -> bool:
    return STATE.enabled or (STATE.inference and STATE.wanted)


def _switch(mode):
    """Grad mode ``mode`` as the switches set it: recording on only outside inference mode."""
    STATE.wanted = mode
    STATE.enabled = mode and not STATE.inference


def is_inference_mode_enabled() -> bool:
    return STATE.inference


class _GradMode:
    """Base of the grad-mode switches: a context manager that also decorates functions
    (``@no_grad()``, or ``@no_grad`` without parentheses, as in torch)."""

    mode = True

    def __new__(cls, *args, **kwargs):
        if cls in (no_grad, enable_grad, inference_mode) and len(args) == 1 and callable(args[0]) \
                and not isinstance(args[0], bool) and not kwargs:
            self = object.__new__(cls)               # used as @no_grad: decorate right away
            self.__init__()
            return self(args[0])
        return object.__new__(cls)

    def __enter__(self):
        self._prev = STATE.enabled, STATE.wanted
        _switch(self.mode)
        return None                                 # as torch: `with no_grad() as x` gives None

    def __exit__(self, *exc):
        STATE.enabled, STATE.wanted = self._prev
        return False

    def clone(self):
        return self.__class__()

    def __call__(self, func):
        if isinstance(func, type):
            warnings.warn("Decorating classes is deprecated and will be disabled in future versions. You should "
                          "only decorate functions or methods. To preserve the current behavior of class "
                          "decoration, you can directly decorate the `__init__` method and nothing else.",
                          FutureWarning, stacklevel=2)
            cls = func
            func = lambda *args, **kwargs: cls(*args, **kwargs)    # noqa: E731 - torch's behaviour: the class
            return self.clone()(func)                           # is called (constructed) in the mode
        if not callable(func):
            raise TypeError(f"{type(self).__name__}() decorates functions; got {func!r}")
        if inspect.isgeneratorfunction(func):
            return _wrap_generator(self, func)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return wrapper


def _wrap_generator(ctx, func):
    """A decorated generator function: the mode holds while the generator body runs (each ``next``),
    and the caller's mode is back between items (as torch's decorators do)."""
    @functools.wraps(func)
    def generator(*args, **kwargs):
        gen = func(*args, **kwargs)
        try:
            with ctx.clone():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with ctx.clone():
                        gen.close()
                    raise
                except BaseException:
                    with ctx.clone():
                        response = gen.throw(*__import__("sys").exc_info())
                else:
                    with ctx.clone():
                        response = gen.send(request)
        except StopIteration as e:
            return e.value
    return generator


class no_grad(_GradMode):
    """Turn graph recording off: ``with minigrad.no_grad(): ...`` or ``@minigrad.no_grad()``."""
    mode = False


class enable_grad(_GradMode):
    """Turn graph recording back on inside a ``no_grad`` block."""
    mode = True


class inference_mode(_GradMode):
    """``no_grad``, and the tensors made inside are inference tensors (``t.is_inference()``), as torch's: they
    may not be saved for backward, nor changed in place outside inference mode. ``is_inference_mode_enabled()``
    is True inside it."""

    def __init__(self, mode: bool = True):
        self.mode = not mode
        self.inference = bool(mode)

    def __enter__(self):
        self._prev_inference = STATE.inference
        STATE.inference = self.inference
        inference_creation(self.inference)      # tensors made inside are inference tensors
        return super().__enter__()

    def __exit__(self, *exc):
        STATE.inference = self._prev_inference
        inference_creation(self._prev_inference)
        return super().__exit__(*exc)

    def clone(self):
        return self.__class__(self.inference)


class set_grad_enabled(_GradMode):
    """``set_grad_enabled(False)`` switches recording off; works as a function, context or decorator."""

    def __init__(self, mode: bool):
        if not isinstance(mode, (bool, np.bool_)):
            raise TypeError(f"set_grad_enabled(): argument 'mode' (position 1) must be bool, not {type(mode).__name__}")
        self.mode = bool(mode)
        self._prev = STATE.enabled, STATE.wanted
        _switch(self.mode)                 # like torch: calling it as a function takes effect at once

    def __enter__(self):
        return None                        # (__init__ already switched)

    def clone(self):
        return enable_grad() if self.mode else no_grad()

    def __call__(self, func):
        STATE.enabled, STATE.wanted = self._prev        # used as a decorator: undo the immediate effect
        return super().__call__(func)


class set_multithreading_enabled:
    """torch's switch for its engine's worker threads, as a call or a context manager. minigrad's engine runs
    every backward in the calling thread, so the flag (``is_multithreading_enabled()``) changes nothing else."""
    enabled = True

    def __init__(self, mode: bool):
        if not isinstance(mode, (bool, np.bool_)):
            raise TypeError(f"set_multithreading_enabled(): argument 'mode' must be bool, not {type(mode).__name__}")
        self.mode, self._prev = bool(mode), set_multithreading_enabled.enabled
        set_multithreading_enabled.enabled = self.mode

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        set_multithreading_enabled.enabled = self._prev
        return False

    def clone(self):
        return self.__class__(self.mode)


def is_multithreading_enabled() -> bool:
    return set_multithreading_enabled.enabled
