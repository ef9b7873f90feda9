"""What every check needs, on the judge's side: drawing inputs, computing references, reading the
runner's answers as data, comparing, and writing messages that say what is wrong without revealing
reference values (hidden tests: no values at all, only shapes, counts and kinds of error).

Every string that comes from the submission (exception messages, class names, source lines, printed
text) goes through ``text.clean`` before it is part of a message.
"""
from __future__ import annotations

import re
import threading

import numpy as np

import minigrad
from .judge import TensorData, Opaque, StudentFailed
from .spec import Fail, ArraySpec, Same
from .text import clean


# ---------------------------------------------------------------------------------------------
# the student's failures, as messages
# ---------------------------------------------------------------------------------------------
def where_text(info):
    w = info.get("where")
    if not isinstance(w, dict):
        return ""
    code = clean(w.get("code", ""), 160)
    line = w.get("line")
    line = int(line) if isinstance(line, int) and not isinstance(line, bool) and 0 <= line < 10 ** 9 else 0
    return f" at {clean(w.get('file', ''), 80)} line {line}{' `' + code + '`' if code else ''}"


def student_message(info, what):
    """A Fail for an exception the runner reported while running ``what``."""
    kind = info.get("kind")
    at = where_text(info)
    if kind == "not_implemented":
        name = what.partition(" with ")[0]
        return Fail(f"{name} is not implemented yet (it raises NotImplementedError{at})", hint=False, kind="error")
    if kind == "exit":
        return Fail(f"{what} called sys.exit({clean(info.get('code', ''), 60)}){at}; a graded function must return "
                    "its result, not end the program", hint=False, kind="error")
    if kind == "interrupt":
        return Fail(f"{what} raised KeyboardInterrupt{at}", hint=False, kind="error")
    if kind == "recursion":
        return Fail(f"{what} raised RecursionError (maximum recursion depth exceeded){at}: a function that calls "
                    "itself (or forward/backward calling apply) without end?", hint=False, kind="error")
    if kind == "not_allowed":
        return Fail(f"{what} used something this assignment does not allow: {clean(info.get('message', ''), 300)}"
                    f"{at}", hint=False, kind="not_allowed")
    return Fail(f"{what} raised {describe_error(info)}{_dropped_axis(info)}", kind="error")


def _dropped_axis(info):
    """A note when the exception is NumPy's broadcast error between an (N, C) and an (N,) array (corpus pass 14: a
    log-sum-exp without keepdims=True raised it with no word of the cause), else ""."""
    msg = str(info.get("message", ""))[:2000]
    if "could not be broadcast together with shapes" not in msg:
        return ""
    # sizes of at most 9 digits: the message is the runner's word, and int() of a 5000-digit size raised ValueError in
    # the judge ("the grader could not read your code's answer") before round 20
    shapes = [tuple(int(n) for n in grp.split(",") if n.strip()) for grp in
              re.findall(r"\((\d{1,9}(?:, ?\d{1,9})*,?)\)", msg.split("with shapes", 1)[1])]
    two = {s[0] for s in shapes if len(s) == 2}
    if any(len(s) == 1 and s[0] in two for s in shapes):
        return (": a reduction over dimension 1 gave shape (N,), which broadcasts along the last dimension of (N, C), "
                "not down the rows: keep the reduced dimension (keepdims=True, shape (N, 1)) or index it with [:, None]")
    # corpus pass 15: a conv2d bias of shape (C_out,) added to an (N, C_out, H, W) output raised this unnamed
    vec = next(((s, big) for s in shapes if len(s) == 1 for big in shapes
                if len(big) >= 3 and s[0] in big[:-1] and s[0] != big[-1]), None)
    if vec:
        (k,), big = vec
        return (f": a vector of shape ({k},) lines up with the last dimension of {fmt_shape(big)}, not with dimension "
                f"{big.index(k)}: give it size-1 dimensions after it (e.g. bias[None, :, None, None] or "
                "bias.reshape(-1, 1, 1) for the channels of (N, C, H, W))")
    return ""


