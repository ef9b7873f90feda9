"""Round 13 of bad calls, compared with torch: nn layers' constructor arguments (refused where torch refuses them,
at construction or when the layer runs), recurrent layers' hidden states, normalisation and embedding-bag
arguments, interpolate's argument order, legacy constructors (Tensor(...), LongTensor(...)), hooks and module
attributes. Where torch raises, minigrad raises the same exception class with a message that names the op, the
shapes/dtypes and the fix; where torch accepts, minigrad gives the same value."""
import pytest

import minigrad
from test_badcalls9 import _run, _same
from test_badcalls10 import _same_class_own_text


# (harness line, a word minigrad's message must hold): torch raises; minigrad raises the same class, its message
# starting with torch's text
ERRORS = [
    # a convolution layer keeps a tuple of the wrong length as given and is refused when it runs (it was a
    # TypeError at construction, or a length-1 kernel tuple was silently repeated)
    ("nn.Conv1d(4, 8, kernel_size=3, stride=(1, 2, 3, 4))(t.randn(2, 4, 9))", "stride"),
    ("nn.Conv2d(4, 8, kernel_size=3, padding=(1, 1, 1, 1))(t.randn(2, 4, 9, 9))", "padding"),
    ("nn.Conv3d(4, 8, kernel_size=3, stride=(1, 2, 3, 4))(t.randn(2, 4, 7, 7, 7))", "stride"),
    ("nn.ConvTranspose2d(4, 8, kernel_size=3, stride=(1, 2, 3, 4))(t.randn(2, 4, 9, 9))", "stride"),
    ("nn.ConvTranspose3d(4, 8, kernel_size=3, padding=(1, 1, 1, 1))(t.randn(2, 4, 5, 5, 5))", "padding"),
    ("F.conv_transpose1d(t.randn(1, 3, 5), t.randn(3, 4, 3), stride=(1, 2))", "stride"),
    # ConvTranspose's output_size: nd or nd + 2 values
    ("nn.ConvTranspose1d(4, 8, 3, stride=2)(t.randn(2, 4, 5), output_size=[12, 12])", "output_size"),
    ("nn.ConvTranspose2d(4, 8, 3, stride=2)(t.randn(2, 4, 5, 5), output_size=[12, 12, 12])", "output_size"),
    # RNN/GRU have no projection; an LSTM's hx must be a pair
    ("nn.RNN(3, 4, proj_size=2)", "LSTM"),
    ("nn.GRU(3, 4, proj_size=0)", "LSTM"),
    ("nn.LSTM(3, 4)(t.randn(5, 2, 3), (t.zeros(1, 2, 4), t.zeros(1, 2, 4), t.zeros(1, 2, 4)))", "(h_0, c_0)"),
    ("nn.LSTM(3, 4)(t.randn(5, 2, 3), t.zeros(1, 2, 4))", "(h_0, c_0)"),
    # an RNNCell's nonlinearity is checked when it runs
    ("nn.RNNCell(3, 4, nonlinearity='bogus')(t.randn(2, 3))", "tanh"),
    # normalisation: eps 0 in training, missing running statistics, non-tensor statistics, integer rms_norm
    ("nn.BatchNorm1d(3, eps=0)(t.randn(4, 3))", "eps"),
    ("F.batch_norm(t.randn(4, 3), None, None, training=True, eps=0.)", "1e-5"),
    ("F.batch_norm(t.randn(4, 3), [0., 0., 0.], [1., 1., 1.])", "running_mean"),
    ("F.instance_norm(t.randn(4, 3, 5), use_input_stats=False)", "track_running_stats"),
    ("m = nn.InstanceNorm1d(3, track_running_stats=True); m.eval(); m.running_var = None; m(t.randn(4, 3, 5))",
     "use_input_stats"),
    ("F.rms_norm(t.randint(0, 3, (4, 3)), (3,))", "float()"),
    ("nn.RMSNorm(3)(t.randint(0, 3, (4, 3)))", "rms_norm"),
    # embedding_bag: offsets past the input, float offsets, per-sample weights of another shape
    ("nn.EmbeddingBag(10, 3, mode='sum')(t.tensor([1, 2, 4, 5]), t.tensor([0, 5]))", "bag starts"),
    ("nn.EmbeddingBag(10, 3, mode='mean')(t.tensor([1, 2, 4, 5]), t.tensor([0., 2.]))", "offsets.long()"),
    ("nn.EmbeddingBag(10, 3, mode='mean')(t.tensor([1, 2, 4, 5]), t.tensor([0, 2]), per_sample_weights=t.ones(3))",
     "one weight per index"),
    ("nn.EmbeddingBag(10, 3, mode='sum')(t.tensor([1, 2, 4, 5]), t.tensor([0, 2]), per_sample_weights=t.ones(3))",
     "per_sample_weights"),
    # interpolate: size/scale_factor are checked before the mode; antialias needs a 4-D bilinear/bicubic
    ("F.interpolate(t.randn(1, 2, 3, 3), mode='bogus')", "give exactly one"),
    ("nn.Upsample(mode='bogus')(t.randn(1, 2, 3, 3))", "scale_factor"),
    ("F.interpolate(t.randn(1, 2, 3, 3), size=4, scale_factor=2)", "only one"),
    ("F.interpolate(t.randn(1, 2, 3), scale_factor=0.5, mode='bilinear', antialias=True)", "3-D input"),
    # dropout1d checks p before the input's rank
    ("F.dropout1d(t.randn(2, 3, 4, 5), p=1.5)", "dropout probability"),
    # legacy constructors: a lone number or None is not data; dtype= is refused
    ("t.Tensor(2.5)", "sequence"),
    ("t.Tensor(None)", "sequence"),
    ("t.Tensor(1.5j)", "a list or an array"),
    ("t.LongTensor(2.5)", "sequence"),
    ("x.new(None)", "sequence"),
    ("t.Tensor(True)", "sequence"),
    # 3-D pools: a sequence of the wrong length is torch's RuntimeError (was a TypeError)
    ("nn.MaxPool3d((3, 3, 3, 3))(t.randn(2, 3, 6, 6, 6))", "kernel_size"),
    # adaptive pools: output_size of another type
    ("nn.AdaptiveAvgPool1d((None, 2))(t.randn(2, 3, 8))", "NoneType"),
    ("nn.AdaptiveMaxPool1d('2')(t.randn(2, 3, 8))", "str"),
    ("nn.AdaptiveAvgPool2d('2')(t.randn(2, 3, 8, 8))", "output_size"),
    ("nn.AdaptiveAvgPool3d('2')(t.randn(2, 3, 4, 4, 4))", "adaptive_avg_pool3d"),
    # unpooling takes int64 indices only
    ("F.max_unpool1d(t.randn(2, 3, 4), t.zeros(2, 3, 4, dtype=t.int32), 2)", ".long()"),
    ("nn.MaxUnpool2d(2)(t.randn(1, 1, 2, 2), t.zeros(1, 1, 2, 2))", "int64"),
    # losses: shapes are refused before the reduction string; var of the wrong size; multilabel classes in range
    ("nn.HuberLoss(reduction='avg')(t.rand(4), t.rand(3))", "size of tensor a"),
    ("nn.SmoothL1Loss(reduction='NONE')(t.rand(4), t.rand(3))", "smooth_l1"),
    ("nn.HuberLoss(reduction='avg')(t.rand(4), t.rand(4))", "reduction"),
    ("nn.GaussianNLLLoss()(t.randn(4, 2), t.randn(4, 2), t.ones(2))", "last dim"),
    ("nn.MultiLabelMarginLoss()(t.randn(4, 3), t.tensor([[0, 1, 3]] * 4))", "[0, 3)"),
    ("nn.MultiLabelMarginLoss()(t.arange(12.).reshape(4, 3), t.tensor([[0, -1, 7]] * 4))", "ended by -1"),
    ("nn.GaussianNLLLoss()(t.ones(4, 2), t.zeros(4, 2), t.ones(1))", "var (1,)"),
    # nn.functional arguments of the wrong type or range (a value, or another class, before)
    ("F.gelu(x, approximate=None)", "'tanh'"),
    ("F.elu(x, alpha='a')", "alpha"),
    ("nn.ELU(alpha='a')(t.ones(2))", "Number"),
    ("F.prelu(x, 0.25)", "weight"),
    ("F.rrelu(xi)", "float()"),
    ("F.cosine_similarity(x, x, eps=-1)", "non-negative"),
    ("F.channel_shuffle(t.randn(1, 4, 2, 2), 0)", "groups"),
    ("F.triplet_margin_with_distance_loss(x, x, x, margin=-1)", "margin"),
    ("nn.TripletMarginLoss(swap='x')(t.randn(4, 3), t.randn(4, 3), t.randn(4, 3))", "swap"),
    ("F.embedding(xi, x, scale_grad_by_freq='x')", "scale_grad_by_freq"),
    ("nn.Embedding(10, 3, sparse='a')(t.tensor([1, 2]))", "sparse"),
    ("F.dropout2d(t.randn(2, 3, 4, 5), p=0.5, training='yes')", "feature_dropout"),
    ("F.alpha_dropout(t.randn(2, 3), 0.5, training=1)", "train"),
    ("F.feature_alpha_dropout(t.randn(2, 3, 4, 5), p=0.5, training='yes')", "training=self.training"),
    ("nn.FeatureAlphaDropout(0.5)(t.randn(4))", "alpha_dropout()"),
    ("nn.Bilinear(0, 3, 4)", "in1_features"),
    # views and conversions
    ("x.view(2, 3, dtype=t.int32)", "two calls"),
    ("x.expand()", "size"),
    ("x.reshape_as([3, 2])", "other"),
    ("x.to(non_blocking='x')", "non_blocking"),
    # optimizers: None for a number
    ("optim.AdamW(p, weight_decay=None)", "weight_decay"),
    ("optim.Adam(p, eps=None)", "eps"),
    ("optim.NAdam(p, weight_decay=None)", "NAdam"),
    # transformer stacks without layers; a non-callable activation fails when the layer runs
    ("nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 0)(t.randn(5, 2, 8))", "num_layers"),
    ("nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2), 0)(t.randn(5, 2, 8), t.randn(4, 2, 8))", ">= 1"),
    ("nn.Transformer(d_model=8, nhead=2, num_encoder_layers=0, num_decoder_layers=1)(t.randn(5, 2, 8), "
     "t.randn(7, 2, 8))", "TransformerEncoder"),
    ("nn.TransformerEncoderLayer(8, 2, activation=5)(t.randn(5, 2, 8))", "not callable"),
    # a reduction that is not a str: torch's TypeError for the losses that join it into their message
    ("nn.GaussianNLLLoss(reduction=0)(t.randn(4, 2), t.randn(4, 2), t.ones(4, 2))", "reduction must be one of"),
    ("F.poisson_nll_loss(x, x, reduction=None)", "poisson_nll_loss"),
    ("nn.MultiLabelSoftMarginLoss(reduction=0)(t.randn(4, 3), t.rand(4, 3))", "reduction"),
    ("F.mse_loss(x, x, reduction=None)", "reduction"),
    ("F.cross_entropy(x, t.tensor([0, 1]), reduction=0)", "reduction"),
    # lp_pool2d unpacks its kernel pair
    ("nn.LPPool2d(2, (3, 3, 3, 3))(t.randn(2, 3, 8, 8))", "pair of ints"),
    ("nn.LPPool2d(2, '3')(t.randn(2, 3, 8, 8))", "kernel_size"),
    # clearer messages where minigrad's came from deeper code: instance norm statistics of the wrong size,
    # threshold's numbers, unflatten's sizes
    ("m = nn.InstanceNorm1d(3); m.running_mean = t.zeros(4); m(t.randn(4, 3, 5))", "one running_mean value"),
    ("F.instance_norm(t.randn(4, 3, 5), t.zeros(2), t.ones(2))", "running_mean"),
    ("F.instance_norm(t.randn(4, 3, 5), t.zeros(3), t.ones(2))", "running_var"),
    ("F.threshold(x, 'a', 0)", "threshold"),
    ("x.unflatten(1, 3)", "(2, -1)"),
    # a container indexed by a float
    ("m = nn.Sequential(nn.Linear(2, 2)); R = m[1.0]", "integer"),
    # a hook that is not callable is stored (torch), and fails when the module runs
    ("m = nn.Linear(2, 2); h = m.register_forward_hook(5); m(t.ones(2))", "not callable"),
    ("m = nn.Linear(2, 2); h = m.register_forward_pre_hook(5); m(t.ones(2))", "not callable"),
]

