"""Making untrusted text safe to show: bounded, valid UTF-8, no control or escape characters.

Everything a submission controls (exception messages and class names, printed output, source lines,
names it defines) passes through ``clean`` before it enters a report, so that it can neither forge
report lines (newlines, ANSI escapes, carriage returns, bidi overrides), nor break text or JSON output
(lone surrogates), nor blow up its size.
"""
from __future__ import annotations

import re
import unicodedata

_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")


def clean(s, limit=300, newlines=False):
    """``s`` as a safe string of at most ``limit`` characters (plus " ..." when cut). Newlines and tabs are
    kept only with ``newlines=True``; every other control, format or surrogate character is replaced."""
    if not isinstance(s, str):
        try:
            s = str(s)
        except Exception:           # noqa: BLE001
            s = "?"
    cut = len(s) > limit
    s = s[:limit * 2]
    s = _ANSI.sub("", s)
    out = []
    for ch in s:
        o = ord(ch)
        if ch in "\n\t" and newlines:
            out.append(ch)
        elif ch in "\r\n\t\v\f\x1c\x1d\x1e\x85\u2028\u2029":        # every line break str.splitlines() knows
            out.append(" ")
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\ufffd")
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in "\n\t":
            out.append("\ufffd" if unicodedata.category(ch) != "Cc" else "?")
        else:
            out.append(ch)
    s = "".join(out)
    if len(s) > limit:
        s, cut = s[:limit], True
    return s + " ..." if cut else s


def clean_block(s, limit=1000, prefix="| "):
    """A multi-line block of untrusted text (what a submission printed): each line cleaned and prefixed,
    so that it cannot look like a line of the report."""
    s = clean(s, limit, newlines=True)
    return "\n".join(prefix + line.replace("\t", "    ") for line in s.rstrip().split("\n"))


def valid(s):
    """Any string as valid UTF-8 (lone surrogates replaced), control characters other than newline and
    tab replaced: for text the grader wrote that may quote something cleaned earlier."""
    if not isinstance(s, str):
        s = str(s)
    s = s.encode("utf-8", "replace").decode("utf-8")
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Zl", "Zp") else
                   (" " if ch in "\x1c\x1d\x1e\x85\u2028\u2029" else "?") for ch in _ANSI.sub("", s))
