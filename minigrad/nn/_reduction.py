"""The ``reduction=`` argument of the losses ("none", "mean", "sum") and torch's older
``size_average=``/``reduce=`` pair, shared by ``functional.py`` and ``functional_extra.py``."""

import warnings

from ..autograd.grad_mode import is_grad_enabled

REDUCTIONS = ("none", "mean", "sum")
# losses whose torch message is built as reduction + " is not valid": a reduction that is not a str is Python's
# TypeError there (the others give the ValueError)
_JOINED = ("gaussian_nll_loss", "poisson_nll_loss", "multilabel_soft_margin_loss")


def reduce_loss(loss, reduction, op):
    """The per-element ``loss`` reduced as ``reduction`` says (``op`` names the loss in the error)."""
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    if not isinstance(reduction, str) and op in _JOINED:
        raise TypeError(f"unsupported operand type(s) for +: '{type(reduction).__name__}' and 'str' ({op}(): "
                        f"reduction must be one of {REDUCTIONS}, got {reduction!r})")
    raise ValueError(f"{reduction} is not a valid value for reduction ({op}(): use one of {REDUCTIONS})")



def legacy_reduction(size_average, reduce, reduction):
    """The ``reduction`` that torch's deprecated ``size_average``/``reduce`` arguments mean (``reduction``
    itself when both are None; torch's old name 'elementwise_mean' is 'mean', with its warning)."""
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.", stacklevel=3)
        reduction = "mean"
    if size_average is None and reduce is None:
        return reduction
    reduction = "none" if reduce is False else "mean" if size_average is not False else "sum"
    warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{reduction}' instead.",
                  stacklevel=3)
    return reduction


def check_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction (use one of {REDUCTIONS})")


def no_grad_needed(t, fn, arg):
    """torch's refusal of a tensor argument that requires grad where the loss has no gradient for it (a
    weight, a target), while grad mode is on."""
    if t is not None and t.requires_grad and is_grad_enabled():
        raise RuntimeError(f"The function '{fn}' is not differentiable with respect to argument '{arg}'. This "
                           f"input cannot have requires_grad True. (pass {arg}.detach())")
