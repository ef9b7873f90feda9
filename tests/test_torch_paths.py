"""torch's import paths and module-level names that published scripts use, under the swap: nn.modules.* (for
isinstance checks and subclassing), backends.cudnn as a module, utils.data.distributed.DistributedSampler
(torch's split of the indices among ranks, compared with torch's own)."""
import importlib

import numpy as np
import pytest
import torch

import minigrad

PATHS = ["nn.modules", "nn.modules.module", "nn.modules.loss", "nn.modules.batchnorm", "nn.modules.conv",
         "nn.modules.linear", "nn.modules.activation", "nn.modules.container", "nn.modules.dropout",
         "nn.modules.pooling", "nn.modules.normalization", "nn.modules.rnn", "nn.modules.sparse",
         "nn.modules.transformer", "nn.modules.flatten", "nn.modules.padding", "nn.modules.instancenorm",
         "nn.modules.upsampling", "nn.modules.pixelshuffle", "nn.modules.distance", "nn.modules.fold",
         "backends.cudnn", "utils.data.distributed"]


@pytest.mark.parametrize("path", PATHS)
def test_every_public_name_torch_has_there_is_here(path):
    """Each class torch's module of that path offers (and minigrad has at all) is importable from the same path."""
    t = importlib.import_module("torch." + path)
    m = importlib.import_module("minigrad." + path)
    wanted = [n for n in dir(t) if not n.startswith("__") and isinstance(getattr(t, n), type)
              and getattr(t, n).__module__.startswith(t.__name__)           # (defined there, not imported)
              and (hasattr(minigrad.nn, n) or n in ("_Loss", "_WeightedLoss", "_BatchNorm", "_NormBase", "_ConvNd",
                                                    "_InstanceNorm", "_DropoutNd", "DistributedSampler"))]
    missing = [n for n in wanted if not hasattr(m, n)]
    assert not missing, f"minigrad.{path} lacks {missing}"


def test_subclassing_through_torch_paths():
    from minigrad.nn.modules.loss import _Loss, _WeightedLoss

    class Focal(_WeightedLoss):
        def __init__(self, weight=None, gamma=2.0):
            super().__init__(weight, reduction="mean")
            self.gamma = gamma

        def forward(self, logits, target):
            logp = minigrad.nn.functional.log_softmax(logits, 1)
            p = logp.exp()
            return minigrad.nn.functional.nll_loss((1 - p) ** self.gamma * logp, target, weight=self.weight)

    loss = Focal(weight=minigrad.tensor([1.0, 2.0]))
    assert isinstance(loss, _Loss) and "weight" in dict(loss.named_buffers())
    value = loss(minigrad.tensor([[0.2, 0.9], [1.5, -0.3]]), minigrad.tensor([1, 0]))
    assert value.shape == ()
    bn = minigrad.nn.BatchNorm2d(3)
    assert isinstance(bn, minigrad.nn.modules.batchnorm._BatchNorm)
    import minigrad.backends.cudnn as cudnn
    cudnn.benchmark = True
    assert minigrad.backends.cudnn.benchmark is True
    cudnn.benchmark = False


@pytest.mark.parametrize("n, replicas, shuffle, drop_last", [(10, 3, False, False), (10, 3, True, False),
                                                              (10, 3, False, True), (7, 4, True, True),
                                                              (2, 5, False, False)])
def test_distributed_sampler_splits_as_torch(n, replicas, shuffle, drop_last):
    from torch.utils.data.distributed import DistributedSampler as TorchSampler
    from minigrad.utils.data.distributed import DistributedSampler
    data = list(range(n))
    union = []
    for rank in range(replicas):
        t = TorchSampler(data, replicas, rank, shuffle=shuffle, drop_last=drop_last)
        m = DistributedSampler(data, replicas, rank, shuffle=shuffle, drop_last=drop_last)
        m.set_epoch(2)
        got = list(m)
        assert len(got) == len(m) == len(t) == len(list(t))
        if not shuffle:                               # (shuffled: minigrad's own permutation, not torch's)
            assert got == list(t)
        union += got
    if not drop_last:
        assert set(union) == set(data)
    with pytest.raises(ValueError, match="Invalid rank"):
        DistributedSampler(data, 2, 2)
    with pytest.raises(RuntimeError, match="distributed"):
        DistributedSampler(data)
