"""What every check needs: calling student code safely, turning arrays into tensors, comparing results
and writing messages that say what is wrong without revealing reference values.

Runs inside the worker process (``worker.py``).
"""
from __future__ import annotations

import os
import traceback

import numpy as np

import minigrad
from .spec import Fail, ArraySpec, Same

# the folder of the submission, to point at the student's own line in tracebacks (set by the worker)
SUBMISSION_ROOT = None
_MINIGRAD_DIR = os.path.dirname(os.path.abspath(minigrad.__file__)) + os.sep


# ---------------------------------------------------------------------------------------------
# calling student code
# ---------------------------------------------------------------------------------------------
def student_call(what, fn, *args, **kwargs):
    """``fn(*args, **kwargs)``; any exception (SystemExit included) becomes ``Fail`` naming ``what``."""
    try:
        return fn(*args, **kwargs)
    except Fail:
        raise
    except NotImplementedError as e:
        name = what.partition(" with ")[0]          # the same message for every input: told once in reports
        raise Fail(f"{name} is not implemented yet (it raises NotImplementedError{where(e)})", hint=False) from None
    except SystemExit as e:
        raise Fail(f"{what} called sys.exit({'' if e.code is None else repr(e.code)}){where(e)}; a graded "
                   "function must return its result, not end the program", hint=False) from None
    except KeyboardInterrupt:
        raise Fail(f"{what} raised KeyboardInterrupt") from None
    except RecursionError as e:
        raise Fail(f"{what} raised RecursionError (maximum recursion depth exceeded){where(e)}: a function "
                   "that calls itself (or forward/backward calling apply) without end?") from None
    except BaseException as e:          # noqa: BLE001 - a student's error of any kind fails only this test
        raise Fail(f"{what} raised {describe_exception(e)}") from None


def describe_exception(e):
    try:
        msg = str(e).strip()
    except BaseException:          # noqa: BLE001 - an exception whose __str__ fails
        msg = ""
    if len(msg) > 600:
        msg = msg[:600] + " ..."
    return f"{type(e).__name__}{': ' + msg if msg else ''}{where(e)}"


def where(e):
    """`` (at yourfile.py line 12: `code`)`` for the innermost frame in the submission, if any."""
    if SUBMISSION_ROOT is None:
        return ""
    frames = [f for f in traceback.extract_tb(e.__traceback__)
              if os.path.abspath(f.filename).startswith(SUBMISSION_ROOT)
              and not os.path.abspath(f.filename).startswith(_MINIGRAD_DIR)]
    if not frames:
        return ""
    f = frames[-1]
    code = f" `{f.line.strip()}`" if f.line else ""
    return f" at {os.path.basename(f.filename)} line {f.lineno}{code}"


def not_own_work(task, obj):
    """A message when ``obj`` is minigrad's (or torch's) own implementation re-exported, else None."""
    module = getattr(obj, "__module__", None) or ""
    for lib in ("minigrad", "torch"):
        if module == lib or module.startswith(lib + "."):
            return (f"{task.name} is {lib}'s own implementation ({module}.{getattr(obj, '__qualname__', '')}), "
                    "not yours: write it in your submission")
    return None


def call_custom(task, test, obj, rng, device):
    """A test whose check is a callable ``check(obj, rng, device)`` from the assignment spec."""
    try:
        test.check(obj, rng, device)
    except Fail:
        raise
    except AssertionError as e:
        raise Fail(f"{task.title}: {e}" if str(e) else f"{task.title}: {test.name} failed") from None
    except BaseException as e:      # noqa: BLE001
        raise Fail(f"{task.title}: {describe_exception(e)}") from None


# ---------------------------------------------------------------------------------------------
# arrays and tensors
# ---------------------------------------------------------------------------------------------
def draw(case, rng):
    """The case's positional arguments with every ArraySpec replaced by an array from ``rng``."""
    return [a.make(rng) if isinstance(a, ArraySpec) else a.copy() if isinstance(a, np.ndarray) else a
            for a in case.args]


def tensors(values, device, requires_grad):
    """Arrays -> fresh tensors (float ones require grad if asked); Same(i) -> the tensor of argument i."""
    out = []
    for v in values:
        if isinstance(v, Same):
            out.append(out[v.index])
        elif isinstance(v, np.ndarray):
            rg = requires_grad and v.dtype.kind == "f"
            out.append(minigrad.tensor(v, device=device, requires_grad=rg))
        else:
            out.append(v)
    return out


def diff_positions(values):
    """Indices of the float arrays (the inputs that get gradients)."""
    return [i for i, v in enumerate(values) if isinstance(v, np.ndarray) and v.dtype.kind == "f"]


def to_numpy(t):
    return np.array(t.detach().numpy(force=True))


def snapshot(values):
    return [to_numpy(v) if isinstance(v, minigrad.Tensor) else None for v in values]


def fmt_shape(shape):
    shape = tuple(int(s) for s in shape)
    return f"({shape[0]},)" if len(shape) == 1 else str(shape)


