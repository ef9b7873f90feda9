"""Checks of an optimizer class (``OptimizerTask``), run by the judge against a runner.

trajectory      the student's optimizer (in the runner) and the reference (here) start from the same
                parameters and get the same gradients (set as ``p.grad`` before each ``step()``); after
                every step the parameters must agree. ``Steps(schedule=...)`` changes hyper-parameters in
                every ``param_group`` between steps (as a learning-rate scheduler does).
grad_unchanged  ``step()`` must not modify ``p.grad`` (nor any gradient handed to it earlier, which a
                momentum buffer that aliases the gradient would do), and must actually move the
                parameters (a ``step()`` that does nothing does not score here).
"""
from __future__ import annotations

import numpy as np

import minigrad
from .checks import (student_message, to_numpy, compare, fmt_shape, check_dtype, not_own_work, StudentFailed,
                     REFERENCE_LOCK)
from .judge import TensorData
from .spec import Fail
from .text import clean


def validate_optimizer(task, info):
    borrowed = not_own_work(task, info)
    if borrowed:
        return borrowed
    if not info.get("class"):
        return (f"{task.name} should be a class (a subclass of minigrad.optim.Optimizer), but the submission "
                f"defines it as a {clean(info.get('type', 'value'), 80)}")
    if not info.get("has_step"):
        return f"{task.name} has no step() method"
    return None


def _setup(case, rng):
    shapes = case.all_shapes()
    init = [rng.standard_normal(s) for s in shapes]
    grads = [[rng.standard_normal(s) for s in shapes] for _ in range(case.steps)]
    return init, grads


def _reference_run(task, case, init, grads, device, factory=None):
    """The parameters after each step of ``task.reference`` (or of ``factory``, an optimizer class like it)."""
    with REFERENCE_LOCK:
        return _reference_steps(factory or task.reference, case, init, grads, device)


def _reference_steps(factory, case, init, grads, device):
    params = [minigrad.tensor(a, device=device, requires_grad=True) for a in init]

    def make():
        if case.groups is None:
            return factory(list(params), **case.hyper)
        arg, k = [], 0
        for g in case.groups:
            n = len(g["shapes"])
            group = {key: v for key, v in g.items() if key != "shapes"}
            group["params"] = params[k:k + n]
            arg.append(group)
            k += n
        return factory(arg, **case.hyper)

    opt = make()
    out = []
    for step in range(case.steps):
        if step in case.restart:
            opt = make()
        for key, value in case.schedule.get(step, {}).items():
            for group in opt.param_groups:
                group[key] = value
        for i, p in enumerate(params):
            p.grad = None if i in case.grad_none else minigrad.tensor(grads[step][i], device=device)
        opt.step()
        out.append([to_numpy(p) for p in params])
    return out


def _ctor(task, case):
    args = ", ".join(f"{k}={v!r}" for k, v in case.hyper.items())
    ctor = f"{task.name}({'param_groups' if case.groups is not None else 'params'}{', ' + args if args else ''})"
    if case.schedule:
        ctor += "; then " + ", ".join(f"{k}={v} in every group before step {s + 1}"
                                      for s, d in sorted(case.schedule.items()) for k, v in d.items())
    if case.restart:
        ctor += f"; a new {task.name} over the same parameters before step " + ", ".join(str(s + 1) for s in case.restart)
    return ctor


def _student_run(task, rs, case, init, grads, zero_grad=False):
    ctor = _ctor(task, case)
    try:
        ans = rs.optimizer(task.name, case, init, grads, zero_grad=zero_grad)
    except StudentFailed as e:
        raise student_message(e.info, ctor if e.info.get("stage") == "constructor" else f"{task.name}: {ctor}") \
            from None
    return ans, ctor


