"""``minigrad.compiler``: torch.compiler's entry points, for code that asks about compilation
(``if torch.compiler.is_compiling(): ...``, ``@torch.compiler.disable``). minigrad never compiles
(see jit.py): nothing is ever being compiled, and what is excluded from compilation runs as it is."""
from __future__ import annotations

from .jit import compile  # noqa: F401,A001

__all__ = ["compile", "disable", "is_compiling", "is_dynamo_compiling", "is_exporting", "reset", "allow_in_graph",
           "assume_constant_result", "cudagraph_mark_step_begin", "list_backends", "set_stance"]


def is_compiling() -> bool:
    return False


def is_dynamo_compiling() -> bool:
    return False


def is_exporting() -> bool:
    return False


def disable(fn=None, recursive=True, *, reason=None):
    """``@disable`` or ``disable(fn)``: ``fn`` itself (there is no compiler to keep it from)."""
    if fn is None:
        return lambda f: f
    return fn


def allow_in_graph(fn):
    return fn


def assume_constant_result(fn):
    return fn


def reset():
    """Forget compiled code: there is none."""


def cudagraph_mark_step_begin():
    """Marks a training step for CUDA graphs, which minigrad does not record."""


def list_backends(exclude_tags=("debug", "experimental")):
    return []


def set_stance(stance="default", *, skip_guard_eval_unsafe=False, force_backend=None):
    """Accepted: every stance runs the code as it is written, which is what minigrad does."""
    if callable(stance):
        return stance
    return _Stance()


class _Stance:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, fn):
        return fn
