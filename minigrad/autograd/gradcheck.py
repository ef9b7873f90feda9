"""Check analytic gradients against central finite differences (in float64).

For a random upstream gradient ``v`` (not all ones, which hides a backward that ignores it),
the analytic vector-Jacobian product ``vᵀJ`` from backward is compared with
``Σ v · (f(x + εeᵢ) - f(x - εeᵢ)) / 2ε`` for every input element ``i``. On a mismatch the error shows what
torch's shows -- the numerical and the analytical Jacobian of that output and input -- then where it failed.
"""
from __future__ import annotations

import warnings

import numpy as np

from ..tensor import Tensor, _wrap
from .engine import grad as _grad


class GradcheckError(RuntimeError):
    """Raised by ``gradcheck`` when an analytic gradient disagrees with finite differences."""


def _outputs(fn, inputs):
    out = fn(*inputs)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    return [o for o in outs if isinstance(o, Tensor) and o._data.dtype.kind == "f"]


def gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, seed=0, **_ignored):
    """True when ``fn``'s gradients w.r.t. every input that requires grad match finite differences.

    Inputs should be float64 (float32 differences are too coarse: a warning says so, as torch's); on
    failure the error names the input, the element index and both values."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    diff = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x._requires_grad]
    if not diff:
        raise ValueError("gradcheck(): no input requires grad; set requires_grad=True on the inputs to check")
    for i in diff:
        if inputs[i]._data.dtype != np.float64:     # torch warns, and checks anyway (with the caller's tolerances)
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating point or complex. "
                          "This check will likely fail if all the inputs are not of double precision floating point "
                          "or complex. ", UserWarning, stacklevel=2)
    rng = np.random.default_rng(seed)
    outs = _outputs(fn, inputs)
    vs = [_wrap(o.xp.asarray(rng.standard_normal(o._data.shape))) for o in outs]
    # per output k: vₖᵀJₖ from backward (an output outside the graph: a zero Jacobian)
    analytic = [_grad([o], [inputs[i] for i in diff], [v], retain_graph=True, allow_unused=True)
                if o._requires_grad else [None] * len(diff) for o, v in zip(outs, vs)]

    def weighted(values):
        return [float((o._data * v._data).sum()) for o, v in zip(values, vs)]

    for slot, i in enumerate(diff):
        x = inputs[i]
        arr = x._data
        a_flat = [np.zeros(arr.size) if a[slot] is None else np.asarray(a[slot].detach()._data.reshape(-1).tolist())
                  for a in analytic]
        for j, idx in enumerate(np.ndindex(arr.shape)):    # (arr[idx]: a transposed input too, not a reshaped copy)
            orig = arr[idx].item()
            arr[idx] = orig + eps           # written straight into the array: no version bump
            plus = weighted(_outputs(fn, inputs))
            arr[idx] = orig - eps
            minus = weighted(_outputs(fn, inputs))
            arr[idx] = orig
            for k in range(len(outs)):
                numeric = (plus[k] - minus[k]) / (2 * eps)
                if not abs(numeric - a_flat[k][j]) <= atol + rtol * abs(numeric):
                    if not raise_exception:
                        return False
                    numerical, analytical = _jacobians(fn, inputs, i, k, eps)
                    raise GradcheckError(
                        f"Jacobian mismatch for output {k} with respect to input {i},\nnumerical:{numerical}\n"
                        f"analytical:{analytical}\n(gradcheck(): input {i} (shape {tuple(x.shape)}) first differs at "
                        f"index {tuple(int(n) for n in idx)}: analytic {a_flat[k][j]:.8g} vs numerical {numeric:.8g} "
                        f"in the vector-Jacobian product with a random vector; atol={atol}, rtol={rtol})")
    return True


def _jacobians(fn, inputs, i, k, eps):
    """torch's two matrices for the message, (elements of input i) x (elements of output k): the numerical one,
    a column of central differences per input element, and the analytical one, a backward per output element."""
    x, out = inputs[i], _outputs(fn, inputs)[k]
    arr = x._data
    numerical = np.zeros((arr.size, out._data.size))
    for j, idx in enumerate(np.ndindex(arr.shape)):
        orig = arr[idx].item()
        arr[idx] = orig + eps
        plus = np.asarray(_outputs(fn, inputs)[k]._data.reshape(-1).tolist(), dtype=float)
        arr[idx] = orig - eps
        minus = np.asarray(_outputs(fn, inputs)[k]._data.reshape(-1).tolist(), dtype=float)
        arr[idx] = orig
        numerical[j] = (plus - minus) / (2 * eps)
    analytical = np.zeros_like(numerical)
    for m in range(out._data.size if out._requires_grad else 0):
        pick = np.zeros(out._data.size)
        pick[m] = 1.0
        g = _grad([out], [x], [_wrap(out.xp.asarray(pick.reshape(out._data.shape), dtype=out._data.dtype))],
                  retain_graph=True, allow_unused=True)[0]
        if g is not None:
            analytical[:, m] = g._data.reshape(-1).tolist()
    return [_wrap(np.asarray(a, dtype=x._data.dtype)) for a in (numerical, analytical)]


def gradgradcheck(fn, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
                  **_ignored):
    """Check second derivatives: gradcheck of the function x -> vᵀ J(x) built with create_graph=True, one v per
    output that requires grad. Without ``grad_outputs``, each v is drawn as torch draws it (uniform in [-1, 1)
    from the global generator), so the random numbers a program draws afterwards are torch's too."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    diff = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x._requires_grad]
    if grad_outputs is None:
        vs = [o.detach().new_empty(o.shape).uniform_(-1, 1) for o in _outputs(fn, inputs) if o._requires_grad]
    else:
        vs = list(grad_outputs) if isinstance(grad_outputs, (tuple, list)) else [grad_outputs]

    def first_grads(*xs):
        outs = [o for o in _outputs(fn, xs) if o._requires_grad]
        gs = _grad(outs, [xs[i] for i in diff], vs, create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)
    return gradcheck(first_grads, inputs, eps, atol, rtol, raise_exception)
