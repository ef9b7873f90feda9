"""``minigrad.amp``: torch's mixed-precision API, for scripts written with it.

minigrad has no mixed precision: every op computes in its inputs' dtypes. So ``autocast`` changes nothing
(results are the full-precision ones, which autocast would only have approximated); it says so once with a
warning when it is enabled, and, as torch's, disables itself with a warning for a CUDA device that is not
there. ``GradScaler`` is the real algorithm -- multiply the loss by a scale, unscale the gradients before
the step, skip a step whose gradients hold inf/NaN and shrink the scale, grow it after ``growth_interval``
clean steps -- so a float16 model trained with it behaves as under torch.
"""
from __future__ import annotations

import functools
import math
import warnings

__all__ = ["autocast", "GradScaler", "is_autocast_available"]

_TOLD = set()


def _cuda_missing(device_type) -> bool:
    if device_type != "cuda":
        return False
    from .. import backend
    return not backend.cuda_is_available()


def is_autocast_available(device_type: str) -> bool:
    return device_type in ("cpu", "cuda")


_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia", "xla",
                 "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")
_ACTIVE: dict = {}           # device type -> stack of (enabled, dtype) of the autocast regions entered


def _default_dtype(device_type):
    """torch's autocast dtype when none is given: bfloat16 on the CPU, float16 on a GPU."""
    from .. import dtypes
    return {"cpu": dtypes.bfloat16, "cuda": dtypes.float16}.get(device_type)


def is_autocast_enabled(device_type=None) -> bool:
    """Whether an enabled autocast region for ``device_type`` (default: 'cuda', as torch) is open (its ops still
    run in their inputs' dtypes)."""
    stack = _ACTIVE.get("cuda" if device_type is None else device_type)
    return bool(stack) and stack[-1][0]


def get_autocast_dtype(device_type):
    """The dtype the innermost autocast region of ``device_type`` names (torch's defaults: bfloat16 on the CPU,
    float16 on a GPU)."""
    stack = _ACTIVE.get(device_type)
    return stack[-1][1] if stack else _default_dtype(device_type)


