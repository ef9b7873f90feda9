"""Round 19 of bad calls, compared with torch: calls written by hand from torch's documentation (factories and
tensor(), dtype conversion, indexing, shape ops, the matmul family, in-place ops, reductions, layers, the functional
API, losses, optimizers, data utilities, autograd misuse). Each case runs the call under torch and under minigrad.
"error": minigrad raises torch's class and its message holds torch's first words; "own": torch's class (or a
subclass), in minigrad's own words; "value": torch accepts and minigrad gives the same value. The word is what
minigrad's message must name (the op or the argument)."""
import pytest

import minigrad
from test_badcalls13 import test_bad_call_as_torch as check_case
from test_badcalls9 import _run


# (check, harness line, word): calls whose outcome (or message) differed from torch's before this round
FIXED = [
    # tensor() and factories
    ("error", "t.tensor([[1, 2], None])", "tensor"),
    ("error", "t.tensor([[1], [None, 2]])", "tensor"),
    ("error", "t.arange(3, step=0)", "arange"),
    ("error", "t.arange(3, step=1)", "arange"),
    ("value", "t.arange(0, 3, step=1)", None),
    ("value", "t.arange(start=1, end=4)", None),
    ("own", "t.arange(0, 5, None)", "step"),
    ("error", "t.arange('a')", "arange"),
    ("error", "t.arange(None)", "arange"),
    ("error", "t.scalar_tensor(t.ones(2))", "scalar_tensor"),
    ("error", "t.scalar_tensor(t.tensor([1.]))", "scalar_tensor"),
    ("value", "t.scalar_tensor(t.tensor(2))", None),
    ("own", "t.logspace(0, 1, 3, base='e')", "base"),
    ("value", "t.logspace(0, 1, 3, base=2)", None),
    ("error", "t.diag_embed(t.tensor(1.))", "diag_embed"),
    ("error", "t.diag_embed(t.ones(2), 0.5)", "diag_embed"),
    ("error", "t.diagflat(x, 0.5)", "diagflat"),
    ("error", "t.frombuffer(b'abc', dtype=t.float32)", "frombuffer"),
    ("error", "t.frombuffer(b'', dtype=t.float32)", "frombuffer"),
    ("error", "t.frombuffer(b'abcd', dtype=t.float32, offset=5)", "frombuffer"),
    ("error", "t.frombuffer(b'abcdabcd', dtype=t.float32, count=3)", "frombuffer"),
    ("error", "t.frombuffer(5, dtype=t.float32)", "frombuffer"),
    ("value", "t.frombuffer(bytearray(8), dtype=t.int32, count=1, offset=4)", None),
    ("value", "b = bytearray(8); a = t.frombuffer(b, dtype=t.int32); a[1] = 7; R = list(b)", None),
    ("own", "t.linspace(0.0, 1.0, t.tensor(2.))", "steps"),
    ("own", "t.logspace(0.0, 1.0, t.tensor([1., 2.]))", "steps"),
    ("value", "t.linspace(0.0, 1.0, t.tensor(3))", None),
    ("error", "t.logspace(t.tensor([1., 2.]), 1.0, 5)", "logspace"),
    ("error", "t.logspace(0.0, t.tensor([1., 2.]), 5)", "logspace"),
    ("value", "t.logspace(t.tensor(1.), 2.0, 3)", None),
    # conversions
    ("error", "x.type(int)", "type"),
    ("error", "x.type(float)", "type"),
    ("error", "x.type(t.FloatTensor, 1)", "non_blocking"),
    ("value", "x.type(t.float64, True)", None),
    ("value", "x.type('torch.DoubleTensor')", None),
    ("own", "x.numpy(True)", "numpy"),
    ("value", "x.numpy(force=True).tolist()", None),
    # indexing, searching
    ("own", "x[[0, 'a']]", "index"),
    ("own", "t.bucketize(t.ones(2), t.arange(3.), out_int32='a')", "out_int32"),
    ("own", "t.searchsorted(t.arange(3.), t.ones(2), out_int32=1)", "out_int32"),
    ("value", "t.bucketize(t.ones(2), t.arange(3.), out_int32=True)", None),
    ("error", "x.scatter_add(1, t.tensor([[0]]), 1.)", "scatter_add"),
    ("error", "x.index_put((t.tensor([5]),), t.tensor(1.))", "index_put"),
    ("error", "x.index_put((t.tensor([0]), t.tensor([-4])), t.tensor(1.))", "index_put"),
    ("value", "x.index_put((t.tensor([-2]), t.tensor([-3])), t.tensor(1.))", None),
    ("value", "x.index_put((x > 2,), t.tensor(1.))", None),
    ("own", "x.index_put((t.tensor([5]),), t.ones(2, 3))", "index"),
    ("value", "[len(s) for s in data.random_split(ds, [t.tensor(2), 2])]", None),
    # shapes
    ("error", "t.broadcast_shapes((2, -1))", "broadcast_shapes"),
    ("error", "t.broadcast_shapes((-1,), (2,))", "broadcast_shapes"),
    ("error", "t.broadcast_shapes((1,), (-1,))", "broadcast_shapes"),
    ("own", "t.broadcast_shapes((2,), (-1,))", "broadcast_shapes"),
    ("own", "t.broadcast_shapes((2, 3), (3, 2))", "broadcast_shapes"),
    ("value", "t.broadcast_shapes(3, (2, 1), (1, 1, 1))", None),
    ("value", "t.broadcast_shapes((0,), (1,))", None),
    ("error", "x.split(1.5)", "split"),
    ("error", "t.stack([x, x], dim=1.5)", "stack"),
    ("value", "t.stack([x, x], dim=t.tensor(1))", None),
    ("error", "F.pad(x, 1)", "pad"),
    ("error", "F.pad(x, None)", "pad"),
    # linear algebra
    ("error", "t.linalg.cross(t.ones(3), t.ones(3), dim=1)", "cross"),
    ("error", "t.linalg.matrix_power(t.eye(2), 1.5)", "matrix_power"),
    ("value", "t.linalg.matrix_power(t.eye(2) * 2, t.tensor(2))", None),
    # covariance weights
    ("error", "t.cov(x, aweights=-t.ones(3))", "aweights"),
    ("error", "t.cov(x, aweights=t.ones(3, dtype=t.int64))", "aweights"),
    ("error", "t.cov(x, aweights=t.ones(2))", "aweights"),
    ("error", "t.cov(x, fweights=t.ones(3))", "fweights"),
    ("error", "t.cov(x, fweights=-t.ones(3, dtype=t.int64))", "fweights"),
    ("error", "t.cov(x, fweights=t.ones(1, 3, dtype=t.int64))", "fweights"),
    ("error", "t.cov(x, fweights=[1, 1, 1])", "fweights"),
    ("value", "t.cov(x, fweights=t.tensor([1, 2, 1]), aweights=t.tensor([0.5, 1., 2.]))", None),
    ("error", "t.clamp_max(x, None)", "clamp_max"),
    ("error", "t.clamp_min(x, None)", "clamp_min"),
    ("own", "x.clamp_min_(None)", "clamp_min"),
    ("error", "t.fft.fft(x, n=-1)", "fft"),
    ("error", "t.fft.ifft(x, n=-1)", "ifft"),
    ("error", "t.fft.rfft(x, n=0)", "rfft"),
    ("error", "t.fft.hfft(x, n=-1)", "fft"),
    ("value", "t.fft.fftn(x, s=(-1, 4)).shape", None),
    ("error", "t.diff(x, n=t.tensor([1., 2.]), dim=1)", "diff"),
    ("error", "t.diff(x, n=1.5)", "diff"),
    ("value", "t.diff(x, n=t.tensor(1), dim=1)", None),
    ("error", "t.trapezoid(x, dx=t.tensor([1., 2.]), dim=1)", "trapezoid"),
    ("value", "t.trapezoid(x, dx=t.tensor(2.), dim=1)", None),
    ("error", "F.embedding(t.tensor([0, 1]), t.ones(10, 4), padding_idx=t.tensor([1., 2.]))", "padding_idx"),
    ("error", "F.embedding(t.tensor([0, 1]), t.ones(10, 4), padding_idx=t.tensor(1.))", "padding_idx"),
    ("value", "F.embedding(t.tensor([0, 1]), t.arange(40.).reshape(10, 4), padding_idx=t.tensor(1))", None),
    ("value", "F.embedding(t.tensor([0, 1]), t.arange(40.).reshape(10, 4), padding_idx=t.tensor([1]))", None),
    ("error", "F.smooth_l1_loss(x, x, beta='a')", "beta"),
    ("value", "F.smooth_l1_loss(x, x * 2, beta=t.tensor(0.5))", None),
    # special functions, dropout
    ("error", "t.logit(x, eps='a')", "logit"),
    ("value", "t.logit(x / 6, eps=t.tensor(0.1))", None),
    ("error", "nn.Dropout('a')", "Dropout"),
    ("error", "nn.Dropout(p=None)", "Dropout"),
    ("error", "F.dropout(x, p='a')", "dropout"),
    # layers: the sizes their weights are made with
    ("error", "nn.Linear(-1, 3)", "in_features"),
    ("own", "nn.Linear(3.5, 2)", "in_features"),
    ("error", "nn.Conv2d(3, 4, -1)", "kernel_size"),
    ("error", "nn.Conv2d(-3, 4, 3)", "in_channels"),
    ("own", "nn.Conv1d(3, 4, 'a')", "kernel_size"),
    ("error", "nn.ConvTranspose2d(3, -4, 3)", "out_channels"),
    ("error", "nn.BatchNorm1d(-1)", "num_features"),
    ("own", "nn.BatchNorm1d(3.5)", "num_features"),
    ("value", "nn.BatchNorm1d(-1, affine=False, track_running_stats=False).num_features", None),
    ("error", "nn.InstanceNorm1d(-2, affine=True)", "num_features"),
    ("error", "nn.LayerNorm(-1)", "normalized_shape"),
    ("error", "nn.Embedding(-1, 3)", "num_embeddings"),
    ("own", "nn.Embedding(3, 2.5)", "embedding_dim"),
    ("error", "nn.Bilinear(2, 3, -1)", "out_features"),
    ("error", "nn.GroupNorm(0, 4)", "num_groups"),
    ("error", "nn.GroupNorm(2, -4)", "num_channels"),
    ("value", "nn.Conv1d(3, 4, (3, 3)).weight.shape", None),
    # tensor methods' flags and formats
    ("own", "x.max(dim=None)", "dim"),
    ("own", "x.min(dim=None, keepdim=True)", "dim"),
    ("value", "t.max(x, 1, True).values", None),
    ("error", "x.gather(1, t.tensor([[0]]), sparse_grad='a')", "sparse_grad"),
    ("error", "x.clone(memory_format='a')", "clone"),
    ("error", "x.contiguous(memory_format=1)", "contiguous"),
    ("value", "x.clone(memory_format=t.contiguous_format)", None),
    ("own", "x.is_contiguous('a')", "is_contiguous"),
    # data loading: a batch sampler must give lists of indices
    ("error", "list(data.DataLoader(ds, batch_sampler=[0, 1]))", "iterable"),
    ("own", "list(data.DataLoader(ds, batch_size=2, sampler=['a']))", "str"),
    ("value", "len(list(data.DataLoader(ds, batch_sampler=[(0, 1), np.array([2, 3])])))", None),
    ("own", "data.random_split(ds, [2.5, 1.5])", "random_split"),
    ("value", "[len(s) for s in data.random_split(ds, [0.5, 0.5])]", None),
    # optimizers
    ("error", "o = optim.SGD(p, lr=0.1); o.load_state_dict([1])", "load_state_dict"),
    ("own", "optim.SGD(p, lr='a')", "lr"),
    ("own", "optim.Adam(p, lr='a')", "lr"),
    ("own", "optim.Adam(p, betas=('a', 0.9))", "betas"),
    ("error", "optim.Adam(p, betas=(0.9,))", "betas"),
    ("error", "optim.Adam(p, betas=0.9)", "betas"),
    ("value", "len(optim.AdamW(p, betas=[0.8, 0.9]).param_groups)", None),
]


@pytest.mark.parametrize("check, code, word", FIXED)
def test_bad_call_as_torch(check, code, word):
    check_case(check, code, word)


def test_arange_without_a_step_keeps_its_default():
    assert minigrad.arange(4).tolist() == [0, 1, 2, 3]
    assert minigrad.arange(1, 7, 2).tolist() == [1, 3, 5]


def test_cov_weights_are_checked_before_use():
    x = minigrad.arange(6.).reshape(2, 3)
    with pytest.raises(RuntimeError, match="aweights cannot be negative"):
        minigrad.cov(x, aweights=-minigrad.ones(3))
    assert minigrad.cov(x, fweights=minigrad.tensor([1, 1, 1])).tolist() == minigrad.cov(x).tolist()


def test_run_helper_sees_the_bad_call():
    """The harness reports an error (not a value) for a call that raises, so the checks above can fail."""
    kind, err = _run(minigrad, "t.broadcast_shapes((2, -1))")
    assert kind == "error" and isinstance(err, ValueError)
