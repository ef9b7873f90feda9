"""Round 5 of bad calls, compared with torch: dtype arguments (torch takes a dtype or a Python type -- float,
int, bool -- and refuses a name such as 'float32' or a NumPy dtype with a TypeError), adaptive pooling's
output sizes (0 gives an empty output, a negative size is refused), and calls found in published programs:
NumPy's axis=/keepdims= names, f-strings of 0-d tensors, lists of one-element tensors, masks that must be
bool, autograd.grad(only_inputs=). minigrad raises the same exception class
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
    ("R = lib.where(lib.tensor([1, 0]), lib.ones(2), lib.zeros(2))", "where"),
    ("R = lib.ones(3).masked_select(lib.tensor([1, 0, 1]))", "masked_select"),
    ("R = lib.from_numpy(np.arange(3.0)[::-1])", "stride"),
    ("R = lib.tensor([lib.ones(2), lib.ones(2)])", "one element"),
    ("R = lib.tensor(None)", "NoneType"),
    ("R = lib.tensor([1.0, None])", "NoneType"),
    ("R = lib.ones(2, 3).sum(axis=1, dim=1)", "sum"),
    ("R = lib.ones(2, 3).norm(dim=1, keepdims=True)", "keepdims"),
    ("R = lib.ones(2, 3).split(1, axis=0)", "axis"),
    ("R = lib.multinomial(lib.tensor([1, 2]), 1)", "floating"),
    ("R = lib.multinomial(lib.ones(2, 2, 2), 1)", "dim"),
    ("R = lib.multinomial(lib.ones(3), 0)", "n_sample"),
    ("R = lib.multinomial(lib.zeros(0), 1)", "n_sample"),
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
    "R = lib.where(lib.tensor([1, 0], dtype=lib.uint8), lib.ones(2), lib.zeros(2))",
    "R = lib.from_numpy(np.arange(6.0).reshape(2, 3).T)",
    "R = lib.Tensor()",
    "R = lib.tensor([lib.tensor([1.0]), lib.tensor([2.0])])",
    "R = lib.tensor([lib.tensor([[1.0]]), lib.tensor(2.0)])",
    "R = lib.tensor([lib.tensor(1, dtype=lib.int32), lib.tensor(2, dtype=lib.int32)])",
    "R = lib.tensor([lib.tensor(1, dtype=lib.int32), 2])",
    "R = lib.tensor([lib.tensor(1, dtype=lib.int32), 2.5])",
    "R = lib.tensor([lib.tensor(1.0, dtype=lib.float64), 2.5])",
    "R = lib.tensor([lib.tensor(1, dtype=lib.uint8), lib.tensor(2, dtype=lib.int8)])",
    "R = lib.tensor([[lib.tensor(1.0), 2.0], [3.0, lib.tensor(True)]])",
    "R = lib.tensor([lib.tensor([1.0], requires_grad=True)])",
    "t = lib.tensor(21); R = f'{t} {100 * t / 40} {lib.tensor(True)} {t:>5} {lib.tensor(0.125):.2f}'",
    "R = f'{lib.tensor([1.0, 2.0])}'",
    "R = lib.arange(6.0).reshape(2, 3).argmax(axis=1)",
    "R = lib.argmax(lib.arange(6.0).reshape(2, 3), axis=0, keepdims=True)",
    "R = lib.arange(6.0).reshape(2, 3).sum(axis=1, keepdims=True)",
    "R = lib.sum(lib.arange(6.0).reshape(2, 3), dim=1, keepdims=True)",
    "R = lib.arange(6.0).reshape(2, 3).max(axis=1)",
    "R = lib.max(lib.arange(6.0).reshape(2, 3), axis=1, keepdims=True)",
    "R = lib.cat([lib.ones(2, 3), lib.zeros(2, 3)], axis=1)",
    "R = lib.stack([lib.ones(2), lib.zeros(2)], axis=1)",
    "R = lib.tensor([[0.0, 0.0], [1.0, 1.0]]).softmax(axis=1)",
    "R = lib.arange(6.0).reshape(2, 3).std(axis=1, keepdims=True)",
    "R = (lib.arange(6.0).reshape(2, 3) > 2).any(axis=1)",
    "R = lib.arange(6.0).reshape(2, 3).cumsum(axis=1)",
    "R = lib.squeeze(lib.ones(1, 3), axis=0)",
    "R = lib.ones(3).unsqueeze(axis=0)",
    "R = lib.arange(6.0).reshape(2, 3).sort(axis=1, descending=True)",
    "R = lib.arange(6.0).reshape(2, 3).topk(2, axis=1)",
    "R = lib.index_select(lib.arange(6.0).reshape(2, 3), axis=1, index=lib.tensor([2, 0]))",
    "R = lib.var_mean(lib.arange(6.0).reshape(2, 3), axis=1)",
    "x = lib.ones(2, requires_grad=True); R = lib.autograd.grad((x * x).sum(), x, only_inputs=True)",
    "s = lib.get_rng_state(); a = lib.rand(3); lib.set_rng_state(s); R = bool((lib.rand(3) == a).all())",
    "R = lib.multinomial(lib.tensor([[0.0, 1.0, 0.0, 0.0]]), 3)[:, :1]",
    "R = sorted(lib.multinomial(lib.tensor([0.0, 1.0, 0.0, 0.0]), 4).tolist())",
    "R = repr(nn.Linear(2, 2).load_state_dict(nn.Linear(2, 2).state_dict()))",
    "R = repr(nn.Linear(2, 2).load_state_dict({}, strict=False))",
    "R = [repr(m) for m in (nn.GELU(), nn.GELU(approximate='tanh'), nn.ELU(), nn.Softplus(), nn.LayerNorm(4, bias=False), "
    "nn.BatchNorm2d(8, affine=False), nn.Unflatten(1, (2, 2)), nn.Embedding(5, 3, sparse=True))]",
    "R = repr(nn.Conv2d(1, 8, 3, padding=1, padding_mode='reflect'))",
    "R = repr(nn.Sequential(nn.Linear(2, 2), nn.ReLU()))",
    "R = str(optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1)).split('(')[1]",
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
