"""Shared fixtures: the device list (CUDA skipped cleanly without CuPy or a GPU) and import paths."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import minigrad  # noqa: E402

CUDA = minigrad.cuda.is_available()
DEVICES = ["cpu", pytest.param("cuda", marks=[pytest.mark.cuda,
                                                pytest.mark.skipif(not CUDA, reason="needs CuPy and a GPU")])]


@pytest.fixture(params=DEVICES)
def device(request):
    return request.param


@pytest.fixture(autouse=True)
def _seed():
    minigrad.manual_seed(0)
    yield
