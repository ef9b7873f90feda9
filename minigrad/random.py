"""``minigrad.random``: torch.random's names for the global stream -- ``manual_seed``, ``seed``,
``initial_seed``, ``get_rng_state``/``set_rng_state``, ``default_generator`` -- and ``fork_rng``, a context
(or decorator) whose draws leave the global stream where it was."""
from __future__ import annotations

import contextlib

from .factories import initial_seed, manual_seed
from .generator import default_generator, get_rng_state, seed, set_rng_state

__all__ = ["default_generator", "fork_rng", "get_rng_state", "initial_seed", "manual_seed", "seed", "set_rng_state"]


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type="cuda"):
    """Inside, draw as much as you like; on leaving, the CPU stream is put back where it was (a GPU's CuPy
    stream is not: CuPy's generators keep no state to save). ``enabled=False`` does nothing."""
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)
