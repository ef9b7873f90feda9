"""``minigrad.utils``: data loading helpers with torch's names."""
from . import data  # noqa: F401
