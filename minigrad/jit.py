"""``minigrad.jit`` and ``minigrad.compile``: torch's compilers' entry points, for scripts that call them.

minigrad has no compiler: it runs Python and NumPy as they are. A compiler must not change what a function
computes, so giving the function (or module) back unchanged is the faithful result; these do that. What a
compiled torch function can do beyond running (``.graph``, ``.code``, saving TorchScript) is not there.
"""
from __future__ import annotations

import weakref

__all__ = ["ScriptModule", "ScriptFunction", "script", "trace", "ignore", "unused", "export", "is_scripting", "is_tracing", "compile", "save", "load"]


_compiled = weakref.WeakSet()       # what script / trace gave back: the objects themselves


class _Compiled(type):
    """``isinstance(x, jit.ScriptModule)`` is true of a module that ``script`` or ``trace`` gave back (the
    module itself: minigrad compiles nothing), ``isinstance(f, jit.ScriptFunction)`` of such a function."""

    def __instancecheck__(cls, obj):
        from .nn.module import Module
        try:
            return obj in _compiled and isinstance(obj, Module) == (cls is ScriptModule)
        except TypeError:           # not weak-referenceable: never given back by script / trace
            return False


class ScriptModule(metaclass=_Compiled):
    """Names torch's compiled-module type (for ``isinstance`` checks and annotations); never instantiated."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("jit.ScriptModule(): minigrad has no TorchScript; jit.script(module) gives the module "
                           "back, and it runs eagerly")


class ScriptFunction(metaclass=_Compiled):
    """Names torch's compiled-function type (for ``isinstance`` checks and annotations); never instantiated."""

    __init__ = ScriptModule.__init__


def _given_back(obj):
    try:
        _compiled.add(obj)
    except TypeError:               # a builtin or other object that takes no weak reference
        pass
    return obj


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """The function, module or class itself (no TorchScript)."""
    return _given_back(obj) if not isinstance(obj, type) else obj


def trace(func, example_inputs=None, *args, **kwargs):
    """The function or module itself (no tracing: it runs eagerly, with its Python control flow)."""
    return _given_back(func)


def ignore(drop=False, **kwargs):
    if callable(drop):
        return drop
    return lambda fn: fn


def unused(fn):
    return fn


def export(fn):
    return fn


def save(m, f, _extra_files=None):
    """``jit.save(scripted, path)``: the module pickled whole (``minigrad.save(m, f)``) -- not TorchScript, so
    a file that minigrad's ``jit.load`` (or ``minigrad.load``) reads back, not torch's."""
    from .serialization import save as _save
    if _extra_files:
        raise NotImplementedError("jit.save(_extra_files=...): minigrad saves the module only; save the files "
                                  "beside it")
    _save(m, f)


def load(f, map_location=None, _extra_files=None):
    """The module that ``jit.save`` wrote (unpickled: the file must come from a source you trust)."""
    from .serialization import load as _load
    return _load(f, map_location=map_location, weights_only=False)


def is_scripting() -> bool:
    return False


def is_tracing() -> bool:
    return False


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None, options=None,
            disable=False):
    """``minigrad.compile(fn)`` is ``fn``; ``minigrad.compile(module)`` is an ``OptimizedModule`` around it,
    as torch's (state_dict keys start with ``_orig_mod.``); ``@minigrad.compile`` and
    ``@minigrad.compile(mode=...)`` do the same to what they decorate."""
    if model is None:
        return lambda fn: compile(fn)
    if not callable(model):
        raise RuntimeError(f"compile(): expected a callable (a function or a module), got {type(model).__name__}")
    from .nn.module import Module
    if isinstance(model, Module):
        from .nn.optimized import OptimizedModule
        return OptimizedModule(model)
    return model
