"""Who the students are: a course roster (``--roster FILE``) and the student names in a Gradescope export's
``submission_metadata.yml``.

Both files are data an instructor downloads, and what they hold was typed by students (their names) or by an LMS:
nothing in them is run, imported, evaluated or used as a path. Ids are checked (printable, one line, no path
separator, bounded) and go into the gradebook through its formula quoting, into report file names through
``batch.safe_id``.

The metadata is read with a small reader of the YAML subset that export uses (mappings by indentation, ``- `` lists,
plain and quoted scalars), written here so that grading needs no YAML library: a general YAML loader can build objects
from tags (``!!python/object``), and anchors and aliases can blow a small file up; this reader knows neither (a tag is
dropped, an alias is no value), keeps every value a string, and reads only the submitters of each submission.
"""
from __future__ import annotations

import csv
import io
import os
import re

from .text import clean

MAX_ROSTER_BYTES = 5 << 20
MAX_METADATA_BYTES = 64 << 20
MAX_ID = 200
MAX_LINE = 4096           # a metadata line is read up to this many characters
MAX_SUBMITTERS = 50       # a group's students read from the metadata, at most
# header names of a roster CSV's id column (LMS exports call it one of these), compared without case or spaces
ID_COLUMNS = ("id", "student id", "student_id", "studentid", "sid", "sis user id", "sis_user_id", "user id", "login",
              "login id", "sis login id", "username", "email", "e-mail")
METADATA = "submission_metadata.yml"
NOT_ON_ROSTER = "NOT ON ROSTER"  # the gradebook's roster_id of a submission that is no roster student's


class RosterError(ValueError):
    """A roster that cannot be used; the message says where and why."""


def check_id(text):
    """``text`` as a roster id, or a RosterError's reason: one printable line of at most MAX_ID characters, without
    path separators or NUL (an id names a student, never a file)."""
    s = text.strip().lstrip("\ufeff").strip()
    if not s:
        return None
    if len(s) > MAX_ID:
        raise RosterError(f"an id longer than {MAX_ID} characters")
    if clean(s, MAX_ID) != s:
        raise RosterError("an id with control, format or line-break characters")
    if "/" in s or "\\" in s or "\0" in s:
        raise RosterError("an id with a path separator (/ or \\)")
    if " ".join(s.split()).casefold() == NOT_ON_ROSTER.casefold():
        # the gradebook's roster_id column says NOT ON ROSTER for a submission that is no roster student's: a student
        # of that id would read as one (before round 19 the two could not be told apart)
        raise RosterError(f"the id {NOT_ON_ROSTER!r}, which the gradebook writes for a submission not on the roster")
    return s


