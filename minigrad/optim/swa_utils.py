"""Stochastic weight averaging, with torch's names: ``AveragedModel`` (a running average -- equal
weights, or an EMA -- of a model's parameters), ``SWALR`` (anneal each group's lr to ``swa_lr``) and
``update_bn`` (recompute BatchNorm statistics with the averaged weights)."""
from __future__ import annotations

import copy
import math

from ..autograd.grad_mode import no_grad
from ..factories import tensor
from .. import dtypes
from ..nn.layers import _BatchNorm
from ..nn.module import Module
from .lr_scheduler import LRScheduler

__all__ = ["AveragedModel", "SWALR", "update_bn", "get_ema_multi_avg_fn", "get_swa_multi_avg_fn",
           "get_ema_avg_fn", "get_swa_avg_fn"]


def get_ema_multi_avg_fn(decay=0.999):
    """averaged ← averaged + (1 - decay)·(current - averaged), for every pair."""
    def ema_update(averaged, current, num_averaged):
        for a, c in zip(averaged, current):
            if a.is_floating_point():
                a.lerp_(c, 1 - decay)
            else:                                # (an integer buffer: the product, truncated back)
                a.copy_(a * decay + c * (1 - decay))
    return ema_update


def get_swa_multi_avg_fn():
    """averaged ← averaged + (current - averaged)/(n + 1): the equal-weight mean of the n + 1 models."""
    def swa_update(averaged, current, num_averaged):
        w = 1.0 / (int(num_averaged) + 1)
        for a, c in zip(averaged, current):
            if a.is_floating_point():
                a.lerp_(c, w)
            else:
                a.add_((c - a) / (int(num_averaged) + 1))
    return swa_update


def get_ema_avg_fn(decay=0.999):
    def ema_update(ema_param, current_param, num_averaged):
        return decay * ema_param + (1 - decay) * current_param
    return ema_update


def get_swa_avg_fn():
    def swa_update(averaged_param, current_param, num_averaged):
        return averaged_param + (current_param - averaged_param) / (num_averaged + 1)
    return swa_update


class AveragedModel(Module):
    """A deep copy of ``model`` whose parameters (and buffers, with ``use_buffers``) ``update_parameters``
    averages with another model's; calling it runs the copy."""

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = copy.deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", tensor(0, dtype=dtypes.int64, device=device))
        self.avg_fn, self.multi_avg_fn, self.use_buffers = avg_fn, multi_avg_fn, use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    def _tensors(self, model):
        return list(model.parameters()) + (list(model.buffers()) if self.use_buffers else [])

    @no_grad()
    def update_parameters(self, model):
        mine = [t.detach() for t in self._tensors(self.module)]
        theirs = [t.detach().to(a.device) for t, a in zip(self._tensors(model), mine)]
        n = int(self.n_averaged.item())
        if n == 0:
            for a, c in zip(mine, theirs):
                a.copy_(c)
        elif self.avg_fn is not None:
            for a, c in zip(mine, theirs):
                a.copy_(self.avg_fn(a, c, self.n_averaged))
        else:
            (self.multi_avg_fn or get_swa_multi_avg_fn())(mine, theirs, self.n_averaged)
        if not self.use_buffers:                 # buffers follow the source model
            for b, c in zip(self.module.buffers(), model.buffers()):
                b.detach().copy_(c.detach().to(b.device))
        self.n_averaged.add_(1)


@no_grad()
def update_bn(loader, model, device=None):
    """One pass over ``loader`` in train mode with cumulative BatchNorm averages (momentum None), from
    reset statistics; a batch that is a list or tuple gives its first element to the model."""
    momenta = {}
    for module in model.modules():
        if isinstance(module, _BatchNorm):
            module.reset_running_stats()
            momenta[module] = module.momentum
    if not momenta:
        return
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    for batch in loader:
        if isinstance(batch, (list, tuple)):
            batch = batch[0]
        if device is not None:
            batch = batch.to(device)
        model(batch)
    for module, momentum in momenta.items():
        module.momentum = momentum
    model.train(was_training)


class SWALR(LRScheduler):
    """Each group's lr goes from its value to ``swa_lr`` over ``anneal_epochs`` steps (cos or linear),
    then stays there."""

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1):
        groups = optimizer.param_groups
        if isinstance(swa_lr, (list, tuple)):
            if len(swa_lr) != len(groups):
                raise ValueError(f"swa_lr must have the same length as optimizer.param_groups: swa_lr has "
                                 f"{len(swa_lr)}, optimizer.param_groups has {len(groups)}")
            swa_lrs = list(swa_lr)
        else:
            swa_lrs = [swa_lr] * len(groups)
        for lr, group in zip(swa_lrs, groups):
            group["swa_lr"] = lr
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must by one of 'cos' or 'linear', instead got {anneal_strategy}")
        self.anneal_func = _cosine_anneal if anneal_strategy == "cos" else _linear_anneal
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / max(1, self.anneal_epochs))))
        prev_lrs = [g["swa_lr"] if prev_alpha == 1 else (g["lr"] - prev_alpha * g["swa_lr"]) / (1 - prev_alpha)
                    for g in self.optimizer.param_groups]
        alpha = self.anneal_func(max(0, min(1, step / max(1, self.anneal_epochs))))
        return [g["swa_lr"] * alpha + lr * (1 - alpha) for g, lr in zip(self.optimizer.param_groups, prev_lrs)]


def _linear_anneal(t):
    return t


def _cosine_anneal(t):
    return (1 - math.cos(math.pi * t)) / 2
