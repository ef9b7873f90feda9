"""Custom checks (``Test(check=callable)``) see the submission's object through ``RemoteObject``: calling
it sends the arguments to the runner as data and brings the result back as data (a minigrad Tensor
answer becomes a judge-side minigrad Tensor; other objects an ``Opaque`` with their type name), so
instructor check code runs in the judge and never next to the submission."""
from __future__ import annotations

import minigrad
from .checks import student_message, describe_error, REFERENCE_LOCK
from .judge import Opaque, TensorData, StudentFailed
from .spec import Fail
from .text import clean

MESSAGE_LIMIT = 2000         # characters of a custom check's message


_BREAKS = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"       # every line break str.splitlines() knows


class RemoteObject:
    def __init__(self, rs, path, seen=None):
        self._rs, self._path = rs, path
        self._seen = {} if seen is None else seen       # shared by the objects of one check: what came back

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return RemoteObject(self._rs, f"{self._path}.{name}", self._seen)

    def __call__(self, *args, **kwargs):
        try:
            out = self._rs.call(self._path, args, kwargs)
        except StudentFailed as e:
            raise student_message(e.info, f"{self._path}(...)") from None
        if _has_break(out):
            self._seen["line breaks"] = True
        return _to_judge(out)

    def __repr__(self):
        return f"<the submission's {self._path}>"


def _to_judge(v):
    if isinstance(v, TensorData):
        return minigrad.tensor(v.array)
    if isinstance(v, list):
        return [_to_judge(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_to_judge(x) for x in v)
    if isinstance(v, dict):
        return {k: _to_judge(x) for k, x in v.items()}
    return v


def _has_break(v, depth=0):
    """Whether an answer holds a line break in any string (values, keys, type names)."""
    if depth > 8:
        return True
    if isinstance(v, str):
        return any(ch in _BREAKS for ch in v)
    if isinstance(v, Opaque):
        return _has_break(v.type_name)
    if isinstance(v, dict):
        return any(_has_break(k, depth + 1) or _has_break(x, depth + 1) for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return any(_has_break(x, depth + 1) for x in v)
    return False


def call_custom(task, test, rs, rng, device):
    """A test whose check is a callable ``check(obj, rng, device)`` from the assignment spec."""
    seen = {}
    obj = RemoteObject(rs, task.name, seen)
    try:
        with REFERENCE_LOCK:             # instructor code may use minigrad's (process-global) grad mode
            test.check(obj, rng, device)
    except StudentFailed:
        raise
    # the instructor's message may quote what the submission returned (a string of its choosing): cleaned as the
    # submission's own text is (before the red-team pass 13 a returned bidi override, escape or 200 KB string went
    # into the report as it was)
    # The instructor's own line breaks are kept, unless an answer of the submission held one: a message quoting it
    # (or anything made from it) is then one paragraph. Before the red-team pass 14 a returned string's line breaks
    # made lines of the report of the submission's choosing (a forged table "greet: greeting  5/5  passed").
    except Fail as f:
        raise Fail(clean(str(f), MESSAGE_LIMIT, newlines=not seen), f.hint, f.kind, f.part) from None
    except AssertionError as e:
        raise Fail(clean(f"{task.title}: {e}" if str(e) else f"{task.title}: {test.name} failed", MESSAGE_LIMIT,
                         newlines=not seen)) from None
    except Exception as e:      # noqa: BLE001 - the instructor's check failed on the answer
        raise Fail(f"{task.title}: {describe_error({'type': type(e).__name__, 'message': str(e)})}") from None