def read_roster(path):
    """The ids of a roster file, in order, each once: one id per line (blank lines and lines starting with ``#``
    skipped, and a first line that names an id column: a one-column CSV's header), or a CSV whose header names an id
    column (``id``, ``sid``, ``student id``, ``email``... the first found
    in ID_COLUMNS' order). Raises RosterError (a usage error) naming the line."""
    try:
        if os.path.getsize(path) > MAX_ROSTER_BYTES:
            raise RosterError(f"the roster {clean(path, 120)} is larger than {MAX_ROSTER_BYTES >> 20} MB")
        with open(path, "rb") as f:
            data = f.read(MAX_ROSTER_BYTES + 1)
    except OSError as e:
        raise RosterError(f"cannot read the roster {clean(path, 120)}: {e.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(f"the roster {clean(path, 120)} is not UTF-8 text: save it as UTF-8 (CSV UTF-8)") from None
    lines = text.splitlines()
    at = next((n for n, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), None)
    first = "" if at is None else lines[at]
    ids, where = [], []
    if "," in first or "\t" in first or ";" in first:
        # the header is the first line that is not blank (an LMS export may start with one), and its delimiter the
        # one that splits it into an id column: a quoted cell may hold the others ("Last, First"<TAB>Email). Before
        # round 19 either made a roster a usage error
        column = None
        for delimiter in [d for d in (",", "\t", ";") if d in first]:
            try:
                rows = list(csv.reader(io.StringIO("\n".join(lines[at:])), delimiter=delimiter))
            except csv.Error as e:
                raise RosterError(f"the roster {clean(path, 120)} is not a CSV that can be read: {e}") from None
            header = [" ".join(h.split()).lower() for h in rows[0]] if rows else []
            column = next((header.index(name) for name in ID_COLUMNS if name in header), None)
            if column is not None:
                break
        if column is None:
            raise RosterError(f"the roster {clean(path, 120)} looks like a CSV but no column of its header is an id "
                              f"column (one of: {', '.join(ID_COLUMNS)}); name the column of student ids 'id'")
        for n, row in enumerate(rows[1:], start=at + 2):
            if column < len(row):
                ids.append(row[column])
                where.append(n)
    else:
        for n, line in enumerate(lines, start=1):
            if n - 1 == at and " ".join(line.split()).lower() in ID_COLUMNS:
                continue         # a one-column CSV's header ("Email"): before the red-team pass 18, a student "Email"
            if not line.lstrip().startswith("#"):
                ids.append(line)
                where.append(n)
    out, seen = [], set()
    for n, raw in zip(where, ids):
        try:
            sid = check_id(raw)
        except RosterError as e:
            raise RosterError(f"the roster {clean(path, 120)}, line {n}: {e}") from None
        if sid is not None and sid not in seen:
            seen.add(sid)
            out.append(sid)
    if not out:
        raise RosterError(f"the roster {clean(path, 120)} lists no student")
    return out


# ------------------------------------------------------------------------------------------- Gradescope's metadata
def _scalar(text):
    """A YAML scalar as a string (None for null, an alias or nothing): quotes undone, a tag dropped, a comment after a
    plain value cut. No type is inferred (a sid ``00123`` stays ``00123``) and nothing is evaluated."""
    s = text.strip()
    while s.startswith("!"):                       # a tag (!ruby/object, !!python/object/apply:...): only dropped
        s = s.partition(" ")[2].strip()
    if s.startswith("&"):                          # an anchor: its name dropped, the value kept
        s = s.partition(" ")[2].strip()
    if not s or s.startswith(("*", "|", ">", "{", "[")) or s in ("~", "null", "Null", "NULL"):
        return None                                # alias, block scalar, flow collection, null: not a student's name
    if s[0] == "'":
        end = re.match(r"'((?:[^']|'')*)'", s)
        return end.group(1).replace("''", "'") if end else s[1:]
    if s[0] == '"':
        end = re.match(r'"((?:[^"\\]|\\.)*)"', s)
        body = end.group(1) if end else s[1:]
        return re.sub(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", _unescape, body)
    return re.split(r"\s#", s, maxsplit=1)[0].strip()


# YAML's escapes in a double-quoted string: a control character stays one (then the value is no usable id: check_id)
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}


def _unescape(m):
    code = m.group(1)
    if code[0] in "xuU" and len(code) > 1:
        n = int(code[1:], 16)
        return chr(n) if n < 0x110000 else "\ufffd"
    return _ESCAPES.get(code, "")


def _key_value(text):
    """``(key, rest)`` of a ``key: value`` line (Ruby's ``:key:`` symbols and quoted keys unwrapped), else None. Read
    by hand, in one pass: a regular expression with a lazy key and optional spaces took quadratic time on a long
    line of spaces."""
    s = text[1:] if text.startswith(":") else text
    if s[:1] in ("'", '"'):
        end = s.find(s[0], 1)
        after = s[end + 1:].lstrip() if end > 0 else ""
        if not after.startswith(":") or after[1:2] not in ("", " ", "\t"):
            return None
        return s[1:end], after[1:].strip()
    colon = re.search(r":(?=\s|$)", s)
    if colon is None:
        return None
    key = s[:colon.start()].strip()
    if not key or key[0] in "#-[]{}&*!|>%@`,?" or "#" in key:
        return None
    return key.lstrip(":"), s[colon.end():].strip()


def _other_entry(body, folders):
    """True when the top-level line ``body`` is surely not the key of one of ``folders`` (what ``_key_value`` would
    read, without its work): a plain ``name:`` whose name is none of them."""
    if "'" in body or '"' in body:
        return False
    s = body[1:] if body.startswith(":") else body
    if not s.endswith(":"):
        return True                                  # a key with a value, or no key: never an entry
    return ":" not in s[:-1] and s[:-1].strip() not in folders


def read_gradescope_metadata(path, folders=None):
    """{submission folder name: [{"name", "sid", "email"}: strings or None]} from a Gradescope export's
    ``submission_metadata.yml``; {} when it cannot be read. Only each top-level entry's own ``:submitters:`` list is
    read: its items' ``:name:``, ``:sid:`` and ``:email:`` at the items' own indentation; with ``folders`` (names),
    only the entries of those folders, and at most MAX_SUBMITTERS an entry (a 64 MB file of entries or of ``-`` lines
    cost 5 GB before the red-team pass 18).

    What a student typed or printed is in the file too: their name, and in other keys (``:history:``, ``:results:``)
    what their code printed, as a block (``|-``) or a quoted string. The file's emitter writes the lines that continue
    such a value more indented than its key (a name longer than 80 columns is folded onto a next line). Before the
    red-team pass 18 the reader took any ``- `` line under ``:submitters:`` for a new submitter and any
    ``:submitters:`` line at any depth for the list, and split lines at U+2028, U+2029 and the other breaks that
    ``str.splitlines`` knows: a name such as ``"X" * 76 + " - :sid: 666 #"`` (or one with a U+2029 before
    ``- :sid: 666``), or printed output holding ``:submitters:`` and ``- :sid: '666'``, added student 666 to the
    submission (and dropped the student's own sid), so that 666's roster row got it. Now lines end at line feeds only,
    a ``:submitters:`` is read only at its entry's own keys' indentation, a submitter starts only at the list's ``-``
    column, a key only at the submitter's keys' column, and a more indented line continues the value before it."""
    try:
        if os.path.getsize(path) > MAX_METADATA_BYTES:
            return {}
        with open(path, "rb") as f:
            text = f.read(MAX_METADATA_BYTES).decode("utf-8", "replace")
    except OSError:
        return {}
    out = {}
    entry = people = None     # the top-level key (a submission's folder) being read; its submitters' list, inside it
    own = dash = keys = None  # the columns of the entry's own keys, of the list's "-", of a submitter's keys
    value = None              # [submitter, field, text] of the field being read (a folded value continues it)

    def finish():
        if value is not None:
            who, name, raw = value
            who[name] = _scalar(raw)

    deeper = None             # the indentation of a line inside another key of the entry (never read), as text
    for raw in text.split("\n"):
        # cheap skips first (a large export is mostly lines nobody reads: 8 MB took 11 s before round 19): a line
        # inside an entry not read, or inside another key's value (:history:, :results:) of an entry read
        if raw[:1] == " " and (entry is None or people is None and deeper is not None and raw.startswith(deeper)):
            continue
        line = raw[:MAX_LINE].rstrip()       # a long line is cut, never skipped: it may start a submitter
        if not line.strip() or line.lstrip().startswith("#") or line.startswith(("---", "...")):
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if people is not None and value is not None and indent > keys:
            if len(value[2]) < MAX_LINE:     # a value folded onto this line
                value[2] += " " + body
            continue
        finish()
        value = None
        if indent == 0:
            kv = _key_value(body) if folders is None or not _other_entry(body, folders) else None
            entry = kv[0] if kv and not kv[1].strip() and (folders is None or kv[0] in folders) else None
            people = own = deeper = None
            if entry is not None:
                out.setdefault(entry, [])
            continue
        if entry is None:
            continue
        own = indent if own is None else own
        deeper = " " * (own + 1)
        in_list = people is not None and indent >= (own if dash is None else dash)
        if indent == own and not (in_list and body.startswith("-")) or indent < own:
            kv = _key_value(body) if indent == own else None
            people = out[entry] if kv and kv[0] == "submitters" and not kv[1].strip() else None
            dash = keys = None
            continue
        if people is None:
            continue                         # inside another key's value (:history:, :results:...): never read
        if dash is None and (body == "-" or body.startswith("- ")):
            dash = indent
        if indent == dash and (body == "-" or body.startswith("- ")):
            if len(people) >= MAX_SUBMITTERS:
                people = entry = None            # the entry's list is full: nothing more of it is read
                continue
            people.append({"name": None, "sid": None, "email": None})
            rest = body[1:].lstrip(" ")
            keys = indent + len(body) - len(rest) if rest else None
            body = rest
            if not body:
                continue
        elif not people or indent != (keys if keys is not None else indent) or indent <= dash:
            continue
        keys = indent if keys is None else keys
        kv = _key_value(body)
        if kv and kv[0] in ("name", "sid", "email"):
            value = [people[-1], kv[0], kv[1]]
    finish()
    return out


def _usable(who):
    """[(field, value)] of one submitter's sid, email and name (in that order) that are usable ids: a value with a path
    separator or control characters is skipped."""
    out = []
    for field in ("sid", "email", "name"):
        try:
            value = check_id(who.get(field) or "")
        except RosterError:
            value = None
        if value:
            out.append((field, value))
    return out


def student_id(people, folder):
    """The id of the submission ``folder`` by ``people``: their sids (else emails), a group's joined with ``+``; a name
    only in parentheses after them, or after the folder's name when no one has a sid or an email. A student chooses
    the name on their account: were it an id, a student named "00123" would take the id of the student whose sid that
    is (and their row, in a gradebook imported by id). None when no one has any field."""
    ids = [dict(_usable(who)).get("sid") or dict(_usable(who)).get("email") for who in people]
    names = [dict(_usable(who)).get("name") for who, i in zip(people, ids) if not i and dict(_usable(who)).get("name")]
    base = "+".join(i for i in ids if i) or (folder if names else "")
    return (base + (f" ({', '.join(names)})" if names else ""))[:MAX_ID] or None


def aliases(people):
    """Every usable sid and email of ``people``: what a roster may list them by (not names: a student chooses theirs)."""
    return {value for who in people for field, value in _usable(who) if field != "name"}
