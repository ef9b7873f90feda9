"""The Optimizer base class, with torch's API.

An optimizer holds ``param_groups`` (a list of dicts: ``params`` plus hyper-parameters, defaults
filled from ``defaults``) and ``state`` (a dict keyed by parameter). Subclasses implement ``step``;
everything else -- groups, ``zero_grad``, ``state_dict``/``load_state_dict`` -- lives here, so an
optimizer written for torch (``super().__init__(params, defaults)``, a ``step`` decorated with
``@no_grad()`` that walks ``self.param_groups``) runs unchanged. Nothing here assumes the update is
additive: ``MultiplicativeUpdate`` is a subclass too.

The built-in optimizers share one walk, ``_updates()``: every parameter with a gradient, its group, the
gradient with ``maximize`` and weight decay applied, and its state (``_init_state`` on the first step,
``step`` counted), so that each ``step`` holds only its own update rule.
"""
from __future__ import annotations

import copy
import numbers
import functools
import warnings
from collections import OrderedDict, defaultdict

from ..autograd.grad_mode import enable_grad
from ..factories import tensor
from ..tensor import Tensor
from ..nn.module import _add_hook


class _Required:
    def __repr__(self):
        return "<required parameter>"


required = _Required()


_GLOBAL_PRE_HOOKS: OrderedDict = OrderedDict()      # register_optimizer_step_pre_hook: every optimizer's steps
_GLOBAL_POST_HOOKS: OrderedDict = OrderedDict()


def register_optimizer_step_pre_hook(hook):
    """``hook(optimizer, args, kwargs) -> None or (new_args, new_kwargs)`` before every optimizer's step() (before
    the optimizer's own pre-hooks)."""
    return _add_hook(_GLOBAL_PRE_HOOKS, hook)


def register_optimizer_step_post_hook(hook):
    """``hook(optimizer, args, kwargs)`` after every optimizer's step() (after the optimizer's own post-hooks)."""
    return _add_hook(_GLOBAL_POST_HOOKS, hook)


