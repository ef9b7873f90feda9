"""Checks of a differentiable operation (``FunctionTask``), run inside the worker process.

forward    the output of ``Cls.apply(*inputs)`` against the reference
backward   ``Cls.forward(ctx, ...)`` and ``Cls.backward(ctx, grad_output)`` called directly, with a random
           upstream gradient: one gradient per input, each of the input's shape, values as the
           reference's. Calling backward directly matters: an autograd engine may quietly sum a
           wrongly broadcast gradient down to the input's shape, hiding a missing un-broadcast.
gradcheck  float64 central finite differences of the student's own forward against their backward
autograd   through ``.apply`` and minigrad's engine: the op is applied twice to one set of inputs
           and once to another (plus ``Same(i)`` cases that pass one tensor twice), then one backward;
           this catches state kept on the class instead of ctx, and in-place changes of shared tensors.

Every array that comes from the reference stays inside this module: messages say what is wrong
(shapes, how many entries, the student's own values in visible tests), never the expected numbers.
"""
from __future__ import annotations

import inspect

import numpy as np

import minigrad
from minigrad.autograd import Function
from .checks import (not_own_work, student_call, draw, tensors, diff_positions, to_numpy, snapshot, describe_case,
                     check_tensor, compare, dtype_note, changed)
from .spec import Fail, Same

FD_EPS = 1e-6
FD_RTOL, FD_ATOL = 1e-4, 1e-6


def is_function_class(obj):
    return isinstance(obj, type) and issubclass(obj, Function)


def validate_function(task, obj):
    name = task.name
    borrowed = not_own_work(task, obj)
    if borrowed:
        return borrowed
    if is_function_class(obj):
        for m in ("forward", "backward"):
            if getattr(obj, m) is getattr(Function, m):
                return f"{name} does not define {m}(ctx, ...): write it as a @staticmethod of the class"
        return None
    if task.require_function:
        if isinstance(obj, type):
            bases = ", ".join(f"{b.__module__}.{b.__qualname__}" for b in obj.__mro__[1:-1]) or "object"
            return (f"{name} is a class but not a subclass of minigrad.autograd.Function (it derives from "
                    f"{bases}): write `class {name}(minigrad.autograd.Function)`; with `import minigrad as "
                    "torch`, torch.autograd.Function is that class")
        return (f"{name} should be a subclass of minigrad.autograd.Function, but the submission defines it as a "
                f"{type(obj).__name__}")
    if not callable(obj):
        return f"{name} should be callable, but the submission defines it as a {type(obj).__name__}"
    return None


def _tol(task, test):
    return (test.rtol if test.rtol is not None else task.rtol), (test.atol if test.atol is not None else task.atol)


def _adapt(fn, args, kwargs, has_ctx):
    """Pass the case's keyword arguments by keyword when ``fn`` accepts those names, else positionally
    (``Sum.forward(ctx, x, axis=None, keep=False)`` still gets dim and keepdim, in that order)."""
    if not kwargs:
        return list(args), {}
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return list(args), dict(kwargs)
    lead = (None,) if has_ctx else ()
    try:
        sig.bind(*lead, *args, **kwargs)
        return list(args), dict(kwargs)
    except TypeError:
        pass
    try:
        sig.bind(*lead, *args, *kwargs.values())
        return list(args) + list(kwargs.values()), {}
    except TypeError:
        return list(args), dict(kwargs)           # let the call raise and explain


def run_student(task, obj, args, kwargs, label):
    """The student's op on tensors, as a user calls it: ``Cls.apply(...)`` or ``fn(...)``."""
    if is_function_class(obj):
        a, kw = _adapt(obj.forward, args, kwargs, True)
        return student_call(f"{task.name}.forward with {label}", obj.apply, *a, **kw)
    a, kw = _adapt(obj, args, kwargs, False)
    return student_call(f"{task.name} with {label}", obj, *a, **kw)


def reference(task, values, kwargs, device, rng=None, ones=False):
    """The reference output and, when ``rng`` is given, a random upstream gradient drawn from it and the
    reference gradients of the float inputs under it (and under an all-ones upstream if ``ones``)."""
    diff = diff_positions(values)
    with minigrad.enable_grad():
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


def _output(task, out, shape, label, what=None):
    check_tensor(what or f"{task.name} with {label}: the output", out, shape)


def _inputs_unchanged(task, before, args, label, stage):
    i = changed(before, args)
    if i is not None:
        raise Fail(f"{task.name}.{stage} with {label} modified {task.arg_name(i)} in place: compute new "
                   "tensors instead of changing the inputs (in-place changes corrupt other uses of the "
                   "same tensor)")


