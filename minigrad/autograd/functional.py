"""Higher-level derivatives of a function, as ``torch.autograd.functional``: ``vjp``, ``jvp``, ``jacobian``,
``hessian``, ``vhp`` and ``hvp``, all built on ``autograd.grad``.

Each takes ``func`` and ``inputs`` (a tensor or a tuple of tensors). The inputs are detached copies
that require grad, so the caller's tensors and graphs are untouched; without ``create_graph`` the
results are detached too. An input the output does not depend on gets a zero derivative (torch's
``strict=False``; ``strict=True`` raises instead).

* ``vjp``: vᵀ·J, one backward pass.  ``jvp``: J·v by the double-backward trick: u ↦ uᵀJ is linear in
  u, so the gradient of (uᵀJ)·v with respect to u is J·v.
* ``jacobian``: one backward pass per output element (a row of J each).
* ``hvp``/``vhp``: the gradient with ``create_graph=True``, dotted with v, differentiated again;
  the Hessian is symmetric for the functions one meets, so ``hvp`` = ``vhp`` here as in torch's
  double-backward formula.
* ``hessian``: the jacobian of the gradient.
"""
from __future__ import annotations

from ..tensor import Tensor, _wrap
from .engine import grad as _grad
from .grad_mode import enable_grad


def _as_tuple(x, what, fn):
    """(whether x is a tuple, its tensors): a Tensor or a tuple of Tensors, as torch (a list is refused)."""
    is_tuple = isinstance(x, tuple)
    if not is_tuple and not isinstance(x, Tensor):
        raise TypeError(f"The {what} given to {fn} must be either a Tensor or a tuple of Tensors but the given "
                        f"{what} has type {type(x)}. (Pass a tuple: tuple(...).)")
    items = x if is_tuple else (x,)
    for i, t in enumerate(items):
        if not isinstance(t, Tensor):
            raise TypeError(f"The {what} given to {fn} must be either a Tensor or a tuple of Tensors but the value "
                            f"at index {i} has type {type(t)}.")
    return is_tuple, items


def _prepare(inputs, create_graph, fn):
    """Detached inputs that require grad (kept in the caller's graph only with create_graph)."""
    is_tuple, items = _as_tuple(inputs, "inputs", fn)
    prepared = tuple(t if create_graph and t.requires_grad else t.detach().requires_grad_(True) for t in items)
    if create_graph:
        prepared = tuple(t.view_as(t) if t.requires_grad else t for t in prepared)
    return is_tuple, prepared


def _grads(outputs, inputs, grad_outputs, create_graph, strict, fn):
    """d(outputs)/d(inputs) weighted by grad_outputs; zeros (or, if strict, an error) where unused."""
    live = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    found = (_grad([o for o, _ in live], inputs, [g for _, g in live], retain_graph=True, create_graph=create_graph,
                   allow_unused=True) if live else (None,) * len(inputs))
    out = []
    for i, (t, g) in enumerate(zip(inputs, found)):
        if g is None:
            if strict:
                raise RuntimeError(f"{fn}(): the output is independent of input {i} (strict=True); its "
                                   "derivative is zero")
            g = _wrap(t.xp.zeros_like(t._data))
        out.append(g if create_graph else g.detach())
    return tuple(out)


def _result(is_tuple, items):
    return tuple(items) if is_tuple else items[0]


