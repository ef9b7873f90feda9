"""Custom checks (``Test(check=callable)``) see the submission's object through ``RemoteObject``: calling
it sends the arguments to the runner as data and brings the result back as data (a minigrad Tensor
answer becomes a judge-side minigrad Tensor; other objects an ``Opaque`` with their type name), so
instructor check code runs in the judge and never next to the submission."""
from __future__ import annotations

import minigrad
from .checks import student_message, describe_error, REFERENCE_LOCK
from .judge import TensorData, StudentFailed
from .spec import Fail
from .text import clean

MESSAGE_LIMIT = 2000         # characters of a custom check's message


class RemoteObject:
    def __init__(self, rs, path):
        self._rs, self._path = rs, path

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return RemoteObject(self._rs, f"{self._path}.{name}")

    def __call__(self, *args, **kwargs):
        try:
            out = self._rs.call(self._path, args, kwargs)
        except StudentFailed as e:
            raise student_message(e.info, f"{self._path}(...)") from None
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


def call_custom(task, test, rs, rng, device):
    """A test whose check is a callable ``check(obj, rng, device)`` from the assignment spec."""
    obj = RemoteObject(rs, task.name)
    try:
        with REFERENCE_LOCK:             # instructor code may use minigrad's (process-global) grad mode
            test.check(obj, rng, device)
    except StudentFailed:
        raise
    # the instructor's message may quote what the submission returned (a string of its choosing): cleaned as the
    # submission's own text is (before the red-team pass 13 a returned bidi override, escape or 200 KB string went
    # into the report as it was)
    except Fail as f:
        raise Fail(clean(str(f), MESSAGE_LIMIT, newlines=True), f.hint, f.kind, f.part) from None
    except AssertionError as e:
        raise Fail(clean(f"{task.title}: {e}" if str(e) else f"{task.title}: {test.name} failed", MESSAGE_LIMIT,
                         newlines=True)) from None
    except Exception as e:      # noqa: BLE001 - the instructor's check failed on the answer
        raise Fail(f"{task.title}: {describe_error({'type': type(e).__name__, 'message': str(e)})}") from None
