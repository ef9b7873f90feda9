"""Round 9 of bad calls, compared with torch (the cases come from /work/scratch/probe/badcalls9's batches):
dtype mixing in the matmul family, convolutions and index ops, dims given twice, memory formats on tensors of the
wrong rank, loss arguments, factory arguments, module/optimizer/data-loader arguments. Where torch raises, minigrad
raises the same exception class with a message that carries torch's text (so that a search for torch's error finds
it) and names the op, the shapes/dtypes and the fix; where torch accepts, minigrad gives the same value."""
import math
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, plain_outcome


def _run(lib, code):
    """Run a harness line (``t`` is the library; ``x``, ``xi``, ``w``, ``p``, ``ds`` as in the probe) -> outcome."""
    env = {"t": lib, "nn": lib.nn, "F": lib.nn.functional, "optim": lib.optim, "data": lib.utils.data, "np": np,
           "math": math}
    lib.manual_seed(0)
    env.update(x=lib.arange(6.).reshape(2, 3), xi=lib.arange(6).reshape(2, 3), w=lib.ones(2, requires_grad=True),
               p=[lib.nn.Parameter(lib.ones(2))], ds=lib.utils.data.TensorDataset(lib.arange(4.), lib.arange(4)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            try:
                return "value", eval(code, env)
            except SyntaxError:
                exec(code, env)
                return "value", env.get("R")
        except Exception as e:  # noqa: BLE001 -- the class is what is compared
            return "error", e


def _same(code, word=None):
    (tk, t), (mk, m) = _run(torch, code), _run(minigrad, code)
    assert mk == tk, f"{code}: torch gave {tk} {t!r}, minigrad {mk} {m!r}"
    if tk == "error":
        assert type(m).__name__ == type(t).__name__, f"{code}: minigrad {m!r} vs torch {t!r}"
        head = str(t).split("\n")[0][:40].lower()
        assert head in str(m).lower(), f"{code}: message {m} lacks torch's {head!r}"
        if word:
            assert word.lower() in str(m).lower(), f"{code}: the message does not name {word!r}: {m}"
    else:
        assert plain_outcome(m) == plain_outcome(t), f"{code}: minigrad {plain_outcome(m)} vs torch {plain_outcome(t)}"


# (harness line, a word minigrad's message must hold): torch raises
ERRORS = [
    # dtype mixing: the matmul family, cross, vecdot, out=
    ("t.addmm(t.ones(2, 2, dtype=t.float64), x, x.t())", "addmm"),
    ("t.baddbmm(t.ones(2, 2, 2, dtype=t.float64), t.ones(2, 2, 3), t.ones(2, 3, 2))", "baddbmm"),
    ("t.matmul(x, x.t(), out=t.empty(2, 2, dtype=t.float64))", "matmul"),
    ("t.cross(t.ones(3), t.ones(3, dtype=t.int64))", "cross"),
    ("t.linalg.vecdot(x, xi)", "vecdot"),
    # convolutions: bias dtype, no output channel
    ("F.conv2d(t.ones(1, 3, 8, 8), t.ones(4, 3, 3, 3), t.ones(4, dtype=t.float64))", "bias dtype"),
    ("F.conv1d(t.ones(1, 3, 8), t.ones(4, 3, 3), t.ones(4, dtype=t.float64))", "conv1d"),
    ("F.conv2d(t.ones(1, 3, 8, 8), t.ones(4, 3, 3, 3, dtype=t.float64))", "dtype"),
    ("F.conv2d(t.ones(1, 3, 8, 8), t.ones(0, 3, 3, 3))", "output channel"),
    ("F.conv1d(t.ones(1, 3, 8), t.ones(0, 3, 3))", "conv1d"),
    # index ops: index dtype, negative index, index larger than self
    ("x.gather(1, t.tensor([[0]], dtype=t.int16))", "index.long()"),
    ("x.gather(1, t.tensor([[0]], dtype=t.uint8))", "gather"),
    ("x.gather(1, t.tensor([[-1]]))", "gather"),
    ("x.scatter(1, t.tensor([[0]], dtype=t.int16), 1.)", "scatter"),
    ("x.scatter(1, t.tensor([[0, 1], [1, 2], [0, 0]]), 1.)", "scatter"),
    # memory formats on a tensor of the wrong rank
    ("t.zeros_like(x, memory_format=t.channels_last)", "zeros_like"),
    ("t.ones_like(x, memory_format=t.channels_last_3d)", "ones_like"),
    ("x.to(memory_format=t.channels_last)", "to()"),
    ("x.contiguous(memory_format=t.channels_last)", "contiguous"),
    ("x.clone(memory_format=t.channels_last)", "clone"),
    ("x.float(memory_format=t.channels_last)", "2-D"),
    ("x.to(device='cpu', copy='x')", "copy"),
    # repeat_interleave's repeats
    ("x.repeat_interleave(t.tensor([1., 2.]), dim=0)", "long()"),
    ("x.repeat_interleave(t.tensor([1, 2]))", "repeat_interleave"),
    ("x.repeat_interleave(t.tensor([1, 2, 3]), dim=0)", "per slice"),
    ("t.repeat_interleave(t.tensor([[1, 2]]))", "1-D"),
    ("x.repeat_interleave(t.tensor([[1, 2]]), dim=0)", "(1, 2)"),
    ("x.repeat_interleave(t.tensor([1, -2]), dim=0)", "negative"),
    # dims listed twice
    ("t.ones(1, 3, 1).squeeze((0, 0))", "squeeze"),
    ("t.ones(1, 3, 1).squeeze((2, -1))", "once"),
    # one_hot's arguments
    ("F.one_hot(t.tensor([0, 1]), 2.0)", "int(num_classes)"),
    ("F.one_hot([0, 1], 3)", "tensor"),
    # loss arguments
    ("F.multi_margin_loss(t.ones(3, 5), t.tensor([0, 1, 2]), weight=t.ones(4))", "multi_margin_loss"),
    ("F.multi_margin_loss(t.ones(3, 5), t.tensor([0, 1, 2]), weight=t.ones(5, 1))", "multi_margin_loss"),
    ("F.multilabel_margin_loss(t.ones(3, 5), t.ones(3, 5))", "target.long()"),
    ("F.cosine_embedding_loss(t.ones(2, 3), t.ones(2, 3), t.ones(2, 1))", "(2, 1)"),
    ("F.triplet_margin_loss(t.ones(2, 3), t.ones(2, 3), t.ones(2, 3), margin=-1.)", "triplet_margin_loss"),
    # interpolate and pooling arguments
    ("F.interpolate(t.ones(1, 1, 4, 4, dtype=t.int64), size=8)", ".float()"),
    ("F.interpolate(t.ones(1, 1, 4, dtype=t.int32), size=8)", "interpolate"),
    ("F.interpolate(t.ones(1, 1, 4, 4), size=8, recompute_scale_factor=True)", "scale_factor"),
    ("F.interpolate(t.ones(4, 4), size=(8, 8))", "(4, 4)"),
    ("F.interpolate(t.ones(4), size=8)", "(4,)"),
    ("F.avg_pool2d(t.ones(1, 1, 4, 4), 2, divisor_override=0)", "avg_pool2d"),
    # factories: out= of another dtype, 1-D linspace ends, randint's range for the dtype, normal's size
    ("t.arange(2, dtype=t.int32, out=t.empty(0, dtype=t.int64))", "arange"),
    ("t.zeros(2, dtype=t.float64, out=t.empty(0))", "zeros"),
    ("t.linspace(t.tensor([0.]), 1, 3)", "item()"),
    ("t.linspace(0, t.tensor([1.]), 3)", "linspace"),
    ("t.randint(0, 300, (2,), dtype=t.uint8)", "256"),
    ("t.randint(-1, 3, (2,), dtype=t.uint8)", "randint"),
    ("t.randint(0, 200, (2,), dtype=t.int8)", "int8"),
    ("t.normal(t.ones(2), 1., (3,))", "size"),
    # tensor methods: dtypes and shapes of masks, indices, weights
    ("t.bitwise_not(x)", "logical_not"),
    ("x.bitwise_not()", "bitwise_not"),
    ("~x", "logical_not"),
    ("t.lerp(x, x, t.tensor([0.5], dtype=t.float64))", "lerp"),
    ("t.lerp(x, x.double(), 0.5)", "lerp"),
    ("t.take_along_dim(x, t.tensor([[0.]]), dim=1)", "long()"),
    ("x.masked_select(t.ones(3, 3, dtype=t.bool))", "masked_select"),
    ("t.bincount(t.tensor([True, False]))", "long()"),
    ("t.cat([x, x], out=t.empty(4, 3, dtype=t.int64))", "cat"),
    ("x.type(5)", "type()"),
    ("x.sort(stable='yes')", "stable"),
    # modules, optimizers, data loading
    ("nn.MultiheadAttention(4, 2)(t.ones(3, 2, 4), t.ones(5, 2, 4), t.ones(5, 2, 4), "
     "attn_mask=t.zeros(3, 5, dtype=t.int64))", "torch.int64"),
    ("nn.Dropout2d(0.5)(t.ones(3))", "dropout2d"),
    ("F.dropout2d(t.ones(3))", "(3,)"),
    ("optim.Adam(p, foreach=True, fused=True)", "Adam"),
    ("optim.AdamW(p, foreach=True, fused=True)", "AdamW"),
    ("len(data.DataLoader(ds, batch_size=np.int64(2)))", "batch_size"),
    ("data.BatchSampler([0, 1], np.int64(2), False)", "batch_size"),
    ("next(iter(data.DataLoader([np.ones(2), np.ones(3)], batch_size=2)))", "entry 1"),
    ("t.stack([t.ones(2), t.ones(2), t.ones(3)])", "entry 2"),
    # functional arguments
    ("x.lerp_(xi, 0.5)", "lerp"),
    ("F.unfold(t.ones(1, 1, 4, 4), 2, stride=0)", "unfold"),
    ("F.unfold(t.ones(1, 1, 4, 4), 2, dilation=0)", "dilation >= 1"),
    ("F.rrelu(x, lower=0.5, upper=0.1)", "rrelu"),
    ("F.rrelu(x, lower=0.5, upper=0.1, training=True)", "rrelu"),
    ("F.prelu(x, t.ones(1, 3))", "(1, 3)"),
    ("F.softshrink(x, lambd=-1)", "softshrink"),
    ("F.local_response_norm(t.ones(2, 3, 4), 0)", "local_response_norm"),
    ("F.cosine_similarity(xi, xi)", ".float()"),
    ("t.aminmax(x, dim=(0, 1))", "amin"),
    ("x.numpy(force='x')", "force"),
    ("t.asarray([1, 2], copy=False)", "asarray"),
    ("t.set_default_dtype(float)", "set_default_dtype"),
    ("t.set_default_dtype('float64')", "torch.float64"),
    ("t.set_default_dtype(t.int64)", "torch.int64"),
    ("t.promote_types(t.float32, 'a')", "str"),
    ("t.iinfo(t.float32)", "iinfo"),
    ("t.iinfo(t.bool)", "iinfo"),
]

# torch raises an internal message (which minigrad does not copy): the same class, and minigrad's names the op
ERRORS_OWN_TEXT = [
    ("t.zeros(2, 3).masked_scatter_(t.ones(2, 2, 3, dtype=t.bool), t.ones(12))", "masked_scatter_"),
    ("R = nn.Linear(2, 2); R.register_parameter('forward', nn.Parameter(t.ones(1)))", "'forward' already exists"),
    # the fix named in the message
    ("x.sum((0, 0))", "list each dim once"),
    ("x.split([2, 2], dim=1)", "sum to 3"),
    ("x.movedim((0, 0), (1, 0))", "listed once"),
    ("x.select(1, 3)", "[-3, 3)"),
    ("x.masked_fill(x > 2, t.ones(2))", "0-d tensor"),
    ("F.max_pool2d(t.ones(1, 1, 2, 2), 3)", "smaller kernel_size"),
    ("F.max_pool3d(t.ones(1, 1, 2, 2, 2), 3)", "smaller kernel_size"),
    ("x.kthvalue(4)", "[1, 3]"),
    ("x.topk(4)", "[0, 3]"),
    ("x.unfold(1, 4, 1)", "[0, 3]"),
    ("F.conv3d(t.ones(1, 2, 4, 4, 4), t.ones(3, 2, 3, 3, 3), padding='same', stride=2)", "stride=1"),
    ("nn.Conv2d(3, 4, 3, padding='same', stride=2)", "stride=1"),
    ("nn.Conv1d(3, 4, 3, padding='same', stride=2)", "stride=1"),
    ("t.zeros((2, -1))", ">= 0"),
    ("x.view(-1, 4)", "multiply to 6"),
]

# torch accepts: the same value
VALUES = [
    "t.addmm(t.ones(2, 2), x, x.t(), beta=0.5)",
    "t.baddbmm(t.ones(2, 2), t.ones(2, 2, 3), t.ones(2, 3, 2))",
    "t.matmul(x, x.t(), out=t.empty(2, 2))",
    "F.conv2d(t.ones(1, 3, 8, 8), t.ones(4, 3, 3, 3), t.ones(4))",
    "x.gather(1, t.tensor([[0, 2]], dtype=t.int32))",
    "x.scatter(1, t.tensor([[2]], dtype=t.int32), 7.)",
    "t.zeros_like(t.ones(1, 2, 3, 4), memory_format=t.channels_last)",
    "t.ones(1, 2, 3, 4).contiguous(memory_format=t.channels_last)",
    "x.float(memory_format=t.preserve_format)",
    "x.is_contiguous(memory_format=t.channels_last)",
    "x.clone(memory_format=t.contiguous_format)",
    "t.repeat_interleave(t.tensor([1, 2]))",
    "x.repeat_interleave(t.tensor([2]), dim=0)",
    "x.repeat_interleave(t.tensor(2), dim=1)",
    "x.repeat_interleave(t.tensor([1, 0]), dim=0)",
    "t.ones(1, 3, 1).squeeze((0, 2))",
    "t.ones(1, 3, 1).squeeze([0, -1])",
    "F.one_hot(t.tensor([0, 2]), 3)",
    "F.multi_margin_loss(t.arange(15.).reshape(3, 5) / 7, t.tensor([0, 1, 2]), weight=t.arange(5.))",
    "F.multilabel_margin_loss(t.arange(15.).reshape(3, 5), t.tensor([[0, 1, -1, 0, 0]] * 3))",
    "F.cosine_embedding_loss(t.ones(2, 3), t.arange(6.).reshape(2, 3), t.tensor([1., -1.]))",
    "F.triplet_margin_loss(t.ones(2, 3), t.zeros(2, 3), t.arange(6.).reshape(2, 3), margin=0.5)",
    "F.interpolate(t.arange(16, dtype=t.uint8).reshape(1, 1, 4, 4), size=8)",
    "F.interpolate(t.arange(16.).reshape(1, 1, 4, 4), scale_factor=2, recompute_scale_factor=True)",
    "F.avg_pool2d(t.arange(16.).reshape(1, 1, 4, 4), 2, divisor_override=2)",
    "R = t.empty(0, dtype=t.int64); t.arange(3, out=R)",
    "R = t.empty(0); t.zeros(2, dtype=t.float32, out=R)",
    "t.linspace(t.tensor(0.), t.tensor(1.), 3)",
    "t.randint(0, 256, (4,), dtype=t.uint8).dtype",
    "t.randint(-128, 128, (4,), dtype=t.int8).shape",
    "~xi",
    "t.bitwise_not(t.tensor([True, False]))",
    "t.lerp(x, x * 2, t.tensor(0.25, dtype=t.float64))",
    "t.take_along_dim(x, t.tensor([[0], [2]]), dim=1)",
    "t.zeros(2, 3).masked_scatter(t.ones(2, 2, 3, dtype=t.bool), t.arange(12.))",
    "x.masked_select(t.tensor([[[True, False, True]], [[False, True, True]]]))",
    "x.masked_select(t.tensor([True, False, True]))",
    "R = t.empty(0, dtype=t.float64); t.cat([x, x], out=R)",
    "x.type(t.float64)",
    "x.sort(stable=None)[0]",
    "x.sort(stable=True, descending=True)[1]",
    "nn.MultiheadAttention(4, 2)(t.ones(3, 2, 4), t.ones(5, 2, 4), t.ones(5, 2, 4), "
    "attn_mask=t.zeros(3, 5, dtype=t.bool))[0].shape",
    "R = nn.Linear(2, 2, bias=False); R.register_parameter('bias', None); R = R.bias",
    "R = nn.Linear(2, 2); R.register_parameter('extra', nn.Parameter(t.ones(1))); R = sorted(R.state_dict())",
    "nn.Dropout2d(0.0)(t.ones(2, 3))",
    "optim.Adam(p, foreach=True).defaults['foreach']",
    "optim.Adam(p, fused=False, foreach=True).defaults['lr']",
    "data.DataLoader(ds, num_workers=1.5).num_workers",
    "len(data.DataLoader(ds, batch_size=3))",
    "nn.Linear(2, 2).share_memory().weight.shape",
    "next(iter(data.DataLoader([np.ones(2), np.zeros(2)], batch_size=2)))",
    "R = x.clone(); R.lerp_(x * 3, 0.5)",
    "F.unfold(t.arange(16.).reshape(1, 1, 4, 4), 2, stride=2)",
    "F.rrelu(x - 3, lower=0.25, upper=0.25)",
    "F.prelu(x - 3, t.tensor([0.5, 0.25, 2.]))",
    "F.softshrink(x, lambd=0.)",
    "F.local_response_norm(t.arange(24.).reshape(2, 3, 4), 1).shape",
    "F.cosine_similarity(x, xi).shape",
    "F.cosine_similarity(x.double(), x).dtype",
    "t.asarray(x, copy=False) is x",
    "t.asarray(x, copy=True) is x",
    "t.asarray(np.arange(3.), copy=True)",
    "t.asarray([1, 2], dtype=t.float32)",
    "t.aminmax(x, dim=1)",
    "x.numpy(force=True).tolist()",
    "t.promote_types(t.float32, t.int64)",
    "t.iinfo(t.uint8).max",
    "t.iinfo(t.int32).min",
]


# torch 2.15 changed the class (2.13: RuntimeError); minigrad follows 2.15 (NotImplementedError is a RuntimeError)
ERRORS_215 = [
    ("-t.ones(3, dtype=t.bool)", "logical_not"),
    ("t.nanmean(xi)", ".float()"),
]


@pytest.mark.skipif(TORCH_VERSION < (2, 15), reason="torch 2.15's exception class")
@pytest.mark.parametrize("code, word", ERRORS_215, ids=[c for c, _ in ERRORS_215])
def test_bad_call_raises_as_torch_215(code, word):
    _same(code, word)


def test_negating_a_bool_tensor_is_caught_as_runtime_error_too():
    with pytest.raises(RuntimeError, match="logical_not"):
        -minigrad.ones(3, dtype=minigrad.bool)
    with pytest.raises(RuntimeError, match="nanmean"):
        minigrad.nanmean(minigrad.arange(3))


@pytest.mark.parametrize("code, word", ERRORS, ids=[c for c, _ in ERRORS])
def test_bad_call_raises_as_torch(code, word):
    _same(code, word)


@pytest.mark.parametrize("code, word", ERRORS_OWN_TEXT, ids=[c for c, _ in ERRORS_OWN_TEXT])
def test_bad_call_raises_torchs_class(code, word):
    (tk, t), (mk, m) = _run(torch, code), _run(minigrad, code)
    assert tk == mk == "error" and type(m).__name__ == type(t).__name__, f"{code}: minigrad {m!r} vs torch {t!r}"
    assert word in str(m), f"{code}: {m}"


@pytest.mark.parametrize("code", VALUES)
def test_call_accepted_as_torch(code):
    _same(code)
