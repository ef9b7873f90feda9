"""``minigrad._dynamo``: the names scripts touch around torch.compile (``torch._dynamo.config.suppress_errors =
True``, ``torch._dynamo.reset()``). minigrad has no compiler (see jit.py): the settings are kept and change
nothing, nothing is ever being compiled, and what is kept from compilation runs as it is."""
from __future__ import annotations

import types

from ..compiler import allow_in_graph, disable, is_compiling, reset  # noqa: F401

__all__ = ["config", "reset", "disable", "is_compiling", "allow_in_graph", "optimize"]

config = types.SimpleNamespace(suppress_errors=False, cache_size_limit=8, recompile_limit=8, verbose=False,
                               optimize_ddp=True, automatic_dynamic_shapes=True, capture_scalar_outputs=False,
                               capture_dynamic_output_shape_ops=False, assume_static_by_default=True)


def optimize(backend="inductor", *, nopython=False, guard_export_fn=None, guard_fail_fn=None, disable=False,
             dynamic=None):
    """The old decorator form of compile: the function as it is."""
    return lambda fn: fn