# torch raises; minigrad raises the same class in its own words (torch's text names its internal options)
OWN_TEXT = [
    ("t.Tensor([1, 2], dtype=t.int64)", "minigrad.tensor(data, dtype=...)"),
    ("t.Tensor(2, 3, dtype=t.float64)", "zeros"),
    ("t.LongTensor(t.ones(2))", "int64"),
    ("t.FloatTensor(t.ones(2, dtype=t.int64))", "float32"),
    ("t.DoubleTensor(t.ones(2))", ".to(torch.float64)"),
    ("t.BoolTensor(t.ones(2))", "bool"),
    ("nn.Conv1d(4, 8, kernel_size=(3, 3))(t.randn(2, 4, 9))", "conv1d"),
    ("nn.Conv2d(4, 8, kernel_size=(3,))(t.randn(2, 4, 9, 9))", "conv2d"),
    ("nn.ConvTranspose1d(4, 8, kernel_size=(3, 3, 3))(t.randn(2, 4, 9))", "conv_transpose1d"),
    ("nn.Conv3d(4, 8, kernel_size=(3,))(t.randn(2, 4, 7, 7, 7))", "conv3d"),
    ("nn.Conv2d(4, 8, kernel_size=3, groups=2.0)", "size"),
    ("nn.ConvTranspose1d(4, 8, 3)(t.randn(2, 4, 5), t.randn(2, 4, 5))", "output_size"),
    # pools: a sequence of the wrong length (torch's text differs per pool), empty channels (was a value)
    ("nn.MaxPool1d((3, 3, 3, 3))(t.randn(2, 3, 8))", "kernel_size"),
    ("nn.AvgPool3d((3, 3, 3, 3))(t.randn(2, 3, 6, 6, 6))", "three ints"),
    ("F.avg_pool1d(t.randn(2, 3, 8), 2, stride=(1, 1))", "one int"),
    ("nn.MaxPool3d(2)(t.randn(0, 3, 8, 8))", "non-batch"),
    ("nn.AvgPool3d(2)(t.randn(0, 3, 8, 8))", "avg_pool3d"),
    ("nn.MaxPool2d(2)(t.randn(2, 0, 8, 8))", "dimension 1"),
    ("nn.AvgPool2d(2)(t.randn(2, 0, 8, 8))", "avg_pool2d"),
    ("nn.LPPool2d(2, 2)(t.randn(2, 0, 8, 8))", "non-batch"),
    # a padding layer keeps its tuple as torch and F.pad refuses an odd length when it runs
    ("nn.ZeroPad2d((1, 1, 1))(t.ones(1, 2, 3, 3))", "even number"),
    # containers given a module where an iterable belongs; a legacy constructor given dtype=
    ("m = nn.ModuleList(nn.Linear(2, 2))", "append()"),
    ("m = nn.ModuleList([nn.Linear(2, 2)]); m.extend(nn.Linear(2, 2))", "ModuleList.extend"),
    ("m = nn.ModuleDict({'a': nn.Linear(2, 2)}); m.update(5)", "ModuleDict.update"),
    ("t.LongTensor([1, 2], dtype=t.float32)", "minigrad.tensor(data, dtype=...)"),
    # a parameter is assigned a module (torch's text names the class's module path)
    ("m = nn.Linear(2, 2); m.bias = nn.Linear(2, 2)", "parameter 'bias'"),
]

