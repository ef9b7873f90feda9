"""``Module``: the base class of layers and models, with torch's behaviour.

Assigning a ``Parameter`` or a ``Module`` to an attribute registers it (in ``_parameters`` /
``_modules``), so ``parameters()``, ``state_dict()``, ``to()``, ``train()``... reach every weight of
every submodule. Calling a module calls its ``forward``.
"""
from __future__ import annotations

import warnings
from collections import OrderedDict, namedtuple
from collections.abc import Mapping

from .. import backend, dtypes
from ..factories import zeros_like
from ..tensor import Tensor, _parse_to
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled, no_grad
from .parameter import Buffer, Parameter, is_lazy

class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """load_state_dict's result: the keys it did not match (printed as torch prints it)."""
    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return f"_IncompatibleKeys(missing_keys={self.missing_keys}, unexpected_keys={self.unexpected_keys})"

    __str__ = __repr__


class _Handle:
    """What ``register_*_hook`` returns: ``.remove()`` takes the hook out again (as torch's
    ``RemovableHandle``; also a context manager that removes the hook on exit)."""
    _next_id = 0

    def __init__(self, *stores):
        self.stores = stores            # the dicts the hook's key lives in (the hooks, their flags)
        self.id = _Handle._next_id
        _Handle._next_id += 1

    @property
    def key(self):
        return self.id

    def remove(self):
        for store in self.stores:
            store.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _add_hook(store, hook, prepend=False, *flag_stores, handle_class=_Handle):
    """Put ``hook`` in ``store`` (first with ``prepend``) under a new handle's id; ``flag_stores``
    are extra dicts that mark this hook (with_kwargs, always_call) and that remove() also clears. As torch, a
    hook that is not callable is stored; calling it raises Python's TypeError when the module runs."""
    handle = handle_class(store, *flag_stores)
    store[handle.id] = hook
    if prepend:
        store.move_to_end(handle.id, last=False)
    for flags in flag_stores:
        flags[handle.id] = True
    return handle


class _GlobalHooks:
    """Hooks of every module (``register_module_forward_hook`` and friends)."""
    forward_pre = OrderedDict()
    forward_pre_with_kwargs = {}
    forward = OrderedDict()
    forward_with_kwargs = {}
    forward_always_called = {}
    backward = OrderedDict()
    backward_pre = OrderedDict()
    on = False

    @classmethod
    def update(cls):
        cls.on = bool(cls.forward_pre or cls.forward or cls.backward or cls.backward_pre)


class _GlobalHandle(_Handle):
    def remove(self):
        super().remove()
        _GlobalHooks.update()


for _cls in (_Handle, _GlobalHandle):
    _cls.__name__ = _cls.__qualname__ = "RemovableHandle"                # the class name torch's handles show


def _global_hook(store, hook, *flag_stores):
    handle = _add_hook(store, hook, False, *flag_stores, handle_class=_GlobalHandle)
    _GlobalHooks.update()
    return handle


def register_module_forward_pre_hook(hook):
    """``hook(module, args)`` before the forward of every module (the module's own pre-hooks run after)."""
    return _global_hook(_GlobalHooks.forward_pre, hook)


def register_module_forward_hook(hook, *, with_kwargs=False, always_call=False):
    """``hook(module, args, output)`` after the forward of every module (before the module's own hooks)."""
    flags = ((_GlobalHooks.forward_with_kwargs,) if with_kwargs else ()) + \
        ((_GlobalHooks.forward_always_called,) if always_call else ())
    return _global_hook(_GlobalHooks.forward, hook, *flags)


def register_module_full_backward_hook(hook):
    """``hook(module, grad_input, grad_output)`` for every module (see Module.register_full_backward_hook)."""
    return _global_hook(_GlobalHooks.backward, hook)


def register_module_full_backward_pre_hook(hook):
    """``hook(module, grad_output)`` for every module (see Module.register_full_backward_pre_hook)."""
    return _global_hook(_GlobalHooks.backward_pre, hook)