# ---------------------------------------------------------------------------------------------
def check_forward(task, test, obj, rng, device):
    rtol, atol = _tol(task, test)
    visible = test.visibility == "visible"
    for case in test.get_cases(rng):
        values = draw(case, rng)
        label = describe_case(task, case, values)
        ref_out, *_ = reference(task, values, case.kwargs, device)
        args = tensors(values, device, requires_grad=False)
        before = snapshot(args)
        with minigrad.no_grad():
            out = run_student(task, obj, args, case.kwargs, label)
        _output(task, out, ref_out.shape, label)
        msg = compare(f"{task.name} with {label}: the output", to_numpy(out), ref_out, rtol, atol, visible,
                      dtype_note=dtype_note(out))
        if msg:
            raise Fail(msg)
        _inputs_unchanged(task, before, args, label, "forward")


def student_gradients(task, obj, values, kwargs, device, upstream, label):
    """The student's gradients for the float inputs under ``upstream``: their backward called directly
    (a Function subclass) or minigrad's autograd through their function. Returns (grads, output)."""
    diff = diff_positions(values)
    if not diff:
        raise ValueError(f"{task.name}: a backward or gradcheck case needs at least one float input")
    args = tensors(values, device, requires_grad=True)
    before = snapshot(args)
    g = minigrad.tensor(upstream, device=device)
    if is_function_class(obj):
        ctx = obj._node_cls()
        ctx.needs_input_grad = tuple(i in diff for i in range(len(args)))
        a, kw = _adapt(obj.forward, args, kwargs, True)
        with minigrad.no_grad():
            out = student_call(f"{task.name}.forward with {label}", obj.forward, ctx, *a, **kw)
        _output(task, out, upstream.shape, label, f"{task.name}.forward with {label}: the output")
        _inputs_unchanged(task, before, args, label, "forward")
        with minigrad.no_grad():
            grads = student_call(f"{task.name}.backward with {label}", obj.backward, ctx, g)
        if changed([upstream], [g]) is not None:
            raise Fail(f"{task.name}.backward with {label} modified its incoming gradient (grad_output) in place: "
                       "build new tensors instead; the same gradient object may be shared with other nodes")
        _inputs_unchanged(task, before, args, label, "backward")
        if isinstance(grads, list):
            grads = tuple(grads)
        if not isinstance(grads, tuple):
            grads = (grads,)
        if len(grads) < max(diff) + 1:
            raise Fail(f"{task.name}.backward with {label} returned {len(grads)} value(s) but forward takes "
                       f"{len(args)} input(s): return one gradient per argument of forward, in order (None for "
                       "arguments that are not tensors)")
        res = []
        for i in diff:
            gi = grads[i]
            if gi is None:
                raise Fail(f"{task.name}.backward with {label} returned None for {task.arg_name(i)}, which "
                           "requires a gradient")
            check_tensor(f"{task.name}.backward with {label}: the gradient for {task.arg_name(i)}", gi,
                         values[i].shape, expected="the input has")
            res.append(gi)
        return res, out
    with minigrad.enable_grad():
        out = run_student(task, obj, args, kwargs, label)
        _output(task, out, upstream.shape, label)
        if not out.requires_grad:
            raise Fail(f"{task.name} with {label}: the output is not connected to the inputs in the autograd "
                       "graph (it does not require grad): avoid .numpy(), .item(), .detach() and .data inside it")
        leaves = [args[i] for i in diff]
        grads = student_call(f"backward through {task.name} with {label}", minigrad.autograd.grad, out, leaves,
                             g, allow_unused=True)
    res = []
    for i, gi in zip(diff, grads):
        res.append(minigrad.zeros(values[i].shape, dtype=minigrad.float64) if gi is None else gi)
    _inputs_unchanged(task, before, args, label, "call")
    return res, out


def check_backward(task, test, obj, rng, device, with_forward=False):
    rtol, atol = _tol(task, test)
    visible = test.visibility == "visible"
    stage = f"{task.name}.backward" if is_function_class(obj) else f"{task.name} (through autograd)"
    for case in test.get_cases(rng):
        values = draw(case, rng)
        label = describe_case(task, case, values)
        ref_out, upstream, ref_grads, ones_grads = reference(task, values, case.kwargs, device, rng, ones=True)
        grads, out = student_gradients(task, obj, values, case.kwargs, device, upstream, label)
        if with_forward:
            msg = compare(f"{task.name} with {label}: the output", to_numpy(out), ref_out, rtol, atol, visible,
                          dtype_note=dtype_note(out))
            if msg:
                raise Fail(msg)
        for i, gi, ref, ones in zip(diff_positions(values), grads, ref_grads, ones_grads):
            msg = compare(f"{stage} with {label}: the gradient for {task.arg_name(i)}", to_numpy(gi), ref,
                          rtol, atol, visible, ones_version=ones, dtype_note=dtype_note(gi))
            if msg:
                raise Fail(msg)


