"""The switch between normal mode (speed tricks on) and reference mode (every trick off).

Reference mode is for reading, teaching and checking: every operator, method and function reaches
its op class's ``forward`` (and, in backward, its ``backward``), also under ``no_grad`` and inside
backward passes, and no fused kernel, shortcut or layout trick runs. Turn it on with
``MINIGRAD_REFERENCE=1`` in the environment, or in code with ``minigrad.set_reference_mode(True)``.
"""
from __future__ import annotations

import os


class SWITCH:
    on = os.environ.get("MINIGRAD_REFERENCE", "0").strip().lower() in ("", "0", "false", "no")


_LISTENERS = []     # called after every switch (ops/__init__.py re-binds the Tensor operators)


def enabled() -> bool:
    """True in normal mode (speed tricks on), False in reference mode."""
    return SWITCH.on


def is_reference_mode() -> bool:
    return not SWITCH.on


def set_reference_mode(reference: bool = True) -> bool:
    """Switch reference mode on (``True``) or off; returns the previous setting."""
    previous = not SWITCH.on
    SWITCH.on = not reference
    for listener in _LISTENERS:
        listener()
    return previous


class reference_mode:
    """``with minigrad.reference_mode():`` runs a block in reference mode (or, with ``False``, in
    normal mode) and restores the previous mode afterwards."""

    def __init__(self, reference: bool = True):
        self.reference = reference

    def __enter__(self):
        self.previous = set_reference_mode(self.reference)
        return self

    def __exit__(self, *exc):
        set_reference_mode(self.previous)
        return False


def on_switch(listener):
    _LISTENERS.append(listener)