def describe_case(task, case, values):
    """"a (3, 4), b (1, 4), dim=1" — shapes only, never values."""
    if case.label:
        return case.label
    parts = []
    for i, v in enumerate(values):
        name = task.arg_names[i] if task.arg_names and i < len(task.arg_names) else f"input {i}"
        if isinstance(v, Same):
            parts.append(f"{name} = {task.arg_names[v.index] if task.arg_names else f'input {v.index}'}")
        elif isinstance(v, np.ndarray):
            parts.append(f"{name} {fmt_shape(v.shape)}")
        else:
            parts.append(f"{name}={v!r}")
    parts += [f"{k}={v!r}" for k, v in case.kwargs.items()]
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# comparing
# ---------------------------------------------------------------------------------------------
def check_tensor(what, value, expected_shape, expected="it should have"):
    """``value`` must be a minigrad Tensor of ``expected_shape``; else Fail with the usual cause.
    ``expected`` words the wanted shape ("the input has")."""
    if not isinstance(value, minigrad.Tensor):
        kind = type(value).__module__.split(".")[0] + "." + type(value).__name__
        if isinstance(value, np.ndarray) or np.isscalar(value):
            raise Fail(f"{what} is a {kind}, not a minigrad Tensor: wrap it, e.g. minigrad.tensor(result) "
                       "or minigrad.from_numpy(array)")
        if value is None:
            raise Fail(f"{what} is None: did you forget a return statement?")
        raise Fail(f"{what} is a {kind}, not a minigrad Tensor")
    got = tuple(value.shape)
    want = tuple(expected_shape)
    if got != want:
        raise Fail(f"{what} has shape {fmt_shape(got)} but {expected} shape {fmt_shape(want)}"
                   f"{shape_hint(got, want)}")


def shape_hint(got, want):
    if _broadcasts_to(want, got):
        return (": sum over the broadcast dimensions (the leading dimensions the input lacks and those "
                "where it has size 1)")
    if len(got) == len(want) and sorted(got) == sorted(want) and got != want:
        return ": a missing or extra transpose?"
    if int(np.prod(got)) == int(np.prod(want)) and got != want:
        return ": same number of elements, wrong layout (a missing reshape/unsqueeze, e.g. for keepdim=False?)"
    return ""


def _broadcasts_to(small, big):
    if len(small) > len(big) or small == big:
        return False
    return all(s == b or s == 1 for s, b in zip(reversed(small), reversed(big)))


def compare(what, actual, expected, rtol, atol, visible, *, ones_version=None, dtype_note=None,
            against="the reference"):
    """None if ``actual`` matches ``expected`` (arrays of one shape), else a message starting with
    ``what``. Visible tests show where the largest difference is and the student's value there;
    hidden ones only how many entries are wrong. Hints: NaN/inf, a constant factor, the gradient one
    would get with an all-ones upstream gradient (``ones_version``)."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    bad = ~np.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    n_bad, n = int(bad.sum()), bad.size
    msg = f"{what} is wrong ({n_bad} of {n} entries differ from {against})"
    finite = np.isfinite(expected)
    if (~np.isfinite(actual) & finite).any():
        msg += "; it contains NaN or inf: an overflow (exp of a large number?) or a division by zero"
    elif visible:
        diff = np.where(bad, np.abs(actual - expected), -1.0)
        idx = np.unravel_index(int(np.argmax(diff)), bad.shape)
        at = f"at index {tuple(int(i) for i in idx)} " if actual.ndim else ""
        msg += f"; the largest difference is {at}where you have {actual[idx] + 0.0:.6g}"
    if ones_version is not None and np.allclose(actual, ones_version, rtol=rtol, atol=atol):
        msg += ("; it is what the gradient would be if the upstream gradient were all ones: multiply by "
                "grad_output (chain rule)")
    else:
        factor = _constant_factor(actual, expected)
        if factor is not None:
            msg += (f"; it is {factor:.4g} times the expected value everywhere (a wrong scale: a missing or extra "
                    "factor such as 1/N, or a sign?)")
    if dtype_note:
        msg += f"; {dtype_note}"
    return msg


def _constant_factor(actual, expected):
    mask = np.abs(expected) > 1e-6
    if mask.sum() < 2 or not np.isfinite(actual).all():
        return None
    ratio = actual[mask] / expected[mask]
    c = float(np.median(ratio))
    if abs(c - 1) < 1e-3 or abs(c) < 1e-12:
        return None
    if np.allclose(actual, c * expected, rtol=1e-5, atol=1e-9):
        return c
    return None


def dtype_note(value, inputs_dtype="float64"):
    """A note when the student's tensor lost the inputs' float64 precision."""
    if isinstance(value, minigrad.Tensor) and value.dtype != minigrad.float64 and inputs_dtype == "float64":
        return (f"your result is {str(value.dtype).split('.')[-1]} while the inputs are float64: keep the "
                "input's dtype (tensors made with minigrad.zeros/ones/tensor(list) default to float32)")
    return None


def changed(before, values):
    """Index of the first tensor in ``values`` whose contents differ from its snapshot, else None."""
    for i, (b, v) in enumerate(zip(before, values)):
        if b is None or not isinstance(v, minigrad.Tensor):
            continue
        a = to_numpy(v)
        if a.shape != b.shape or not np.array_equal(a, b, equal_nan=True):
            return i
    return None
