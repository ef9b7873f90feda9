"""``minigrad.nn.utils.prune``: torch's pruning by masks, as the pruning tutorial uses it.

Pruning ``module.weight`` moves the parameter to ``weight_orig``, adds a buffer ``weight_mask`` (0 where
pruned) and makes ``weight`` a plain attribute, ``weight_orig * weight_mask``, recomputed by a forward
pre-hook (the method object itself) before each forward. Pruning the same tensor again prunes among the
entries still kept (a ``PruningContainer`` combines the masks); ``remove`` makes the pruning permanent.
"""
from __future__ import annotations

import numbers
from abc import ABC, abstractmethod

from ...factories import ones_like, rand, rand_like, zeros_like
from ...ops.reduce import norm as _norm
from ...ops.stats import kthvalue
from ...ops.shape import cat


def _check_amount(amount):
    """``amount``: a non-negative count of entries, or a fraction in [0, 1]."""
    if isinstance(amount, bool) or not isinstance(amount, numbers.Real):
        raise TypeError(f"Invalid type for amount: {amount}. Must be int or float.")
    if (isinstance(amount, numbers.Integral) and amount < 0) or (
            not isinstance(amount, numbers.Integral) and not 0.0 <= amount <= 1.0):
        raise ValueError(f"amount={amount} should either be a float in the range [0, 1] or a non-negative integer")
    return amount


def _nparams(amount, size):
    """How many of ``size`` entries ``amount`` names."""
    if isinstance(amount, numbers.Integral):
        if amount > size:
            raise ValueError(f"amount={amount} should be smaller than the number of parameters to prune={size}")
        return int(amount)
    return round(amount * size)


class BasePruningMethod(ABC):
    """A way to compute a mask; also the forward pre-hook that applies it."""

    _tensor_name: str

    def __call__(self, module, inputs):
        setattr(module, self._tensor_name, self.apply_mask(module))

    @abstractmethod
    def compute_mask(self, t, default_mask):
        """The new mask for tensor ``t``, given the mask already in place."""

    def apply_mask(self, module):
        orig = getattr(module, self._tensor_name + "_orig")
        mask = getattr(module, self._tensor_name + "_mask")
        return mask.to(dtype=orig.dtype) * orig

    @classmethod
    def apply(cls, module, name, *args, importance_scores=None, **kwargs):
        """Prune ``module.<name>`` with a new ``cls(*args, **kwargs)`` (combined with earlier pruning)."""
        old = [(k, h) for k, h in module._forward_pre_hooks.items()
               if isinstance(h, BasePruningMethod) and h._tensor_name == name]
        for k, _ in old:
            del module._forward_pre_hooks[k]
        method = cls(*args, **kwargs)
        method._tensor_name = name
        if old:
            previous = old[0][1]
            container = previous if isinstance(previous, PruningContainer) else PruningContainer(previous)
            container.add_pruning_method(method)
            method = container
        orig = getattr(module, name)
        if importance_scores is not None and tuple(importance_scores.shape) != tuple(orig.shape):
            raise ValueError(f"importance_scores should have the same shape as parameter {name} of {module}")
        scores = orig if importance_scores is None else importance_scores
        if not isinstance(method, PruningContainer):
            module.register_parameter(name + "_orig", orig)
            del module._parameters[name]
            default_mask = ones_like(orig)
        else:
            default_mask = getattr(module, name + "_mask").detach().clone()
        mask = method.compute_mask(scores.detach(), default_mask=default_mask)
        module.register_buffer(name + "_mask", mask)
        setattr(module, name, method.apply_mask(module))
        module.register_forward_pre_hook(method)
        return method

    def prune(self, t, default_mask=None, importance_scores=None):
        """``t`` with this method's mask applied (no module involved)."""
        scores = t if importance_scores is None else importance_scores
        mask = self.compute_mask(scores, default_mask if default_mask is not None else ones_like(t))
        return t * mask

    def remove(self, module):
        """Make the pruning permanent: ``<name>`` becomes a parameter again, holding the pruned values."""
        weight = self.apply_mask(module)
        if hasattr(module, self._tensor_name):
            delattr(module, self._tensor_name)
        orig = module._parameters[self._tensor_name + "_orig"]
        orig.data = weight.data
        del module._parameters[self._tensor_name + "_orig"]
        del module._buffers[self._tensor_name + "_mask"]
        setattr(module, self._tensor_name, orig)


