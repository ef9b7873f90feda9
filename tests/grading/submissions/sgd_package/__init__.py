"""A submission as a package: the class lives in a submodule."""
from .optimizer import SGD  # noqa: F401
