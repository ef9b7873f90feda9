"""Round 20 of bad calls, compared with torch: calls from a generator of 7,794 invalid or edge-case calls (odd data
for tensor(), factories, devices, dims of every kind to the shape ops and reductions, indexing and setitem, the matmul
family, convolutions and pooling, cat/stack, losses, modules and state dicts, optimizers, autograd misuse, dtype and
NumPy mixes), run under torch and minigrad. Each case broke a rule before this round. "error": minigrad raises
torch's class and its message holds torch's first words; "own": torch's class (or a subclass), in minigrad's own
words; "value": torch accepts and minigrad gives the same value. The word is what minigrad's message must name."""
import numpy as np
import pytest

import minigrad
from test_badcalls13 import test_bad_call_as_torch as check_case
from test_badcalls9 import _run

FIXED = [
    # NumPy arrays meeting tensors (torch 2.13): x <op> array is NumPy's result as a tensor; array <op> x, x < array
    # and the functions/methods refuse arrays; x += array makes a new tensor
    ("value", "x + np.ones(3)", None),
    ("value", "x * np.ones(3, dtype=np.float32)", None),
    ("value", "x - np.ones(3, dtype=np.int64)", None),
    ("value", "x // np.ones((2, 3))", None),
    ("value", "x ** np.array(2.)", None),
    ("value", "x @ np.ones(3)", None),
    ("value", "x @ np.ones((3, 2), dtype=np.int64)", None),
    ("value", "np.ones(3) / x", None),
    ("value", "x == np.ones(3)", None),
    ("value", "np.ones(3) == x", None),
    ("value", "y = xi.clone(); y += np.ones(3); R = y", None),
    ("value", "y = xi.clone(); z = y; y *= np.ones(3); R = (y is z, y)", None),
    ("own", "x / np.ones(4)", "div"),
    ("own", "x + np.ones((3, 3))", "add"),
    ("own", "w * np.ones(2)", "numpy"),
    ("own", "np.ones(3) + x", "concatenat"),
    ("own", "np.ones(3) - x", "unsupported"),
    ("own", "np.ones(3) * x", "unsupported"),
    ("own", "np.ones(3) ** x", "unsupported"),
    ("own", "np.ones(3) @ x", "unsupported"),
    ("own", "x < np.ones(3)", "lt"),
    ("own", "np.ones(3) < x", "gt"),
    ("own", "x >= np.ones(3)", "ge"),
    ("own", "x < 'a'", "lt"),
    ("own", "x.fmod(np.ones(3))", "fmod"),
    ("own", "x.eq(np.ones(3))", "eq"),
    ("own", "xi.pow(np.ones(3))", "pow"),
    ("own", "t.where(x > 2, x, np.ones(3))", "where"),
    ("own", "t.maximum(x, np.ones(3))", "maximum"),
    ("own", "y = x.clone(); y += None; R = y", "add"),
    ("own", "y = xi.clone(); y += [1., 2., 3.]; R = y", "add"),
    ("own", "y = xi.clone(); y /= 'a'; R = y", "div"),
    # Python ints outside 64 bits: torch's OverflowError
    ("own", "x + 2 ** 64", "add"),
    ("own", "2 ** 70 * x", "mul"),
    ("own", "x - (-2 ** 63 - 1)", "sub"),
    ("own", "t.add(x, 2 ** 70)", "add"),
    ("own", "x < 2 ** 64", "lt"),
    ("own", "x == 2 ** 70", "eq"),
    ("value", "x + 2 ** 63", None),
    ("value", "x * (2 ** 64 - 1)", None),
    # a many-element (or float) tensor as a dim is a TypeError; a one-element integer tensor reads as its value
    ("own", "x.sum(t.tensor([0, 1]))", "dim"),
    ("own", "x.transpose(0, t.tensor([0, 1]))", "transpose"),
    ("own", "x.softmax(t.tensor([0, 1]))", "dim"),
    ("own", "x.cumsum(t.tensor([0, 1]))", "cumsum"),
    ("own", "x.gather(t.tensor([0, 1]), t.tensor([[0]]))", "gather"),
    ("own", "t.cat([x, x], t.tensor([0, 1]))", "cat"),
    ("own", "t.stack([x, x], t.tensor([0, 1]))", "stack"),
    ("own", "x.unbind(t.tensor([0, 1]))", "unbind"),
    ("value", "x.sum(t.tensor(1))", None),
    ("value", "t.stack([x, x], t.tensor(1))", None),
    ("value", "x.aminmax(dim=t.tensor(1))", None),
    ("value", "F.normalize(x, dim=t.tensor(1))", None),
    ("own", "x.norm(dim=t.tensor(1))", "norm"),
    ("own", "x.norm(dim=np.int64(1))", "norm"),
    # flip/rot90: torch.flip's dims is a tuple (the method also takes ints); rot90's k an int, dims a pair of ints
    ("error", "t.flip(x, 0)", "flip"),
    ("error", "t.flip(x, 5)", "flip"),
    ("own", "t.flip(x, t.tensor(1))", "flip"),
    ("own", "x.flip(dims=0)", "flip"),
    ("own", "t.flip(x, dims=0)", "flip"),
    ("value", "x.flip(0)", None),
    ("value", "t.flip(x, (0,))", None),
    ("value", "t.flip(x, [1])", None),
    ("value", "t.fliplr(x)", None),
    ("own", "t.rot90(x, 1.5)", "rot90"),
    ("error", "t.rot90(x, 1, 'a')", "rot90"),
    ("error", "t.rot90(x, 1, (1.5,))", "rot90"),
    ("own", "t.rot90(x, 1, t.tensor([0, 1]))", "rot90"),
    ("value", "t.rot90(x, 1, [0, 1])", None),
    # cat family: a list or tuple of tensors; the dim checked first; 0-d tensors into hstack/vstack
    ("error", "t.cat({x, x})", "cat"),
    ("error", "t.stack(iter([x, x]))", "stack"),
    ("error", "t.hstack(iter([x, x]))", "hstack"),
    ("error", "t.dstack(x)", "dstack"),
    ("error", "t.column_stack(x)", "column_stack"),
    ("error", "t.column_stack([])", "column_stack"),
    ("error", "t.cartesian_prod(*[x, None])", "cartesian_prod"),
    ("own", "t.stack([x, x.t()], dim=-4)", "stack"),
    ("value", "t.hstack([t.tensor(1.), t.tensor(2.)])", None),
    ("value", "t.vstack([t.tensor(1.), t.tensor(2.)])", None),
    ("value", "t.cat((x, x), 1)", None),
    # tensor() of odd data
    ("value", "t.tensor([[], [1]])", None),
    ("value", "t.tensor([[], [[]]])", None),
    ("value", "t.LongTensor([[], [1]])", None),
    ("value", "t.tensor([[], [1]], dtype=t.bool)", None),
    ("error", "t.tensor([[1], []])", "tensor"),
    ("error", "t.tensor([1, 2], pin_memory=True)", "tensor"),
    ("own", "t.as_tensor(2 ** 63)", "tensor"),
    # the unsigned types torch has limited support for
    ("value", "t.tensor([1, 2], dtype=t.uint16)", None),
    ("value", "t.zeros(2, dtype=t.uint32)", None),
    ("value", "t.empty(2, dtype=t.uint64).dtype", None),
    ("value", "t.ones(3, dtype=t.uint16).sum()", None),
    ("value", "t.ones(3, dtype=t.uint16).float()", None),
    ("value", "t.arange(3.).to(t.uint16)", None),
    ("value", "xi.to(t.uint32)", None),
    ("value", "t.tensor([1, 2], dtype=t.uint16) * 2", None),
    ("value", "t.tensor([1, 2], dtype=t.uint16)[0].item()", None),
    ("value", "t.from_numpy(np.array([1, 2], dtype=np.uint16))", None),
    ("value", "t.tensor(np.array([1, 2], dtype=np.uint16)).dtype", None),
    ("value", "t.as_tensor(np.array([1, 2], dtype=np.uint32)).dtype", None),
    ("value", "t.from_numpy(np.array([1, 2], dtype=np.uint64)).long()", None),
    ("value", "t.iinfo(t.uint16).max", None),
    ("value", "t.iinfo(t.uint32).max", None),
    ("value", "t.randint(0, 5, (2,), dtype=t.uint16).dtype", None),
    # indexing: float lists are truncated (as torch), float tensors and NumPy float scalars refused, slices of ints
    ("value", "x[[0., 1.]]", None),
    ("value", "x[[0.5]]", None),
    ("value", "x[[1, 1.5]]", None),
    ("value", "x[np.array([0., 1.])]", None),
    ("value", "x[:, [0., 1.]]", None),
    ("value", "y = x.clone(); y[[0., 1.]] = 1.; R = y", None),
    ("error", "x[[np.float32(1.)]]", "numpy.float32"),
    ("error", "x[t.tensor([0., 1.])]", "tensors used as indices"),
    ("error", "x[slice(0.5, 2)]", "slice"),
    ("error", "x[slice('a')]", "slice"),
    ("error", "x[[True, False, True]]", "mask"),
    # setitem: the value's type first, then the index's type and mask shape, then index_put's dtype, then bounds
    ("error", "y = x.clone(); y[[0., 1.]] = [1., 2., 3.]", "list"),
    ("error", "y = x.clone(); y[1.0] = 'a'", "str"),
    ("error", "y = x.clone(); y[5] = None", "NoneType"),
    ("error", "y = x.clone(); y[0] = np.ones(3)", "numpy.ndarray"),
    ("error", "y = x.clone(); y[2] = 1 + 1j", "value cannot be converted"),
    ("error", "y = x.clone(); y[x > 2] = t.ones(3, dtype=t.float64)", "index put"),
    ("error", "y = x.clone(); y[[0, 0]] = t.tensor(2)", "index put"),
    ("error", "y = x.clone(); y[[2]] = t.ones(3, dtype=t.int64)", "index put"),
    ("error", "y = x.clone(); y[:, [0, 1]] = t.ones(2, dtype=t.float64)", "index put"),
    ("error", "y = x.clone(); y[[True, False, True]] = t.tensor(2)", "mask"),
    ("error", "y = x.clone(); y[t.tensor([0., 1.])] = t.tensor(2)", "tensors used as indices"),
    ("error", "y = x.clone(); y[1.0] = t.tensor(2)", "only integers"),
    ("value", "y = x.clone(); y[x > 2] = t.tensor(2); R = y", None),
    ("value", "y = x.clone(); y[t.tensor([True, False])] = t.ones(1, dtype=t.int64); R = y", None),
    ("value", "y = x.clone(); y[0] = t.ones(3, dtype=t.float64); R = y", None),
    ("value", "y = x.clone(); y[:, 1] = t.tensor(2); R = y", None),
    # keepdim must be a bool
    ("error", "t.nanmean(x, keepdim='a')", "keepdim"),
    ("error", "t.aminmax(x, keepdim=None)", "keepdim"),
    ("own", "t.max(x, keepdim=None)", "keepdim"),
    ("own", "t.all(x, keepdim='a')", "keepdim"),
    # integer convolutions (computed in their dtype; torch's missing integer kernels refused)
    ("value", "F.conv1d(t.ones(1, 3, 8, dtype=t.int64), t.ones(4, 3, 3, dtype=t.int64))", None),
    ("value", "F.conv1d(t.arange(24).reshape(1, 3, 8), t.ones(4, 3, 3, dtype=t.int64), t.arange(4), padding=1)", None),
    ("value", "F.conv3d(t.ones(1, 3, 4, 4, 4, dtype=t.int64), t.ones(4, 3, 3, 3, 3, dtype=t.int64))", None),
    ("value", "F.conv1d(t.ones(1, 3, 8, dtype=t.int32), t.ones(4, 3, 3, dtype=t.int32), stride=2)", None),
    ("value", "F.conv_transpose1d(t.ones(1, 3, 8, dtype=t.int64), t.ones(3, 4, 3, dtype=t.int64))", None),
    ("value", "F.conv1d(t.ones(1, 4, 8, dtype=t.int64), t.ones(4, 2, 3, dtype=t.int64), groups=2)", None),
    ("error", "F.conv1d(t.ones(1, 3, 7, dtype=t.int32), t.ones(4, 3, 3, dtype=t.int32), dilation=2)",
     "slow_conv_dilated"),
    ("error", "F.conv2d(t.ones(1, 3, 7, 6, dtype=t.uint8), t.ones(4, 3, 3, 2, dtype=t.uint8), dilation=2)",
     "slow_conv_dilated"),
    ("value", "nn.Conv2d(3, 4, 3, padding='same')(t.ones(0, 3, 8, 8)).shape", None),   # (was NumPy's IndexError)
    ("value", "nn.Conv2d(3, 4, 3)(t.ones(0, 3, 8, 8)).shape", None),
    ("error", "F.conv_transpose1d(t.ones(1, 3, 8, dtype=t.int32), t.ones(3, 4, 3, dtype=t.int32))",
     "slow_conv_transpose"),
    # the matmul family's argument checks, in torch's order
    ("own", "t.baddbmm(t.ones(2, 2, 2), x, x.t())", "baddbmm"),
    ("own", "t.baddbmm(t.ones(2, 2, 2), t.tensor(2.), t.ones(2))", "baddbmm"),
    ("own", "t.mv(t.tensor(2.), t.ones(2))", "mv"),
    ("error", "t.outer(x, None)", "outer"),
    ("error", "t.ger(t.ones(2, 3), [1., 2., 3.])", "vec2"),
    # pooling flags, factories, misc
    ("error", "F.max_pool1d(t.ones(1, 3, 8), 2, ceil_mode='a')", "ceil_mode"),
    ("error", "F.max_pool2d(t.ones(1, 3, 8, 8), 2, ceil_mode='a')", "ceil_mode"),
    ("error", "F.max_pool3d(t.ones(1, 3, 4, 4, 4), 2, ceil_mode='a')", "ceil_mode"),
    ("error", "F.avg_pool3d(t.ones(1, 3, 4, 4, 4), 2, ceil_mode='a')", "ceil_mode"),
    ("error", "t.randint(0, 2 ** 63, (2,))", "randint"),
    ("error", "t.finfo(None)", "finfo"),
    ("value", "t.finfo().eps", None),
    ("own", "x.bernoulli_(t.ones(4))", "bernoulli_"),
    ("error", "nn.ModuleDict(['a'])", "ModuleDict"),
    ("own", "t.zeros(2 ** 62, 2 ** 62)", "zeros"),
    ("own", "t.arange(1e20)", "arange"),
    ("error", "t.Tensor({1, 2})", "set"),
    ("own", "x & 2 ** 70", "bitwise_and"),
    ("error", "y = x.clone(); y += 1 + 2j", "add_"),
    ("error", "F.kl_div(t.randn(4, 3), t.rand(4))", "kl_div"),
    ("error", "t.tensor([1, None], dtype=t.int64)", "tensor"),
    ("error", "t.tensor(None, dtype=t.float32)", "tensor"),
    ("error", "t.tensor({1, 2}, dtype=t.bool)", "tensor"),
    ("error", "t.tensor([x, x], dtype=t.int64)", "tensor"),
    ("error", "t.tensor([t.ones(2)], dtype=t.float32)", "tensor"),
    ("error", "t.addmv(t.ones(2), t.tensor(2.), t.ones(2))", "addmv"),
    ("value", "F.avg_pool3d(t.arange(27).reshape(1, 1, 3, 3, 3) * 3 - 40, 2, padding=1, count_include_pad=False)", None),
    ("value", "F.avg_pool3d(t.ones(1, 3, 4, 4, 4, dtype=t.int64), 2)", None),
]