def _step_error(task, ans, ctor, case):
    err = ans.get("step_error")
    if isinstance(err, dict):
        k = len(ans.get("steps", [])) + 1
        fail = student_message(err, f"{task.name}.step (step {k} of {case.steps}, {ctor})")
        words = str(err.get("message", "")).lower()
        if k == 1 and err.get("kind") == "error" and any(w in words for w in ("size", "shape", "broadcast")):
            # a new optimizer has no state at its first step: a size mismatch there is one parameter's state found by
            # another, of this optimizer (state per position or per shape) or of an earlier one (state on the class,
            # or in a module-level dict keyed by id(p), which Python reuses for new tensors)
            fail = Fail(f"{fail}. At the first step of a new optimizer, a size mismatch usually means that a parameter "
                        "found another's momentum buffer, of this optimizer or left by an earlier one (state on the "
                        "class, or in a module-level dict keyed by id(p), which Python reuses for new tensors): keep "
                        "it in self.state[p] of this optimizer", kind="error")
        raise fail


def _stopped(task, ans, step):
    """Why the runner's steps ended early when step() itself raised nothing: a p.grad the runner could not set (corpus
    pass 14: a step() that made its parameters float32, p.data = tensor(array.tolist()), got "SGD(params, lr=0.1) raised
    RuntimeError: assigned grad has ... float32", as if the constructor had failed)."""
    if ans.get("grad_refused") == step + 1:
        return Fail(f"{task.name}: after step {step}, the next gradient could not be set as p.grad: step() changed a "
                    "parameter's dtype or shape (p.data = minigrad.tensor(a list or a Python float) is float32): update "
                    "each parameter in place and keep it float64", kind="dtype")
    return Fail(f"{task.name}: the run stopped before step {step + 1}", kind="error")


def check_trajectory(task, test, rs, rng, device):
    rtol = test.rtol if test.rtol is not None else task.rtol
    atol = test.atol if test.atol is not None else task.atol
    visible = test.visibility == "visible"
    for case in test.get_cases(rng):
        init, grads = _setup(case, rng)
        ref = _reference_run(task, case, init, grads, device)
        ans, ctor = _student_run(task, rs, case, init, grads)
        steps = ans.get("steps", [])
        for step, ref_params in enumerate(ref):
            if step >= len(steps):
                _step_error(task, ans, ctor, case)
                raise _stopped(task, ans, step)
            params = steps[step].get("params", [])
            for i, r in enumerate(ref_params):
                p = params[i] if i < len(params) else None
                if not isinstance(p, TensorData) or p.shape != r.shape:
                    raise Fail(f"{task.name}.step replaced parameter {i} instead of updating it in place", kind="type")
                what = (f"{task.name}: after step {step + 1} of {case.steps} with {ctor}, parameter {i} (shape "
                        f"{fmt_shape(r.shape)})")
                if i in case.grad_none:
                    what += " (whose .grad is None, so it must not change)"
                part = "no_grad" if i in case.grad_none else "param"
                if i in case.grad_none and not np.array_equal(p.array, init[i]):
                    raise Fail(f"{task.name}: after step {step + 1} of {case.steps} with {ctor}, parameter {i} changed "
                               "although its .grad is None", kind="values", part=part)
                check_dtype(what, p, part=part)
                fail = compare(what, p.array, r, rtol, atol, visible, part=part)
                if fail and case.restart and step >= case.restart[0]:
                    # right until a new optimizer was made: state outlived its optimizer
                    raise Fail(f"{fail}: the steps before the new {task.name} were right, so the new one did not start "
                               "afresh. A new optimizer has no momentum buffers: keep state on the instance "
                               "(self.state[p]), not on the class or in a module-level dict (keyed by id(p), which "
                               "Python reuses for new tensors)", kind=fail.kind, part="restart")
                if fail:
                    named = _named(task, fail, case, init, grads, device, steps[:step + 1], steps)
                    if named is fail and step == 0:
                        named = _leftover_state(task, rs, case, init, grads, steps[0], fail) or fail
                    raise named


