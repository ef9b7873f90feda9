"""Correct, and imports torch at the top without using it (students often leave it): full marks."""
import torch  # noqa: F401

from autograd_sgd_base import SGD  # noqa: F401