# ---------------------------------------------------------------------------------------------
# Backward hooks: identity nodes around a module's inputs and outputs
# ---------------------------------------------------------------------------------------------
class BackwardHookFunction(Function):
    """The identity, as a graph node: one node takes the module's inputs that require grad, one its
    outputs. Backward through the output node sees the gradients w.r.t. the module's outputs (it runs
    the backward pre-hooks and keeps them); backward through the input node, later, sees the gradients
    w.r.t. the module's inputs: it runs the backward hooks, whose result may replace them. Unlike torch's, its
    outputs may change in place (ReLU(inplace=True) after a hooked module): the hooks still see the right
    gradients (tests/test_nn_backward_hooks.py)."""
    _inputs_returned_are_views = False

    @staticmethod
    def forward(ctx, state, side, *tensors):
        ctx.state, ctx.side = state, side
        if side == "output":
            ctx.set_materialize_grads(False)     # an output no gradient reached shows as None (as torch)
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        state = ctx.state
        grads = state.output_grads(grads) if ctx.side == "output" else state.input_grads(grads)
        return (None, None) + tuple(grads)


def _pack(index, values, size):
    """A tuple of ``size`` entries: ``values`` at the positions ``index``, None elsewhere."""
    res = [None] * size
    for i, v in zip(index, values):
        res[i] = v
    return tuple(res)


class _BackwardHookState:
    """One forward call's backward hooks: made by ``Module.__call__``, kept alive by the two nodes."""

    def __init__(self, module, hooks, pre_hooks):
        self.module, self.hooks, self.pre_hooks = module, hooks, pre_hooks
        self.grad_outputs = None
        self.n_inputs = self.n_outputs = 0
        self.input_index = self.output_index = None
        self.input_zeros = ()

    def _wrap(self, values, side):
        """Pass the tensors among ``values`` that require grad through one BackwardHookFunction node;
        returns (new values, their positions) or (values, None) when none requires grad."""
        index = [i for i, v in enumerate(values) if isinstance(v, Tensor) and v.requires_grad]
        if not index or not is_grad_enabled():
            return values, None
        new = BackwardHookFunction.apply(self, side, *[values[i] for i in index])
        values = list(values)
        for i, t in zip(index, new):
            values[i] = t
        return values, index

    def setup_inputs(self, args):
        self.n_inputs = len(args)
        new, self.input_index = self._wrap(args, "input")
        if self.input_index is not None:
            # torch gives a tensor input that does not require grad a zero gradient in grad_input
            self.input_zeros = [(i, a) for i, a in enumerate(args) if isinstance(a, Tensor) and not a.requires_grad]
        return tuple(new)

    def setup_outputs(self, out):
        if not isinstance(out, (Tensor, tuple)):
            warnings.warn("For backward hooks to be called, module output should be a Tensor or a tuple of "
                          f"Tensors but received {type(out)}", UserWarning, stacklevel=3)
            return out
        outs = out if isinstance(out, tuple) else (out,)
        self.n_outputs = len(outs)
        new, self.output_index = self._wrap(outs, "output")
        if self.output_index is None:
            return out
        if not isinstance(out, tuple):
            return new[0]
        return tuple(new) if type(out) is tuple else type(out)(*new)      # (a namedtuple stays one)

    def output_grads(self, grads):
        """The gradients w.r.t. the module's outputs arrived: run the pre-hooks (their result
        replaces them); with no input requiring grad, run the backward hooks now."""
        self.grad_outputs = _pack(self.output_index, grads, self.n_outputs)
        for hook in self.pre_hooks:
            res = hook(self.module, self.grad_outputs)
            if res is None:
                continue
            if not isinstance(res, (tuple, list)) or len(res) != len(self.grad_outputs):
                got = len(res) if isinstance(res, (tuple, list, Tensor)) else type(res).__name__
                raise RuntimeError(f"Backward pre hook returned an invalid number of grad_output, got {got}, but "
                                   f"expected {len(self.grad_outputs)} (return a tuple with one gradient or None "
                                   f"per output of {type(self.module).__name__}, or None)")
            self.grad_outputs = tuple(res)
        grad_outputs = self.grad_outputs
        if self.input_index is None:
            if self.hooks:
                warnings.warn("Full backward hook is firing when gradients are computed with respect to module "
                              "outputs since no inputs require gradients", UserWarning, stacklevel=2)
            grad_inputs = (None,) * self.n_inputs
            for hook in self.hooks:
                res = hook(self.module, grad_inputs, grad_outputs)
                if res is not None and not (isinstance(res, tuple) and all(r is None for r in res)):
                    raise RuntimeError("Backward hook for Modules where no input requires gradient should always "
                                       f"return None or None for all gradients ({type(self.module).__name__}: "
                                       "no input of this call required grad)")
            self.grad_outputs = None
        return tuple(grad_outputs[i] for i in self.output_index)

    def input_grads(self, grads):
        """The gradients w.r.t. the module's inputs arrived: run the backward hooks; a returned
        tuple replaces ``grad_input``."""
        if self.grad_outputs is None:
            return grads            # a gradient that reached the inputs without passing the outputs
        grad_inputs = list(_pack(self.input_index, grads, self.n_inputs))
        for i, a in self.input_zeros:
            grad_inputs[i] = zeros_like(a)
        grad_inputs = tuple(grad_inputs)
        for hook in self.hooks:
            res = hook(self.module, grad_inputs, self.grad_outputs)
            if res is None:
                continue
            if not hasattr(res, "__len__"):                  # (torch takes len() of what the hook returns)
                raise TypeError(f"object of type '{type(res).__name__}' has no len() (a full backward hook of "
                                f"{type(self.module).__name__} returned {res!r}; return a tuple with one gradient or "
                                "None per positional input, or None)")
            if not isinstance(res, (tuple, list)) or len(res) != len(grad_inputs):
                got = len(res) if isinstance(res, (tuple, list, Tensor)) else type(res).__name__
                raise RuntimeError(f"Backward hook returned an invalid number of grad_input, got {got}, but "
                                   f"expected {len(grad_inputs)} (return a tuple with one gradient or None per "
                                   f"positional input of {type(self.module).__name__}, or None)")
            grad_inputs = tuple(res)
        self.grad_outputs = None
        return tuple(grad_inputs[i] for i in self.input_index)


