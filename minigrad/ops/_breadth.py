"""Binds the Tensor methods of the breadth op modules (each module lists its own in ``METHODS``)."""
from __future__ import annotations

import importlib

from ..tensor import Tensor

MODULES = ("special", "einsum", "scan", "scatter", "algebra", "misc", "stats", "linalg_extra", "compat")


def bind():
    for name in MODULES:
        for attr, fn in importlib.import_module(f".{name}", __package__).METHODS.items():
            setattr(Tensor, attr, fn)


bind()
