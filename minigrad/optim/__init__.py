"""Optimizers with torch's API: the ``Optimizer`` base, ``SGD``, ``Adam``, ``AdamW``, and
``MultiplicativeUpdate`` (Lee-Seung / beta-divergence updates for non-negative models)."""
from .optimizer import Optimizer, required
from .sgd import SGD
from .adam import Adam, AdamW
from .multiplicative import MultiplicativeUpdate
from . import lr_scheduler

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "MultiplicativeUpdate", "lr_scheduler", "required"]