class PruningContainer(BasePruningMethod):
    """Successive pruning of one tensor: each new method prunes among the entries the mask still keeps
    (unstructured), or among the channels still kept (structured)."""

    def __init__(self, *args):
        self._pruning_methods = tuple()
        for method in args:
            self.add_pruning_method(method)

    def add_pruning_method(self, method):
        if not isinstance(method, BasePruningMethod) and method is not None:
            raise TypeError(f"{type(method)} is not a BasePruningMethod subclass")
        if method is not None and self._pruning_methods and self._tensor_name != method._tensor_name:
            raise ValueError(f"Can only add pruning methods acting on the parameter named '{self._tensor_name}' "
                             f"to PruningContainer. Found '{method._tensor_name}'")
        if method is not None:
            self._tensor_name = method._tensor_name
            self._pruning_methods += (method,)

    def __len__(self):
        return len(self._pruning_methods)

    def __iter__(self):
        return iter(self._pruning_methods)

    def __getitem__(self, idx):
        return self._pruning_methods[idx]

    def compute_mask(self, t, default_mask):
        method = self._pruning_methods[-1]
        mask = default_mask.to(dtype=t.dtype)
        kind = method.PRUNING_TYPE
        if kind == "unstructured":
            keep = default_mask == 1
            new = mask.clone()
            new[keep] = method.compute_mask(t[keep], default_mask=default_mask[keep]).to(dtype=new.dtype)
            return new
        if kind == "structured":
            dim = method.dim if method.dim >= 0 else t.ndim + method.dim
            keep = default_mask.sum(dim=[d for d in range(t.ndim) if d != dim]) != 0
            index = (slice(None),) * dim + (keep,)
            new = mask.clone()
            new[index] = method.compute_mask(t[index], default_mask=default_mask[index]).to(dtype=new.dtype)
            return new
        if kind == "global":
            return method.compute_mask(t, default_mask=default_mask).to(dtype=mask.dtype)
        raise ValueError(f"Unrecognized PRUNING_TYPE {kind}")


class Identity(BasePruningMethod):
    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t, default_mask):
        return default_mask

    @classmethod
    def apply(cls, module, name):
        return super().apply(module, name)


class L1Unstructured(BasePruningMethod):
    """Prune the ``amount`` entries of smallest absolute value (of ``importance_scores`` if given)."""
    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        self.amount = _check_amount(amount)

    def _scores(self, t):
        """The entries' keep-priority: the smallest ``amount`` are pruned."""
        return t.abs()

    def compute_mask(self, t, default_mask):
        k = _nparams(self.amount, t.numel())
        mask = default_mask.clone()
        if k:
            mask.view(-1)[self._scores(t).view(-1).topk(k, largest=False).indices] = 0
        return mask

    @classmethod
    def apply(cls, module, name, amount, importance_scores=None):
        return super().apply(module, name, amount=amount, importance_scores=importance_scores)


class RandomUnstructured(L1Unstructured):
    """Prune ``amount`` entries chosen at random: as torch, the entries that draw the largest ``rand_like``
    values, so that a seeded program prunes the same entries."""

    def _scores(self, t):
        return -rand_like(t)


class RandomStructured(BasePruningMethod):
    """Prune ``amount`` whole channels along ``dim``, chosen at random."""
    PRUNING_TYPE = "structured"

    def __init__(self, amount, dim=-1):
        self.amount, self.dim = _check_amount(amount), dim

    def compute_mask(self, t, default_mask):
        n = t.shape[self.dim]
        k = _nparams(self.amount, n)
        if not k:
            return default_mask
        prob = rand(n)
        keep = prob > kthvalue(prob, k).values
        return _channel_mask(t, self.dim, keep) * default_mask

    @classmethod
    def apply(cls, module, name, amount, dim=-1):
        return super().apply(module, name, amount=amount, dim=dim)


class LnStructured(BasePruningMethod):
    """Prune the ``amount`` channels along ``dim`` of smallest L``n`` norm."""
    PRUNING_TYPE = "structured"

    def __init__(self, amount, n, dim=-1):
        self.amount, self.n, self.dim = _check_amount(amount), n, dim

    def compute_mask(self, t, default_mask):
        n_ch = t.shape[self.dim]
        k = _nparams(self.amount, n_ch)
        if not k:
            return default_mask
        dim = self.dim % t.ndim
        norms = _norm(t, self.n, dim=[d for d in range(t.ndim) if d != dim])
        keep_idx = norms.topk(n_ch - k, largest=True).indices
        keep = zeros_like(norms).bool()
        keep[keep_idx] = True
        return _channel_mask(t, dim, keep) * default_mask

    @classmethod
    def apply(cls, module, name, amount, n, dim, importance_scores=None):
        return super().apply(module, name, amount=amount, n=n, dim=dim, importance_scores=importance_scores)


