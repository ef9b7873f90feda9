"""Adaptive average pooling: windows that tile a dim are block means, the others averaging matrices; values,
gradients and torch's node names (a mean when every output size is 1, the squeezed 2-D pool in 1-D)."""
import numpy as np
import pytest
import torch

import minigrad

from helpers import check

CASES = [((2, 3, 8, 12), (4, 3), 2), ((2, 3, 8, 12), (1, 1), 2), ((3, 6, 10), 5, 1), ((2, 3, 4, 6, 8), (2, 3, 4), 3),
         ((2, 3, 8, 12), (None, 4), 2), ((2, 3, 9, 12), (4, 3), 2), ((2, 3, 9, 12), (2, 5), 2), ((3, 8, 8), (2, 2), 2),
         ((2, 3, 4, 6, 8), 1, 3), ((2, 4, 7), 1, 1)]


def _fn(nd, size):
    name = {1: "adaptive_avg_pool1d", 2: "adaptive_avg_pool2d", 3: "adaptive_avg_pool3d"}[nd]
    return lambda L, x: getattr(L.nn.functional, name)(x, size)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape,size,nd", CASES)
def test_adaptive_avg_pool_matches_torch(shape, size, nd, dtype):
    x = np.random.default_rng(len(shape)).standard_normal(shape).astype(dtype)
    check(_fn(nd, size), x)


@pytest.mark.parametrize("shape,size,nd", CASES)
def test_adaptive_avg_pool_node_names_are_torchs(shape, size, nd):
    x = np.random.default_rng(0).standard_normal(shape)
    fn = _fn(nd, size)
    got = fn(minigrad, minigrad.tensor(x, requires_grad=True)).grad_fn.name()
    assert got == fn(torch, torch.tensor(x, requires_grad=True)).grad_fn.name()