@pytest.mark.parametrize("check, code, word", FIXED)
def test_bad_call_as_torch(check, code, word):
    check_case(check, code, word)


def test_array_operand_is_computed_by_numpy_without_a_graph():
    """x + array is a new tensor of NumPy's result (NumPy's promotion: float32 + int64 is float64); a tensor that
    requires grad is refused, as its values cannot leave the graph."""
    x = minigrad.arange(3.)
    r = x + np.arange(3)
    assert r.dtype == minigrad.float64 and r.tolist() == [0.0, 2.0, 4.0] and r.grad_fn is None
    with pytest.raises(RuntimeError, match="requires grad"):
        minigrad.ones(3, requires_grad=True) * np.ones(3)


def test_inplace_with_array_rebinds_instead_of_writing():
    x = minigrad.arange(3)
    alias = x
    x += np.ones(3)
    assert x is not alias and alias.tolist() == [0, 1, 2] and x.dtype == minigrad.float64


def test_integer_convolution_matches_a_float_one():
    a = minigrad.arange(2 * 3 * 9).reshape(2, 3, 9) % 5
    w = minigrad.arange(4 * 3 * 2).reshape(4, 3, 2) % 3
    r = minigrad.nn.functional.conv1d(a, w, stride=2)
    assert r.dtype == minigrad.int64
    assert r.tolist() == minigrad.nn.functional.conv1d(a.double(), w.double(), stride=2).long().tolist()


def test_run_helper_sees_the_bad_call():
    """The harness reports an error (not a value) for a call that raises, so the checks above can fail."""
    kind, err = _run(minigrad, "t.flip(x, 0)")
    assert kind == "error" and isinstance(err, TypeError)
