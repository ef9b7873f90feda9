"""Round 10 of bad calls, compared with torch (the cases come from /work/scratch/probe/badcalls10's generated batch:
wrong dtypes, shapes and non-tensors into nn layers and losses, attention masks, recurrent layers, keyword names,
devices). Where torch raises, minigrad raises the same exception class (or a subclass of it) with a message that
carries torch's text and names the op, the shapes/dtypes and the fix; where torch accepts, minigrad gives the same
value."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION
from test_badcalls9 import _run, _same


def _same_class_own_text(code, word):
    """torch raises; minigrad raises the same class or a subclass of it, in its own words (holding ``word``)."""
    (tk, t), (mk, m) = _run(torch, code), _run(minigrad, code)
    assert tk == mk == "error", f"{code}: torch gave {tk} {t!r}, minigrad {mk} {m!r}"
    assert isinstance(m, Exception) and type(t).__name__ in [c.__name__ for c in type(m).__mro__], (code, m, t)
    assert word.lower() in str(m).lower(), f"{code}: the message does not name {word!r}: {m}"


# (harness line, a word minigrad's message must hold): torch raises, minigrad raises the same with torch's text
ERRORS = [
    # a batched (3-D) weight into F.linear was multiplied as a batch (a silent wrong answer)
    ("F.linear(x, t.ones(2, 3, 3))", "out_features, in_features"),
    # float64 into an instance norm with float32 parameters
    ("nn.InstanceNorm2d(3, affine=True)(t.ones(2, 3, 4, 4, dtype=t.float64))", "instance_norm"),
    ("nn.BatchNorm1d(3).half()(t.ones(2, 3))", "batch_norm"),
    # non-tensors where a tensor is expected: torch's TypeError naming the argument (was an AttributeError)
    ("nn.LayerNorm(3)([[1., 2., 3.]])", "layer_norm"),
    ("nn.LayerNorm(3)(None)", "as_tensor"),
    ("F.layer_norm(np.ones((2, 3), dtype=np.float32), (3,))", "layer_norm"),
    ("nn.Dropout()([[1., 2., 3.]])", "dropout"),
    ("F.dropout(np.array([1., 2.]))", "dropout"),
    ("F.dropout(None, training=False)", "dropout"),
    ("F.nll_loss(t.randn(4, 3), [0, 1, 2, 0])", "target"),
    ("nn.NLLLoss()(t.randn(4, 3), None)", "target"),
    ("F.nll_loss(t.randn(4, 3), np.array([0, 1, 2, 0]))", "nll_loss"),
    ("F.nll_loss(t.randn(4, 3), t.tensor([0, 1, 2, 0]), ignore_index=1.5)", "ignore_index"),
    ("F.nll_loss(t.randn(4, 3), t.tensor([0, 1, 2, 0]), ignore_index=None)", "ignore_index"),
    ("F.cross_entropy(t.randn(4, 3), t.tensor([0, 1, 2, 0]), weight=[1., 1., 1.])", "weight"),
    ("F.nll_loss(t.randn(4, 3), t.tensor([0, 1, 2, 0]), weight=[1., 1., 1.])", "weight"),
    ("F.binary_cross_entropy_with_logits(t.randn(4), t.rand(4), pos_weight=2.0)", "pos_weight"),
    ("F.binary_cross_entropy_with_logits(t.randn(4), t.rand(4), weight=[1., 1., 1., 1.])", "weight"),
    ("t.is_floating_point([1., 2.])", "is_floating_point"),
    ("t.is_floating_point(None)", "is_floating_point"),
    # probability targets have no class to ignore
    ("F.cross_entropy(t.randn(4, 3), t.softmax(t.randn(4, 3), 1), ignore_index=1)", "class indices"),
    ("nn.CrossEntropyLoss(ignore_index=0)(t.randn(4, 3), t.softmax(t.randn(4, 3), 1))", "ignore_index"),
    # integer inputs into losses that need floating point
    ("F.smooth_l1_loss(t.ones(4, dtype=t.int64), t.ones(4, dtype=t.int64))", ".float()"),
    ("nn.HuberLoss()(t.ones(4, dtype=t.int32), t.ones(4, dtype=t.int32))", "huber_loss"),
    ("F.binary_cross_entropy_with_logits(t.ones(4, dtype=t.int64), t.ones(4))", "input.float()"),
    ("F.kl_div(t.log_softmax(t.randn(2, 3), 1), t.ones(2, 3, dtype=t.int64))", "float()"),
    ("F.kl_div(t.ones(2, 3, dtype=t.int64), t.ones(2, 3), reduction='batchmean')", "kl_div"),
    ("F.kl_div(t.log_softmax(t.randn(2, 3), 1), t.softmax(t.randn(2, 4), 1), reduction='foo')", "batchmean"),
    # attention masks of the wrong rank or shape (a (1, L, S) mask was broadcast over the batch and heads)
    ("nn.MultiheadAttention(4, 2)(t.ones(3, 2, 4), t.ones(5, 2, 4), t.ones(5, 2, 4), attn_mask=t.zeros(1, 3, 5))",
     "(4, 3, 5)"),
    ("nn.MultiheadAttention(4, 2)(t.ones(3, 2, 4), t.ones(5, 2, 4), t.ones(5, 2, 4), attn_mask=t.zeros(5, 3))",
     "(3, 5)"),
    ("nn.MultiheadAttention(4, 2)(t.ones(3, 2, 4), t.ones(5, 2, 4), t.ones(5, 2, 4), attn_mask=t.zeros(1, 1, 3, 5))",
     "4-D"),
    ("nn.MultiheadAttention(4, 2)(t.ones(3, 2, 4), t.ones(5, 2, 4), t.ones(5, 2, 4), attn_mask=t.zeros(5))", "1-D"),
    ("nn.MultiheadAttention(4, 2)(t.ones(3, 4), t.ones(5, 4), t.ones(5, 4), attn_mask=t.zeros(1, 3, 5))", "(2, 3, 5)"),
    ("nn.MultiheadAttention(4, 2)(t.ones(4), t.ones(4), t.ones(4))", "1-D query"),
    ("nn.MultiheadAttention(4, 2)(t.ones(1, 3, 2, 4), t.ones(1, 3, 2, 4), t.ones(1, 3, 2, 4))", "batch_first"),
    ("nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0)(t.ones(3, 2, 4), src_mask=t.zeros(3))", "2-D or 3-D"),
    ("nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0)(t.ones(4))", "query"),
    ("nn.Transformer(4, 2, 1, 1, 8, dropout=0.0)(t.ones(3, 2, 5), t.ones(5, 2, 5))", "d_model=4"),
    ("nn.Transformer(4, 2, 1, 1, 8, dropout=0.0)(t.ones(3, 2, 4), t.ones(5, 3, 4))", "batch_first"),
    # recurrent layers: no time steps, a non-bool batch_first, a numpy input, LSTMCell's hx as one tensor
    ("nn.LSTM(3, 4)(t.ones(0, 2, 3))", "no time steps"),
    ("nn.GRU(3, 4, batch_first=True)(t.ones(2, 0, 3))", "GRU"),
    ("nn.RNN(3, 4, batch_first='yes')", "batch_first=True"),
    ("nn.LSTM(3, 4, bias=1)", "bias"),
    ("nn.GRU(3, 4)(np.ones((5, 2, 3), dtype=np.float32))", "as_tensor"),
    ("nn.LSTMCell(3, 4)(t.ones(2, 3), t.zeros(2, 4))", "(h, c)"),
    # pools on dtypes torch's CPU kernels lack: bool max pools, non-int64 average pools, integer adaptive pools
    ("nn.MaxPool2d(2)(t.ones(1, 1, 4, 4, dtype=t.bool))", "input.float()"),
    ("F.max_pool3d(t.ones(1, 1, 2, 2, 4, dtype=t.bool), 2)", "max_pool3d"),
    ("nn.AvgPool2d(2)(t.ones(1, 1, 4, 4, dtype=t.int32))", "avg_pool2d"),
    ("nn.AdaptiveAvgPool2d(2)(t.ones(1, 2, 4, 4, dtype=t.int64))", "adaptive_avg_pool2d"),
    ("nn.AdaptiveMaxPool2d((2, 2))(t.ones(1, 2, 4, 4, dtype=t.int32))", "adaptive_max_pool2d"),
    ("nn.AdaptiveMaxPool2d((2, 2))(t.ones(1, 2, 4, 4, dtype=t.bool))", "float()"),
    # pixel (un)shuffle by a factor of 0 (was a ZeroDivisionError)
    ("nn.PixelShuffle(0)(t.ones(1, 4, 2, 2))", "r >= 1"),
    ("F.pixel_unshuffle(t.ones(1, 1, 4, 4), -1)", "pixel_unshuffle"),
    # factories without a size (gave a 0-d tensor)
    ("t.ones()", "ones(())"),
    ("t.zeros(dtype=t.int64)", "zeros"),
    ("t.empty()", "size"),
    # meshgrid of mixed dtypes or of nothing
    ("t.meshgrid(t.ones(2), t.ones(3).long(), indexing='xy')", ".to(torch.float32)"),
    ("t.cartesian_prod(t.ones(2), t.ones(3).long())", "meshgrid"),
    ("t.meshgrid()", "1-D tensors"),
    # .data of a tensor that requires grad set to an integer tensor
    ("w.data = t.ones(2, dtype=t.int64)", "requires_grad_(False)"),
    ("p[0].data = t.arange(2)", ".float()"),
    # a matrix norm of a 3-D tensor without dims
    ("t.linalg.norm(t.ones(2, 2, 2), ord='fro')", "dim="),
    # scans to bool, nanmean to an integer dtype or a dtype string
    ("t.cumsum(x, 0, dtype=t.bool)", "torch.int64"),
    ("t.cumprod(xi, 0, dtype=t.bool)", "cumprod"),
    ("t.nanmean(x, dtype=t.int64)", "float dtype"),
    ("t.nanmean(xi, dtype='float64')", "torch.float64"),
    # device strings with spaces
    ("x.to(' cpu')", "cpu"),
    # random fills of an expanded tensor (was NumPy's "assignment destination is read-only" ValueError)
    ("t.ones(1, 3).expand(2, 3).uniform_(0, 1)", "clone()"),
    ("t.ones(1, 3).expand(2, 3).normal_(0, 1)", "normal_"),
    ("t.ones(1, 3).expand(2, 3).random_(0, 10)", "random_"),
    # put_ with as many values as indices
    ("x.put_(t.tensor([0]), t.tensor([9, 8.]))", "one value per index"),
    ("t.put(x, t.tensor([0, 1]), t.tensor([9.]))", "put"),
    # float targets of another batch size: torch's batch-size ValueError first
    ("F.cross_entropy(t.randn(4, 3), t.randn(3, 4))", "(3, 4)"),
    ("nn.NLLLoss()(t.randn(4, 3), t.randn(3, 4))", "nll_loss"),
    # add_module over an existing attribute
]

# torch raises; minigrad raises the same class with its own words (torch's text names an internal kernel)
ERRORS_OWN_TEXT = [
    # non-tensors into functions that torch writes in Python: AttributeError there, TypeError too here
    ("nn.Softmax(1)([[1., 2., 3.]])", "softmax"),
    ("F.sigmoid(np.array([1., 2.]))", "as_tensor"),
    ("F.log_softmax(None, 0)", "log_softmax"),
    ("F.mse_loss(t.randn(4), [1., 2., 3., 4.])", "mse_loss"),
    ("nn.L1Loss()(t.randn(4), None)", "l1_loss"),
    ("nn.BCELoss()(t.rand(4), [1., 0., 1., 0.])", "binary_cross_entropy"),
    ("F.binary_cross_entropy_with_logits(t.rand(4), [1., 0., 1., 0.])", "as_tensor"),
    ("nn.Parameter([1.0])", "torch.tensor"),
    ("nn.Parameter(np.ones(2))", "Parameter"),
    # the integer adaptive average pool to 1x1 (torch 2.15: NotImplementedError from mean(); 2.13 a RuntimeError)
    ("nn.AdaptiveAvgPool2d(1)(t.ones(1, 2, 4, 4, dtype=t.int64))", "float()"),
    ("nn.BCEWithLogitsLoss()(t.rand(4), t.ones(4, dtype=t.bool))", "target.float()"),
    # non-tensors into TensorDataset (torch: AttributeError or TypeError, as the argument is a list or an array)
    ("data.TensorDataset(t.arange(4.), [1, 2, 3, 4])", "as_tensor"),
    ("data.TensorDataset(np.arange(4.))", "TensorDataset"),
    # an optimizer's load_state_dict given something other than a state dict
    ("o = optim.Adam(p, lr=0.01); o.load_state_dict(None)", "state_dict()"),
    ("nn.AvgPool1d(2)(t.ones(1, 1, 4, dtype=t.bool))", "avg_pool1d"),
    # device strings with spaces (DeviceError: a RuntimeError and a ValueError)
    ("t.device('cpu ')", "no spaces"),
    ("t.ones(2, device='cpu\\n')", "device"),       # (torch names its 2-D kernel)
    ("F.avg_pool3d(t.ones(1, 1, 2, 2, 4, dtype=t.uint8), 2)", "avg_pool3d"),
    ("m = nn.Linear(2, 2); m.add_module('weight', nn.ReLU())", "already exists"),   # (KeyError: quoted by str())
    # bool into hardtanh / relu6 (torch 2.15: NotImplementedError; 2.13: RuntimeError, which it subclasses)
    ("nn.Hardtanh()(t.ones(2, 3, dtype=t.bool))", ".float()"),
    ("F.relu6(t.ones(2, dtype=t.bool))", "hardtanh"),
    ("F.adaptive_max_pool3d(t.ones(1, 1, 2, 2, 4, dtype=t.int64), 1)", "adaptive_max_pool3d"),
    # a float mask of another dtype than the query (was converted silently)
    ("nn.MultiheadAttention(4, 2)(t.ones(3, 2, 4), t.ones(5, 2, 4), t.ones(5, 2, 4), "
     "attn_mask=t.zeros(3, 5, dtype=t.float64))", "attn_mask.to(query.dtype)"),
    ("nn.MultiheadAttention(4, 2)(t.ones(3, 2, 4), t.ones(5, 2, 4), t.ones(5, 2, 4), "
     "key_padding_mask=t.zeros(2, 5, dtype=t.float64))", "key_padding_mask"),
]

# torch accepts: minigrad gives the same value
VALUES = [
    # float16 input into norm layers with float32 parameters (torch's CPU mixed precision): a float16 output
    "nn.BatchNorm1d(3)(t.ones(2, 3, dtype=t.float16))",
    "nn.BatchNorm2d(3)(t.arange(24., dtype=t.float16).reshape(2, 3, 2, 2))",
    "m = nn.BatchNorm2d(3); m.eval(); R = m(t.arange(24., dtype=t.float16).reshape(2, 3, 2, 2))",
    "nn.LayerNorm(3)(t.arange(6., dtype=t.float16).reshape(2, 3))",
    "nn.GroupNorm(2, 4)(t.arange(24., dtype=t.float16).reshape(2, 4, 3))",
    "nn.InstanceNorm1d(3, affine=True)(t.arange(24., dtype=t.float16).reshape(2, 3, 4))",
    "m = nn.BatchNorm1d(3); m(t.arange(6., dtype=t.float16).reshape(2, 3)); R = (m.running_mean, m.running_var)",
    # probability targets with a negative ignore_index (nothing to ignore): accepted
    "round(F.cross_entropy(t.arange(12.).reshape(4, 3), t.softmax(t.arange(12.).reshape(4, 3), 1), ignore_index=-1)"
    ".item(), 5)",
    "F.smooth_l1_loss(t.ones(4, dtype=t.int64), t.arange(4.))",
    "F.dropout(t.ones(2, dtype=t.int64), training=False)",
    # integer max pools and the int64 average pool (torch's CPU kernels have them)
    "nn.MaxPool2d(2)(t.arange(16).reshape(1, 1, 4, 4))",
    "F.max_pool3d(t.arange(16, dtype=t.int32).reshape(1, 1, 2, 2, 4), 2)",
    "nn.AvgPool2d(2)(t.arange(16).reshape(1, 1, 4, 4))",
    "t.ones(())",
    "t.zeros(size=())",
    "t.meshgrid(t.ones(2), t.zeros(3), indexing='xy')",
    "t.linalg.norm(t.arange(4.).reshape(2, 2), ord='fro')",
    "t.linalg.norm(t.ones(2, 2, 2), ord='fro', dim=(0, 1))",
    "t.nanmean(x, dtype=float)",
    "t.cumsum(x, 0, dtype=t.int64)",
    "w.data = t.zeros(2, dtype=t.float64); R = w",
    "R = x.put_(t.tensor([0, 5]), t.tensor([9., 8.]))",
    "m = nn.Linear(2, 2); m.add_module('extra', nn.ReLU()); m.add_module('extra', nn.Tanh()); R = list(m._modules)",
]


# torch 2.15 raises (2.13 accepted): minigrad follows 2.15 (ASGD's lambd and alpha must be >= 0)
_NEW_IN_215 = pytest.mark.skipif(TORCH_VERSION < (2, 15), reason="torch 2.15's checks")
ERROR_CASES = [pytest.param(code, word, id=code) for code, word in ERRORS] + [
    pytest.param(code, word, marks=_NEW_IN_215, id=code)
    for code, word in [("optim.ASGD(p, lambd=-1)", "lambd"), ("optim.ASGD(p, alpha=-0.5)", "ASGD")]]


@pytest.mark.parametrize("code, word", ERROR_CASES)
def test_bad_call_raises_as_torch(code, word):
    _same(code, word)


@pytest.mark.parametrize("code, word", ERRORS_OWN_TEXT, ids=[c for c, _ in ERRORS_OWN_TEXT])
def test_bad_call_raises_torchs_class(code, word):
    _same_class_own_text(code, word)


@pytest.mark.parametrize("code", VALUES)
def test_call_accepted_as_torch(code):
    _same(code)


@pytest.mark.parametrize("layer", ["BatchNorm1d(3)", "LayerNorm(5)", "GroupNorm(3, 3)", "InstanceNorm1d(3, affine=True)"])
@pytest.mark.parametrize("train", [True, False])
def test_float16_input_into_float32_norm_layer_gradients(layer, train):
    """float16 in, float32 parameters: the output and the input's gradient float16, the parameters' float32, with
    torch's values (a random upstream gradient)."""
    rs = np.random.RandomState(0)
    x0 = rs.randn(4, 3, 5).astype(np.float16)
    g0 = rs.randn(4, 3, 5).astype(np.float16)
    res = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        m = eval("lib.nn." + layer)
        m.train(train)
        x = lib.tensor(x0, requires_grad=True)
        y = m(x)
        y.backward(lib.tensor(g0))
        res.append((str(y.dtype), y.detach().float().numpy(), x.grad.float().numpy(),
                    [(str(q.grad.dtype), q.grad.numpy()) for q in m.parameters()]))
    (ty, tv, tg, tp), (my, mv, mg, mp) = res
    assert my == ty == "torch.float16"
    np.testing.assert_allclose(mv, tv, atol=2e-3)
    np.testing.assert_allclose(mg, tg, atol=5e-3)
    assert [d for d, _ in mp] == [d for d, _ in tp] == ["torch.float32"] * 2
    for (_, a), (_, b) in zip(mp, tp):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-2)


@pytest.mark.parametrize("code", ["F.mse_loss(t.zeros(0), t.zeros(0))", "nn.HuberLoss()(t.zeros(0), t.zeros(0))",
                                  "F.smooth_l1_loss(t.zeros(0, 2), t.zeros(0, 2))", "x.norm(p=-1)", "x.norm(-3)"])
def test_no_numpy_warning_where_torch_is_silent(code):
    """The mean of an empty loss (nan) and a negative-p norm with a zero in it (0): torch's values, without NumPy's
    RuntimeWarning ('Mean of empty slice', 'divide by zero encountered in power')."""
    import warnings
    values = []
    for lib in (torch, minigrad):
        env = {"t": lib, "nn": lib.nn, "F": lib.nn.functional, "x": lib.arange(6.).reshape(2, 3)}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            values.append(eval(code, env).item())
    np.testing.assert_equal(values[1], values[0])