class autocast:
    """``with autocast(device_type, dtype=None, enabled=True):`` (or as a decorator): ops keep running in
    their inputs' dtypes -- minigrad has no lower-precision kernels to switch to."""

    def __init__(self, device_type="cuda", dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        if device_type not in _DEVICE_TYPES:
            raise RuntimeError(f"Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, "
                               f"xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device "
                               f"string: {device_type}")
        if enabled and _cuda_missing(device_type):
            warnings.warn("User provided device_type of 'cuda', but CUDA is not available. Disabling",
                          UserWarning, stacklevel=2)
            enabled = False
        elif enabled and device_type not in _TOLD:
            _TOLD.add(device_type)
            warnings.warn(f"autocast({device_type!r}): minigrad has no mixed precision; ops run in their inputs' "
                          "dtypes (full precision)", UserWarning, stacklevel=2)
        self.device_type, self.fast_dtype, self._enabled = device_type, dtype, bool(enabled)

    def __enter__(self):
        dtype = self.fast_dtype if self.fast_dtype is not None else _default_dtype(self.device_type)
        _ACTIVE.setdefault(self.device_type, []).append((self._enabled, dtype))
        return self

    def __exit__(self, *exc):
        _ACTIVE[self.device_type].pop()
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            with self:
                return fn(*args, **kwargs)
        return run


class GradScaler:
    """Loss scaling for float16 training (torch's GradScaler: same arguments, methods and state_dict)."""

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        if enabled and _cuda_missing(str(device).split(":")[0]):
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.",
                          UserWarning, stacklevel=2)
            enabled = False
        if growth_factor <= 1.0:
            raise ValueError("The growth factor must be > 1.0.")
        if not 0.0 < backoff_factor < 1.0:
            raise ValueError("The backoff factor must be < 1.0.")
        self._device, self._enabled = str(device), bool(enabled)
        self._scale, self._growth_factor, self._backoff_factor = float(init_scale), growth_factor, backoff_factor
        self._growth_interval, self._growth_tracker = int(growth_interval), 0
        self._per_optimizer = {}           # id(optimizer) -> {"stage": "unscaled"/"stepped", "found_inf": bool}

    def is_enabled(self) -> bool:
        return self._enabled

    def get_scale(self) -> float:
        return self._scale if self._enabled else 1.0

    def get_growth_factor(self):
        return self._growth_factor

    def set_growth_factor(self, new_factor):
        self._growth_factor = new_factor

    def get_backoff_factor(self):
        return self._backoff_factor

    def set_backoff_factor(self, new_factor):
        self._backoff_factor = new_factor

    def get_growth_interval(self):
        return self._growth_interval

    def set_growth_interval(self, new_interval):
        self._growth_interval = int(new_interval)

    def scale(self, outputs):
        """outputs · scale (a tensor, or any nesting of lists/tuples of tensors)."""
        if not self._enabled:
            return outputs
        from ..tensor import Tensor
        if isinstance(outputs, Tensor):
            return outputs * self._scale
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(o) for o in outputs)
        raise ValueError("outputs must be a Tensor or an iterable of Tensors")

    def _state(self, optimizer):
        return self._per_optimizer.setdefault(id(optimizer), {"stage": "ready", "found_inf": False})

    def unscale_(self, optimizer):
        """Divide the optimizer's gradients by the scale (once per step) and note whether any is inf/NaN."""
        if not self._enabled:
            return
        state = self._state(optimizer)
        if state["stage"] == "unscaled":
            raise RuntimeError("unscale_() has already been called on this optimizer since the last update().")
        if state["stage"] == "stepped":
            raise RuntimeError("unscale_() is being called after step().")
        inv, found = 1.0 / self._scale, False
        for group in optimizer.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                g.mul_(inv)
                if not found and not bool(g.isfinite().all()):
                    found = True
        state["stage"], state["found_inf"] = "unscaled", found

    def step(self, optimizer, *args, **kwargs):
        """optimizer.step() unless the (unscaled) gradients hold inf/NaN; returns its result, or None when
        skipped."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        state = self._state(optimizer)
        if state["stage"] == "stepped":
            raise RuntimeError("step() has already been called since the last update().")
        if state["stage"] == "ready":
            self.unscale_(optimizer)
        result = None if state["found_inf"] else optimizer.step(*args, **kwargs)
        state["stage"] = "stepped"
        return result

    def update(self, new_scale=None):
        """The next scale: ``new_scale`` if given; else × backoff after a skipped step, × growth after
        ``growth_interval`` clean ones."""
        if not self._enabled:
            return
        if new_scale is not None:
            value = float(new_scale.item() if hasattr(new_scale, "item") else new_scale)
            if not math.isfinite(value):
                raise ValueError(f"new_scale should be finite, got {value}")
            self._scale = value
        else:
            if not self._per_optimizer:
                raise AssertionError("No inf checks were recorded prior to update.")
            if any(s["found_inf"] for s in self._per_optimizer.values()):
                self._scale *= self._backoff_factor
                self._growth_tracker = 0
            else:
                self._growth_tracker += 1
                if self._growth_tracker == self._growth_interval:
                    self._scale *= self._growth_factor
                    self._growth_tracker = 0
        self._per_optimizer = {}

    def state_dict(self) -> dict:
        if not self._enabled:
            return {}
        return {"scale": self._scale, "growth_factor": self._growth_factor, "backoff_factor": self._backoff_factor,
                "growth_interval": self._growth_interval, "_growth_tracker": self._growth_tracker}

    def load_state_dict(self, state_dict):
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved from a disabled "
                               "instance of GradScaler.")
        self._scale = float(state_dict["scale"])
        self._growth_factor = float(state_dict["growth_factor"])
        self._backoff_factor = float(state_dict["backoff_factor"])
        self._growth_interval = int(state_dict["growth_interval"])
        self._growth_tracker = int(state_dict["_growth_tracker"])


def device_classes(device: str):
    """``autocast`` and ``GradScaler`` with the device fixed and torch's older signatures (no device argument),
    for ``minigrad.cuda.amp`` and ``minigrad.cpu.amp``."""

    class DeviceAutocast(autocast):
        def __init__(self, enabled=True, dtype=None, cache_enabled=True):
            warnings.warn(f"`torch.{device}.amp.autocast(args...)` is deprecated. Please use "
                          f"`torch.amp.autocast('{device}', args...)` instead.", FutureWarning, stacklevel=2)
            super().__init__(device, dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)

    class DeviceGradScaler(GradScaler):
        def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                     enabled=True):
            warnings.warn(f"`torch.{device}.amp.GradScaler(args...)` is deprecated. Please use "
                          f"`torch.amp.GradScaler('{device}', args...)` instead.", FutureWarning, stacklevel=2)
            super().__init__(device, init_scale, growth_factor, backoff_factor, growth_interval, enabled)

    for cls, name in ((DeviceAutocast, "autocast"), (DeviceGradScaler, "GradScaler")):
        cls.__name__ = cls.__qualname__ = name
        cls.__module__ = f"minigrad.{device}.amp"
    return DeviceAutocast, DeviceGradScaler
