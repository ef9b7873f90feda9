"""``minigrad.func``: torch.func's transforms, written on the engine minigrad has.

- ``grad(f)``/``grad_and_value(f)``: the gradient of a scalar ``f`` with respect to its argument(s) (tensors,
  or dicts/lists/tuples of tensors), through ``autograd.grad`` with ``create_graph=True`` -- so transforms
  nest: ``grad(grad(f))`` is the second derivative.
- ``vmap(f, in_dims, out_dims)``: ``f`` on each slice along the batch dims, the results stacked. It runs ``f``
  once per slice (no batching rules), so it gives torch's numbers at a loop's speed.
- ``jacrev``/``jacfwd``/``hessian``, ``vjp``: through ``autograd.functional``.
- ``functional_call(module, params_and_buffers, args)``: the module run with those tensors in place of its
  own parameters and buffers (restored afterwards).

As torch's, what the outermost transform returns is part of the caller's graph only where it depends on
tensors of the caller that require grad (a parameter captured by ``f``, say); otherwise it is a plain
tensor (no grad_fn, ``.numpy()`` works), although every level works with ``create_graph=True`` inside.
"""
from __future__ import annotations

import contextlib

from .autograd import functional as _functional
from .autograd.function import AccumulateGrad, FuncTransforms
from .autograd.engine import grad as _autograd_grad
from .autograd.grad_mode import enable_grad
from .ops.shape import stack
from .tensor import Tensor, _wrap

__all__ = ["grad", "grad_and_value", "vmap", "jacrev", "jacfwd", "hessian", "vjp", "jvp", "linearize",
           "functional_call", "stack_module_state"]


# ---------------------------------------------------------------------------------------------
# Levels: the leaves the transforms make, and what the outermost one gives back
# ---------------------------------------------------------------------------------------------
class _Levels:
    depth = 0           # how many differentiating transforms are running (nested)
    fresh = {}          # id -> the leaves they made for arguments that did not require grad


@contextlib.contextmanager
def _level():
    """One differentiating transform running; the leaves made are forgotten when the outermost ends."""
    _Levels.depth += 1
    FuncTransforms.depth += 1
    try:
        yield
    finally:
        _Levels.depth -= 1
        FuncTransforms.depth -= 1
        if _Levels.depth == 0:
            _Levels.fresh = {}


@contextlib.contextmanager
def _counted(vmap=0, forward_ad=0):
    """A transform that torch runs with vmap or forward mode AD (a user Function inside needs a vmap rule, a
    jvp: see autograd/function.py's FuncTransforms)."""
    FuncTransforms.depth += 1
    FuncTransforms.vmap += vmap
    FuncTransforms.forward_ad += forward_ad
    try:
        yield
    finally:
        FuncTransforms.depth -= 1
        FuncTransforms.vmap -= vmap
        FuncTransforms.forward_ad -= forward_ad


def _as_forward_mode(func):
    """``func`` called as torch's jacfwd/hessian call it: under vmap and forward mode AD."""
    def counted(*args, **kwargs):
        with _counted(vmap=1, forward_ad=1):
            return func(*args, **kwargs)
    return counted


def _fresh(x):
    """``x`` as a leaf that requires grad (a new one, remembered, if ``x`` does not require grad)."""
    if x.requires_grad:
        return x
    t = x.detach().requires_grad_(True)
    _Levels.fresh[id(t)] = t
    return t


def _outer(tree, fresh):
    """What the outermost transform returns: each tensor whose graph reaches no leaf of the caller (only
    leaves the transforms made, in ``fresh``) is detached."""
    leaves, rebuild = _flatten(tree)
    return rebuild([_detach_unless_outer(t, fresh) if isinstance(t, Tensor) else t for t in leaves])


