"""torch.nn.modules.loss's names: minigrad.nn's classes (see nn/modules/__init__.py)."""
from __future__ import annotations

from ..loss import (  # noqa: F401
    L1Loss, NLLLoss, KLDivLoss, MSELoss, BCELoss, BCEWithLogitsLoss, SmoothL1Loss, HuberLoss,
    CrossEntropyLoss)
from ..loss_extra import (  # noqa: F401
    PoissonNLLLoss, GaussianNLLLoss, HingeEmbeddingLoss, MultiLabelMarginLoss, SoftMarginLoss,
    MultiLabelSoftMarginLoss, CosineEmbeddingLoss, MarginRankingLoss, MultiMarginLoss, TripletMarginLoss,
    TripletMarginWithDistanceLoss, CTCLoss)
from ..loss import _Loss  # noqa: F401
from ..loss_extra import NLLLoss2d  # noqa: F401


class _WeightedLoss(_Loss):
    """A loss with a per-class ``weight`` buffer (torch's base for the weighted losses, for subclasses)."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