class CustomFromMask(BasePruningMethod):
    PRUNING_TYPE = "global"

    def __init__(self, mask):
        self.mask = mask

    def compute_mask(self, t, default_mask):
        if tuple(default_mask.shape) != tuple(self.mask.shape):
            raise ValueError(f"custom_from_mask(): the mask has shape {tuple(self.mask.shape)}, the tensor "
                             f"{tuple(default_mask.shape)}")
        return default_mask * self.mask.to(dtype=default_mask.dtype)

    @classmethod
    def apply(cls, module, name, mask):
        return super().apply(module, name, mask=mask)


def _channel_mask(t, dim, keep):
    """A mask of t's shape: 1 on the channels along ``dim`` that ``keep`` marks."""
    mask = zeros_like(t)
    mask[(slice(None),) * (dim % t.ndim) + (keep,)] = 1
    return mask


def identity(module, name):
    Identity.apply(module, name)
    return module


def random_unstructured(module, name, amount):
    RandomUnstructured.apply(module, name, amount)
    return module


def l1_unstructured(module, name, amount, importance_scores=None):
    L1Unstructured.apply(module, name, amount=amount, importance_scores=importance_scores)
    return module


def random_structured(module, name, amount, dim):
    RandomStructured.apply(module, name, amount, dim)
    return module


def ln_structured(module, name, amount, n, dim, importance_scores=None):
    LnStructured.apply(module, name, amount, n, dim, importance_scores=importance_scores)
    return module


def custom_from_mask(module, name, mask):
    CustomFromMask.apply(module, name, mask)
    return module


def global_unstructured(parameters, pruning_method, importance_scores=None, **kwargs):
    """Prune the (module, name) pairs together: the ``amount`` smallest entries over all of them."""
    if not isinstance(parameters, (list, tuple)) and not hasattr(parameters, "__iter__"):
        raise TypeError("global_unstructured(): parameters must be an iterable of (module, name) pairs")
    parameters = list(parameters)
    importance_scores = importance_scores if importance_scores is not None else {}
    if not isinstance(importance_scores, dict):
        raise TypeError("global_unstructured(): importance_scores must be a dict")
    scores = cat([importance_scores.get((m, n), getattr(m, n)).detach().reshape(-1) for m, n in parameters])
    default = cat([getattr(m, n + "_mask", ones_like(getattr(m, n))).reshape(-1) for m, n in parameters])
    container = PruningContainer()
    container._tensor_name = "temp"
    method = pruning_method(**kwargs)
    method._tensor_name = "temp"
    if method.PRUNING_TYPE != "unstructured":
        raise TypeError(f'Only "unstructured" PRUNING_TYPE supported for the `pruning_method`. Found method '
                        f"{pruning_method} of type {method.PRUNING_TYPE}")
    container.add_pruning_method(method)
    final = container.compute_mask(scores, default)
    start = 0
    for module, name in parameters:
        param = getattr(module, name)
        custom_from_mask(module, name, final[start:start + param.numel()].view_as(param))
        start += param.numel()


def remove(module, name):
    """Make the pruning of ``module.<name>`` permanent (drop ``<name>_orig``, ``<name>_mask`` and the hook)."""
    for k, hook in list(module._forward_pre_hooks.items()):
        if isinstance(hook, BasePruningMethod) and hook._tensor_name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"Parameter '{name}' of module {module} has to be pruned before pruning can be removed")


def is_pruned(module):
    """Whether any submodule of ``module`` has a pruning hook."""
    return any(isinstance(h, BasePruningMethod) for m in module.modules() for h in m._forward_pre_hooks.values())


__all__ = ["BasePruningMethod", "PruningContainer", "Identity", "RandomUnstructured", "L1Unstructured",
           "RandomStructured", "LnStructured", "CustomFromMask", "identity", "random_unstructured",
           "l1_unstructured", "random_structured", "ln_structured", "global_unstructured", "custom_from_mask",
           "remove", "is_pruned"]
