"""``Generator``: a random number stream of its own, as ``torch.Generator``.

``g = minigrad.Generator().manual_seed(42)`` is passed as ``generator=g`` to the random factories
(``rand``, ``randn``, ``randint``, ``randperm``, ``normal``, ``bernoulli``, ``multinomial``) and to
``utils.data`` (``random_split``, the samplers, ``DataLoader``): they draw from ``g`` and leave the
global stream (``minigrad.manual_seed``) untouched. The same seed gives the same draws, and they are
torch's numbers: the same Mersenne Twister and the same recipes (backend/mt19937.py).

A new Generator starts from the same fixed seed as torch's (67280421310721), so two fresh generators
agree until one is seeded. A ``Generator('cuda')`` draws on the host with the same stream and
moves the result to its GPU: the same seed gives the same numbers on either device, at the cost of a
host-to-device copy (fine for the small draws generators are used for: shuffles, splits, masks).

``minigrad.default_generator`` stands for the global stream itself: seeding it is
``minigrad.manual_seed``, and its ``get_state``/``set_state`` save and restore that stream.
"""
from __future__ import annotations

import os
import struct

import numpy as np

from . import backend
from .backend.mt19937 import TorchStream
from .tensor import Tensor, _wrap

DEFAULT_SEED = 67280421310721          # what torch.Generator().initial_seed() returns


def _seed_value(seed, op):
    """``seed`` as the unsigned 64-bit value torch uses (a negative int wraps, as torch)."""
    if not isinstance(seed, (int, np.integer)):
        raise RuntimeError(f"{op} expected a long, but got {type(seed).__name__} (give an int seed, e.g. "
                           f"manual_seed(42))")
    if not -2 ** 63 <= int(seed) < 2 ** 64:
        raise ValueError(f"Overflow when unpacking long long ({op}(): the seed {seed} is outside [-2**63, 2**64))")
    return int(seed) % (2 ** 64)


class Generator:
    """``Generator(device='cpu')``: ``manual_seed(s)`` (returns the generator), ``seed()``,
    ``initial_seed()``, ``get_state()`` / ``set_state(state)`` (a uint8 tensor), ``device``."""

    def __init__(self, device="cpu"):
        self.device = backend.as_device(device)
        self._seed = DEFAULT_SEED
        self._rng = TorchStream(self._seed)

    def __repr__(self):             # torch's (a program that prints manual_seed's result prints the same)
        return f"<torch._C.Generator object at {id(self):#x}>"

    # ---------------------------------------------------------------- seeding and state
    def manual_seed(self, seed):
        """Restart the stream from ``seed``; returns the generator (so ``Generator().manual_seed(0)``)."""
        self._seed = _seed_value(seed, "manual_seed")
        self._rng = TorchStream(self._seed)
        return self

    def seed(self):
        """Seed from the operating system's entropy; returns the new seed."""
        seed = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(seed)
        return seed

    def initial_seed(self):
        return self._seed

    def get_state(self):
        """The state as a uint8 tensor of torch's layout (5056 bytes: the seed, the twister's words and
        position, a normal kept for the next draw); ``set_state`` of it -- or of a state torch saved --
        resumes the stream where it was."""
        return _wrap(_encode(self._numpy().get_state(), self.initial_seed()))

    def set_state(self, new_state):
        """Resume from a state ``get_state()`` returned; returns the generator."""
        state, seed = _decode(new_state)
        self._numpy().set_state(*state)
        self._set_initial_seed(seed)
        return self

    def _set_initial_seed(self, seed):
        self._seed = seed

    # ---------------------------------------------------------------- draws (used by the factories)
    def _numpy(self):
        return self._rng

    def _place(self, arr):
        return arr if self.device.type == "cpu" else backend.to_device(arr, self.device)

    def uniform_array(self, shape, dtype):
        """Uniform samples in [0, 1) of ``dtype``, on the generator's device."""
        return self._place(self._numpy().uniform(shape, dtype))

    def normal_array(self, shape, dtype):
        return self._place(self._numpy().normal(shape, dtype))

    def integers_array(self, low, high, shape, dtype):
        return self._place(self._numpy().integers(low, high, size=shape, dtype=dtype))

    def permutation_array(self, n, dtype):
        return self._place(self._numpy().permutation(n).astype(dtype))

    def choice(self, n, size, replace, p):
        """Indices drawn from range(n) with probabilities ``p`` (a NumPy array on the host)."""
        return self._numpy().choice(n, size=size, replace=replace, p=p)


