"""Random numbers: one generator per device, all seeded by :func:`manual_seed`. The CPU's is torch's stream
(``mt19937.TorchStream``: the same seed gives torch's numbers); a GPU's is CuPy's."""
from __future__ import annotations

import os

import numpy as np

from .devices import device, on, require_cupy
from .mt19937 import TorchStream


_SEED = None
_GENERATORS: dict = {}


def manual_seed(seed: int):
    """Seed the generators of every device (like ``torch.manual_seed``, which takes ``int(seed)``: a 0-d tensor,
    a float (truncated) or a numeric string too; a negative seed wraps to 64 bits)."""
    global _SEED
    try:
        value = int(seed)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"manual_seed(): the seed must be an int (or something int() takes), got "
                        f"{type(seed).__name__} {seed!r}: {exc}") from None
    if not -2 ** 63 <= value < 2 ** 64:
        raise ValueError(f"Overflow when unpacking long long (manual_seed(): the seed {value} is outside "
                         f"[-2**63, 2**64); give a 64-bit seed)")
    _SEED = value % (2 ** 64)
    _GENERATORS.clear()


def swap_state(state):
    """Put ``state`` (the seed and the generators, as ``swap_state`` returned them; ``(seed, {})`` for fresh
    streams from ``seed``) in place of the module's own, and return the old one: DataLoader's workers each
    draw from a state of their own, as torch's worker processes do."""
    global _SEED, _GENERATORS
    old = (_SEED, _GENERATORS)
    _SEED, _GENERATORS = state
    return old


def initial_seed() -> int:
    """The seed of the global streams: ``manual_seed``'s, or (as torch) one drawn from the OS's entropy at start."""
    global _SEED
    if _SEED is None:
        _SEED = int.from_bytes(os.urandom(8), "little")
    return _SEED


def generator(dev: device):
    """The random generator of ``dev``: a NumPy ``Generator`` or a CuPy ``RandomState``."""
    gen = _GENERATORS.get(dev)
    if gen is None:
        if dev.type == "cpu":
            gen = TorchStream(initial_seed())
        else:
            cp = require_cupy("random numbers on the GPU")
            with cp.cuda.Device(dev.index):
                gen = cp.random.RandomState((initial_seed() + 7919 * dev.index) % (2 ** 63))
        _GENERATORS[dev] = gen
    return gen


def random_uniform(dev, shape, dtype):
    """Uniform samples in [0, 1)."""
    gen = generator(dev)
    if dev.type == "cpu":
        return gen.uniform(shape, dtype)
    with on(dev):
        return gen.random_sample(shape, dtype=dtype if dtype in (np.float32, np.float64) else np.float64
                                 ).astype(dtype, copy=False)


def random_normal(dev, shape, dtype):
    """Standard normal samples."""
    gen = generator(dev)
    if dev.type == "cpu":
        return gen.normal(shape, dtype)
    with on(dev):
        return gen.standard_normal(shape, dtype=dtype if dtype in (np.float32, np.float64) else np.float64
                                   ).astype(dtype, copy=False)


def random_integers(dev, low, high, shape, dtype):
    """Integers uniform in [low, high)."""
    gen = generator(dev)
    if dev.type == "cpu":
        return gen.integers(low, high, size=shape, dtype=dtype)
    with on(dev):
        return gen.randint(low, high, size=shape, dtype=dtype)


def random_permutation(dev, n, dtype):
    gen = generator(dev)
    if dev.type == "cpu":
        return gen.permutation(n).astype(dtype)       # (torch's: TorchStream.permutation)
    with on(dev):
        return gen.permutation(n).astype(dtype)


def random_bernoulli(dev, shape, p):
    """True with probability ``p`` (a number), as torch's ``bernoulli_(p)`` draws (dropout's masks)."""
    if dev.type == "cpu":
        return generator(dev).bernoulli(shape, p)
    return random_uniform(dev, shape, np.float64) < p