def _named(task, fail, case, init, grads, device, steps, later=()):
    """``fail`` with the classic mistake named whose trajectory the student's parameters followed up to the first
    wrong step (corpus pass 12: weight decay with the wrong sign got the hint about its order, a buffer adding
    dampening * g the hint about its first step)."""
    if fail.kind != "values":
        return fail
    def follows(recs, alt):
        return all(len(rec.get("params", [])) == len(ref) and
                   all(isinstance(p, TensorData) and p.shape == r.shape and np.allclose(p.array, r, rtol=1e-9, atol=1e-12)
                       for p, r in zip(rec["params"], ref)) for rec, ref in zip(recs, alt))

    named, whole = [], []
    for m in getattr(task, "mistakes", ()):
        try:
            alt = _reference_run(task, case, init, grads, device, factory=m.test)
        except Exception:                   # noqa: BLE001 - a diagnosis that does not apply says nothing
            continue
        if follows(steps, alt):
            named.append(m.text)
            if follows([r if isinstance(r, dict) else {} for r in later], alt):
                whole.append(m.text)
    # two mistakes can share a trajectory up to the first wrong step (corpus pass 13: a buffer aliasing the first
    # step's direction and a nesterov step written into the buffer): the one the later steps follow too, else each
    named = whole or named
    return Fail(f"{fail}; " + "; or ".join(named), hint=fail.hint, kind=fail.kind, part=fail.part) if named else fail


def _leftover_state(task, rs, case, init, grads, first, fail):
    """A Fail naming state that outlived its optimizer when the same steps, run again with a new optimizer, give another
    first step (corpus pass 14: momentum buffers in a class-level dict keyed by id(p) were wrong from the first step of
    every test after the first, and got only the tests' general hints), else None."""
    try:
        again, _ = _student_run(task, rs, case, init, grads)
    except Fail:
        return None
    rec = (again.get("steps") or [{}])[0]
    params, before = rec.get("params", []) if isinstance(rec, dict) else [], first.get("params", [])
    same = len(params) == len(before) and all(isinstance(a, TensorData) and isinstance(b, TensorData) and
                                              a.shape == b.shape and np.array_equal(a.array, b.array)
                                              for a, b in zip(params, before))
    if same:
        return None
    return Fail(f"{fail}; and the same steps run again with a new {task.name} gave a different first step: state outlives "
                "the optimizer (kept on the class, or in a module-level dict keyed by id(p), which Python reuses for new "
                "tensors). Keep it on the instance, in self.state[p]", kind=fail.kind, part="restart")