# torch accepts; minigrad gives the same value
VALUES = [
    # a layer built with a tuple of the wrong length (torch refuses it only when the layer runs)
    "R = type(nn.Conv1d(4, 8, kernel_size=(3, 3))).__name__",
    "R = nn.Conv1d(4, 8, kernel_size=(3, 3)).weight.shape",
    "R = nn.Conv2d(4, 8, kernel_size=(3,)).weight.shape",
    "R = nn.Conv2d(4, 8, 3, stride=1.5).stride",
    "R = nn.Conv3d(4, 8, 3, padding=(1, 1, 1, 1)).padding",
    "R = nn.ConvTranspose1d(4, 8, kernel_size=(3, 3, 3)).weight.shape",
    "R = nn.Conv2d(4, 8, (2, 3), stride=(1,)).stride",
    "R = nn.Conv2d(4, 8, (2, 3), stride=(2,))(t.ones(1, 4, 6, 6)).shape",
    "R = nn.Conv1d(4, 8, 3, padding=[1])(t.ones(1, 4, 6)).shape",
    "R = nn.ConvTranspose2d(4, 8, 3, stride=2)(t.ones(1, 4, 5, 5), output_size=[1, 8, 12, 12]).shape",
    # hooks: registering anything is accepted
    "m = nn.Linear(2, 2); h = m.register_forward_hook(5); R = 1",
    "m = nn.Linear(2, 2); h = m.register_full_backward_hook(5); h.remove(); R = m(t.ones(2)).shape",
    # recurrent cells of hidden size 0; an RNNCell's bogus nonlinearity is refused only when it runs
    "R = nn.RNNCell(3, 0).weight_ih.shape",
    "R = nn.GRUCell(3, 0)(t.ones(2, 3)).shape",
    "R = nn.LSTMCell(3, 0).weight_hh.shape",
    "R = nn.RNNCell(3, 4, nonlinearity='bogus').nonlinearity",
    # instance norm of an empty spatial dim
    "R = nn.InstanceNorm1d(3)(t.randn(4, 3, 0)).shape",
    "m = nn.InstanceNorm2d(3); m.eval(); R = m(t.randn(4, 3, 0)).shape",
    # legacy constructors
    "R = t.Tensor(t.ones(2, dtype=t.int64))",
    "R = t.Tensor(size=(2, 3)).shape",
    "R = t.Tensor(t.Size([2, 3])).shape",
    "R = t.LongTensor(t.Size([2])).shape",
    "R = t.LongTensor([1.5, 2.7])",
    "R = t.LongTensor(t.ones(2, dtype=t.int64))",
    "R = t.CharTensor([1, 2])",
    "R = t.Tensor([]).shape",
    "R = t.Tensor(2, 3).shape",
    "a = t.ones(2); b = t.Tensor(a); b.add_(1); R = a",
    "a = t.ones(2, dtype=t.int64); b = t.LongTensor(a); b.add_(1); R = a",
    # embedding_bag offsets that end exactly at the input's length
    "R = nn.EmbeddingBag(10, 3, mode='sum')(t.tensor([1, 2, 4, 5]), t.tensor([0, 4])).shape",
    "R = nn.EmbeddingBag(10, 3, mode='sum')(t.tensor([1, 2, 4, 5]), t.tensor([0, 2]), per_sample_weights=t.ones(4)).shape",
    # pools and adaptive pools: what torch accepts
    "R = nn.AvgPool1d((3, 3, 3, 3)).kernel_size",
    "R = nn.AvgPool1d(3.0).kernel_size",
    "R = nn.AdaptiveAvgPool1d(t.tensor(2))(t.randn(2, 3, 8)).shape",
    "R = nn.AdaptiveAvgPool2d((None, 2))(t.randn(2, 3, 8, 8)).shape",
    "R = nn.MaxPool2d(2)(t.randn(0, 3, 8, 8)).shape",
    "R = F.max_unpool1d(t.randn(2, 3, 4), t.zeros(2, 3, 4, dtype=t.int64), 2).shape",
    # losses: var with a last dim of 1, one variance per sample, a scalar variance; a row ended by -1
    "R = round(nn.GaussianNLLLoss()(t.ones(4, 2), t.zeros(4, 2), t.ones(4, 1)).item(), 5)",
    "R = round(nn.GaussianNLLLoss()(t.ones(4, 2), t.zeros(4, 2), t.full((4,), 2.)).item(), 5)",
    "R = round(nn.GaussianNLLLoss()(t.ones(4, 2), t.zeros(4, 2), 2.).item(), 5)",
    "R = round(nn.MultiLabelMarginLoss()(t.arange(12.).reshape(4, 3), t.tensor([[0, -1, 2]] * 4)).item(), 5)",
    # what torch accepts: Bilinear's other sizes 0, a padding layer's tuple kept, dropout in evaluation
    "R = nn.Bilinear(3, 0, 4).weight.shape",
    "R = nn.ZeroPad2d((1, 1, 1)).padding",
    "R = nn.ZeroPad2d(1)(t.ones(1, 2, 3, 3)).shape",
    "R = nn.ReflectionPad1d((1, 2))(t.ones(1, 2, 3)).shape",
    "R = F.dropout(t.ones(2, 3), 0.5, training=False)",
    "R = F.alpha_dropout(t.ones(2, 3), 0.5)",
    "R = optim.Adam(p, weight_decay=0.1).defaults['weight_decay']",
    "R = optim.Adagrad(p).defaults['lr']",
    # what torch accepts: a callable or non-callable activation at construction, a one-layer stack
    "R = type(nn.TransformerEncoderLayer(8, 2, activation=5)).__name__",
    "R = nn.TransformerEncoderLayer(8, 2, activation=F.gelu, dropout=0.)(t.zeros(5, 2, 8)).shape",
    "R = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 1)(t.zeros(5, 2, 8)).shape",
    "R = nn.LPPool2d(2, (2, 3))(t.ones(1, 1, 4, 6)).shape",
    "R = F.threshold(x, t.tensor(1.), 0)",
    "R = F.threshold(x, True, 0)",
    "R = x.unflatten(1, [3, 1]).shape",
    "m = nn.ModuleList((nn.Linear(2, 2) for _ in range(2))); R = len(m)",
    "R = nn.InstanceNorm1d(3, track_running_stats=True)(t.randn(4, 3, 5)).shape",
    # batch norm with eps 0 in evaluation is allowed
    "m = nn.BatchNorm1d(3, eps=0); m.eval(); R = m(t.ones(4, 3)).shape",
]

