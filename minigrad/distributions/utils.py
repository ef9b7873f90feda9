"""``minigrad.distributions.utils``: the helpers torch.distributions.utils offers scripts (broadcast_all,
probs_to_logits, logits_to_probs, clamp_probs, lazy_property), from ``distribution.py``."""
from .distribution import broadcast_all, clamp_probs, lazy_property, logits_to_probs, probs_to_logits  # noqa: F401

__all__ = ["broadcast_all", "clamp_probs", "lazy_property", "logits_to_probs", "probs_to_logits"]