def _detach_unless_outer(t, fresh):
    if t.grad_fn is None:
        return t.detach() if id(t) in fresh else t
    stack, seen = [t.grad_fn], set()
    while stack:
        node = stack.pop()
        if node.__class__ is AccumulateGrad:
            if id(node.variable) not in fresh:
                return t                  # depends on a tensor of the caller that requires grad
            continue
        for nxt, _ in node._edges:
            if nxt is not None and id(nxt) not in seen:
                seen.add(id(nxt))
                stack.append(nxt)
    return t.detach()


def _transform(run):
    """``run`` as a differentiating level: at the outermost, its result is given back by ``_outer``."""
    def wrapper(*args, **kwargs):
        outermost = _Levels.depth == 0
        with _level():
            result = run(*args, **kwargs)
            return _outer(result, _Levels.fresh) if outermost else result
    return wrapper


# ---------------------------------------------------------------------------------------------
# Trees of tensors: dicts, lists and tuples (named tuples too) with tensors at the leaves
# ---------------------------------------------------------------------------------------------
def _flatten(tree):
    """(leaves, rebuild): the tensors of a nested dict/list/tuple in order, and a function that puts a new
    list of leaves back in the same structure."""
    if isinstance(tree, dict):
        keys = list(tree)
        parts = [_flatten(tree[k]) for k in keys]
        return _join(parts, lambda vals: type(tree)(zip(keys, vals)) if type(tree) is not dict
                     else dict(zip(keys, vals)))
    if isinstance(tree, (list, tuple)):
        parts = [_flatten(v) for v in tree]
        if isinstance(tree, tuple) and hasattr(tree, "_fields"):
            return _join(parts, lambda vals: type(tree)(*vals))
        return _join(parts, lambda vals: type(tree)(vals))
    return [tree], lambda leaves: leaves[0]


def _join(parts, make):
    leaves, sizes = [], []
    for sub_leaves, _ in parts:
        leaves += sub_leaves
        sizes.append(len(sub_leaves))

    def rebuild(new_leaves):
        out, i = [], 0
        for (_, sub_rebuild), n in zip(parts, sizes):
            out.append(sub_rebuild(new_leaves[i:i + n]))
            i += n
        return make(out)
    return leaves, rebuild


# ---------------------------------------------------------------------------------------------
# grad
# ---------------------------------------------------------------------------------------------
def grad_and_value(func, argnums=0, has_aux=False):
    """``(gradient, value)`` of a function returning a scalar tensor (or ``(scalar, aux)`` with has_aux)."""
    def run(*args, **kwargs):
        nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
        args = list(args)
        trees = {}
        with enable_grad():
            for n in nums:
                leaves, rebuild = _flatten(args[n])
                live = [_fresh(x) if isinstance(x, Tensor) else x for x in leaves]
                if not all(isinstance(x, Tensor) and x.is_floating_point() for x in live):
                    raise RuntimeError(f"grad(): argument {n} must be floating-point tensors (or a dict/list/tuple "
                                       "of them) to differentiate with respect to")
                trees[n] = (live, rebuild)
                args[n] = rebuild(live)
            result = func(*args, **kwargs)
            out, aux = result if has_aux else (result, None)
            if not isinstance(out, Tensor):
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got {type(out)}")
            if out.dim() != 0:
                raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor "
                                   f"with {out.dim()} dims. Maybe you wanted to use the vjp or jacrev APIs instead? "
                                   "(or reduce it to a 0-d tensor, e.g. .sum())")
            inputs = [x for n in nums for x in trees[n][0]]
            grads = _autograd_grad(out, inputs, create_graph=True, allow_unused=True, materialize_grads=True)
        pieces, i = [], 0
        for n in nums:
            live, rebuild = trees[n]
            pieces.append(rebuild(list(grads[i:i + len(live)])))
            i += len(live)
        g = pieces[0] if isinstance(argnums, int) else tuple(pieces)
        return (g, (out, aux)) if has_aux else (g, out)
    return _transform(run)


