"""Calls sys.exit() at module level."""
import sys

from sgd_correct import SGD  # noqa: F401

print("training...")
sys.exit(0)
