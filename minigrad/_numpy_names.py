"""NumPy's keyword names where torch takes them: ``axis`` for ``dim`` and ``keepdims`` for ``keepdim``.

torch's argument parser accepts the two aliases on every built-in function and method that has a
``dim``/``keepdim`` argument (``x.sum(axis=1, keepdims=True)``, ``torch.cat(xs, axis=0)``,
``y_hat.argmax(axis=1)``); its functions written in Python (``norm``, ``split``, ``unique``, ...) do not.
minigrad's functions name only ``dim``/``keepdim``, so ``accept_numpy_names`` (called once, at the end of
``minigrad/__init__.py``) wraps each of them: the wrapper renames the two keywords and calls the function,
whose source is where it was (``inspect.unwrap`` or ``__wrapped__`` leads there).
"""
from __future__ import annotations

import functools
import inspect

_TORCH_PYTHON_LEVEL = frozenset({"norm", "split", "unique", "unique_consecutive", "unflatten"})
_ALIASES = (("axis", "dim"), ("keepdims", "keepdim"))


def _renaming(fn):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        if kwargs and ("axis" in kwargs or "keepdims" in kwargs):
            for numpy_name, name in _ALIASES:
                if numpy_name in kwargs:
                    if name in kwargs:
                        raise TypeError(f"{fn.__name__}(): got both '{name}' and its alias '{numpy_name}'")
                    kwargs[name] = kwargs.pop(numpy_name)
        return fn(*args, **kwargs)
    call._renames_numpy_names = True
    return call


def _takes_dim(fn) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "dim" in params or "keepdim" in params


def accept_numpy_names(module, tensor_class):
    """Wrap the public functions of ``module`` and the methods of ``tensor_class`` that take ``dim`` or
    ``keepdim`` (not torch's Python-level ones), so that ``axis``/``keepdims`` reach them."""
    done = {}
    for namespace, setter in ((vars(module), lambda n, f: setattr(module, n, f)),
                              (vars(tensor_class), lambda n, f: setattr(tensor_class, n, f))):
        for name, fn in list(namespace.items()):
            if (name.startswith("_") or name in _TORCH_PYTHON_LEVEL or not inspect.isfunction(fn)
                    or getattr(fn, "_renames_numpy_names", False) or not _takes_dim(fn)):
                continue
            if id(fn) not in done:
                done[id(fn)] = _renaming(fn)
            setter(name, done[id(fn)])
    return len(done)