def not_own_work(task, info):
    """A message when the submission's ``task.name`` is minigrad's or torch's own object (the runner's
    description ``info`` says where it was defined), not the student's."""
    module = str(info.get("module") or "")
    for lib in ("minigrad", "torch"):
        if module == lib or module.startswith(lib + "."):
            return (f"{task.name} is {lib}'s own implementation ({clean(module, 80)}."
                    f"{clean(info.get('qualname', ''), 80)}), not yours: write it in your submission")
    return None


# the test being run is visible to students (per thread: grade_many runs several gradings at once). In
# hidden tests the submission's own exception messages are cut shorter: they could carry hidden inputs out.
CONTEXT = threading.local()


def describe_error(info):
    msg = clean(info.get("message", ""), 400 if getattr(CONTEXT, "visible", True) else 100)
    return f"{clean(info.get('type', 'Exception'), 80) or 'Exception'}{': ' + msg if msg else ''}{where_text(info)}"


# minigrad's grad mode is global to the process: reference computations of concurrent gradings (threads
# of grade_many, or of a caller) take turns
REFERENCE_LOCK = threading.RLock()


# ---------------------------------------------------------------------------------------------
# inputs and references (judge side)
# ---------------------------------------------------------------------------------------------
def draw(case, rng):
    return [a.make(rng) if isinstance(a, ArraySpec) else a.copy() if isinstance(a, np.ndarray) else a
            for a in case.args]


def tensors(values, device, requires_grad):
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
    return [i for i, v in enumerate(values) if isinstance(v, np.ndarray) and v.dtype.kind == "f"]


def to_numpy(t):
    return np.array(t.detach().numpy(force=True))


def fmt_shape(shape):
    shape = tuple(int(s) for s in shape)
    return f"({shape[0]},)" if len(shape) == 1 else str(shape)


def describe_case(task, case, values):
    """"a (3, 4), b (1, 4), dim=1": shapes only, never values."""
    if case.label:
        return case.label
    parts = []
    for i, v in enumerate(values):
        name = task.arg_names[i] if task.arg_names and i < len(task.arg_names) else f"input {i}"
        if isinstance(v, Same):
            parts.append(f"{name} = {task.arg_names[v.index] if task.arg_names else f'input {v.index}'}")
        elif isinstance(v, np.ndarray):
            parts.append(f"{name} {fmt_shape(v.shape)}{' (non-contiguous)' if v.ndim >= 2 and not v.flags.c_contiguous else ''}")
        else:
            parts.append(f"{name}={v!r}")
    parts += [f"{k}={v!r}" for k, v in case.kwargs.items()]
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# answers
# ---------------------------------------------------------------------------------------------
def kind_of(value):
    if isinstance(value, Opaque):
        return value.type_name
    if isinstance(value, np.ndarray):
        return "numpy.ndarray"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return type(value).__name__
    if isinstance(value, (list, tuple, dict, str)):
        return type(value).__name__
    return type(value).__name__


def check_tensor(what, value, expected_shape, expected="it should have", part=None):
    """``value`` must be a tensor answer of ``expected_shape``; else Fail with the usual cause."""
    if not isinstance(value, TensorData):
        if value is None:
            raise Fail(f"{what} is None: did you forget a return statement?", kind="type", part=part)
        kind = kind_of(value)
        if isinstance(value, (np.ndarray, int, float)):
            raise Fail(f"{what} is a {clean(kind, 80)}, not a minigrad Tensor: wrap it, e.g. minigrad.tensor(result) "
                       "or minigrad.from_numpy(array)", kind="type", part=part)
        raise Fail(f"{what} is a {clean(kind, 80)}, not a minigrad Tensor", kind="type", part=part)
    got, want = tuple(value.shape), tuple(expected_shape)
    if got != want:
        size = "shape<" if int(np.prod(got)) < int(np.prod(want)) else "shape>" if int(np.prod(got)) > int(
            np.prod(want)) else "shape"
        # a 0-d answer's own message says what to do; a test's hints (such as Sum's about keepdim) are about other cases
        raise Fail(f"{what} has shape {fmt_shape(got)} but {expected} shape {fmt_shape(want)}{shape_hint(got, want)}",
                   kind=size, part=part, **({"hint": False} if want == () else {}))