def _check_v(v, outputs, fn):
    if v is None:
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError(f"{fn}(): v can be omitted only when the function has a single output "
                               "with one element")
        return (_wrap(outputs[0].xp.ones_like(outputs[0]._data)),)
    _, vs = _as_tuple(v, "v", fn)
    if len(vs) != len(outputs):
        raise RuntimeError(f"{fn}(): v has {len(vs)} tensor(s) but there are {len(outputs)}")
    for i, (a, o) in enumerate(zip(vs, outputs)):
        if tuple(a.shape) != tuple(o.shape):
            raise RuntimeError(f"{fn}(): v[{i}] has shape {tuple(a.shape)} but it must match {tuple(o.shape)}")
    return vs


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), vᵀ·J): the gradient of func's output(s) weighted by v."""
    with enable_grad():
        is_tuple, xs = _prepare(inputs, create_graph, "vjp")
        out_is_tuple, outs = _as_tuple(func(*xs), "outputs of the user-provided function", "vjp")
        vs = _check_v(v, outs, "vjp")
        res = _grads(outs, xs, vs, create_graph, strict, "vjp")
    outs = outs if create_graph else tuple(o.detach() for o in outs)
    return _result(out_is_tuple, outs), _result(is_tuple, res)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J·v), by differentiating u ↦ uᵀJ (linear in u) once more."""
    with enable_grad():
        is_tuple, xs = _prepare(inputs, create_graph, "jvp")
        vs = _check_v(v, xs, "jvp")
        out_is_tuple, outs = _as_tuple(func(*xs), "outputs of the user-provided function", "jvp")
        us = tuple(_wrap(o.xp.zeros_like(o._data)).requires_grad_(True) for o in outs)
        ujs = _grads(outs, xs, us, True, strict, "jvp")                       # uᵀJ, a graph in u
        live = [(g, a) for g, a in zip(ujs, vs) if g.requires_grad]
        jv = (_grad([g for g, _ in live], us, [a for _, a in live], create_graph=create_graph,
                    allow_unused=True) if live else (None,) * len(us))
        jv = tuple(_wrap(u.xp.zeros_like(u._data)) if j is None else (j if create_graph else j.detach())
                   for u, j in zip(us, jv))
    outs = outs if create_graph else tuple(o.detach() for o in outs)
    return _result(out_is_tuple, outs), _result(out_is_tuple, jv)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """d func(inputs) / d inputs: for one output and one input, a tensor of shape out.shape + in.shape;
    for tuples, a tuple (per output) of tuples (per input), as torch's."""
    _check_strategy(strategy, vectorize, strict, create_graph)
    with enable_grad():
        is_tuple, xs = _prepare(inputs, create_graph, "jacobian")
        out_is_tuple, outs = _as_tuple(func(*xs), "outputs of the user-provided function", "jacobian")
        blocks = []
        for o in outs:
            rows = []
            for k in range(o.numel()):                   # one backward pass per output element
                e = _wrap(o.xp.zeros(o._data.size, o._data.dtype))
                e._data[k] = 1
                rows.append(_grads([o], xs, [e.reshape(o.shape)], create_graph, strict, "jacobian"))
            per_input = []
            for i, x in enumerate(xs):
                block = _wrap(x.xp.zeros((len(rows),) + tuple(x.shape), x._data.dtype))
                for k, r in enumerate(rows):             # row k: d out[k] / d x  (differentiable setitem)
                    block[k] = r[i]
                per_input.append(block.reshape(tuple(o.shape) + tuple(x.shape)))
            blocks.append(_result(is_tuple, per_input))
    return _result(out_is_tuple, blocks)


class _StrategyError(ValueError, AssertionError):
    """A bad ``strategy=``: torch asserts (AssertionError); a ValueError too, as minigrad's argument errors."""


def _check_strategy(strategy, vectorize, strict, create_graph):
    """torch's argument rules (the values are the same for every strategy in minigrad)."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise _StrategyError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
                         'function has more outputs than inputs, "forward-mode" tends to be more performant. '
                         'Otherwise, prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError("torch.autograd.functional.jacobian does not support create_graph=True "
                                      "with forward-mode AD")
        if not vectorize:
            raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse Hessian is"
                                      "only implemented for `vectorize=True`.")
    if vectorize and strict:
        raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported "
                           "together. Please either set `strict=False` or `vectorize=False`.")


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """The matrix of second derivatives of a function with one scalar output: shape in.shape + in.shape
    for one input; a tuple of tuples (d²f / dxᵢ dxⱼ) for several."""
    is_tuple, _ = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*xs):
        out = func(*xs)
        if not isinstance(out, Tensor) or out.numel() != 1:
            raise RuntimeError("hessian(): the function must return a single tensor with one element")
        return _grads([out], xs, [_wrap(out.xp.ones_like(out._data))], True, strict, "hessian")

    _check_strategy(outer_jacobian_strategy, vectorize, strict, False)
    jac = jacobian(gradient, inputs, create_graph=create_graph, strict=strict)
    return jac if is_tuple else jac[0]


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), vᵀ·H) for a function with one scalar output."""
    return _hessian_product(func, inputs, v, create_graph, strict, "vhp")


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H·v) for a function with one scalar output (H is symmetric: H·v = vᵀ·H)."""
    return _hessian_product(func, inputs, v, create_graph, strict, "hvp")


def _hessian_product(func, inputs, v, create_graph, strict, fn):
    with enable_grad():
        is_tuple, xs = _prepare(inputs, create_graph, fn)
        out = func(*xs)
        if not isinstance(out, Tensor) or out.numel() != 1:
            raise RuntimeError(f"{fn}(): the function must return a single tensor with one element")
        vs = _check_v(v, xs, fn)
        gs = _grads([out], xs, [_wrap(out.xp.ones_like(out._data))], True, strict, fn)
        res = _grads(gs, xs, vs, create_graph, strict, fn)
    return (out if create_graph else out.detach()), _result(is_tuple, res)
