"""Checks of a differentiable operation (``FunctionTask``), run by the judge against a runner.

forward    the output of ``Cls.apply(*inputs)`` against the reference; float64 in, float64 out
backward   ``Cls.forward(ctx, ...)`` and ``Cls.backward(ctx, grad_output)`` called directly (in the runner),
           with a random upstream gradient: one gradient per input, each of the input's shape and dtype,
           values as the reference's. Calling backward directly matters: an autograd engine may quietly
           sum a wrongly broadcast gradient down to the input's shape, hiding a missing un-broadcast.
gradcheck  central finite differences of the student's own forward against their backward (and not
           an all-zero answer where the reference's gradient is not zero)
autograd   through ``.apply`` and minigrad's engine: the op is applied to one set of inputs, a second set
           and the first again (plus ``Same(i)`` cases that pass one tensor twice), then to the second set with
           no graph (an evaluation call that no backward follows), then one backward; this catches state kept
           on the class or on a module-level tape instead of ctx, and in-place changes of shared tensors.

The runner gets inputs only; references stay here. Messages say what is wrong (shapes, how many
entries, the student's own values in visible tests), never the expected numbers.
"""
from __future__ import annotations

import functools
import re

import numpy as np

import minigrad
from .checks import (fmt_shape, student_message, draw, tensors, diff_positions, to_numpy, describe_case, check_tensor,
                     check_dtype, compare, changed_index, not_own_work, StudentFailed, REFERENCE_LOCK, CONTEXT)
from .judge import TensorData
from .spec import Fail
from .text import clean

FD_EPS = 1e-6
FD_RTOL, FD_ATOL = 1e-4, 1e-6


def validate_function(task, info):
    """A message when what the submission defines (the runner's description ``info``) can't be graded."""
    name = task.name
    borrowed = not_own_work(task, info)
    if borrowed:
        return borrowed
    # every field is the runner's (untrusted) word: a forged answer's list of numbers for "bases" raised TypeError here,
    # which ended the whole grading with a traceback and no report (red-team pass 11b)
    kind = clean(info.get("type", "value"), 80)
    overrides = info.get("overrides") if isinstance(info.get("overrides"), dict) else {}
    if info.get("class") and info.get("function_class"):
        for m in ("forward", "backward"):
            if not overrides.get(m, True):
                return f"{name} does not define {m}(ctx, ...): write it as a @staticmethod of the class"
        return None
    if task.require_function:
        if info.get("class"):
            bases = info.get("bases") if isinstance(info.get("bases"), list) else []
            bases = ", ".join(clean(b, 80) for b in bases[:10]) or "object"
            return (f"{name} is a class but not a subclass of minigrad.autograd.Function (it derives from "
                    f"{bases}): write `class {name}(minigrad.autograd.Function)`; with `import minigrad as "
                    "torch`, torch.autograd.Function is that class")
        return (f"{name} should be a subclass of minigrad.autograd.Function, but the submission defines it as a "
                f"{kind}")
    if not info.get("callable"):
        return f"{name} should be callable, but the submission defines it as a {kind}"
    return None


def _tol(task, test):
    return (test.rtol if test.rtol is not None else task.rtol), (test.atol if test.atol is not None else task.atol)


def reference(task, values, kwargs, device, rng=None, ones=False):
    """The reference output and, when ``rng`` is given, a random upstream gradient drawn from it and the
    reference gradients of the float inputs under it (and under an all-ones upstream if ``ones``)."""
    diff = diff_positions(values)
    with REFERENCE_LOCK, minigrad.enable_grad():
        ts = tensors(values, device, requires_grad=rng is not None)
        out = task.reference(*ts, **kwargs)
        out_np = to_numpy(out)
        if rng is None:
            return out_np, None, None, None
        g = rng.standard_normal(out_np.shape)
        leaves = [ts[i] for i in diff]
        grads = minigrad.autograd.grad(out, leaves, minigrad.tensor(g, device=device), allow_unused=True,
                                       retain_graph=ones)
        grads = [np.zeros(values[i].shape) if gr is None else to_numpy(gr) for i, gr in zip(diff, grads)]
        ones_grads = None
        if ones:
            og = minigrad.autograd.grad(out, leaves, minigrad.ones_like(out), allow_unused=True)
            ones_grads = [np.zeros(values[i].shape) if gr is None else to_numpy(gr) for i, gr in zip(diff, og)]
    return out_np, g, grads, ones_grads