CASES = ([("error", c, w) for c, w in ERRORS] + [("own", c, w) for c, w in OWN_TEXT]
         + [("value", c, None) for c in VALUES])


@pytest.mark.parametrize("check, code, word", CASES)
def test_bad_call_as_torch(check, code, word):
    if check == "own":
        _same_class_own_text(code, word)
    else:
        _same(code, word)


def test_conv_layer_wrong_length_fails_only_when_run():
    """Construction succeeds (as torch), and running the layer names the argument and the convolution."""
    layer = minigrad.nn.Conv2d(4, 8, 3, stride=(1, 2, 3))
    assert layer.stride == (1, 2, 3)
    with pytest.raises(RuntimeError, match=r"stride.*list of 2 values"):
        layer(minigrad.ones(1, 4, 6, 6))


def test_legacy_tensor_of_a_tensor_is_an_alias():
    a = minigrad.arange(3)
    b = minigrad.Tensor(a)
    b[0] = 7
    assert a.tolist() == [7, 1, 2] and b.dtype == minigrad.int64


def test_non_callable_hook_fails_with_pythons_type_error_when_run():
    m = minigrad.nn.Linear(2, 2)
    handle = m.register_forward_pre_hook(5)
    with pytest.raises(TypeError, match="not callable"):
        m(minigrad.ones(2))
    handle.remove()
    assert m(minigrad.ones(2)).shape == (2,)


def test_run_helper_sees_the_bad_call():
    """The harness reports an error (not a value) for a call that raises, so the checks above can fail."""
    kind, err = _run(minigrad, "t.Tensor(2.5)")
    assert kind == "error" and isinstance(err, TypeError)
