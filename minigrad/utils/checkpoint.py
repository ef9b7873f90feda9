"""``minigrad.utils.checkpoint``: activation checkpointing's API.

Checkpointing trades compute for memory: torch frees a segment's activations after its forward and runs the
segment again in backward. Results and gradients are the same either way, so minigrad runs the segment once
and keeps its activations (no memory is saved); the RNG state needs no restoring, as nothing reruns."""
from __future__ import annotations

__all__ = ["checkpoint", "checkpoint_sequential"]


def checkpoint(function, *args, use_reentrant=None, context_fn=None, determinism_check="default", debug=False,
               preserve_rng_state=True, **kwargs):
    """``function(*args, **kwargs)``, recorded as usual."""
    return function(*args, **kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Run a Sequential (or a list of modules) in order on ``input``."""
    modules = list(functions.children()) if hasattr(functions, "children") else list(functions)
    if segments < 1:
        raise ValueError(f"checkpoint_sequential(): segments must be >= 1, got {segments}")
    for module in modules:
        input = module(input)
    return input
