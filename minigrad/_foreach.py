"""torch's ``_foreach_*`` functions: one op over a list of tensors (``torch._foreach_mul_(ema, 0.9)``, the
idiom of EMA-of-weights code and of optimizers written against torch's internals).

Each is a loop of the Tensor method of the same name, so autograd, dtype promotion and the in-place rules
are the method's. The second operand may be a scalar, a list of scalars (one per tensor), a tensor (shared)
or a list of tensors; out-of-place forms return a tuple, in-place forms (trailing ``_``) the list given.
"""
from __future__ import annotations

import numbers

from .tensor import Tensor


def _tensors(name, tensors):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError(f"{name}(): Tensor list must have at least one tensor.")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"{name}(): expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    return tensors


def _spread(name, n, other, what="other"):
    """``other`` as one operand per tensor: a list/tuple must have n entries; anything else is shared."""
    if isinstance(other, (list, tuple)):
        if len(other) != n:
            kind = "tensors" if other and isinstance(other[0], Tensor) else "elements as scalar list"
            if kind == "tensors":
                raise RuntimeError(f"{name}(): Tensor lists must have the same number of tensors, got {n} and "
                                   f"{len(other)}")
            raise RuntimeError(f"{name}(): Tensor list must have same number of elements as scalar list "
                               f"(got {n} tensors and {len(other)} scalars for {what})")
        return list(other)
    if not isinstance(other, (Tensor, numbers.Number)):
        raise TypeError(f"{name}(): {what} must be a number, a Tensor or a list of them, got {type(other).__name__}")
    return [other] * n


_SCALAR_FORM = {"maximum": "clamp_min", "minimum": "clamp_max"}      # maximum(t, 0.5) is t.clamp_min(0.5)


def _binary(method, alpha_ok=False):
    name = f"_foreach_{method}"

    def fn(self, other, **kwargs):
        tensors = _tensors(name, self)
        if kwargs and (not alpha_ok or set(kwargs) != {"alpha"}):
            raise TypeError(f"{name}() got unexpected keyword arguments {sorted(kwargs)}")
        if kwargs and not (isinstance(other, Tensor) or (isinstance(other, (list, tuple)) and other
                                                         and isinstance(other[0], Tensor))):
            raise TypeError(f"{name}(): alpha is only accepted with a Tensor or a list of Tensors as other, got "
                            f"{type(other).__name__}")
        others = _spread(name, len(tensors), other)
        if method in _SCALAR_FORM and not isinstance(others[0], Tensor):
            return _run(_SCALAR_FORM[method], tensors, [((o,), {}) for o in others])
        return _run(method, tensors, [((o,), kwargs) for o in others])
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"``[t.{method}(o) for t, o in ...]``: other a scalar, list of scalars, Tensor or list of Tensors."
    return fn


def _run(method, tensors, calls):
    """``tensors[i].method(*args_i, **kwargs_i)`` for each i: the results as a tuple, or (in-place) the list."""
    out = [getattr(t, method)(*args, **kwargs) for t, (args, kwargs) in zip(tensors, calls)]
    return tensors if method.endswith("_") else tuple(out)


def _pow(self, exponent):
    """``_foreach_pow(tensors, e)``, or ``_foreach_pow(scalar, tensors)``: scalar ** each tensor."""
    if isinstance(self, numbers.Number):
        return tuple(self ** t for t in _tensors("_foreach_pow", exponent))
    return _binary("pow")(self, exponent)


def _ternary(method, weight_name):
    name = f"_foreach_{method}"

    def fn(self, tensor1, tensor2, *args, **kwargs):
        tensors = _tensors(name, self)
        n = len(tensors)
        t1 = _spread(name, n, list(tensor1))
        if method.startswith("lerp"):                  # lerp(self, end, weight)
            weights = _spread(name, n, tensor2, "weight")
            return _run(method, tensors, [((e, w), {}) for e, w in zip(t1, weights)])
        value = args[0] if args else kwargs.pop(weight_name, 1)
        if kwargs:
            raise TypeError(f"{name}() got unexpected keyword arguments {sorted(kwargs)}")
        t2 = _spread(name, n, list(tensor2))
        if isinstance(value, Tensor):                  # one scalar per tensor, as a 1-D tensor
            value = value.tolist()
        values = _spread(name, n, value, "scalars")
        return _run(method, tensors, [((a, b), {"value": v}) for a, b, v in zip(t1, t2, values)])
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"``[t.{method}(...) for ...]`` over lists of tensors."
    return fn


def _unary(method):
    name = f"_foreach_{method}"

    def fn(self):
        tensors = _tensors(name, self)
        return _run(method, tensors, [((), {})] * len(tensors))
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"``[t.{method}() for t in tensors]``."
    return fn


def _foreach_norm(self, ord=2, dtype=None):
    """The vector ``ord``-norm of each tensor, a tuple of 0-d tensors."""
    from .ops.reduce import norm
    return tuple(norm(t if dtype is None else t.to(dtype), ord) for t in _tensors("_foreach_norm", self))


def _foreach_max(self):
    """The largest entry of each tensor, a tuple of 0-d tensors."""
    return tuple(t.max() for t in _tensors("_foreach_max", self))


def names():
    """Every ``_foreach_*`` function, by name (minigrad's top level exports them)."""
    table = {"_foreach_norm": _foreach_norm, "_foreach_max": _foreach_max, "_foreach_pow": _pow,
             "_foreach_pow_": _binary("pow_")}
    for m in ("add", "sub", "mul", "div"):
        table[f"_foreach_{m}"] = _binary(m, alpha_ok=m in ("add", "sub"))
        table[f"_foreach_{m}_"] = _binary(m + "_", alpha_ok=m in ("add", "sub"))
    for m in ("maximum", "minimum", "clamp_min", "clamp_max"):
        table[f"_foreach_{m}"] = _binary(m)
    for m in ("clamp_min_", "clamp_max_", "copy_"):
        table[f"_foreach_{m}"] = _binary(m)
    for m in ("addcmul", "addcdiv", "lerp"):
        table[f"_foreach_{m}"] = _ternary(m, "value")
        table[f"_foreach_{m}_"] = _ternary(m + "_", "value")
    for m in ("abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "erf", "erfc", "exp", "expm1", "floor", "frac",
              "lgamma", "log", "log10", "log1p", "log2", "neg", "reciprocal", "round", "sigmoid", "sign", "sin",
              "sinh", "sqrt", "tan", "tanh", "trunc"):
        table[f"_foreach_{m}"] = _unary(m)
        table[f"_foreach_{m}_"] = _unary(m + "_")
    table["_foreach_zero_"] = _unary("zero_")
    return table