def check_forward_backward(task, test, obj, rng, device):
    """The output and the gradients (backward called directly) of each case, against the reference."""
    return check_backward(task, test, obj, rng, device, with_forward=True)


def check_gradcheck(task, test, obj, rng, device):
    visible = test.visibility == "visible"
    for case in test.get_cases(rng):
        values = [v.astype(np.float64) if isinstance(v, np.ndarray) and v.dtype.kind == "f" else v
                  for v in draw(case, rng)]
        label = describe_case(task, case, values)
        ref_out, *_ = reference(task, values, case.kwargs, device)
        upstream = rng.standard_normal(ref_out.shape)
        grads, _ = student_gradients(task, obj, values, case.kwargs, device, upstream, label)

        def phi():
            args = tensors(values, device, requires_grad=False)
            with minigrad.no_grad():
                out = run_student(task, obj, args, case.kwargs, label)
            _output(task, out, ref_out.shape, label)
            return float(np.sum(to_numpy(out) * upstream))

        for i, gi in zip(diff_positions(values), grads):
            x = values[i]
            numeric = np.empty(x.shape)
            for j in range(x.size):
                orig = x.flat[j]
                x.flat[j] = orig + FD_EPS
                up = phi()
                x.flat[j] = orig - FD_EPS
                down = phi()
                x.flat[j] = orig
                numeric.flat[j] = (up - down) / (2 * FD_EPS)
            if not np.isfinite(numeric).all():
                raise Fail(f"{task.name} with {label}: finite differences of your forward are not finite (NaN "
                           "or inf in the output?)")
            msg = compare(f"{task.name}.backward with {label}: the gradient for {task.arg_name(i)}", to_numpy(gi),
                          numeric, FD_RTOL, FD_ATOL, visible, against="finite differences of your own forward")
            if msg:
                raise Fail(msg)


def check_autograd(task, test, obj, rng, device):
    rtol, atol = _tol(task, test)
    visible = test.visibility == "visible"
    for case in test.get_cases(rng):
        first, second = draw(case, rng), draw(case, rng)
        label = describe_case(task, case, first)
        reused = any(isinstance(v, Same) for v in first)

        def graph(fn, gs=None):
            # fn applied to the first inputs, to the second ones, and to the first ones again; one loss
            a, b = tensors(first, device, True), tensors(second, device, True)
            leaves, names, seen = [], [], set()
            for which, ts in (("first", a), ("second", b)):
                for i, t in enumerate(ts):
                    if isinstance(t, minigrad.Tensor) and t.requires_grad and id(t) not in seen:
                        seen.add(id(t))
                        leaves.append(t)
                        names.append(f"{task.arg_name(i)} of the {which} call")
            outs = [fn(a), fn(b), fn(a)]
            return leaves, names, outs

        with minigrad.enable_grad():
            leaves, names, outs = graph(lambda ts: task.reference(*ts, **case.kwargs))
            gs = [rng.standard_normal(tuple(o.shape)) for o in outs]
            loss = sum((o * minigrad.tensor(g, device=device)).sum() for o, g in zip(outs, gs))
            ref_grads = [to_numpy(g) if g is not None else np.zeros(tuple(l.shape))
                         for g, l in zip(minigrad.autograd.grad(loss, leaves, allow_unused=True), leaves)]

            s_leaves, _, s_outs = graph(lambda ts: run_student(task, obj, ts, case.kwargs, label))
            for o, g in zip(s_outs, gs):
                _output(task, o, g.shape, label)
            if not any(o.requires_grad for o in s_outs):
                raise Fail(f"{task.name} with {label}: the output is not connected to the inputs in the "
                           "autograd graph (it does not require grad)")
            s_loss = sum((o * minigrad.tensor(g, device=device)).sum() for o, g in zip(s_outs, gs))
            grads = student_call(f"backward() through {task.name}.apply with {label}" if is_function_class(obj)
                                 else f"backward() through {task.name} with {label}", minigrad.autograd.grad,
                                 s_loss, s_leaves, allow_unused=True)
        for name, gi, ref, leaf in zip(names, grads, ref_grads, s_leaves):
            got = np.zeros(tuple(leaf.shape)) if gi is None else to_numpy(gi)
            what = (f"{task.name} through the autograd engine ({label}{' (one tensor passed twice)' if reused else ''}"
                    f"; {task.name} applied to these inputs, to a second set, and to these again, then one "
                    f"backward): the gradient for {name}")
            msg = compare(what, got, ref, rtol, atol, visible)
            if msg:
                raise Fail(msg + ". Keep what backward needs on ctx (ctx.save_for_backward), not on the class or "
                           "in globals, and don't change tensors in place")


__all__ = ["check_forward", "check_backward", "check_forward_backward", "check_gradcheck", "check_autograd",
           "validate_function", "run_student", "reference", "student_gradients"]