def _with_step_hooks(step):
    """A subclass's ``step``, running the hooks of ``register_step_pre_hook`` / ``register_step_post_hook``
    around it. As torch's, the hooks see ``args`` with the optimizer first, and a ``super().step()`` inside
    an overriding step runs them again."""
    @functools.wraps(step)
    def step_with_hooks(self, *args, **kwargs):
        d = self.__dict__
        if not (d.get("_step_pre_hooks") or d.get("_step_post_hooks") or _GLOBAL_PRE_HOOKS or _GLOBAL_POST_HOOKS):
            return step(self, *args, **kwargs)
        args = (self,) + args
        for hook in [*_GLOBAL_PRE_HOOKS.values(), *d.get("_step_pre_hooks", {}).values()]:
            result = hook(self, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError(f"optimizer step pre-hook must return None or a tuple of (new_args, "
                                       f"new_kwargs), but got {result}.")
                args, kwargs = result
        out = step(*args, **kwargs)
        for hook in [*d.get("_step_post_hooks", {}).values(), *_GLOBAL_POST_HOOKS.values()]:
            hook(self, args, kwargs)
        return out
    step_with_hooks._runs_step_hooks = True
    return step_with_hooks


class Optimizer:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if callable(step) and not getattr(step, "_runs_step_hooks", False):
            cls.step = _with_step_hooks(step)

    def _hooks(self, name):
        store = self.__dict__.get(name)
        if store is None:
            store = self.__dict__[name] = OrderedDict()
        return store

    def register_step_pre_hook(self, hook):
        """``hook(optimizer, args, kwargs) -> None or (new_args, new_kwargs)`` before each step()."""
        return _add_hook(self._hooks("_step_pre_hooks"), hook)

    def register_step_post_hook(self, hook):
        """``hook(optimizer, args, kwargs)`` after each step()."""
        return _add_hook(self._hooks("_step_post_hooks"), hook)

    def register_state_dict_pre_hook(self, hook, prepend=False):
        """``hook(optimizer)`` before state_dict()."""
        return _add_hook(self._hooks("_optimizer_state_dict_pre_hooks"), hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        """``hook(optimizer, state_dict) -> None or a new state_dict`` after state_dict()."""
        return _add_hook(self._hooks("_optimizer_state_dict_post_hooks"), hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        """``hook(optimizer, state_dict) -> None or the state_dict to load`` before load_state_dict()."""
        return _add_hook(self._hooks("_optimizer_load_state_dict_pre_hooks"), hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        """``hook(optimizer)`` after load_state_dict()."""
        return _add_hook(self._hooks("_optimizer_load_state_dict_post_hooks"), hook, prepend)

    def __init__(self, params, defaults):
        self.defaults = dict(defaults)
        self.state = defaultdict(dict)
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError(f"params argument given to the optimizer should be an iterable of Tensors or dicts, but "
                            f"got a Tensor ({type(self).__name__}: use [tensor])")
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError(f"optimizer got an empty parameter list ({type(self).__name__}: pass "
                             "model.parameters() or a list of tensors with requires_grad=True)")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict):
        """Add a group of parameters (a dict with ``params`` and optional hyper-parameters)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param group must be a dict, got {type(param_group).__name__}")
        group = dict(param_group)
        params = group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering "
                            "of tensors in sets will change between runs; use a list")
        else:
            params = list(params)
        named = [isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) for p in params]
        if any(named):                                   # model.named_parameters(), as torch accepts
            if not all(named):
                raise ValueError("all optimizer params should be with/without names. Some param names are missing")
            group["param_names"] = [name for name, _ in params]
            params = [p for _, p in params]
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {type(p).__name__} "
                                f"({type(self).__name__}: parameter {i} of the group)")
            if not p.is_leaf:
                raise ValueError(f"can't optimize a non-leaf Tensor ({type(self).__name__}: parameter {i}, shape "
                                 f"{tuple(p.shape)}, made by {p.grad_fn.name()}; use a leaf, e.g. "
                                 "t.detach().requires_grad_())")
        # a complex parameter is stepped as its (real, imag) parts, as torch's optimizers use view_as_real
        group["params"] = params = [p._parts if p.__class__ is not Tensor and p.dtype.is_complex else p for p in params]
        for name, default in self.defaults.items():
            if default is required and name not in group:
                raise ValueError(f"parameter group didn't specify a value of required optimization parameter "
                                 f"{name}")
            group.setdefault(name, default)
        if len({id(p) for p in params}) != len(params):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will "
                          "cause an error; see github.com/pytorch/pytorch/issues/40967 for more information",
                          UserWarning, stacklevel=3)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True):
        """Clear the gradients: set ``p.grad = None`` (default), or fill them with zeros."""
        for group in self.param_groups:
            for p in group["params"]:
                p.__dict__.pop("_sparse_rows", None)      # rows a sparse=True embedding noted (SparseAdam)
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    g = p.grad
                    if g.grad_fn is not None:
                        g = g.detach()
                        p.grad = g
                    g.zero_()

    def step(self, closure=None):
        raise NotImplementedError(f"{type(self).__name__} must implement step(closure=None)")

    # ------------------------------------------------------------------ what every step shares
    count_steps = True          # keep state["step"], each parameter's number of steps (SGD keeps none, as torch)
    # torch's refusal of an nn.Embedding(sparse=True) gradient (None: the optimizer takes it, as Adagrad)
    sparse_refusal = "{name} does not support sparse gradients"

    def _init_state(self, group, p) -> dict:
        """The state of parameter ``p`` before its first step, besides ``step`` (buffers, accumulators)."""
        return {}

    def _state_of(self, group, p) -> dict:
        state = self.state[p]
        if not state:
            if self.count_steps:
                state["step"] = tensor(0.0)         # (torch's: a 0-d float32 tensor; the formulas read int(step))
            state.update(self._init_state(group, p))
        return state

    def _updates(self):
        """``(group, p, g, state)`` for every parameter that has a gradient, group by group, with what the
        single-tensor updates of torch's optimizers share already done: ``g`` is the gradient negated when
        ``maximize``, plus ``weight_decay·p`` -- or, with ``decoupled_weight_decay``, ``p`` is first shrunk
        by ``1 - lr·weight_decay`` and ``g`` left alone; ``state`` is the parameter's state (made by
        ``_init_state`` on its first step) with ``step`` already counted (None when ``count_steps`` is
        False). ``p.grad`` itself is never changed."""
        for group in self.param_groups:
            lr, wd = _scalar(group["lr"]), _scalar(group.get("weight_decay", 0))
            decoupled = group.get("decoupled_weight_decay", False)
            for p in group["params"]:
                if p.grad is None:
                    continue
                if self.sparse_refusal and "_sparse_rows" in p.__dict__:
                    raise RuntimeError(self.sparse_refusal.format(name=type(self).__name__) + " (the gradient of an "
                                       "nn.Embedding(sparse=True): use SGD, Adagrad or SparseAdam, or sparse=False)")
                state = None
                if self.count_steps:
                    state = self._state_of(group, p)
                    count_step(state)
                g = -p.grad if group.get("maximize", False) else p.grad
                if wd != 0:
                    if decoupled:
                        p.mul_(1 - lr * wd)
                    else:
                        g = g.add(p, alpha=wd)
                yield group, p, g, state

    @staticmethod
    def _evaluate(closure):
        """Call ``closure`` (re-computing the loss, as torch's step(closure) does) with grad enabled."""
        if closure is None:
            return None
        with enable_grad():
            return closure()

    # ------------------------------------------------------------------ saving and loading
    def state_dict(self) -> dict:
        """``{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}`` as torch's."""
        for hook in list(self.__dict__.get("_optimizer_state_dict_pre_hooks", {}).values()):
            hook(self)
        index, groups, start = {}, [], 0
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            packed["params"] = list(range(start, start + len(group["params"])))
            for i, p in zip(packed["params"], group["params"]):
                index[id(p)] = i
            start += len(group["params"])
            groups.append(packed)
        state = {index[id(p)]: s for p, s in self.state.items() if id(p) in index}     # (torch's: the live state)
        out = {"state": state, "param_groups": groups}
        for hook in list(self.__dict__.get("_optimizer_state_dict_post_hooks", {}).values()):
            result = hook(self, out)
            if result is not None:
                out = result
        return out

    def load_state_dict(self, state_dict: dict):
        for hook in list(self.__dict__.get("_optimizer_load_state_dict_pre_hooks", {}).values()):
            result = hook(self, state_dict)
            if result is not None:
                state_dict = result
        self._load_state_dict(state_dict)
        for hook in list(self.__dict__.get("_optimizer_load_state_dict_post_hooks", {}).values()):
            hook(self)

    def _load_state_dict(self, state_dict: dict):
        if isinstance(state_dict, list):        # torch copies it, then looks up 'param_groups' in the copy
            raise TypeError("list indices must be integers or slices, not str (load_state_dict(): expected the "
                            "dict that optimizer.state_dict() returns, got a list)")
        if not isinstance(state_dict, dict):
            raise AttributeError(f"'{type(state_dict).__name__}' object has no attribute 'copy' (load_state_dict(): "
                                 "expected the dict that optimizer.state_dict() returns)")
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise ValueError(f"loaded state dict has a different number of parameter groups ({len(groups)}; the "
                             f"optimizer has {len(self.param_groups)})")
        for i, (mine, theirs) in enumerate(zip(self.param_groups, groups)):
            if len(mine["params"]) != len(theirs["params"]):
                raise ValueError(f"loaded state dict contains a parameter group that doesn't match the size of "
                                 f"optimizer's group (group {i}: {len(theirs['params'])} vs {len(mine['params'])} "
                                 "parameters)")
        id_map = {}
        for mine, theirs in zip(self.param_groups, groups):
            for idx, p in zip(theirs["params"], mine["params"]):
                id_map[idx] = p
        self.state = defaultdict(dict)
        for idx, s in state_dict["state"].items():
            p = id_map.get(idx)
            if p is None:
                continue
            self.state[p] = {k: _cast_like(v, p, k) for k, v in s.items()}     # (as torch: tensors not copied)
        for mine, theirs in zip(self.param_groups, groups):
            for k, v in theirs.items():
                if k != "params":
                    mine[k] = copy.deepcopy(v)

    def __getstate__(self):
        # (a scheduler's wrapper of step holds this optimizer: a copy or a pickle gets the class's own step)
        return {k: v for k, v in self.__dict__.items() if k != "step"}

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __repr__(self):
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            if i:
                lines.append("")                      # torch puts a blank line between groups
            lines.append(f"Parameter Group {i}")
            for k in sorted(group):
                if k != "params":
                    lines.append(f"    {k}: {group[k]}")
        lines.append(")")
        return "\n".join(lines)


def _check_hyper(opt: str, label: str, value, ok: bool, rule: str):
    """Raise torch's ``ValueError("Invalid <label>: <value>")`` (its wording kept as the message's start, so
    code that matches torch's message still does), followed by which optimizer and what is allowed."""
    if not ok:
        raise ValueError(f"Invalid {label}: {value} ({opt}: {rule})")


_UNCHECKED = object()     # an argument the optimizer does not take (None from the caller is checked, as torch)


def _check_number(opt: str, name: str, value, less_than_zero=False):
    """A hyper-parameter that is no number: the TypeError torch's comparison with it raises (``value < 0.0``
    or ``0.0 <= value``), then which optimizer and argument, in words."""
    if value is not None and not isinstance(value, (numbers.Real, Tensor)):
        kind = type(value).__name__
        raise TypeError(("'<' not supported between instances of '%s' and 'float'" % kind if less_than_zero else
                         "'<=' not supported between instances of 'float' and '%s'" % kind)
                        + f" ({opt}: {name} must be a number, got {value!r})")


def _check_common(opt: str, lr, eps=_UNCHECKED, weight_decay=_UNCHECKED, betas=_UNCHECKED):
    """The checks torch's adaptive optimizers share, in torch's order: lr, eps, betas[0], betas[1],
    weight_decay. A NaN fails every check (``not 0 <= nan``), as in torch. ``betas`` with fewer than
    two entries raises torch's IndexError; None for a number is Python's TypeError, as torch."""
    _check_lr_tensor(lr)
    _check_number(opt, "lr", lr)
    _check_hyper(opt, "learning rate", lr, 0.0 <= lr, "lr must be a number >= 0")
    for name, value in (("eps", eps), ("weight_decay", weight_decay)):
        if value is None:
            raise TypeError(f"'<=' not supported between instances of 'float' and 'NoneType' ({opt}: {name} must be "
                            f"a number >= 0, not None)")
    if eps is not _UNCHECKED:
        _check_hyper(opt, "epsilon value", eps, 0.0 <= eps, "eps must be >= 0")
    if betas is not _UNCHECKED:
        if not isinstance(betas, (tuple, list, Tensor)):
            raise TypeError(f"'{type(betas).__name__}' object is not subscriptable ({opt}: betas must be a pair of "
                            f"numbers, e.g. betas=(0.9, 0.999), got {betas!r})")
        if len(betas) < 2:
            raise IndexError(f"tuple index out of range ({opt}: betas must be a pair of numbers, e.g. "
                             f"betas=(0.9, 0.999), got {tuple(betas)!r})")
        for i in (0, 1):
            b = betas[i]
            _check_number(opt, f"betas[{i}]", b)
            _check_hyper(opt, f"beta parameter at index {i}", b, 0.0 <= b < 1.0, "each beta must be in [0, 1)")
    if weight_decay is not _UNCHECKED:
        _check_hyper(opt, "weight_decay value", weight_decay, 0.0 <= weight_decay, "weight_decay must be >= 0")


def _check_lr_tensor(lr):
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError(f"Tensor lr must be 1-element (got shape {tuple(lr.shape)})")


def _scalar(v):
    """A hyper-parameter given as a 1-element Tensor, as a Python number (torch's ``_to_scalar``)."""
    return v.item() if isinstance(v, Tensor) else v


def count_step(state) -> int:
    """One more step in ``state["step"]``, which holds the count as torch's optimizers do: a 0-d float32 tensor
    (an int from an older checkpoint becomes one). Returns the new count."""
    step = state["step"]
    if not isinstance(step, Tensor):
        step = state["step"] = tensor(float(step))
    step._data += 1             # (a counter outside any graph: its array is updated directly)
    return int(step._data)


def _cast_like(v, p, key):
    """State tensors follow their parameter's device (and dtype, for floating state other than 'step', which
    stays a 0-d float32 tensor on the CPU, as torch keeps it)."""
    if key == "step" and isinstance(v, Tensor):
        return v
    if isinstance(v, Tensor):
        if key != "step" and v.is_floating_point():
            return v.to(p.device, p.dtype)
        return v.to(p.device)
    return v
