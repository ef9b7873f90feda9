"""``minigrad.utils``: data loading, checkpointing and hook handles with torch's names (loaded with minigrad,
as torch's are: ``torch.utils.checkpoint.checkpoint`` works after ``import torch``)."""
from . import checkpoint, data, hooks  # noqa: F401
