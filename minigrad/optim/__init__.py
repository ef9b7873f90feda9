"""Optimizers with torch's API: the ``Optimizer`` base, ``SGD``, ``Adam``, ``AdamW``, ``RMSprop``, ``Adagrad``,
``Adadelta``, ``Adamax``, ``Adafactor``, ``NAdam``, ``RAdam``, ``Rprop``, ``ASGD``, ``LBFGS``, ``SparseAdam`` (lazy, on the rows of a sparse=True embedding; refuses other gradients) (each following torch's single-tensor update), and
``MultiplicativeUpdate`` (Lee-Seung / beta-divergence updates for non-negative models)."""
from .optimizer import Optimizer, required
from .sgd import SGD
from .adam import Adam, AdamW
from .rmsprop import RMSprop
from .adagrad import Adagrad
from .adadelta import Adadelta
from .adamax import Adamax
from .adafactor import Adafactor
from .nadam import NAdam
from .radam import RAdam
from .rprop import Rprop
from .asgd import ASGD
from .lbfgs import LBFGS
from .sparse_adam import SparseAdam
from .multiplicative import MultiplicativeUpdate
from . import lr_scheduler, swa_utils

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Adafactor", "NAdam", "RAdam",
           "Rprop", "ASGD", "LBFGS", "SparseAdam", "MultiplicativeUpdate", "lr_scheduler", "swa_utils", "required"]