def check_grad_unchanged(task, test, rs, rng, device):
    for case in test.get_cases(rng):
        init, grads = _setup(case, rng)
        ans, ctor = _student_run(task, rs, case, init, grads, zero_grad=True)
        steps = ans.get("steps", [])
        for step in range(case.steps):
            if step >= len(steps):
                _step_error(task, ans, ctor, case)
                raise _stopped(task, ans, step)
            rec = steps[step] if isinstance(steps[step], dict) else {}
            got = rec.get("grads") if isinstance(rec.get("grads"), list) else []
            for i in range(len(init)):
                if i in case.grad_none:
                    continue
                g = got[i] if i < len(got) else None          # every gradient is sent: a missing one was changed
                if g is None and i < len(got):
                    raise Fail(f"{task.name}.step set p.grad of parameter {i} to None (step {step + 1}, {ctor}): "
                               "torch's step leaves the gradients alone; clearing them is zero_grad()'s job, called "
                               "by the training loop, not by step()")
                if not isinstance(g, TensorData) or g.shape != grads[step][i].shape or \
                        not np.array_equal(g.array, grads[step][i]):
                    raise Fail(f"{task.name}.step changed p.grad of parameter {i} (step {step + 1}, {ctor}): "
                               "torch's step never modifies the gradients; compute the update in a new tensor "
                               "(e.g. d_p = p.grad + weight_decay * p, not p.grad += ... or p.grad.add_(...))")
            handed = {}
            for item in rec.get("handed", []) if isinstance(rec.get("handed"), list) else []:
                if isinstance(item, list) and len(item) == 3 and isinstance(item[0], int) and isinstance(item[1], int):
                    handed.setdefault((item[0], item[1]), item[2])
            # every gradient handed to step() so far comes back: one left out counts as changed
            for s, i in [(s, i) for s in range(step + 1) for i in range(len(init)) if i not in case.grad_none]:
                t = handed.get((s, i))
                if not isinstance(t, TensorData) or t.shape != grads[s][i].shape or not np.array_equal(t.array, grads[s][i]):
                    raise Fail(f"{task.name}.step changed the gradient of parameter {i} given at step {s + 1} "
                               f"after that step ({ctor}): the momentum buffer must be a copy of the gradient "
                               "(buf = d_p.clone()), not the gradient tensor itself")
        # degenerate answers earn nothing (a `p -= 1` leaves p.grad alone too): this test counts only when the
        # first step moves each parameter that has a gradient along the reference's first update (a positive
        # multiple of it: a wrong momentum, dampening or nesterov factor is the trajectory tests' business)
        last = steps[-1].get("params", []) if steps else []
        moved = [i for i, (p, a) in enumerate(zip(last, init)) if i not in case.grad_none
                 and isinstance(p, TensorData) and p.shape == a.shape and not np.array_equal(p.array, a)]
        if len(moved) < len([i for i in range(len(init)) if i not in case.grad_none]):
            raise Fail(f"{task.name}.step did not change the parameters ({ctor}): it leaves p.grad alone because it "
                       "does nothing", kind="values")
        ref = _reference_run(task, case, init, grads, device)
        first = steps[0].get("params", []) if steps else []
        for i, r in enumerate(ref[0] if ref else []):
            if i in case.grad_none:
                continue
            p = first[i] if i < len(first) else None
            if not (isinstance(p, TensorData) and p.shape == r.shape and _along(p.array - init[i], r - init[i])):
                raise Fail(f"{task.name}: p.grad is left alone, but this test counts only when step() also updates the "
                           f"parameters: after step 1 ({ctor}), parameter {i} did not move in the direction of the "
                           "expected first update (for SGD: -lr * (gradient + weight_decay * p))", kind="values", part="param")
        _check_zero_grad(task, ans, ctor, case)


def _check_zero_grad(task, ans, ctor, case):
    """After the steps the runner calls the optimizer's ``zero_grad()`` (the training loop's call; a class without
    one is not asked): each p.grad must then be None or zero (a no-op zero_grad scored 100/100 before the red-team
    pass 11: gradients then pile up across a training loop's iterations)."""
    err = ans.get("zero_grad_error")
    if isinstance(err, dict):
        raise student_message(err, f"{task.name}.zero_grad() (after {case.steps} steps with {ctor})")
    after = ans.get("after_zero")
    if not isinstance(after, list):
        return
    cleared = [i for i in range(len(case.all_shapes())) if (after[i] if i < len(after) else "missing") is None or
               (isinstance(after[i], TensorData) and not after[i].array.any())]
    for i in range(len(case.all_shapes())):
        if i in cleared:
            continue
        # corpus pass 13: a zero_grad over the first group only scored 100/100 (no test had groups)
        some = (f" (it cleared parameter{'s' if len(cleared) > 1 else ''} {', '.join(map(str, cleared))}: does it walk "
                "every group of self.param_groups?)") if cleared and case.groups else ""
        raise Fail(f"{task.name}.zero_grad() left the gradients in place (after {case.steps} steps with {ctor}, "
                   f"parameter {i}'s .grad is neither None nor zero){some}: a training loop calls optimizer.zero_grad() "
                   "before each backward, and without it the gradients of successive iterations add up. Set each "
                   "p.grad to None (or fill it with zeros), or keep the zero_grad of minigrad.optim.Optimizer",
                   kind="values", part="zero_grad")


def _along(actual, expected):
    """Whether the update ``actual`` is a positive multiple of ``expected`` (both zero counts)."""
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if not np.isfinite(actual).all():
        return False
    scale = float(np.abs(expected).max()) if expected.size else 0.0
    if scale == 0.0:
        return not actual.any()
    mask = np.abs(expected) > 1e-9 * scale
    c = float(np.median(actual[mask] / expected[mask]))
    return c > 0 and np.allclose(actual, c * expected, rtol=1e-6, atol=1e-12 * scale * max(c, 1.0))
