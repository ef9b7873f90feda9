"""Checks of an optimizer class (``OptimizerTask``), run inside the worker process.

trajectory      the student's optimizer and the reference start from the same parameters and get the
                same sequence of gradients (set as ``p.grad`` before each ``step()``); after every step
                the parameters must agree. Errors that only show from the second step on (a momentum
                buffer that starts at zero instead of at the first gradient, visible only when
                dampening is non-zero) are caught because several steps are compared.
grad_unchanged  ``step()`` must not modify ``p.grad`` (nor any gradient tensor handed to it earlier,
                which a momentum buffer that aliases the gradient would do).
"""
from __future__ import annotations

import numpy as np

import minigrad
from .checks import not_own_work, student_call, to_numpy, compare, fmt_shape
from .spec import Fail


def validate_optimizer(task, obj):
    borrowed = not_own_work(task, obj)
    if borrowed:
        return borrowed
    if not isinstance(obj, type):
        return f"{task.name} should be a class (a subclass of minigrad.optim.Optimizer), but the submission " \
               f"defines it as a {type(obj).__name__}"
    if not callable(getattr(obj, "step", None)):
        return f"{task.name} has no step() method"
    return None


def _setup(case, rng):
    """Initial parameter values and the gradient of every parameter at every step."""
    shapes = case.all_shapes()
    init = [rng.standard_normal(s) for s in shapes]
    grads = [[rng.standard_normal(s) for s in shapes] for _ in range(case.steps)]
    return init, grads


def _build(cls, case, init, device, what):
    params = [minigrad.tensor(a, device=device, requires_grad=True) for a in init]
    if case.groups is None:
        arg = params
    else:
        arg, k = [], 0
        for g in case.groups:
            n = len(g["shapes"])
            group = {key: v for key, v in g.items() if key != "shapes"}
            group["params"] = params[k:k + n]
            arg.append(group)
            k += n
    opt = student_call(what, cls, arg, **case.hyper)
    return params, opt


def _set_grads(params, grads, case, device):
    handed = []
    for i, (p, g) in enumerate(zip(params, grads)):
        if i in case.grad_none:
            p.grad = None
        else:
            p.grad = minigrad.tensor(g, device=device)
            handed.append((i, p.grad, g))
    return handed


def _ctor(task, case):
    args = ", ".join(f"{k}={v!r}" for k, v in case.hyper.items())
    return f"{task.name}({'param_groups' if case.groups is not None else 'params'}{', ' + args if args else ''})"


def check_trajectory(task, test, obj, rng, device):
    rtol = test.rtol if test.rtol is not None else task.rtol
    atol = test.atol if test.atol is not None else task.atol
    visible = test.visibility == "visible"
    for case in test.get_cases(rng):
        init, grads = _setup(case, rng)
        ctor = _ctor(task, case)
        ref_params, ref_opt = _build(task.reference, case, init, device, "the reference optimizer")
        params, opt = _build(obj, case, init, device, ctor)
        for step in range(case.steps):
            _set_grads(ref_params, grads[step], case, device)
            ref_opt.step()
            _set_grads(params, grads[step], case, device)
            student_call(f"{task.name}.step (step {step + 1} of {case.steps}, {ctor})", opt.step)
            for i, (p, r) in enumerate(zip(params, ref_params)):
                if not isinstance(p, minigrad.Tensor) or tuple(p.shape) != tuple(r.shape):
                    raise Fail(f"{task.name}.step replaced parameter {i} instead of updating it in place")
                what = (f"{task.name}: after step {step + 1} of {case.steps} with {ctor}, parameter {i} (shape "
                        f"{fmt_shape(r.shape)})")
                if i in case.grad_none:
                    what += " (whose .grad is None, so it must not change)"
                msg = compare(what, to_numpy(p), to_numpy(r), rtol, atol, visible)
                if msg:
                    raise Fail(msg)


def check_grad_unchanged(task, test, obj, rng, device):
    for case in test.get_cases(rng):
        init, grads = _setup(case, rng)
        ctor = _ctor(task, case)
        params, opt = _build(obj, case, init, device, ctor)
        handed = []
        for step in range(case.steps):
            handed += [(step, i, t, g) for i, t, g in _set_grads(params, grads[step], case, device)]
            student_call(f"{task.name}.step (step {step + 1} of {case.steps}, {ctor})", opt.step)
            for i, p in enumerate(params):
                if i in case.grad_none:
                    continue
                if p.grad is None or not np.array_equal(to_numpy(p.grad), grads[step][i]):
                    raise Fail(f"{task.name}.step changed p.grad of parameter {i} (step {step + 1}, {ctor}): "
                               "torch's step never modifies the gradients; compute the update in a new tensor "
                               "(e.g. d_p = p.grad + weight_decay * p, not p.grad += ... or p.grad.add_(...))")
            for s, i, t, g in handed:
                if not np.array_equal(to_numpy(t), g):
                    raise Fail(f"{task.name}.step changed the gradient of parameter {i} given at step {s + 1} "
                               f"after that step ({ctor}): the momentum buffer must be a copy of the gradient "
                               "(buf = d_p.clone()), not the gradient tensor itself")
