"""Round 5 of bad calls, compared with torch: dtype arguments (torch takes a dtype or a Python type -- float,
int, bool -- and refuses a name such as 'float32' or a NumPy dtype with a TypeError) and adaptive pooling's
output sizes (0 gives an empty output, a negative size is refused). minigrad raises the same exception class
as torch with a message naming the op, and where torch accepts a call minigrad gives the same value."""
import pytest

import minigrad
from helpers import check_raises_as_torch, check_value_as_torch


# (code, a word the message must contain)
ERRORS = [
    ("R = lib.zeros(3, dtype='float32')", "zeros"),
    ("R = lib.zeros(3, dtype=np.float32)", "zeros"),
    ("R = lib.ones(2, 3, dtype=np.dtype('float64'))", "ones"),
    ("R = lib.empty(2, dtype='float64')", "empty"),
    ("R = lib.full((2,), 1, dtype='int64')", "full"),
    ("R = lib.arange(3, dtype='int64')", "arange"),
    ("R = lib.randn(2, dtype=np.float64)", "randn"),
    ("R = lib.rand(2, dtype='float64')", "rand"),
    ("R = lib.randint(0, 5, (2,), dtype=np.int32)", "randint"),
    ("R = lib.tensor([1.0], dtype=np.float64)", "tensor"),
    ("R = lib.tensor([1.0], dtype='float64')", "tensor"),
    ("R = lib.as_tensor([1.0], dtype='float64')", "as_tensor"),
    ("R = lib.zeros_like(lib.ones(2), dtype='float64')", "zeros_like"),
    ("R = lib.ones(2).new_zeros(3, dtype='float64')", "new_zeros"),
    ("R = lib.ones(2).to(np.float64)", "to"),
    ("R = lib.ones(2).to(dtype=np.float64)", "to"),
    ("R = lib.ones(2).to('float64')", "float64"),
    ("R = lib.ones(2).type(np.float64)", "type"),
    ("R = lib.ones(2).sum(dtype=np.float64)", "sum"),
    ("R = lib.ones(2).view(np.int32)", "view"),
    ("R = lib.ones(2).view('int32')", "view"),
    ("R = lib.softmax(lib.ones(2), 0, dtype=np.float64)", "softmax"),
    ("R = F.adaptive_avg_pool2d(lib.ones(1, 2, 4, 4), -1)", "output_size"),
    ("R = F.adaptive_avg_pool1d(lib.ones(1, 2, 4), -2)", "output_size"),
    ("R = F.adaptive_max_pool2d(lib.ones(1, 2, 4, 4), (2, -1))", "output_size"),
]

VALUES = [
    "R = lib.arange(3, dtype=float)",
    "R = lib.arange(3.0, dtype=int)",
    "R = lib.zeros(2, dtype=bool)",
    "R = lib.ones(2).to(float)",
    "R = lib.ones(2).to(dtype=int)",
    "R = lib.ones(2).type('torch.DoubleTensor')",
    "R = lib.ones(2, 3).sum(0, dtype=lib.float64)",
    "R = lib.tensor([1, 2], dtype=lib.float64)",
    "R = F.adaptive_avg_pool2d(lib.ones(1, 2, 4, 4), 0)",
    "R = F.adaptive_avg_pool2d(lib.ones(1, 2, 4, 4), (0, 3))",
    "R = F.adaptive_avg_pool1d(lib.ones(2, 4), 0)",
    "R = F.adaptive_max_pool2d(lib.ones(1, 2, 4, 4), (2, 0))",
    "R = F.adaptive_max_pool2d(lib.ones(1, 2, 4, 4), 0, return_indices=True)",
    "R = nn.AdaptiveAvgPool2d((None, 0))(lib.ones(1, 2, 4, 4))",
]


@pytest.mark.parametrize("code, word", [(c, w) for c, w in ERRORS] + [(c, None) for c in VALUES],
                         ids=[c for c, _ in ERRORS] + VALUES)
def test_call_matches_torch(code, word):
    """A refused call: torch's exception class, a message naming the op; an accepted one: torch's value."""
    if word is None:
        check_value_as_torch(code)
    else:
        check_raises_as_torch(code, word)


@pytest.mark.parametrize("pool", ["adaptive_avg_pool2d", "adaptive_max_pool2d"])
def test_empty_adaptive_output_stays_in_the_graph(pool):
    x = minigrad.ones(1, 2, 4, 4, requires_grad=True)
    y = getattr(minigrad.nn.functional, pool)(x, (0, 3))
    assert y.shape == (1, 2, 0, 3) and y.requires_grad
    y.sum().backward()
    assert x.grad is not None and x.grad.shape == x.shape and float(x.grad.abs().sum()) == 0.0