def grad(func, argnums=0, has_aux=False):
    """The gradient of ``func`` (returning a scalar) with respect to argument ``argnums`` (an int or a
    tuple of ints); with ``has_aux``, ``func`` returns ``(scalar, aux)`` and grad returns ``(gradient, aux)``."""
    run = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, value = run(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


# ---------------------------------------------------------------------------------------------
# vmap
# ---------------------------------------------------------------------------------------------
def _dims_for(in_dims, args):
    if isinstance(in_dims, int) or in_dims is None:
        return [in_dims] * len(args)
    if len(in_dims) != len(args):
        raise ValueError(f"vmap(): in_dims has {len(in_dims)} entries but the function got {len(args)} arguments")
    return list(in_dims)


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """``func`` mapped over dim ``in_dims`` of its arguments (None: not mapped), the results stacked along
    ``out_dims``. Arguments may be trees (dicts/lists/tuples) of tensors; so may the results."""

    def mapped(*args, **kwargs):
        dims = _dims_for(in_dims, args)
        flat = []
        for a, d in zip(args, dims):
            leaves, rebuild = _flatten(a)
            flat.append((leaves, rebuild, d))
        sizes = {leaf.shape[d] for leaves, _, d in flat if d is not None for leaf in leaves if isinstance(leaf, Tensor)}
        if not sizes:
            raise ValueError("vmap(): at least one argument must be mapped over (in_dims are all None)")
        if len(sizes) != 1:
            raise ValueError(f"vmap(): the mapped dims have different sizes: {sorted(sizes)}")
        n = sizes.pop()
        results = []
        for i in range(n):
            call = [rebuild([leaf.select(d, i) if (d is not None and isinstance(leaf, Tensor)) else leaf
                             for leaf in leaves]) for leaves, rebuild, d in flat]
            with _counted(vmap=1):
                results.append(func(*call, **kwargs))
        out_leaves = [_flatten(r)[0] for r in results]
        rebuild_out = _flatten(results[0])[1]
        n_out = len(out_leaves[0])
        odims = [out_dims] * n_out if isinstance(out_dims, int) else list(out_dims)
        stacked = []
        for j in range(n_out):
            column = [leaves[j] for leaves in out_leaves]
            if not isinstance(column[0], Tensor):
                raise ValueError(f"vmap(): the function must return tensors, got {type(column[0]).__name__}")
            stacked.append(stack(column, odims[j] if odims[j] >= 0 else odims[j] + column[0].ndim + 1))
        return rebuild_out(stacked)
    return mapped


# ---------------------------------------------------------------------------------------------
# Jacobians, vjp
# ---------------------------------------------------------------------------------------------
def _jacobian(func, argnums, vectorize_note):
    """The Jacobian with respect to the arguments ``argnums``; an argument may be a tree (a dict of parameters:
    the Jacobian is then a dict of the same keys, one Jacobian per tensor)."""
    def run(*args):
        nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
        trees = [_flatten(args[n]) for n in nums]

        def regroup(flat):                  # one entry per leaf -> one per argument, in its tree
            pieces, i = [], 0
            for leaves, rebuild in trees:
                pieces.append(rebuild(list(flat[i:i + len(leaves)])))
                i += len(leaves)
            return pieces

        out_tree = []                       # (rebuild, whether the output is one tensor), from the call

        def of(*leaves):
            full = list(args)
            for n, piece in zip(nums, regroup(leaves)):
                full[n] = piece
            out = func(*full)
            out_leaves, rebuild = _flatten(out)
            out_tree[:] = [rebuild, isinstance(out, Tensor)]
            return out if isinstance(out, Tensor) else tuple(out_leaves)
        jac = _functional.jacobian(of, tuple(_fresh(x) for leaves, _ in trees for x in leaves), create_graph=True)
        pick = (lambda pieces: pieces[0]) if isinstance(argnums, int) else tuple
        rebuild_out, single = out_tree
        if single:                          # one output: an entry per leaf; else per output leaf, per leaf
            return pick(regroup(jac))
        return rebuild_out([pick(regroup(per_output)) for per_output in jac])
    return _transform(run)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None):
    """The Jacobian of ``func`` with respect to argument ``argnums`` (reverse mode, one backward per output)."""
    if has_aux:
        raise NotImplementedError("jacrev(has_aux=True) is not implemented in minigrad")
    return _jacobian(func, argnums, "reverse")


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """The Jacobian of ``func`` (the same numbers as jacrev: minigrad has reverse mode only)."""
    if has_aux:
        raise NotImplementedError("jacfwd(has_aux=True) is not implemented in minigrad")
    return _jacobian(_as_forward_mode(func), argnums, "forward")