class _DefaultGenerator(Generator):
    """``minigrad.default_generator``: the global CPU stream (seeded by ``minigrad.manual_seed``)."""

    def __init__(self):
        self.device = backend.CPU

    def manual_seed(self, seed):
        _seed_value(seed, "manual_seed")
        backend.manual_seed(int(seed) % (2 ** 64))
        return self

    def initial_seed(self):
        return backend.initial_seed()

    def _set_initial_seed(self, seed):
        pass                        # the global stream keeps the seed manual_seed gave it

    def _numpy(self):
        return backend.generator(backend.CPU)


_DefaultGenerator.__name__ = _DefaultGenerator.__qualname__ = "Generator"      # (as torch's type shows)
default_generator = _DefaultGenerator()


def get_rng_state():
    """The global CPU stream's state (a uint8 tensor), for ``set_rng_state`` to resume it."""
    return default_generator.get_state()


def set_rng_state(new_state):
    """Resume the global CPU stream from a state ``get_rng_state()`` gave."""
    default_generator.set_state(new_state)


def seed():
    """Seed the global stream from the operating system's entropy; returns the seed."""
    return default_generator.seed()


def check_generator(generator, device, op):
    """``generator=`` of a random factory: None (the global stream) or a Generator of ``device``'s type."""
    if generator is None:
        return None
    if not isinstance(generator, Generator):
        raise TypeError(f"{op}() received an invalid combination of arguments - got generator="
                        f"{type(generator).__name__}, but expected a minigrad.Generator or None (e.g. "
                        f"generator=minigrad.Generator().manual_seed(0))")
    if generator.device.type != device.type:
        raise RuntimeError(f"{op}(): Expected a '{device.type}' device type for generator but found "
                           f"'{generator.device.type}' (make the generator on the tensor's device: "
                           f"minigrad.Generator(device='{device.type}'))")
    return generator


# torch's CPU generator state, byte for byte (so a state saved by torch, e.g. in a checkpoint, restores here):
# the seed (u64), "left" and "seeded" (i32), "next" (u64), the twister's 624 words (each a u64), three float64s
# of which the second is the normal kept for the next small draw, whether one is kept (i32), padding, a float32
# kept normal and its flag (unused by these recipes): 5056 bytes.
_STATE = struct.Struct("<QiiQ624Qdddi4xf?3x")


def _encode(state, seed):
    key, pos, kept = state
    # the twister's position as torch counts it: `next` words used since the last twist, `left` = 625 - next
    raw = _STATE.pack(int(seed), 625 - int(pos), 1, int(pos) % 624, *np.asarray(key, np.uint64).tolist(),
                      0.0, 0.0 if kept is None else float(kept), 0.0, int(kept is not None), 0.0, False)
    return np.frombuffer(raw, dtype=np.uint8).copy()


def _decode(new_state):
    if not isinstance(new_state, Tensor) or new_state._data.dtype != np.uint8:
        got = new_state.dtype if isinstance(new_state, Tensor) else type(new_state).__name__
        raise TypeError(f"RNG state must be a minigrad.uint8 tensor (torch.ByteTensor), got {got}: pass what "
                        "get_rng_state() or Generator.get_state() returned")
    raw = backend.to_numpy(new_state._data).tobytes()
    if len(raw) != _STATE.size:
        raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE.size} but found the input RNG state "
                           f"size to be {len(raw)} (pass what get_rng_state() or Generator.get_state() returned)")
    fields = _STATE.unpack(raw)
    seed, left, _, nxt = fields[:4]
    key = np.asarray(fields[4:628], np.uint64)
    if not 1 <= left <= 624 or (key >> np.uint64(32)).any():
        raise RuntimeError(f"set_state(): a damaged RNG state (position {left} outside [1, 624], or twister words of "
                           "more than 32 bits)")
    kept = fields[629] if fields[631] else None
    return (key.astype(np.uint32), 625 - left, kept), seed
