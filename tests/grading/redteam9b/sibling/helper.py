"""Unread: imported by a computed name."""
import sys

FRAME = sys._getframe(0).f_code.co_name
exec("VALUE = 1")
