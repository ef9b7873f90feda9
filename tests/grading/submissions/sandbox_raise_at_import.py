"""Raises while being imported (script code left at module level)."""
from sgd_correct import SGD  # noqa: F401

data = open("train.csv").read()