class Module:
    training: bool

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got unexpected arguments; Module() takes none")
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", {})          # (plain dicts, as torch's since 2.0)
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_non_persistent", set())
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_forward_hooks", OrderedDict())
        object.__setattr__(self, "_forward_pre_hooks", OrderedDict())
        object.__setattr__(self, "_backward_hooks", OrderedDict())
        object.__setattr__(self, "_backward_pre_hooks", OrderedDict())
        object.__setattr__(self, "_is_full_backward_hook", None)
        object.__setattr__(self, "_forward_hooks_with_kwargs", {})
        object.__setattr__(self, "_forward_hooks_always_called", {})
        object.__setattr__(self, "_forward_pre_hooks_with_kwargs", {})

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args, **kwargs):
        d = self.__dict__
        if (d.get("_forward_pre_hooks") or d.get("_forward_hooks") or d.get("_backward_hooks")
                or d.get("_backward_pre_hooks") or _GlobalHooks.on):
            return self._call_with_hooks(args, kwargs)
        return self.forward(*args, **kwargs)          # no hooks: nothing else to pay

    def _call_with_hooks(self, args, kwargs):
        """``forward`` with torch's hook order: forward pre-hooks (global, then the module's), the
        backward hooks' identity node on the inputs, forward, forward hooks, the node on the outputs."""
        d, g = self.__dict__, _GlobalHooks
        pre_kw = d.get("_forward_pre_hooks_with_kwargs", {})
        for key, hook in [*g.forward_pre.items(), *d.get("_forward_pre_hooks", {}).items()]:
            if key in pre_kw:
                res = hook(self, args, kwargs)
                if res is not None:
                    if not (isinstance(res, tuple) and len(res) == 2):
                        raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, new_kwargs), "
                                           f"but got {res!r}.")
                    args, kwargs = res
            else:
                res = hook(self, args)
                if res is not None:
                    args = res if isinstance(res, tuple) else (res,)
        hooks, pre_hooks = self._backward_hook_lists()
        state = None
        if hooks or pre_hooks:
            state = _BackwardHookState(self, hooks, pre_hooks)
            args = state.setup_inputs(args)
        fwd_kw = {**g.forward_with_kwargs, **d.get("_forward_hooks_with_kwargs", {})}
        always = {**g.forward_always_called, **d.get("_forward_hooks_always_called", {})}
        fwd_hooks = [*g.forward.items(), *d.get("_forward_hooks", {}).items()]
        called = set()
        try:
            out = self.forward(*args, **kwargs)
            for key, hook in fwd_hooks:
                called.add(key)
                res = hook(self, args, kwargs, out) if key in fwd_kw else hook(self, args, out)
                if res is not None:
                    out = res
        except Exception:
            for key, hook in fwd_hooks:          # always_call hooks run even when forward failed
                if key in always and key not in called:
                    try:
                        hook(self, args, kwargs, None) if key in fwd_kw else hook(self, args, None)
                    except Exception as e:
                        warnings.warn(f"forward hook with always_call=True raised an exception that was silenced "
                                      f"while another exception was raised in forward: {e!r}", stacklevel=2)
            raise
        if state is not None:
            out = state.setup_outputs(out)
        return out

    def _backward_hook_lists(self):
        """(backward hooks, backward pre-hooks) to run for this call: the global ones first."""
        own = self.__dict__.get("_backward_hooks") or {}
        own_pre = self.__dict__.get("_backward_pre_hooks") or {}
        return [*_GlobalHooks.backward.values(), *own.values()], [*_GlobalHooks.backward_pre.values(),
                                                                  *own_pre.values()]

    def _hook_store(self, name):
        store = self.__dict__.get(name)
        if store is None:                                   # (a module unpickled from an older minigrad)
            store = OrderedDict()
            object.__setattr__(self, name, store)
        return store

    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """``hook(module, args) -> None or new args`` before each forward; with ``with_kwargs=True``,
        ``hook(module, args, kwargs) -> None or (new args, new kwargs)``. Returns a handle (``.remove()``)."""
        flags = (self._hook_store("_forward_pre_hooks_with_kwargs"),) if with_kwargs else ()
        return _add_hook(self._hook_store("_forward_pre_hooks"), hook, prepend, *flags)

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """``hook(module, args, output) -> None or new output`` after each forward (with
        ``with_kwargs=True``: ``hook(module, args, kwargs, output)``); ``always_call=True`` runs it even
        when forward raises (output None). Returns a handle (``.remove()``)."""
        flags = ((self._hook_store("_forward_hooks_with_kwargs"),) if with_kwargs else ()) + \
            ((self._hook_store("_forward_hooks_always_called"),) if always_call else ())
        return _add_hook(self._hook_store("_forward_hooks"), hook, prepend, *flags)

    def register_full_backward_hook(self, hook, prepend=False):
        """``hook(module, grad_input, grad_output) -> None or new grad_input``, called when the gradients
        w.r.t. the module's inputs have been computed. ``grad_input``: one entry per positional argument
        of forward (None for those that are not tensors requiring grad); ``grad_output``: one entry per
        output (None for outputs no gradient reached). A returned tuple replaces ``grad_input``.
        Modules without backward hooks are not touched; with one, each call puts an identity node
        (``BackwardHookFunctionBackward``) before and after forward."""
        if self.__dict__.get("_is_full_backward_hook") is False:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. "
                               "Please use only one of them.")
        object.__setattr__(self, "_is_full_backward_hook", True)
        return _add_hook(self._hook_store("_backward_hooks"), hook, prepend)

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """``hook(module, grad_output) -> None or new grad_output``, called when the gradients w.r.t. the
        module's outputs have been computed, before they go on into the module's backward."""
        return _add_hook(self._hook_store("_backward_pre_hooks"), hook, prepend)

    def register_backward_hook(self, hook):
        """Deprecated in torch in favour of ``register_full_backward_hook``. minigrad calls such a hook
        exactly as a full backward hook (gradients w.r.t. the module's inputs and outputs); torch's
        legacy hook gets the gradients of the last operation inside forward instead, which is the same
        only for a module made of one operation (ReLU, Sigmoid...)."""
        if self.__dict__.get("_is_full_backward_hook") is True:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. "
                               "Please use only one of them.")
        warnings.warn("register_backward_hook() is deprecated (as in torch): use register_full_backward_hook(). "
                      "minigrad runs this hook as a full backward hook (gradients w.r.t. the module's inputs); torch "
                      "passes the gradients of the last operation inside forward instead, which differ for modules "
                      "made of several operations (e.g. Linear)", FutureWarning, stacklevel=2)
        object.__setattr__(self, "_is_full_backward_hook", False)
        return _add_hook(self._hook_store("_backward_hooks"), hook)

    # ------------------------------------------------------------------ registration
    def __setattr__(self, name, value):
        d = self.__dict__
        if "_parameters" not in d:
            raise AttributeError(f"cannot assign attributes to {type(self).__name__} before Module.__init__() "
                                 "is called; call super().__init__() first in your __init__")
        params, modules, buffers = d["_parameters"], d["_modules"], d["_buffers"]
        if isinstance(value, Parameter):
            self._clear(name, keep=params)
            params[name] = value
        elif isinstance(value, Module) and name not in params:     # (a module assigned to a parameter: below)
            self._clear(name, keep=modules)
            modules[name] = value
        elif isinstance(value, Buffer):
            self._clear(name)
            self.register_buffer(name, Tensor._from_array(value._data), value.persistent)
        elif name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{_typename(value)}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            params[name] = None
        elif name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{_typename(value)}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            modules[name] = None
        elif name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{_typename(value)}' as buffer '{name}' (torch.nn.Buffer, "
                                "torch.Tensor or None expected)")
            buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _clear(self, name, keep=None):
        """Forget ``name`` everywhere but in ``keep`` (the store it is reassigned in, where it keeps its
        place in the order, as torch's)."""
        d = self.__dict__
        d.pop(name, None)
        for store in (d["_parameters"], d["_modules"], d["_buffers"]):
            if store is not keep:
                store.pop(name, None)
        d["_non_persistent"].discard(name)

    def __getattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            s = d.get(store)
            if s is not None and name in s:
                return s[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if name in d[store]:
                del d[store][name]
                d["_non_persistent"].discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules))

    def register_parameter(self, name, param):
        _check_name(name, "parameter")
        if "." in name or name == "":
            raise KeyError(f"parameter name can't contain '.' or be empty, got {name!r}")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{_typename(param)}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        if name not in self._parameters and getattr(self, name, None) is not None:   # (a None attribute: taken over)
            raise KeyError(f"attribute '{name}' already exists (register_parameter(): {type(self).__name__} has an "
                           "attribute of that name; choose another name)")
        self._clear(name, keep=self._parameters)
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        _check_name(name, "buffer")
        if "." in name or name == "":
            raise KeyError(f"buffer name can't contain '.' or be empty, got {name!r}")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign {type(tensor).__name__} as buffer '{name}' (Tensor or None)")
        if hasattr(self, name) and name not in self._buffers:
            raise KeyError(f"attribute '{name}' already exists")
        self._clear(name, keep=self._buffers)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent.add(name)

    def add_module(self, name, module):
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        _check_name(name, "module")
        if "." in name or name == "":
            raise KeyError(f"module name can't contain '.' or be empty, got {name!r}")
        if name not in self._modules and hasattr(self, name):
            raise KeyError(f"attribute '{name}' already exists (add_module(): {type(self).__name__} has an attribute "
                           "of that name; choose another name)")
        self._clear(name, keep=self._modules)
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target: str):
        mod = self
        if target:
            for part in target.split("."):
                if part not in mod._modules:
                    raise AttributeError(f"{type(mod).__name__} has no submodule '{part}' (in '{target}')")
                mod = mod._modules[part]
        return mod

    def get_parameter(self, target: str):
        mod_path, _, name = target.rpartition(".")
        mod = self.get_submodule(mod_path)
        if name not in mod._parameters:
            raise AttributeError(f"{type(mod).__name__} has no parameter '{name}'")
        return mod._parameters[name]

    def get_buffer(self, target: str):
        """The buffer at ``target`` ('sub.module.name'), as torch's."""
        mod_path, _, name = target.rpartition(".")
        mod = self.get_submodule(mod_path)
        if not hasattr(mod, name):
            raise AttributeError(f"{type(mod).__name__} has no attribute `{name}`")
        if name not in mod._buffers:
            raise AttributeError(f"`{name}` is not a buffer")
        return mod._buffers[name]

    # ------------------------------------------------------------------ traversal
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        if memo is None:
            memo = set()
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, m in self._modules.items():
            if m is None:
                continue
            yield from m.named_modules(memo, prefix + ("." if prefix else "") + name, remove_duplicate)

    def modules(self):
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        seen = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self):
        for _, m in self.named_children():
            yield m

    def _named_members(self, store, prefix, recurse, remove_duplicate=True):
        seen = set()
        mods = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for mod_prefix, mod in mods:
            for name, v in getattr(mod, store).items():
                if v is None or (remove_duplicate and id(v) in seen):
                    continue
                seen.add(id(v))
                yield mod_prefix + ("." if mod_prefix else "") + name, v

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def apply(self, fn):
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    # ------------------------------------------------------------------ modes
    def train(self, mode: bool = True):
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for m in self.modules():
            object.__setattr__(m, "training", mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True):
        for p in self.parameters():
            p.__dict__.pop("_sparse_rows", None)          # rows a sparse=True embedding noted (SparseAdam)
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    p.grad = p.grad.detach()
                    p.grad.zero_()

    # ------------------------------------------------------------------ device and dtype
    def _apply(self, fn):
        """Apply ``fn`` (array -> array) to every parameter, gradient and buffer, in place: the
        Parameter objects stay the same, so an optimizer made before ``.to()`` keeps working."""
        for m in self.modules():
            for p in m._parameters.values():
                if p is None:
                    continue
                if is_lazy(p):                        # a Lazy module's: only its dtype/device change
                    p._apply_to_array(lambda arr: fn(arr, True))
                    continue
                if p.dtype.is_complex:                # a complex one: its parts (and their grad) move, dtype stays
                    for t in (p._parts, p._parts._grad):
                        if t is not None:
                            t._data = backend.to_device(t._data, backend.device_of(fn(t._data, True)))
                    continue
                p._data = fn(p._data, True)
                if p._grad is not None:
                    p._grad._data = fn(p._grad._data, True)
            for k, b in m._buffers.items():
                if b is not None and is_lazy(b):
                    b._apply_to_array(lambda arr: fn(arr, False))
                elif b is not None and b.dtype.is_complex:    # a complex buffer: its parts move, their dtype stays
                    parts = b._parts._data
                    b._parts._data = backend.to_device(parts, backend.device_of(fn(parts, False)))
                elif b is not None:
                    b._data = fn(b._data, False)
        return self

    def share_memory(self):
        """Move every parameter, gradient and buffer into shared memory (``minigrad.multiprocessing``), for
        processes that train one model together (Hogwild); the module itself, as torch returns it."""
        from ..backend.shared import share_array
        return self._apply(lambda arr, is_param: share_array(arr))

    def to(self, *args, **kwargs):
        """``module.to(device)``, ``module.to(dtype)`` (floating parameters only) or both."""
        dev, dt, _ = _parse_to(args, kwargs)
        if dt is not None and not dt.is_floating_point:
            raise TypeError(f"Module.to() only accepts floating point dtypes, but got desired dtype={dt}")

        def convert(arr, _is_param):
            if dev is not None:
                arr = backend.to_device(arr, dev)
            if dt is not None and arr.dtype.kind == "f" and arr.dtype != dt.np:
                arr = arr.astype(dt.np)
            return arr
        return self._apply(convert)

    def cuda(self, device=None):
        return self.to("cuda" if device is None else backend.device("cuda", device) if isinstance(device, int)
                       else device)

    def cpu(self):
        return self.to("cpu")

    def float(self):
        return self.to(dtypes.float32)

    def double(self):
        return self.to(dtypes.float64)

    def half(self):
        return self.to(dtypes.float16)

    def type(self, dst_type):
        return self.to(dst_type)

    # ------------------------------------------------------------------ state dict
    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """An ordered dict name -> tensor of every parameter and persistent buffer (detached copies'
        views: they share memory with the module, as torch's). Runs the hooks registered with
        ``register_state_dict_pre_hook`` / ``register_state_dict_post_hook`` / ``_register_state_dict_hook``
        and each module's ``_save_to_state_dict`` (which a subclass may override, as in torch)."""
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        for hook in self.__dict__.get("_state_dict_pre_hooks", {}).values():
            hook(self, prefix, keep_vars)
        local_metadata = {"version": self._version}
        if hasattr(destination, "_metadata"):
            destination._metadata[prefix[:-1]] = local_metadata
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, m in self._modules.items():
            if m is not None:
                m.state_dict(destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars)
        for hook in self.__dict__.get("_state_dict_hooks", {}).values():
            result = hook(self, destination, prefix, local_metadata)
            if result is not None:
                destination = result
        return destination

    _version = 1

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        """This module's own parameters and persistent buffers (not its children's) into ``destination``."""
        for name, p in self._parameters.items():
            if p is not None:
                destination[prefix + name] = p if keep_vars or is_lazy(p) else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent:
                destination[prefix + name] = b if keep_vars or is_lazy(b) else b.detach()

    def register_state_dict_pre_hook(self, hook):
        """``hook(module, prefix, keep_vars)`` before this module's state_dict() collects its tensors."""
        return _add_hook(self._hook_store("_state_dict_pre_hooks"), hook)

    def register_state_dict_post_hook(self, hook):
        """``hook(module, state_dict, prefix, local_metadata)`` after state_dict(), editing it in place."""
        def checked(*args):
            if hook(*args) is not None:
                raise RuntimeError("state_dict post-hook must return None (edit the state_dict in place)")
        return _add_hook(self._hook_store("_state_dict_hooks"), checked)

    def _register_state_dict_hook(self, hook):
        """torch's older form: the hook may return a new state_dict, which replaces it."""
        return _add_hook(self._hook_store("_state_dict_hooks"), hook)

    def register_load_state_dict_pre_hook(self, hook):
        """``hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
        error_msgs)`` before this module loads its tensors (it may edit state_dict in place)."""
        return _add_hook(self._hook_store("_load_state_dict_pre_hooks"), hook)

    def _register_load_state_dict_pre_hook(self, hook, with_module=False):
        if with_module:
            return self.register_load_state_dict_pre_hook(hook)
        return self.register_load_state_dict_pre_hook(lambda module, *args: hook(*args))

    def register_load_state_dict_post_hook(self, hook):
        """``hook(module, incompatible_keys)`` after load_state_dict() has loaded this module and its
        children; it may edit ``incompatible_keys.missing_keys`` / ``.unexpected_keys`` in place."""
        return _add_hook(self._hook_store("_load_state_dict_post_hooks"), hook)

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs):
        """Load this module's own parameters and persistent buffers from ``state_dict[prefix + name]``,
        recording missing keys, unexpected keys (those under ``prefix`` that name nothing here) and errors
        in the lists given. Subclasses override it (as in torch) to rename or convert old keys."""
        for hook in self.__dict__.get("_load_state_dict_pre_hooks", {}).values():
            hook(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs)
        assign = local_metadata.get("assign_to_params_buffers", False)
        local = {}
        self._save_to_state_dict(local, "", True)
        for name, target in local.items():
            key = prefix + name
            if key not in state_dict:
                if strict:
                    missing_keys.append(key)
                continue
            src = state_dict[key]
            if not isinstance(src, Tensor):
                error_msgs.append(f'While copying the parameter named "{key}", expected torch.Tensor or Tensor-like '
                                  f"object from checkpoint but received {type(src)} (convert it with "
                                  "minigrad.tensor(...) first)")
                continue
            if tuple(src.shape) != tuple(target.shape):
                error_msgs.append(f"size mismatch for {key}: copying a param with shape {src.shape} from "
                                  f"checkpoint, the shape in current model is {target.shape}.")
                continue
            if assign:
                if isinstance(target, Parameter) and not isinstance(src, Parameter):
                    src = Parameter(src, requires_grad=target.requires_grad)
                setattr(self, name, src)
                continue
            with no_grad():
                target.copy_(src)
        if strict:
            for key in state_dict:
                if key.startswith(prefix):
                    head, *rest = key[len(prefix):].split(".", 1)
                    # a dotted key must name a child module ("weight.x" is not a parameter's part)
                    if head not in self._modules and (rest or head not in local):
                        unexpected_keys.append(key)

    def load_state_dict(self, state_dict, strict: bool = True, assign: bool = False):
        """Copy tensors from ``state_dict`` into this module's parameters and buffers (with ``assign``, the
        tensors themselves become them). With ``strict``, missing or unexpected keys are an error; a shape
        mismatch is always an error. Each module loads through its ``_load_from_state_dict``, with the
        load-state-dict hooks, as torch's."""
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict).__name__}")
        missing, unexpected, errors = [], [], []
        metadata = getattr(state_dict, "_metadata", None)
        state_dict = OrderedDict(state_dict)

        def load(module, prefix):
            local_metadata = dict(metadata.get(prefix[:-1], {})) if metadata is not None else {}
            if assign:
                local_metadata["assign_to_params_buffers"] = True
            module._load_from_state_dict(state_dict, prefix, local_metadata, True, missing, unexpected, errors)
            for name, child in module._modules.items():
                if child is not None:
                    load(child, prefix + name + ".")
            result = _IncompatibleKeys(missing, unexpected)
            for hook in module.__dict__.get("_load_state_dict_post_hooks", {}).values():
                if hook(module, result) is not None:
                    raise RuntimeError("load_state_dict post-hook must return None (edit the incompatible "
                                       "keys in place)")

        load(self, "")
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected)
                              + ".")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ".")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(errors))
        return _IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------ repr
    def extra_repr(self) -> str:
        return ""

    def __repr__(self):
        """torch's layout: ``Name(extra)`` for one line of extra_repr and no children, else one line each."""
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        children = [f"({name}): " + repr(m).replace("\n", "\n  ") for name, m in self._modules.items()]
        if len(extra_lines) == 1 and not children:
            return f"{type(self).__name__}({extra_lines[0]})"
        if not extra_lines and not children:
            return f"{type(self).__name__}()"
        return f"{type(self).__name__}(\n  " + "\n  ".join(extra_lines + children) + "\n)"

    def __getstate__(self):
        return self.__dict__

    def __setstate__(self, state):
        self.__dict__.update(state)


def _check_name(name, kind):
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")


def _typename(value):
    """torch's name of an assigned value in its messages: 'torch.FloatTensor' for a tensor, else the type's."""
    return value.type() if isinstance(value, Tensor) else type(value).__name__
