"""``OptimizedModule``: what ``minigrad.compile(module)`` returns (see ``minigrad/jit.py``)."""
from __future__ import annotations

from .module import Module


class OptimizedModule(Module):
    """What ``compile(module)`` returns, with torch's shape: the original module is its only child,
    ``_orig_mod`` (so state_dict keys start with ``_orig_mod.``), calling it runs the original, and every
    other attribute is read from and written to the original. Nothing is compiled."""
    _OWN = frozenset({"_orig_mod", "forward", "_ready"})

    def __init__(self, mod):
        object.__setattr__(self, "_ready", False)
        super().__init__()
        self._orig_mod = mod
        object.__setattr__(self, "_ready", True)

    def forward(self, *args, **kwargs):
        return self._orig_mod(*args, **kwargs)

    @property
    def training(self):
        return self._orig_mod.training

    @training.setter
    def training(self, mode):
        if self.__dict__.get("_ready"):               # (Module.__init__'s default is the original's)
            self._orig_mod.training = mode

    def __getattr__(self, name):
        if name == "_orig_mod":
            return self.__dict__["_modules"]["_orig_mod"]
        return getattr(self._orig_mod, name)

    def __setattr__(self, name, value):
        if not self.__dict__.get("_ready") or hasattr(type(self), name) or name in self._OWN:
            return super().__setattr__(name, value)
        setattr(self._orig_mod, name, value)

    def __delattr__(self, name):
        if hasattr(type(self), name) or name in self._OWN:
            return super().__delattr__(name)
        delattr(self._orig_mod, name)

    def __len__(self):
        return len(self._orig_mod)

    def __reduce__(self):
        return OptimizedModule, (self._orig_mod,)

    def __dir__(self):
        own = dir(self._orig_mod)
        return own + [a for a in super().__dir__() if a not in own]