def _stage_name(task, rs, stage):
    if rs.is_function_class(task.name):
        return f"{task.name}.{stage}"
    return task.name if stage == "forward" else f"backward through {task.name}"


def _part(task, i):
    return task.arg_names[i] if task.arg_names and i < len(task.arg_names) else f"input {i}"


def _inputs_unchanged(task, values, after, label, stage):
    i = changed_index(values, after or [])
    if i is not None:
        raise Fail(f"{task.name}.{stage} with {label} modified {task.arg_name(i)} in place: compute new "
                   "tensors instead of changing the inputs (in-place changes corrupt other uses of the "
                   "same tensor)", kind="inplace", part=_part(task, i))


def _ask(rs, task, label, fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except StudentFailed as e:
        stage = e.info.get("stage") if e.info.get("stage") in ("forward", "backward") else "forward"
        raise student_message(e.info, f"{_stage_name(task, rs, stage)} with {label}") from None


# ---------------------------------------------------------------------------------------------
def _lead_dim(values):
    """The first dimension of the first float input of at least 2 dimensions (the batch), else None."""
    return next((v.shape[0] for v in values if isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.ndim >= 2), None)


class _Retry:
    """Adds a note to a failure when the same case passes in another form: with its batch (first dimension) of one
    doubled, after a larger batch passed earlier in the test (corpus pass 14: a squeeze() that also dropped N = 1 raised
    "axes don't match array" or "len() of unsized object" with no word of the batch), or with its non-contiguous
    inputs made contiguous."""

    def __init__(self):
        self.larger_passed = False

    def run(self, values, fn):
        """``fn(values)``; when it fails at a batch of one after a larger batch passed, the same case with its batch
        doubled (the first float input and the integer inputs of one row repeated) is tried, and when it fails with a
        non-contiguous input, the same values in contiguous arrays: a note is added only when that passes."""
        n = _lead_dim(values)
        try:
            fn(values)
        except Fail as f:
            kinds = ("error", "shape", "shape<", "shape>", "type", "values", "nonfinite", "inplace")
            if n == 1 and self.larger_passed and f.kind in kinds and self._passes(fn, self._doubled(values)):
                raise Fail(f"{f} (the same case with a batch of two passes: N = 1 is handled differently; a squeeze() "
                           "drops that dimension too, and len() of the squeezed array fails; squeeze a given axis, or "
                           "reshape with the sizes you know)", hint=f.hint, kind=f.kind, part=f.part) from None
            strided = [v for v in values if isinstance(v, np.ndarray) and v.ndim >= 2 and not v.flags.c_contiguous]
            if strided and f.kind in kinds and self._passes(fn, [np.ascontiguousarray(v) if isinstance(v, np.ndarray)
                                                                 else v for v in values]):
                # corpus pass 14: windows made by as_strided with strides computed from the shape (C order assumed)
                raise Fail(f"{f} (the same values in a contiguous tensor pass: your code assumes C-contiguous memory, "
                           "which a transposed or sliced input does not have: as_strided with strides computed from the "
                           "shape instead of the array's own .strides, .view(), or writes through reshape(-1)/ravel(); "
                           "use np.ascontiguousarray or the array's strides)", hint=False, kind=f.kind,
                           part=f.part) from None
            raise
        if n is not None and n > 1:
            self.larger_passed = True

    @staticmethod
    def _doubled(values):
        first = next(i for i, v in enumerate(values) if isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.ndim >= 2)
        return [np.concatenate([v, v]) if isinstance(v, np.ndarray) and v.ndim >= 1 and len(v) == 1 and
                (i == first or v.dtype.kind in "iu") else v for i, v in enumerate(values)]

    @staticmethod
    def _passes(fn, values):
        try:
            fn(values)
        except (Fail, ValueError, TypeError, IndexError):      # a runner's failure (a time-out) still ends the test
            return False
        return True


def check_forward(task, test, rs, rng, device):
    rtol, atol = _tol(task, test)
    visible = test.visibility == "visible"
    batch = _Retry()
    for case in test.get_cases(rng):
        values = draw(case, rng)
        batch.run(values, lambda v: _forward_case(task, case, v, rs, rtol, atol, visible, device))


def _forward_case(task, case, values, rs, rtol, atol, visible, device):
    label = describe_case(task, case, values)
    ref_out, *_ = reference(task, values, case.kwargs, device)
    ans = _ask(rs, task, label, rs.apply, task.name, values, case.kwargs)
    what = f"{task.name} with {label}: the output"
    check_tensor(what, ans["out"], ref_out.shape, part="output")
    check_dtype(what, ans["out"], part="output")
    fail = compare(what, ans["out"].array, ref_out, rtol, atol, visible, part="output")
    if fail:
        raise _diagnosed(task, fail, ans["out"].array, values, None, case.kwargs)
    _inputs_unchanged(task, values, ans.get("after"), label, "forward")


def student_gradients(task, rs, values, kwargs, upstream, label):
    """The student's output and gradients for the float inputs under ``upstream`` (backward called
    directly, or minigrad's autograd through a plain function), validated as tensors of the inputs'
    shapes. Returns (gradients, output); raises Fail for the likeliest root cause."""
    diff = diff_positions(values)
    if not diff:
        raise ValueError(f"{task.name}: a backward or gradcheck case needs at least one float input")
    fn_class = rs.is_function_class(task.name)
    ans = _ask(rs, task, label, rs.fwd_bwd, task.name, values, kwargs, upstream)
    fwd = f"{task.name}.forward" if fn_class else task.name
    check_tensor(f"{fwd} with {label}: the output", ans["out"], upstream.shape, part="output")
    _inputs_unchanged(task, values, ans.get("after_forward"), label, "forward")
    if ans.get("not_connected"):
        raise Fail(f"{task.name} with {label}: the output is not connected to the inputs in the autograd graph (it "
                   "does not require grad): avoid .numpy(), .item(), .detach() and .data inside it", kind="graph")
    up = ans.get("upstream_after")
    if not isinstance(up, TensorData) or up.shape != upstream.shape or not np.array_equal(up.array, upstream):
        raise Fail(f"{task.name}.backward with {label} modified its incoming gradient (grad_output) in place: build "
                   "new tensors instead; the same gradient object may be shared with other nodes", kind="inplace")
    _inputs_unchanged(task, values, ans.get("after"), label, "backward")
    grads = ans.get("grads") or []
    n = ans.get("n_grads", len(grads))
    if fn_class and n < max(diff) + 1:
        raise Fail(f"{task.name}.backward with {label} returned {n} value(s) but forward takes {len(values)} "
                   "input(s): return one gradient per argument of forward, in order (None for arguments that are "
                   "not tensors)", kind="type")
    stage = f"{task.name}.backward" if fn_class else f"{task.name} (through autograd)"
    problems, res = [], []
    for i in diff:
        gi = grads[i] if i < len(grads) else None
        if gi is None and not fn_class:
            gi = TensorData(np.zeros(values[i].shape))
        try:
            if gi is None:
                raise Fail(f"{stage} with {label} returned None for {task.arg_name(i)}, which requires a gradient",
                           kind="type", part=_part(task, i))
            what = f"{stage} with {label}: the gradient for {task.arg_name(i)}"
            check_tensor(what, gi, values[i].shape, expected="the input has", part=_part(task, i))
            check_dtype(what, gi, part=_part(task, i))
        except Fail as f:
            problems.append(_wrong_axis(f, gi, values[i].shape, upstream.shape))
        res.append(gi)
    if problems:
        raise _wrong_order(task, stage, label, res, [values[i].shape for i in diff]) or _lead(problems)
    return res, ans["out"]


def _wrong_axis(fail, grad, want, upstream):
    """``fail`` (a gradient of the wrong shape) with its cause when the input is a vector as long as one dimension of
    grad_output and the gradient as long as another: grad_output summed over the wrong dimensions (corpus pass 19: a
    conv2d bias gradient summed over dimensions 1, 2 and 3 got only "has shape (2,) but the input has shape (4,)")."""
    got = tuple(grad.shape) if isinstance(grad, TensorData) else None
    if fail.kind not in ("shape", "shape<", "shape>") or got is None or len(got) != 1 or len(want) != 1:
        return fail
    keep = [k for k, n in enumerate(upstream) if n == want[0]]
    kept = [k for k, n in enumerate(upstream) if n == got[0]]
    if len(keep) != 1 or not kept or keep[0] in kept:
        return fail
    others = ", ".join(str(k) for k in range(len(upstream)) if k != keep[0])
    return Fail(f"{fail}: its length is that of grad_output's dimension {' or '.join(map(str, kept))}, which was kept "
                f"while dimension {keep[0]} was summed: sum grad_output over dimensions {others} and keep "
                f"dimension {keep[0]}", hint=fail.hint, kind=fail.kind, part=fail.part)


def _wrong_order(task, stage, label, grads, shapes):
    """A Fail when the gradients have the inputs' shapes in another order (corpus pass 12: MatMul's grads returned
    as (grad_b, grad_a) got "has shape (4, 5) but the input has shape (3, 4)" with no word of the order), else None."""
    got = [tuple(g.shape) if isinstance(g, TensorData) else None for g in grads]
    want = [tuple(s) for s in shapes]
    if None in got or got == want or sorted(got) != sorted(want):
        return None
    wrong = next(k for k, (a, b) in enumerate(zip(got, want)) if a != b)
    return Fail(f"{stage} with {label} returned gradients of shapes {', '.join(fmt_shape(g) for g in got)} for inputs of "
                f"shapes {', '.join(fmt_shape(w) for w in want)}: the gradients are in the wrong order? Return one per "
                "argument of forward, in forward's order", kind="shape", part=task.arg_names[wrong]
                if task.arg_names and wrong < len(task.arg_names) else None)


def _swapped_values(task, fails, ref_grads, positions, rtol, atol):
    """A note when each wrong gradient is the expected gradient of another input (returned in the wrong order), else
    "" (corpus pass 12: a Div returning (grad_b, grad_a) got only "is wrong")."""
    notes = []
    for fail, actual in fails:
        k = next((k for k, p in enumerate(positions) if _part(task, p) == fail.part), None)
        match = [j for j, ref in enumerate(ref_grads) if j != k and ref.shape == actual.shape and
                 np.allclose(actual, ref, rtol=rtol, atol=atol)]
        if k is None or not match:
            return ""
        notes.append(f"the gradient for {task.arg_name(positions[k])} is the expected gradient for "
                     f"{task.arg_name(positions[match[0]])}")
    return "; " + ", and ".join(notes) + ": the gradients are returned in the wrong order? Return them in forward's order"


_PRIORITY = {"error": 0, "type": 1, "shape": 2, "shape<": 2, "shape>": 2, "dtype": 3, "nonfinite": 4, "values": 5}


_GUESSES = re.compile(r" \((a wrong scale: a missing or extra factor such as 1/N, or a sign\?|a sum where a mean is "
                      r"expected, or the other way round: a missing or extra 1/N\?)\)")


def _diagnosed(task, fail, actual, values, upstream, kwargs, alone=False):
    """``fail`` with the cause named when the wrong answer shows one of the task's known mistakes (``Mistake``:
    a tanh derivative taken at the input, a log-sum-exp whose shift is not added back...); ``alone``: this part is
    the only wrong one of a backward. Wrong values only: a shape or a NaN has its own message; differences of float32's
    size are put down to float32 unless a known mistake explains them (corpus pass 12: probabilities clipped to
    [1e-7, 1 - 1e-7] were called "a float32 intermediate?")."""
    plain = getattr(fail, "plain", None) if fail.kind == "dtype" else str(fail) if fail.kind == "values" else None
    if plain is None:
        return fail
    for m in getattr(task, "mistakes", ()):
        if m.part == fail.part and (alone or not m.only) and m.explains(actual, values, upstream, kwargs):
            # the known mistake replaces the comparison's guess at a cause ("a wrong scale: ... such as 1/N?"), so that
            # the cause the message leads with is the mistake's (round 20: both were given, the guess first)
            return Fail(f"{_GUESSES.sub('', plain)}; {m.text}", hint=fail.hint, kind="values", part=fail.part)
    return fail


def _lead(fails):
    """The failure most likely to be the root cause, mentioning the others briefly."""
    fails = sorted(fails, key=lambda f: _PRIORITY.get(f.kind, 9))
    first = fails[0]
    others = [f.part for f in fails[1:] if f.part]
    if others:
        msg = str(first) + f" (also wrong: the gradient for {', '.join(others)})"
        first = Fail(msg, hint=first.hint, kind=first.kind, part=first.part)
    return first


def check_backward(task, test, rs, rng, device, with_forward=False):
    rtol, atol = _tol(task, test)
    visible = test.visibility == "visible"
    batch = _Retry()
    for case in test.get_cases(rng):
        values = draw(case, rng)
        batch.run(values, lambda v: _backward_case(task, case, v, rs, rng, device, rtol, atol, visible, with_forward))


def _backward_case(task, case, values, rs, rng, device, rtol, atol, visible, with_forward):
    label = describe_case(task, case, values)
    ref_out, upstream, ref_grads, ones_grads = reference(task, values, case.kwargs, device, rng, ones=True)
    grads, out = student_gradients(task, rs, values, case.kwargs, upstream, label)
    stage = f"{task.name}.backward" if rs.is_function_class(task.name) else f"{task.name} (through autograd)"
    if with_forward:
        what = f"{task.name} with {label}: the output"
        check_dtype(what, out, part="output")
        fail = compare(what, out.array, ref_out, rtol, atol, visible, part="output")
        if fail:
            raise _diagnosed(task, fail, out.array, values, None, case.kwargs)
    fails = []
    positions = diff_positions(values)
    for i, gi, ref, ones in zip(positions, grads, ref_grads, ones_grads):
        fail = compare(f"{stage} with {label}: the gradient for {task.arg_name(i)}", gi.array, ref, rtol, atol,
                       visible, ones_version=ones, part=_part(task, i))
        if fail:
            fails.append((fail, gi.array))
    alone = len(fails) == 1 and len(positions) > 1
    order = _swapped_values(task, fails, ref_grads, positions, rtol, atol) if fails else ""
    fails = [_diagnosed(task, f, a, values, upstream, case.kwargs, alone=alone) for f, a in fails]
    if fails:
        lead = _lead(fails)
        raise Fail(str(lead) + order, hint=lead.hint, kind=lead.kind, part=lead.part) if order else lead


def check_forward_backward(task, test, rs, rng, device):
    """The output and the gradients (backward called directly) of each case, against the reference."""
    return check_backward(task, test, rs, rng, device, with_forward=True)


def check_gradcheck(task, test, rs, rng, device):
    visible = test.visibility == "visible"
    for case in test.get_cases(rng):
        values = [v.astype(np.float64) if isinstance(v, np.ndarray) and v.dtype.kind == "f" else v
                  for v in draw(case, rng)]
        label = describe_case(task, case, values)
        ref_out, _, _, _ = reference(task, values, case.kwargs, device)
        upstream = rng.standard_normal(ref_out.shape)
        _, _, ref_grads, _ = reference(task, values, case.kwargs, device, _Given(upstream))
        grads, out = student_gradients(task, rs, values, case.kwargs, upstream, label)
        # finite differences of a wrong forward prove nothing (a linear forward with its exact derivative is
        # self-consistent): this test counts only for a forward that gives the expected output here
        rtol, atol = _tol(task, test)
        fail = compare(f"{task.name} with {label}: the output (finite differences are checked only on a correct "
                       "forward)", out.array, ref_out, rtol, atol, visible, part="output")
        if fail:
            raise fail
        # every perturbed input in one request: x + eps e_j and x - eps e_j for each entry of each float input
        argsets, index = [], []
        for i in diff_positions(values):
            x = values[i]
            for j in range(x.size):
                for sign in (1.0, -1.0):
                    v = [a.copy() if isinstance(a, np.ndarray) else a for a in values]
                    v[i].flat[j] += sign * FD_EPS
                    argsets.append(v)
                index.append((i, j))
        outs = _ask(rs, task, label, rs.forward_many, task.name, argsets, case.kwargs)
        phis = []
        for o in outs:
            check_tensor(f"{task.name} with {label}: the output", o, ref_out.shape, part="output")
            phis.append(float(np.sum(o.array.astype(np.float64) * upstream)))
        k = 0
        for i, gi in zip(diff_positions(values), grads):
            x = values[i]
            numeric = np.empty(x.shape)
            for j in range(x.size):
                numeric.flat[j] = (phis[k] - phis[k + 1]) / (2 * FD_EPS)
                k += 2
            if not np.isfinite(numeric).all():
                raise Fail(f"{task.name} with {label}: finite differences of your forward are not finite (NaN "
                           "or inf in the output?)", kind="nonfinite", part="output")
            fail = compare(f"{task.name}.backward with {label}: the gradient for {task.arg_name(i)}", gi.array,
                           numeric, FD_RTOL, FD_ATOL, visible, against="finite differences of your own forward",
                           part=_part(task, i))
            if fail:
                raise fail
            ref = ref_grads[diff_positions(values).index(i)]
            if not gi.array.any() and np.abs(ref).max() > 0:
                # consistent, but degenerate: a zero forward and a zero backward earn nothing here
                raise Fail(f"{task.name}.backward with {label}: the gradient for {task.arg_name(i)} is zero everywhere "
                           "(and so are the finite differences of your forward): the operation is not implemented",
                           kind="values", part=_part(task, i))
            # and against the reference (judge-side), with the task's own tolerances
            fail = compare(f"{task.name}.backward with {label}: the gradient for {task.arg_name(i)}", gi.array, ref,
                           rtol, atol, visible, part=_part(task, i))
            if fail:
                raise fail


class _Given:
    """Stands in for a random generator in ``reference``: its one draw is this given upstream gradient."""

    def __init__(self, upstream):
        self.upstream = upstream

    def standard_normal(self, shape):
        return np.asarray(self.upstream).reshape(shape)


def check_autograd(task, test, rs, rng, device):
    rtol, atol = _tol(task, test)
    visible = test.visibility == "visible"
    for case in test.get_cases(rng):
        first, second = draw(case, rng), draw(case, rng)
        label = describe_case(task, case, first)
        reused = any(v.__class__.__name__ == "Same" for v in first)

        def leaves_and_names(a, b):
            leaves, names, seen = [], [], set()
            for which, ts in (("first", a), ("second", b)):
                for i, t in enumerate(ts):
                    if isinstance(t, minigrad.Tensor) and t.requires_grad and id(t) not in seen:
                        seen.add(id(t))
                        leaves.append(t)
                        names.append((f"{task.arg_name(i)} of the {which} call", _part(task, i)))
            return leaves, names

        with REFERENCE_LOCK, minigrad.enable_grad():
            a, b = tensors(first, device, True), tensors(second, device, True)
            leaves, names = leaves_and_names(a, b)
            outs = [task.reference(*ts, **case.kwargs) for ts in (a, b, a)]
            gs = [rng.standard_normal(tuple(o.shape)) for o in outs]
            loss = sum((o * minigrad.tensor(g, device=device)).sum() for o, g in zip(outs, gs))
            ref_grads = [to_numpy(g) if g is not None else np.zeros(tuple(leaf.shape))
                         for g, leaf in zip(minigrad.autograd.grad(loss, leaves, allow_unused=True), leaves)]
        ans = _ask(rs, task, label, rs.graph, task.name, first, second, gs, case.kwargs)
        outs = ans.get("outs")
        if not isinstance(outs, list) or len(outs) != len(gs):
            raise Fail(f"{task.name} with {label}: the grading process answered with {len(outs) if isinstance(outs, list) else 'no'} "
                       f"outputs for {len(gs)} calls (did your code change the grader's answers?)", kind="error")
        for o, g in zip(outs, gs):
            shape = tuple(o.get("shape", ())) if isinstance(o, dict) and "shape" in o else None
            if shape is None:
                raise Fail(f"{task.name} with {label}: the output is not a minigrad Tensor", kind="type", part="output")
            if shape != g.shape:
                check_tensor(f"{task.name} with {label}: the output", TensorData(np.zeros(shape)), g.shape,
                             part="output")
        if ans.get("bad_output"):
            raise Fail(f"{task.name} with {label}: the output is not a minigrad Tensor", kind="type", part="output")
        if ans.get("not_connected"):
            raise Fail(f"{task.name} with {label}: the output is not connected to the inputs in the autograd graph (it "
                       "does not require grad)", kind="graph")
        grads = ans.get("grads") or []
        if len(grads) != len(ref_grads):
            raise Fail(f"{task.name} with {label}: the engine returned {len(grads)} gradients for {len(ref_grads)} "
                       "inputs", kind="type")
        for (name, part), gi, ref in zip(names, grads, ref_grads):
            got = np.zeros(ref.shape) if gi is None else gi.array if isinstance(gi, TensorData) else None
            if got is None or got.shape != ref.shape:
                raise Fail(f"{task.name} through the autograd engine ({label}): the gradient for {name} is not a tensor "
                           "of its shape", kind="shape", part=part)
            what = (f"{task.name} through the autograd engine ({label}{' (one tensor passed twice)' if reused else ''}"
                    f"; {task.name} applied to these inputs, to a second set, and to these again, then to the second "
                    f"set with no graph, as evaluation code does, then one backward): the gradient for {name}")
            fail = compare(what, got, ref, rtol, atol, visible, part=part)
            if fail and reused and fail.kind == "values" and np.allclose(2 * got, ref, rtol=rtol, atol=atol):
                # corpus pass 13: a backward that returns one gradient (and None) for a tensor passed twice got "a
                # constant multiple ... such as 1/N"
                raise Fail(f"{fail}; it is half the expected gradient: when one tensor is passed as two inputs, backward "
                           "still returns a gradient for each input (the engine adds them up), not one of them",
                           kind=fail.kind, part=part)
            if fail and reused and fail.kind == "values" and np.allclose(got, 2 * ref, rtol=rtol, atol=atol):
                # corpus pass 14: a Mul that returned 2 * g * x for both inputs of Mul.apply(x, x) got "a constant
                # multiple ... such as 1/N"
                raise Fail(f"{fail}; it is twice the expected gradient: when one tensor is passed as two inputs, return "
                           "each input's own gradient (for x * x: g * x and g * x); the engine adds them up, so a "
                           "backward that adds the other input's share itself counts it twice", kind=fail.kind, part=part)
            if fail:
                # corpus pass 19: a backward wrong on every call, through a graph of the student's own that left out a
                # node's second use (or visited a node before all its users), got only this advice
                # (round 20: the graph's own mistakes are named where the source walks a graph, _graph_noted, in every
                # test of a wrong gradient, no longer here for every submission)
                raise Fail(str(fail) + ". Keep what backward needs on ctx (ctx.save_for_backward), not on the class or "
                           f"in globals, and don't change tensors in place. Where {task.name}'s backward fails its own "
                           "tests too, that is the cause here as well", kind=fail.kind, part=part)
        _check_again(task, ans.get("again"), names, ref_grads, rtol, atol, label)


def _check_again(task, again, names, ref_grads, rtol, atol, label):
    """The same backward run a second time through the retained graph must give the same gradients (corpus pass 14: a
    backward that changed its saved arrays in place, ``g = ctx.probs; g[rows, t] -= 1``, was right once and scored
    100/100). A second pass that raises (a backward that frees what it saved) is not judged here."""
    if not isinstance(again, list):
        return
    for (name, part), gi, ref in zip(names, again, ref_grads):
        got = np.zeros(ref.shape) if gi is None else gi.array if isinstance(gi, TensorData) else None
        if got is None or got.shape != ref.shape or not np.allclose(got, ref, rtol=rtol, atol=atol, equal_nan=False):
            raise Fail(f"{task.name} through the autograd engine ({label}): the first backward was right, but a second "
                       f"backward through the same graph (retain_graph=True, as torch allows) gave a different gradient "
                       f"for {name}: backward changed something its forward saved (an in-place operation on a saved "
                       "array or tensor, such as g = ctx.saved; g -= ... or np.square(y, out=y)); copy it before "
                       "changing it, or compute into a new array", kind="values", part=part)


# corpus pass 15: a forward that pushed its saved arrays onto a module-level list and a backward that popped them
# (a tape) got bare NumPy errors ("operands could not be broadcast together with shapes (3,4) (2,)") or, popped from
# the end, "backward changed something its forward saved"; a softmax cache keyed by the logits' shape, a gradient
# buffer added to across calls and a cached array changed in place got only "is wrong"
TAPE_NOTE = ("; your {name}.forward put an entry on {names} and its backward took one off: values saved outside ctx, on "
             "a module-level list used as a tape, reach backward in the list's order, not call by call, so whenever a "
             "forward has no backward (the grader also calls forward alone, as evaluation code does) or the backwards "
             "run in another order than the forwards, backward gets another call's entry. Keep what backward needs on "
             "ctx (ctx.save_for_backward(...) or ctx.name = ...)")
STATE_NOTE = ("; note: your {name} keeps state between calls in {names} (earlier calls changed it): a call that reads what "
              "another call left there (a cache keyed by only part of its input, a buffer updated in place or added to, "
              "values kept on the class) answers for that other call. Keep each call's values on ctx")
_STATE_KINDS = ("values", "shape", "shape<", "shape>", "error", "nonfinite", "type")


GRAPH_NOTE = ("; your code walks a graph of its own ({where}): such a walk must give a node used more than once the sum "
              "of the gradients from all its uses (add, not overwrite), visit a node only after all its users (reverse "
              "topological order), and start each backward from zero gradients (backward may run twice: not on top of "
              "what an earlier one left)")


def _graph_noted(fail, task, rs):
    """``fail`` with a note when it is a wrong gradient and the submission walks a graph of its own (the judge's reading
    of its source: ``rs.own_graph``). Before round 20 only the reused-inputs test named the engine's mistakes, and a
    node's uses not summed showed as an unexplained wrong gradient in the backward tests."""
    graph = getattr(rs, "own_graph", None)
    if not graph or fail.kind != "values" or fail.part in (None, "output") or "graph of its own" in str(fail):
        return fail
    name, file, line = graph
    where = f"`{clean(name, 60)}`, {clean(file, 60)} line {int(line)}"
    return Fail(str(fail).rstrip(".") + GRAPH_NOTE.format(where=where, name=task.name), hint=fail.hint, kind=fail.kind,
                part=fail.part)


def _state_noted(fail, task, rs):
    """``fail`` with a note when the submission's calls of ``task`` changed module-level state (the runner's word:
    ``rs.last_state``), which can hand one call another's values; never a verdict."""
    state, tape = getattr(rs, "last_state", ([], []))
    if fail.kind not in _STATE_KINDS or "keeps state between calls" in str(fail) or "used as a tape" in str(fail):
        return fail
    # the names are the submission's own: a hidden test shows one, as it shows only 100 characters of its exceptions
    names = ", ".join(f"`{n}`" for n in (tape or state)[:3 if getattr(CONTEXT, "visible", True) else 1])
    if tape:
        note = TAPE_NOTE.format(name=task.name, names=names)
    elif state:
        note = STATE_NOTE.format(name=task.name, names=names)
    else:
        return fail
    return Fail(str(fail).rstrip(".") + note, hint=fail.hint, kind=fail.kind, part=fail.part)


def _noting_state(check):
    @functools.wraps(check)
    def run(task, test, rs, rng, device, **kwargs):
        try:
            return check(task, test, rs, rng, device, **kwargs)
        except Fail as f:
            raise _graph_noted(_state_noted(f, task, rs), task, rs) from None
    return run


check_forward, check_backward, check_forward_backward, check_gradcheck, check_autograd = map(
    _noting_state, (check_forward, check_backward, check_forward_backward, check_gradcheck, check_autograd))

__all__ = ["check_forward", "check_backward", "check_forward_backward", "check_gradcheck", "check_autograd",
           "validate_function", "reference", "student_gradients"]