def check_dtype(what, value, want=np.float64, part=None):
    if isinstance(value, TensorData) and value.dtype != want and value.dtype.kind in "fiub":
        raise Fail(f"{what} is {value.dtype} while the inputs are {np.dtype(want)}: keep the input's dtype (tensors made "
                   "with minigrad.zeros/ones, or minigrad.tensor of a Python float or a list, default to float32; a float32 "
                   "accumulator loses precision)", kind="dtype", part=part)


def shape_hint(got, want):
    if want == () and got == (1,):
        # corpus pass 14: np.ascontiguousarray of a 0-d sum (it returns at least 1-d) got the keepdim hint
        return (": it should be a 0-d tensor (a scalar: sum or mean without keeping a dimension; np.ascontiguousarray, "
                "np.atleast_1d, reshape(1) and keepdims=True make it (1,))")
    if want == ():
        return ": it should be a 0-d tensor (a scalar: sum or mean without keeping a dimension)"
    if _broadcasts_to(want, got):
        return (": sum over the broadcast dimensions (the leading dimensions the input lacks and those "
                "where it has size 1)")
    if len(got) == len(want) and sorted(got) == sorted(want) and got != want:
        return ": a missing or extra transpose?"
    if int(np.prod(got)) == int(np.prod(want)) and got != want:
        return ": same number of elements, wrong layout (a missing reshape/unsqueeze, e.g. for keepdim=False?)"
    if len(got) == len(want) and 0 in got and 0 not in want:
        return (": it is empty (a slice such as [p:-p] is empty when p is 0: crop with [p:p + H] instead, or an "
                "index range computed from a size of 0)")
    return ""


def _broadcasts_to(small, big):
    if len(small) > len(big) or small == big:
        return False
    return all(s == b or s == 1 for s, b in zip(reversed(small), reversed(big)))


def compare(what, actual, expected, rtol, atol, visible, *, ones_version=None, against="the reference", part=None):
    """``_compare`` with NumPy's floating-point warnings off: an answer of huge or subnormal entries overflows the
    judge's ratios (a RuntimeWarning that a warnings filter of "error" turned into "the grader could not read your
    code's answer" before the red-team pass 11b); the verdict comes from ``isclose`` alone."""
    with np.errstate(all="ignore"):
        return _compare(what, actual, expected, rtol, atol, visible, ones_version=ones_version, against=against,
                        part=part)


def _compare(what, actual, expected, rtol, atol, visible, *, ones_version=None, against="the reference", part=None):
    """None if ``actual`` matches ``expected``, else a Fail whose message starts with ``what`` and leads
    with the likeliest cause. Visible tests show where the largest difference is and the student's
    value there, and the factor of a constant-multiple error; hidden tests say only what kind of error
    it is and how many entries are wrong."""
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        return Fail(f"{what} has shape {fmt_shape(actual.shape)} but it should have shape {fmt_shape(expected.shape)}",
                    kind="shape", part=part)
    bad = ~np.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    n_bad, n = int(bad.sum()), bad.size
    counts = f"{n_bad} of {n} entries differ from {against}"
    finite = np.isfinite(expected)
    if (~np.isfinite(actual) & finite).any():
        return Fail(f"{what} is wrong ({counts}); it contains NaN or inf: an overflow (exp of a large number?) or a "
                    "division by zero", kind="nonfinite", part=part)
    if ones_version is not None and np.allclose(actual, ones_version, rtol=rtol, atol=atol) and \
            not np.allclose(ones_version, expected, rtol=rtol, atol=atol):
        return Fail(f"{what} is wrong ({counts}); it is what the gradient would be if the upstream gradient were all "
                    "ones: multiply by grad_output (chain rule)", kind="values", part=part)
    if not actual.any() and expected.any():
        return Fail(f"{what} is wrong ({counts}): it is zero everywhere", kind="values", part=part)
    msg = f"{what} is wrong ({counts})"
    scale = np.maximum(np.abs(expected), 1.0)
    worst = float(np.max(np.abs(actual - expected)[bad] / scale[bad]))
    if worst < 1e-5:
        fail = Fail(f"{msg}, by tiny amounts (about float32's precision): a float32 intermediate? Keep every array "
                    "float64 (minigrad.zeros/ones/tensor(list) and np.float32 arrays are float32)", kind="dtype",
                    part=part)
        fail.plain = msg            # without the float32 guess: a task's known mistake may explain the tiny amounts
        return fail
    factor = _constant_factor(actual, expected)
    pattern = _pattern(actual, expected, rtol, atol, visible) if factor is None else ""
    if factor is not None:
        if visible:
            msg += (f"; it is {factor:.4g} times the expected value everywhere (a wrong scale: a missing or extra "
                    "factor such as 1/N, or a sign?)")
        else:
            msg += ("; it is a constant multiple of the expected value (a wrong scale: a missing or extra factor such "
                    "as 1/N, or a sign?)")
    else:
        if visible:
            diff = np.where(bad, np.abs(actual - expected), -1.0)
            idx = np.unravel_index(int(np.argmax(diff)), bad.shape)
            at = f"at index {tuple(int(i) for i in idx)} " if actual.ndim else ""
            msg += f"; the largest difference is {at}where you have {actual[idx] + 0.0:.6g}"
        msg += pattern
    return Fail(msg, kind="values", part=part)


