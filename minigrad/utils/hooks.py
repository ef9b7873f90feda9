"""torch.utils.hooks: ``RemovableHandle`` for code that keeps hooks of its own in a dict
(``handle = RemovableHandle(self._hooks); self._hooks[handle.id] = hook``), and ``unserializable_hook``.
(minigrad's own tensors and modules return handles with the same name and ``remove()``.)"""
from __future__ import annotations

import itertools
import weakref

__all__ = ["RemovableHandle", "unserializable_hook", "warn_if_has_hooks"]


class RemovableHandle:
    """A handle whose ``remove()`` deletes entry ``id`` from the hooks dict it was made for (and from each of
    ``extra_dict``); also a context manager that removes it on exit."""
    _ids = itertools.count()

    def __init__(self, hooks_dict, *, extra_dict=None):
        self.hooks_dict_ref = weakref.ref(hooks_dict)
        self.id = next(RemovableHandle._ids)
        extra = [] if extra_dict is None else extra_dict if isinstance(extra_dict, list) else [extra_dict]
        self.extra_dict_ref = tuple(weakref.ref(d) for d in extra)

    def remove(self):
        for ref in (self.hooks_dict_ref, *self.extra_dict_ref):
            d = ref()
            if d is not None and self.id in d:
                del d[self.id]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def unserializable_hook(f):
    """Mark a hook as not to be serialized (kept for torch's name; minigrad pickles no hooks)."""
    f.__torch_unserializable__ = True
    return f


def warn_if_has_hooks(tensor):
    """Warn when a tensor being serialized has backward hooks that are not marked unserializable."""
    import warnings
    for hook in getattr(tensor, "_backward_hooks", None) or ():
        if not getattr(hook, "__torch_unserializable__", False):
            warnings.warn(f"backward hook {hook!r} on tensor will not be serialized.  If this is expected, you can "
                          "decorate the function with @torch.utils.hooks.unserializable_hook to suppress this warning")