def hessian(func, argnums=0):
    """The Hessian of a scalar ``func``: the Jacobian of its gradient."""
    return jacrev(jacrev(_as_forward_mode(func), argnums), argnums)


def vjp(func, *primals, has_aux=False):
    """``(output, vjp_fn)``: ``vjp_fn(v)`` gives v · d output / d primals, one tensor per primal."""
    outermost = _Levels.depth == 0
    with _level(), enable_grad():
        live = [_fresh(p) if isinstance(p, Tensor) else p for p in primals]
        fresh = dict(_Levels.fresh)
        result = func(*live)
    out, aux = result if has_aux else (result, None)

    def vjp_fn(v):
        with _level():
            grads = tuple(_autograd_grad(out, live, v, retain_graph=True, create_graph=True, allow_unused=True,
                                         materialize_grads=True))
        return _outer(grads, fresh) if _Levels.depth == 0 else grads
    if outermost:           # (vjp_fn keeps differentiating the graph of ``out``)
        shown, aux = _outer(out, fresh), _outer(aux, fresh)
        return (shown, vjp_fn, aux) if has_aux else (shown, vjp_fn)
    return (out, vjp_fn, aux) if has_aux else (out, vjp_fn)


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """``(func(*primals), J · tangents)``: the Jacobian-vector product (by the double-vjp trick: minigrad has
    reverse mode only, so it costs two backward passes)."""
    if not isinstance(primals, tuple) or not isinstance(tangents, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to be tuples")
    if len(primals) != len(tangents):
        raise RuntimeError(f"jvp(f, primals, tangents): Expected primals and tangents to have the same length, "
                           f"got {len(primals)} and {len(tangents)}")

    def run():
        with enable_grad():
            live = [_fresh(p) for p in primals]
            with _counted(forward_ad=1):
                result = func(*live)
            out, aux = result if has_aux else (result, None)
            outs = (out,) if isinstance(out, Tensor) else tuple(out)
            # u: a dummy cotangent; d(u · J)/du · t = J t
            us = [_zeros(o).requires_grad_(True) for o in outs]
            vj = _autograd_grad(outs, live, us, create_graph=True, allow_unused=True, materialize_grads=True)
            pairs = [(g, t) for g, t in zip(vj, tangents) if g.requires_grad]
            jv = _autograd_grad([g for g, _ in pairs], us, [t for _, t in pairs], create_graph=True,
                                allow_unused=True, materialize_grads=True) if pairs else [_zeros(o) for o in outs]
        jv = jv[0] if isinstance(out, Tensor) else type(out)(jv)
        return (out, jv, aux) if has_aux else (out, jv)
    return _transform(run)()


def linearize(func, *primals):
    """``(func(*primals), jvp_fn)``: ``jvp_fn(*tangents)`` is J · tangents at ``primals``, one tangent per
    primal, of its shape (torch traces ``func`` once; here each call of ``jvp_fn`` runs ``jvp`` again)."""
    out = func(*primals)

    def jvp_fn(*tangents):
        if len(tangents) != len(primals):
            raise RuntimeError(f"linearize's jvp_fn: expected {len(primals)} tangent(s), one per primal, got "
                               f"{len(tangents)}")
        for i, (t, p) in enumerate(zip(tangents, primals)):
            if t.shape != p.shape:
                raise RuntimeError(f"tangent:{i} with shape {t.shape} in flattened pytree doesn't match the shape "
                                   f"{p.shape} of the corresponding primal.")
        return jvp(func, primals, tangents)[1]
    return out, jvp_fn


def _zeros(t):
    return _wrap(t.xp.zeros_like(t._data))


# ---------------------------------------------------------------------------------------------
# functional_call
# ---------------------------------------------------------------------------------------------
@contextlib.contextmanager
def _swapped(module, tensors, strict):
    saved = []
    try:
        for name, value in tensors.items():
            *path, leaf = name.split(".")
            owner = module
            for part in path:
                owner = getattr(owner, part)
            if leaf in owner._parameters:
                saved.append((owner._parameters, leaf, owner._parameters[leaf]))
                owner._parameters[leaf] = value
            elif leaf in owner._buffers:
                saved.append((owner._buffers, leaf, owner._buffers[leaf]))
                owner._buffers[leaf] = value
            elif strict:
                raise RuntimeError(f"functional_call(): unexpected key {name!r} (not a parameter or buffer of "
                                   f"{type(module).__name__})")
            else:
                raise RuntimeError(f"functional_call(): {name!r} is not a parameter or buffer of "
                                   f"{type(module).__name__}")
        yield
    finally:
        for table, leaf, old in reversed(saved):
            table[leaf] = old


def functional_call(module, parameter_and_buffer_dicts, args=(), kwargs=None, *, tie_weights=True, strict=False):
    """``module(*args, **kwargs)`` with the given tensors (by their state_dict names) in place of the module's
    own parameters and buffers; the module is left as it was."""
    dicts = parameter_and_buffer_dicts
    tensors = {}
    for d in (dicts if isinstance(dicts, (list, tuple)) else [dicts]):
        for k, v in d.items():
            if k in tensors:
                raise ValueError(f"functional_call(): {k!r} appeared in more than one of the dicts")
            tensors[k] = v
    if strict:
        expected = {n for n, _ in module.named_parameters()} | {n for n, _ in module.named_buffers()}
        missing = sorted(expected - set(tensors))
        if missing:
            raise RuntimeError(f"functional_call(): missing keys {missing} (strict=True)")
    args = args if isinstance(args, tuple) else (args,)
    with _swapped(module, tensors, strict):
        return module(*args, **(kwargs or {}))


def _stacked_leaf(tensors, name):
    """The tensors stacked along a new dim 0: a fresh leaf that requires grad if all of them do."""
    flags = {t.requires_grad for t in tensors}
    if len(flags) > 1:
        raise RuntimeError(f"stack_module_state(): expected {name} from each model to have the same .requires_grad")
    out = stack([t.detach() for t in tensors])
    return out.requires_grad_() if flags == {True} else out


def stack_module_state(models):
    """``(params, buffers)``: each parameter and buffer of the models (all of one class, all in train or all
    in eval mode) stacked along a new leading dim, by name -- for ``vmap`` over ``functional_call``."""
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state(): expected at least one model, got 0")
    if len({m.training for m in models}) > 1:
        raise RuntimeError("stack_module_state(): expected all models to have the same training/eval mode; call "
                           ".train() or .eval() on all of them")
    if len({type(m) for m in models}) > 1:
        raise RuntimeError(f"stack_module_state(): expected all models to be of the same class, got "
                           f"{sorted({type(m).__name__ for m in models})}")
    tables = [dict(m.named_parameters()) for m in models]
    params = {k: _stacked_leaf([t[k] for t in tables], k) for k in tables[0]}
    tables = [dict(m.named_buffers()) for m in models]
    buffers = {k: _stacked_leaf([t[k] for t in tables], k) for k in tables[0]}
    return params, buffers