def _pattern(actual, expected, rtol, atol, visible=True):
    """A cause read from how ``actual`` relates to ``expected`` beyond a constant factor (red-team pass 11: these
    got only "the largest difference is ..."), or "". Both are finite float arrays of the same shape."""
    if not np.isfinite(actual).all() or not np.isfinite(expected).all():
        return ""
    if expected.size == 1:
        r = float(actual.reshape(-1)[0]) / float(expected.reshape(-1)[0]) if expected.reshape(-1)[0] else 0.0
        for k in (r, 1.0 / r if r else 0.0):
            # a subnormal answer makes 1/r inf, and round(inf) raised OverflowError here (red-team pass 11b: the
            # hidden tests then said "the grader could not read your code's answer")
            if np.isfinite(k) and abs(k) >= 1.5 and abs(k - round(k)) < 1e-6 * abs(k):
                times = f"{round(r)} times" if k == r else f"1/{round(k)} of"
                times = times if visible else "a whole-number multiple (or 1/k) of"
                return (f"; it is {times} the expected value (a sum where a mean is expected, or the other way "
                        "round: a missing or extra 1/N?)")
        return ""
    if expected.ndim == 2 and expected.shape[0] == expected.shape[1] and \
            np.allclose(actual, expected.T, rtol=rtol, atol=atol):
        return "; it is the transpose of the expected value (a missing or extra transpose?)"
    if expected.size >= 4 and np.allclose(np.sort(actual, axis=None), np.sort(expected, axis=None), rtol=rtol,
                                          atol=atol):
        return ("; it holds the expected values in the wrong places (a missing or extra transpose, a reshape where a "
                "transpose was needed, or axes in the wrong order?)")
    act, exp = actual != 0, expected != 0
    if act.any() and exp.any() and (~exp).any() and not (act & exp).any():
        return ("; it is non-zero only where the expected value is zero, and zero where it is not: an inverted "
                "condition (a mask such as x < 0 where x > 0 is meant?)")
    return ""


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


def changed_index(before, after):
    """Index of the first array input whose value after the call differs from what was sent, else None. An
    answer that leaves an input out (or sends something else than its tensor) counts as a change: the runner
    always sends every input, so only tampering with it could leave one out."""
    after = after if isinstance(after, list) else []
    for i, b in enumerate(before):
        if not isinstance(b, np.ndarray) or b.dtype.kind != "f":
            continue
        a = after[i] if i < len(after) else None
        if not isinstance(a, TensorData) or a.array.shape != b.shape or not np.array_equal(a.array, b, equal_nan=True):
            return i
    return None


__all__ = ["Fail", "StudentFailed", "student_message", "describe_error", "not_own_work", "draw", "tensors",
           "diff_positions", "to_numpy", "fmt_shape", "describe_case", "check_tensor", "check_dtype", "compare",
           "changed_index"]
