"""Round 6 of nn fixes, compared with torch: ``inplace=True`` on every activation and dropout (the input is
changed and returned, its version goes up, a leaf that requires grad is refused), weight_norm /
spectral_norm / parametrizations, and the calls where torch raises (or accepts) and minigrad did otherwise."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, check_raises_as_torch, check_value_as_torch, rand

# ---------------------------------------------------------------------------------------------
# 1. inplace=True
# ---------------------------------------------------------------------------------------------
# deterministic activations: F.<name>(a, *args, inplace=True) on a non-leaf a
INPLACE_FUNCTIONS = [
    ("elu", ()), ("elu", (0.5,)), ("selu", ()), ("celu", (0.7,)), ("silu", ()), ("mish", ()),
    ("hardsigmoid", ()), ("hardswish", ()), ("threshold", (0.1, 2.0)), ("relu6", ()), ("hardtanh", ()),
    ("leaky_relu", (0.2,)), ("relu", ()),
]


@pytest.mark.parametrize("name,args", INPLACE_FUNCTIONS)
def test_functional_inplace_changes_and_returns_the_input(name, args):
    def fn(lib, x):
        a = x * 1.5
        out = getattr(lib.nn.functional, name)(a, *args, inplace=True)
        assert out is a and a._version == 1
        return a
    check(fn, rand(3, 4, seed=2, low=-4, high=4))


@pytest.mark.parametrize("name,args", INPLACE_FUNCTIONS)
def test_functional_inplace_refuses_a_leaf_that_requires_grad(name, args):
    check_raises_as_torch(f"x = lib.randn(4, requires_grad=True); F.{name}(x, {', '.join(map(repr, args))}"
                          f"{', ' if args else ''}inplace=True)", "leaf")


def test_functional_inplace_without_grad_writes_the_memory():
    a = minigrad.tensor([-2.0, 0.5, 3.0])
    view = a[1:]
    assert minigrad.nn.functional.silu(a, inplace=True) is a
    np.testing.assert_allclose(a.numpy(), torch.nn.functional.silu(torch.tensor([-2.0, 0.5, 3.0])).numpy(), rtol=1e-6)
    np.testing.assert_allclose(view.numpy(), a.numpy()[1:])       # views of it see the change


MODULES = [
    ("ReLU6", ()), ("ELU", (0.5,)), ("SELU", ()), ("CELU", (0.7,)), ("LeakyReLU", (0.2,)), ("Hardtanh", (-0.5, 0.5)),
    ("Hardsigmoid", ()), ("Hardswish", ()), ("SiLU", ()), ("Mish", ()), ("Threshold", (0.1, 2.0)), ("RReLU", ()),
]


@pytest.mark.parametrize("name,args", MODULES)
def test_module_inplace(name, args):
    def fn(lib, x):
        m = getattr(lib.nn, name)(*args, inplace=True).eval()
        a = x * 1.5
        assert m(a) is a and a._version == 1
        return a
    check(fn, rand(3, 4, seed=3, low=-4, high=4))
    assert repr(getattr(minigrad.nn, name)(*args, inplace=True)) == repr(getattr(torch.nn, name)(*args, inplace=True))


DROPOUTS = [("dropout", (6, 5)), ("dropout1d", (2, 3, 5)), ("dropout2d", (2, 3, 4, 5)), ("dropout3d", (2, 3, 2, 2, 2)),
            ("alpha_dropout", (6, 5)), ("feature_alpha_dropout", (2, 3, 4))]


@pytest.mark.parametrize("name,shape", DROPOUTS)
def test_dropout_inplace(name, shape):
    """The random mask differs from torch's, so the check is the relation: the input is the result, and
    its gradient is what the out-of-place dropout's would be with the same mask."""
    F = minigrad.nn.functional
    x = minigrad.tensor(rand(*shape, seed=4) + 5.0, requires_grad=True)       # no zero in x
    a = x * 1.0
    out = getattr(F, name)(a, 0.5, True, inplace=True)
    assert out is a and a._version >= 1 and a.grad_fn is not None
    up = minigrad.tensor(rand(*shape, seed=5))
    a.backward(up)
    if name.startswith(("dropout", "feature_dropout")):
        keep = a.detach().numpy() != 0
        np.testing.assert_allclose(a.detach().numpy(), np.where(keep, x.detach().numpy() * 2, 0), rtol=1e-12)
        np.testing.assert_allclose(x.grad.numpy(), np.where(keep, up.numpy() * 2, 0), rtol=1e-12)
    else:                                            # alpha: out = a·x + b (kept) or a·L + b (dropped)
        slope = x.grad.numpy() / up.numpy()
        assert set(np.round(np.unique(slope), 9)) <= {0.0, round(((0.5 * (1 + 0.5 * 1.7580993408473766 ** 2))
                                                                   ** -0.5), 9)}
    if name != "dropout":                            # a whole channel is kept or dropped together
        kept = (x.grad.numpy() != 0).reshape(shape[0], shape[1], -1)
        assert (kept.all(-1) | ~kept.any(-1)).all()
    leaf = minigrad.ones(*shape, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        getattr(F, name)(leaf, 0.5, True, inplace=True)


def test_dropout_inplace_module_and_eval_identity():
    # (the alpha-dropout layers keep inplace but don't use it, as torch: tests/test_badcalls14.py)
    for cls, shape in (("Dropout", (2, 3)), ("Dropout1d", (2, 3, 4)), ("Dropout2d", (2, 3, 4, 4)),
                       ("Dropout3d", (2, 3, 2, 4, 4))):
        m = getattr(minigrad.nn, cls)(0.5, inplace=True)
        a = minigrad.ones(*shape) * 3.0
        assert m(a) is a and a._version == 1, cls
        m.eval()
        b = minigrad.ones(*shape)
        assert m(b) is b and b._version == 0, cls       # eval: the identity, nothing written (as torch)
    check_raises_as_torch("a = lib.ones(2, requires_grad=True); F.dropout(a, 0.5, True, inplace=True)", "leaf")
    check_value_as_torch("a = lib.ones(2, requires_grad=True); R = F.dropout(a, 0.5, False, inplace=True) is a")


def test_rrelu_inplace_training_uses_one_slope_draw():
    x = minigrad.tensor(-np.arange(1.0, 9.0), requires_grad=True)
    a = x * 1.0
    assert minigrad.nn.functional.rrelu(a, 0.1, 0.3, training=True, inplace=True) is a
    a.sum().backward()
    np.testing.assert_allclose(a.detach().numpy(), x.detach().numpy() * x.grad.numpy(), rtol=1e-12)
    assert ((x.grad.numpy() >= 0.1) & (x.grad.numpy() <= 0.3)).all()


# ---------------------------------------------------------------------------------------------
# 2. weight_norm, spectral_norm, parametrize
# ---------------------------------------------------------------------------------------------
def _copy_state(tm, mm):
    """Every parameter and buffer of the torch module into the minigrad one (same keys)."""
    assert list(mm.state_dict()) == list(tm.state_dict())
    mm.load_state_dict({k: minigrad.tensor(v.detach().numpy().copy()) for k, v in tm.state_dict().items()})


def _compare_step(tm, mm, x_np, names, seed=0, rtol=1e-5, atol=1e-6):
    """One forward/backward under the same random upstream gradient: the outputs and the gradients of the
    input and of every named parameter agree."""
    xt = torch.tensor(x_np, requires_grad=True)
    xm = minigrad.tensor(x_np, requires_grad=True)
    ot, om = tm(xt), mm(xm)
    np.testing.assert_allclose(om.detach().numpy(), ot.detach().numpy(), rtol=rtol, atol=atol)
    up = np.random.default_rng(seed).standard_normal(tuple(ot.shape)).astype(x_np.dtype)
    ot.backward(torch.tensor(up))
    om.backward(minigrad.tensor(up))
    np.testing.assert_allclose(xm.grad.numpy(), xt.grad.numpy(), rtol=rtol, atol=atol)
    pt, pm = dict(tm.named_parameters()), dict(mm.named_parameters())
    for n in names:
        np.testing.assert_allclose(pm[n].grad.numpy(), pt[n].grad.numpy(), rtol=rtol, atol=atol, err_msg=n)
        pt[n].grad = None
        pm[n].grad = None


@pytest.mark.parametrize("dim", [0, 1, 2, None, -1])
def test_weight_norm_hook_form(dim):
    import warnings
    torch.manual_seed(0)
    tc = torch.nn.Conv1d(3, 4, 3).double()
    mc = minigrad.nn.Conv1d(3, 4, 3).double()
    _copy_state(tc, mc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        tm = torch.nn.utils.weight_norm(tc, dim=dim)
    with pytest.warns(FutureWarning, match="parametrizations.weight_norm"):
        mm = minigrad.nn.utils.weight_norm(mc, dim=dim)
    assert mm is mc and list(mm.state_dict()) == list(tm.state_dict()) == ["bias", "weight_g", "weight_v"]
    assert tuple(mm.weight_g.shape) == tuple(tm.weight_g.shape)
    np.testing.assert_allclose(mm.weight_g.detach().numpy(), tm.weight_g.detach().numpy(), rtol=1e-12)
    x = rand(2, 3, 6, seed=7)
    with torch.no_grad():                     # g moved away from ‖v‖, so that g's gradient matters
        tm.weight_g.mul_(1.5)
    _copy_state(tm, mm)
    _compare_step(tm, mm, x, ["bias", "weight_g", "weight_v"])
    torch.nn.utils.remove_weight_norm(tm)
    minigrad.nn.utils.remove_weight_norm(mm)
    assert list(mm.state_dict()) == list(tm.state_dict()) == ["bias", "weight"]
    assert isinstance(mm.weight, minigrad.nn.Parameter) and not mm._forward_pre_hooks
    np.testing.assert_allclose(mm.weight.detach().numpy(), tm.weight.detach().numpy(), rtol=1e-12)


@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_weight_norm_of_a_vector():
    """A 1-D parameter (a bias): each entry is its own norm, g has the vector's shape (as torch)."""
    torch.manual_seed(7)
    tm, mm = torch.nn.Linear(3, 4).double(), minigrad.nn.Linear(3, 4).double()
    _copy_state(tm, mm)
    torch.nn.utils.weight_norm(tm, name="bias")
    minigrad.nn.utils.weight_norm(mm, name="bias")
    assert tuple(mm.bias_g.shape) == tuple(tm.bias_g.shape) == (4,)
    with torch.no_grad():
        tm.bias_g.mul_(2.0)
    _copy_state(tm, mm)
    _compare_step(tm, mm, rand(2, 3, seed=12), ["weight", "bias_g", "bias_v"])


def test_weight_norm_errors_as_torch():
    check_raises_as_torch("m = lib.nn.utils.weight_norm(nn.Linear(3, 2)); lib.nn.utils.weight_norm(m)", "weight_norm")
    check_raises_as_torch("lib.nn.utils.remove_weight_norm(nn.Linear(3, 2))", "weight_norm")
    check_raises_as_torch("lib.nn.utils.remove_spectral_norm(nn.Linear(3, 2))", "spectral_norm")
    check_value_as_torch("m = lib.nn.utils.weight_norm(nn.Linear(3, 2)); R = [n for n, _ in m.named_parameters()]")


def test_weight_norm_trains_as_torch():
    """A few SGD steps through a weight-normalised layer: the same parameters afterwards."""
    import warnings
    torch.manual_seed(1)
    tl, ml = torch.nn.Linear(5, 3).double(), minigrad.nn.Linear(5, 3).double()
    _copy_state(tl, ml)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        tm, mm = torch.nn.utils.weight_norm(tl), minigrad.nn.utils.weight_norm(ml)
    ot, om = torch.optim.SGD(tm.parameters(), lr=0.3), minigrad.optim.SGD(mm.parameters(), lr=0.3)
    x, y = rand(8, 5, seed=8), rand(8, 3, seed=9)
    for _ in range(3):
        for lib, m, opt in ((torch, tm, ot), (minigrad, mm, om)):
            opt.zero_grad()
            lib.nn.functional.mse_loss(m(lib.tensor(x)), lib.tensor(y)).backward()
            opt.step()
    for k, v in tm.state_dict().items():
        np.testing.assert_allclose(mm.state_dict()[k].numpy(), v.numpy(), rtol=1e-10, err_msg=k)


@pytest.mark.parametrize("make", ["linear", "conv", "convT"])
def test_spectral_norm_hook_form(make):
    torch.manual_seed(2)
    ctor = {"linear": lambda lib: lib.nn.Linear(4, 3), "conv": lambda lib: lib.nn.Conv2d(2, 3, 2),
            "convT": lambda lib: lib.nn.ConvTranspose2d(2, 3, 2)}[make]
    tm, mm = ctor(torch).double(), ctor(minigrad).double()
    _copy_state(tm, mm)
    torch.nn.utils.spectral_norm(tm)
    minigrad.nn.utils.spectral_norm(mm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    _copy_state(tm, mm)                                  # the random u, v as torch's
    x = rand(2, 4, seed=3) if make == "linear" else rand(1, 2, 3, 3, seed=3)
    for step in range(2):                                # training: one power step each forward
        _compare_step(tm, mm, x, ["bias", "weight_orig"], seed=step)
        for b in ("weight_u", "weight_v"):
            np.testing.assert_allclose(getattr(mm, b).numpy(), getattr(tm, b).numpy(), rtol=1e-10, err_msg=b)
    tm.eval(), mm.eval()
    _compare_step(tm, mm, x, ["bias", "weight_orig"], seed=5)
    torch.nn.utils.remove_spectral_norm(tm)
    minigrad.nn.utils.remove_spectral_norm(mm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    np.testing.assert_allclose(mm.weight.detach().numpy(), tm.weight.detach().numpy(), rtol=1e-10)


@pytest.mark.parametrize("dim", [0, 1, None])
def test_parametrizations_weight_norm(dim):
    from torch.nn.utils import parametrizations as TP, parametrize as TZ
    from minigrad.nn.utils import parametrizations as MP, parametrize as MZ
    torch.manual_seed(3)
    tm, mm = torch.nn.Conv1d(2, 3, 2).double(), minigrad.nn.Conv1d(2, 3, 2).double()
    _copy_state(tm, mm)
    TP.weight_norm(tm, dim=dim)
    MP.weight_norm(mm, dim=dim)
    assert type(mm).__name__ == "ParametrizedConv1d" and isinstance(mm, minigrad.nn.Conv1d)
    assert repr(mm) == repr(tm)
    assert MZ.is_parametrized(mm) and MZ.is_parametrized(mm, "weight") and not MZ.is_parametrized(mm, "bias")
    with torch.no_grad():
        tm.parametrizations.weight.original0.mul_(0.7)
    _copy_state(tm, mm)
    names = ["bias", "parametrizations.weight.original0", "parametrizations.weight.original1"]
    _compare_step(tm, mm, rand(2, 2, 5, seed=4), names)
    TZ.remove_parametrizations(tm, "weight")
    MZ.remove_parametrizations(mm, "weight")
    assert type(mm) is minigrad.nn.Conv1d and list(mm.state_dict()) == list(tm.state_dict())
    np.testing.assert_allclose(mm.weight.detach().numpy(), tm.weight.detach().numpy(), rtol=1e-12)
    check_raises_as_torch("lib.nn.utils.parametrize.remove_parametrizations(nn.Linear(2, 2), 'weight')",
                          "parametrization")


def test_parametrizations_spectral_norm():
    from torch.nn.utils import parametrizations as TP
    from minigrad.nn.utils import parametrizations as MP
    torch.manual_seed(4)
    tm, mm = torch.nn.Linear(5, 4).double(), minigrad.nn.Linear(5, 4).double()
    _copy_state(tm, mm)
    TP.spectral_norm(tm)
    MP.spectral_norm(mm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    _copy_state(tm, mm)
    names = ["bias", "parametrizations.weight.original"]
    for step in range(2):
        _compare_step(tm, mm, rand(3, 5, seed=step), names, seed=step)
    sigma = np.linalg.svd(tm.parametrizations.weight.original.detach().numpy(), compute_uv=False)[0]
    np.testing.assert_allclose(np.linalg.svd(mm.weight.detach().numpy(), compute_uv=False)[0], 1.0, rtol=1e-3)
    assert sigma > 0


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("kind", ["weight_norm", "spectral_norm", "parametrizations.weight_norm",
                                  "parametrizations.spectral_norm"])
def test_normalised_modules_copy_save_and_load_as_torch(kind):
    """deepcopy (refused by both for the hook form of weight_norm, whose weight is not a leaf), torch.save
    (refused by both for parametrized modules, whose class is made on the fly) and a state_dict round trip."""
    import copy
    import io

    def outcome(lib):
        make = lambda: eval("lib.nn.utils." + kind)(lib.nn.Linear(3, 4))  # noqa: E731
        m, x, res = make(), lib.ones(2, 3), []
        for step in (lambda: copy.deepcopy(m)(x), lambda: lib.save(m, io.BytesIO())):
            try:
                step()
                res.append("ok")
            except Exception as e:  # noqa: BLE001 -- the class is what is compared
                res.append(type(e).__name__)
        m2 = make()
        m2.load_state_dict(m.state_dict())
        m.eval(), m2.eval()
        res.append(bool(lib.allclose(m(x), m2(x))))
        return res
    assert outcome(minigrad) == outcome(torch)


def test_register_parametrization_custom():
    """A user's parametrization (a symmetric matrix from its upper triangle), with right_inverse, cached()
    and a second parametrization appended: values and gradients as torch's."""
    def make(lib):
        class Symmetric(lib.nn.Module):
            def forward(self, X):
                return X.triu() + X.triu(1).transpose(-1, -2)

            def right_inverse(self, A):
                return A.triu()

        class Scale(lib.nn.Module):
            def forward(self, X):
                return 2.0 * X
        lib.manual_seed(5)
        m = lib.nn.Linear(3, 3).double()
        lib.nn.utils.parametrize.register_parametrization(m, "weight", Symmetric())
        return m, Scale
    tm, TScale = make(torch)
    mm, MScale = make(minigrad)
    _copy_state(tm, mm)
    a = rand(3, 3, seed=6)
    tm.weight = torch.tensor(a + a.T)                      # through right_inverse
    mm.weight = minigrad.tensor(a + a.T)
    np.testing.assert_allclose(mm.weight.detach().numpy(), a + a.T, rtol=1e-12)
    torch.nn.utils.parametrize.register_parametrization(tm, "weight", TScale())
    minigrad.nn.utils.parametrize.register_parametrization(mm, "weight", MScale())
    _compare_step(tm, mm, rand(2, 3, seed=7), ["bias", "parametrizations.weight.original"])
    with minigrad.nn.utils.parametrize.cached():
        assert mm.weight is mm.weight
    assert mm.weight is not mm.weight
    check_raises_as_torch(
        "class P(nn.Module): \n    def forward(self, X): return X[:1] \n"
        "lib.nn.utils.parametrize.register_parametrization(nn.Linear(2, 2), 'weight', P())", "shape")


# ---------------------------------------------------------------------------------------------
# 3, 5. losses and norms: dtypes, shapes and the calls torch refuses (or accepts)
# ---------------------------------------------------------------------------------------------
X = "x = lib.arange(6.).reshape(2, 3) / 4; "
LOSS_NORM_ERRORS = [
    (X + "F.cross_entropy(x, lib.tensor([0, 2]), weight=lib.ones(3, dtype=lib.float64))", "weight"),
    (X + "F.cross_entropy(x.double(), lib.tensor([0, 2]), weight=lib.ones(3))", "weight"),
    (X + "F.cross_entropy(x, lib.tensor([0, 2]), weight=lib.ones(3, dtype=lib.float64), label_smoothing=0.1)",
     "weight"),
    (X + "F.nll_loss(x, lib.tensor([0, 2]), weight=lib.ones(3, dtype=lib.float64))", "weight"),
    (X + "F.cross_entropy(x, lib.tensor([0, 2]), label_smoothing=1.5)", "label_smoothing"),
    ("F.binary_cross_entropy(lib.tensor([.5]), lib.tensor([1.]), weight=lib.ones(2))", "broadcast shape"),
    ("F.binary_cross_entropy_with_logits(lib.tensor([.5]), lib.tensor([1.]), weight=lib.ones(2))", "broadcast"),
    ("F.binary_cross_entropy_with_logits(lib.tensor([.5]), lib.tensor([1.]), pos_weight=lib.ones(2))", "broadcast"),
    ("F.one_hot(lib.tensor([1], dtype=lib.int32))", "LongTensor"),
    ("F.one_hot(lib.tensor([1, 0], dtype=lib.uint8), 3)", "LongTensor"),
    ("nn.PReLU()(lib.ones(2, 3, dtype=lib.float64))", "prelu"),
    ("F.prelu(lib.ones(2, 3), lib.ones(1, dtype=lib.float64))", "prelu"),
    ("nn.GroupNorm(1, 3)(lib.ones(2, 3, dtype=lib.float64))", "group_norm"),
    ("F.group_norm(lib.ones(2, 3), 1, lib.ones(3, dtype=lib.float64))", "group_norm"),
    ("nn.GroupNorm(2, 4)(lib.ones(2, 6, 3))", "weight of shape [4]"),
    ("nn.GroupNorm(2, 4)(lib.ones(4))", "at least 2 dimensions"),
    ("F.group_norm(lib.ones(2, 3, 4), 2)", "divisible"),
    ("F.group_norm(lib.ones(2, 4), 2, bias=lib.ones(3))", "bias"),
    ("nn.GroupNorm(3, 4)", "divisible"),
    ("F.layer_norm(lib.ones(2, 3), 3)", "normalized_shape"),
    ("F.instance_norm(lib.ones(2, 3))", "spatial"),
    ("F.instance_norm(lib.ones(2, 3, 1))", "spatial"),
    ("nn.InstanceNorm2d(3)(lib.ones(1, 3, 1, 1))", "spatial"),
    ("nn.InstanceNorm1d(3, affine=True)(lib.ones(2, 4, 5))", "num_features (3)"),
    ("nn.InstanceNorm1d(3, affine=True)(lib.ones(4, 5))", "dim=0"),
]


LOSS_NORM_VALUES = [
    "R = F.cross_entropy(lib.arange(5.) / 3, lib.tensor([1]))",
    "R = F.cross_entropy(lib.arange(5.) / 3, lib.tensor([1]), reduction='none')",
    "R = F.nll_loss(lib.arange(5.) / 3, lib.tensor([1]))",
    "R = F.cross_entropy(lib.arange(15.).reshape(3, 5) / 7, lib.tensor([0, 1, 2]), label_smoothing=-0.1)",
    "R = F.binary_cross_entropy(lib.tensor([.5, .25]), lib.tensor([1., 0.]), weight=lib.ones(1))",
    "R = F.binary_cross_entropy(lib.tensor([.5, .25]), lib.tensor([1., 0.]), weight=lib.ones(2, dtype=lib.float64))",
    "R = F.huber_loss(lib.arange(3.), lib.ones(3, dtype=lib.float64))",
    "R = F.huber_loss(lib.arange(3.).double(), lib.ones(3))",
    "R = F.huber_loss(lib.arange(3.), lib.ones(3, dtype=lib.float64), weight=lib.ones(3))",
    "R = F.group_norm(lib.zeros(0, 2, 3), 1)",
    "R = F.layer_norm(lib.arange(6.).reshape(2, 3), [3])",
    "R = F.instance_norm(lib.ones(2, 3, 1), lib.zeros(3), lib.ones(3), use_input_stats=False)",
]


@pytest.mark.parametrize("code", LOSS_NORM_VALUES)
def test_loss_and_norm_values_as_torch(code):
    check_value_as_torch(code)


def test_loss_and_norm_dtypes_values_and_gradients():
    """Values where torch's backward fails (a one-sample cross_entropy with a (1,) target, float64 class weights
    with probability targets, huber_loss of float32 and float64): float64 class weights on float32 logits give
    float64, huber_loss the input's dtype. InstanceNorm without affine warns on a channel mismatch and runs."""
    check(lambda lib, x, p: lib.nn.functional.cross_entropy(x, p, weight=lib.tensor([1.0, 2.0, 0.5],
                                                                                     dtype=lib.float64)),
          rand(2, 3, seed=10).astype(np.float32), np.full((2, 3), 1 / 3, np.float32), grad=[False, False])
    check(lambda lib, x: lib.nn.functional.huber_loss(x, lib.tensor(rand(4, seed=12)), delta=0.5),
          rand(4, seed=13).astype(np.float32), grad=[False])
    with pytest.warns(UserWarning, match="num_features"):
        check(lambda lib, x: lib.nn.InstanceNorm1d(3)(x), rand(2, 4, 5, seed=11))
    check(lambda lib, x: lib.nn.functional.group_norm(x, 2, lib.tensor([1.0, 2.0, 3.0, 4.0], dtype=lib.float64)),
          rand(3, 4, 5, seed=14))


# ---------------------------------------------------------------------------------------------
# 4. recurrent layers: checks with torch's messages, LSTM's proj_size
# ---------------------------------------------------------------------------------------------
RNN_ERRORS = [
    ("nn.LSTM(3, 4)(lib.from_numpy(np.ones((5, 2, 3))))", "dtype"),
    ("nn.GRU(3, 4)(lib.ones(5, 2, 3, dtype=lib.int64))", "dtype"),
    ("nn.RNN(3, 4)(lib.from_numpy(np.ones((5, 2, 3))))", "weight dtype"),
    ("nn.RNN(3, 4)(lib.ones(5, 2, 3), lib.zeros(1, 2, 4, dtype=lib.float64))", "dtype"),
    ("nn.LSTMCell(3, 4)(lib.ones(1, 2, 3))", "1D or 2D"),
    ("nn.LSTMCell(3, 4)(lib.ones(2, 5))", "input_size"),
    ("nn.LSTMCell(3, 4)(lib.ones(2, 3), (lib.ones(2, 5), lib.ones(2, 4)))", "hidden_size"),
    ("nn.LSTMCell(3, 4)(lib.ones(2, 3), (lib.ones(3, 4), lib.ones(3, 4)))", "batch size"),
    ("nn.LSTMCell(3, 4)(lib.ones(2, 3), (lib.ones(2, 4),))", "two hidden states"),
    ("nn.LSTMCell(3, 4)(lib.ones(2, 3), (lib.ones(2, 4, 1), lib.ones(2, 4)))", "hx[0]"),
    ("nn.LSTMCell(3, 4)(lib.ones(2, 3, dtype=lib.float64))", "dtype"),
    ("nn.GRUCell(3, 4)(lib.ones(2, 3), lib.ones(2, 5))", "hidden_size"),
    ("nn.GRUCell(3, 4)(lib.ones(2, 4))", "input_size"),
    ("nn.GRUCell(3, 4)(lib.ones(2, 3, 1))", "1D or 2D"),
    ("nn.RNNCell(3, 4)(lib.ones(2, 3), lib.ones(2, 4, 1))", "hidden"),
    ("nn.LSTM(3, 4)(lib.ones(5, 2, 3), (lib.zeros(1, 2, 4),))", "LSTM"),
    ("nn.LSTM(3, 4)(lib.ones(5, 2, 3), lib.zeros(1, 2, 4))", "LSTM"),
    ("nn.LSTM(0, 4)", "input_size"),
    ("nn.LSTM(-1, 4)", "input_size"),
    ("nn.LSTM(3, 4, proj_size=4)", "proj_size"),
    ("nn.LSTM(3, 4, proj_size=-1)", "proj_size"),
    ("nn.LSTM(3, 4.0)", "hidden_size"),
    ("nn.LSTM(3, 4, dropout=True)", "dropout"),
    ("nn.GRU(3, 4)(lib.ones(5, 2, 3), lib.zeros(1, 3, 4))", "hidden size"),
    ("nn.LSTM(3, 4)(lib.ones(5, 3), (lib.zeros(1, 2, 4), lib.zeros(1, 2, 4)))", "2-D"),
    ("nn.LSTM(3, 4, proj_size=2)(lib.ones(5, 2, 3), (lib.zeros(1, 2, 4), lib.zeros(1, 2, 4)))", "hidden size"),
]


def test_rnn_dropout_with_one_layer_warns():
    with pytest.warns(UserWarning, match="num_layers greater than 1"):
        minigrad.nn.LSTM(3, 4, dropout=0.5)


@pytest.mark.parametrize("layers,bidirectional,batch_first", [(1, False, False), (2, True, True)])
def test_lstm_proj_size(layers, bidirectional, batch_first):
    torch.manual_seed(6)
    kw = dict(num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, proj_size=2)
    tm, mm = torch.nn.LSTM(3, 5, **kw).double(), minigrad.nn.LSTM(3, 5, **kw).double()
    assert repr(mm) == repr(tm)
    assert [(n, tuple(p.shape)) for n, p in mm.named_parameters()] == \
        [(n, tuple(p.shape)) for n, p in tm.named_parameters()]
    _copy_state(tm, mm)
    d = 2 if bidirectional else 1
    x = rand(2, 4, 3, seed=8) if batch_first else rand(4, 2, 3, seed=8)

    def fn(lib, x, h0, c0):
        m = tm if lib is torch else mm
        out, (h, c) = m(x, (h0, c0))
        return out, h, c
    check(fn, x, rand(layers * d, 2, 2, seed=9), rand(layers * d, 2, 5, seed=10))
    for lib, m in ((torch, tm), (minigrad, mm)):                  # the parameters' gradients
        out, (h, c) = m(lib.tensor(x))
        ups = [lib.tensor(rand(*t.shape, seed=20 + i)) for i, t in enumerate((out, h, c))]
        ((out * ups[0]).sum() + (h * ups[1]).sum() + (c * ups[2]).sum()).backward()
    ps = dict(mm.named_parameters())
    for n, p in tm.named_parameters():
        np.testing.assert_allclose(ps[n].grad.numpy(), p.grad.numpy(), rtol=1e-7, atol=1e-9, err_msg=n)


# ---------------------------------------------------------------------------------------------
# 7. layers' own messages instead of an inner op's
# ---------------------------------------------------------------------------------------------
LAYER_ERRORS = [
    ("nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 2, 4), lib.ones(4, 2, 4))", "value shape"),
    ("nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 2, 5), lib.ones(3, 2, 4))", "value shape"),
    ("nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 4), lib.ones(3, 4))", "3-D"),
    ("nn.MultiheadAttention(4, 2, kdim=5, vdim=6)(lib.ones(3, 2, 4), lib.ones(3, 2, 5), lib.ones(4, 2, 6))",
     "batch dims"),
    ("nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 3, 4), lib.ones(3, 3, 4))", "3"),
    ("nn.Bilinear(2, 3, 4)(lib.ones(5, 2), lib.ones(5, 4))", "input2 size"),
    ("nn.Bilinear(2, 3, 4)(lib.ones(5, 3), lib.ones(5, 3))", "input1 size"),
    ("nn.Bilinear(2, 3, 4)(lib.ones(5, 2), lib.ones(4, 3))", "batch dimensions"),
    ("F.multi_margin_loss(lib.ones(2, 3), lib.tensor([0, 3]))", "target out of range"),
    ("F.multi_margin_loss(lib.ones(2, 3), lib.tensor([0, -1]))", "target out of range"),
    ("F.glu(lib.ones(2, 4), dim=2)", "out of range"),
    ("F.glu(lib.ones(2, 4), dim=-3)", "out of range"),
    ("F.cosine_similarity(lib.ones(3), lib.ones(4))", "size of tensor a (3)"),
    ("F.cosine_similarity(lib.ones(2, 3), lib.ones(4, 3))", "size of tensor a (2)"),
]


def test_layers_with_shapes_that_fit_as_torch():
    check(lambda lib, a, b: lib.nn.functional.cosine_similarity(a, b), rand(4, 3, seed=1), rand(1, 3, seed=2))
    # a norm below eps: torch clamps its value but keeps the norm's gradient; a zero row has gradient 0
    tiny = np.full((3, 4), 1e-3)
    tiny[1] = 0.0
    check(lambda lib, a, b: lib.nn.functional.cosine_similarity(a, b, eps=1e-2), rand(3, 4, seed=3), tiny)
    check(lambda lib, a: lib.nn.functional.glu(a, -2), rand(4, 3, seed=3))
    check(lambda lib, x, t: lib.nn.functional.multi_margin_loss(x, t), rand(3, 4, seed=4), np.array([0, 3, 1]))


# ---------------------------------------------------------------------------------------------
# 11. distributions: transforms' cache_size
# ---------------------------------------------------------------------------------------------
def test_tanh_transform_cache_as_torch():
    """The SAC idiom: a tanh-squashed Normal sample and its log_prob; with cache_size=1 the log_prob uses the
    pre-tanh value (finite even where tanh rounds to ±1), values and gradients as torch's."""
    eps = np.array([0.3, -1.2, 2.0, 9.0], np.float32)

    def fn(lib, loc, log_scale):
        D = lib.distributions
        d = D.TransformedDistribution(D.Normal(loc, log_scale.exp()),
                                      [D.transforms.TanhTransform(cache_size=1)])
        x = loc + log_scale.exp() * lib.tensor(eps)
        y = d.transforms[0](x)
        return y, d.log_prob(y)
    out = check(fn, np.array([0.1, 0.2, -0.3, 2.0], np.float32), np.array([0.0, -0.5, 0.4, 0.5], np.float32))
    assert np.isfinite(out[1].detach().numpy()).all()


def test_transform_cache_size_values():
    D = minigrad.distributions.transforms
    for make in (lambda c: D.ExpTransform(cache_size=c), lambda c: D.AffineTransform(1.0, 2.0, cache_size=c),
                 lambda c: D.PowerTransform(2.0, cache_size=c), lambda c: D.SigmoidTransform(cache_size=c),
                 lambda c: D.ComposeTransform([D.ExpTransform(), D.AffineTransform(0.0, 3.0)], cache_size=c)):
        t = make(1)
        x = minigrad.tensor([0.5, 1.5])
        y = t(x)
        assert t(x) is y and t.inv(y) is x
        assert make(0).inv(y) is not x
    check_raises_as_torch("lib.distributions.transforms.TanhTransform(cache_size=2)", "cache_size")
    check_raises_as_torch("lib.distributions.transforms.AffineTransform(0., 1., cache_size=3)", "cache_size")


# ---------------------------------------------------------------------------------------------
# 10. torch's warnings: implicit softmax dim, size_average/reduce, dropout ranks
# ---------------------------------------------------------------------------------------------
WARNING_CALLS = [
    ("F.softmax(lib.ones(2, 3))", "Implicit dimension choice for softmax"),
    ("F.log_softmax(lib.ones(2, 3, 4))", "Implicit dimension choice for log_softmax"),
    ("F.softmin(lib.ones(3))", "Implicit dimension choice for softmin"),
    ("nn.Softmax()(lib.ones(2, 3))", "Implicit dimension choice for softmax"),
    ("nn.LogSoftmax()(lib.ones(2, 3))", "Implicit dimension choice for log_softmax"),
    ("F.mse_loss(lib.ones(2), lib.zeros(2), size_average=True)", "reduction='mean'"),
    ("nn.MSELoss(size_average=False)", "reduction='sum'"),
    ("nn.CrossEntropyLoss(reduce=False)", "reduction='none'"),
    ("F.dropout2d(lib.ones(2, 3, 4))", "interpreted as shape (N, C, L)"),
    ("F.dropout2d(lib.ones(2, 3))", "2-D input to dropout2d"),
    ("F.dropout3d(lib.ones(2, 3, 4))", "3-D input to dropout3d"),
]


@pytest.mark.parametrize("code,words", WARNING_CALLS)
def test_warnings_as_torch(code, words):
    import warnings
    for lib in (torch, minigrad):
        env = {"lib": lib, "F": lib.nn.functional, "nn": lib.nn}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            exec(code, env)
        assert any(words in str(w.message) for w in caught), (lib.__name__, [str(w.message) for w in caught])


@pytest.mark.parametrize("code", ["R = F.mse_loss(lib.arange(3.), lib.zeros(3), reduce=False)",
                                  "R = F.l1_loss(lib.arange(3.), lib.zeros(3), size_average=False)"])
def test_legacy_reduction_values(code):
    check_value_as_torch(code)


@pytest.mark.filterwarnings("ignore:Implicit dimension")
@pytest.mark.parametrize("name,shape", [("softmax", (2, 3)), ("log_softmax", (3,)), ("softmin", (2, 3, 4)),
                                        ("softmax", (2, 3, 4, 2))])
def test_implicit_softmax_dim_values(name, shape):
    check(lambda lib, x: getattr(lib.nn.functional, name)(x), rand(*shape, seed=5))


def test_dropout2d_reads_3d_and_2d_input_as_torch():
    """(N, C, L): one draw per (sample, channel); (N, C): one per element -- torch's feature dropout."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = minigrad.nn.functional.dropout2d(minigrad.ones(40, 6, 5))
        b = minigrad.nn.functional.dropout2d(minigrad.ones(200, 6))
    kept = a.numpy() != 0
    assert (kept.all(-1) | ~kept.any(-1)).all() and 0 < kept[:, :, 0].mean() < 1
    assert len({tuple(r) for r in (a.numpy()[:, :, 0] != 0)}) > 1      # the draws differ across samples
    assert 0.3 < (b.numpy() != 0).mean() < 0.7 and not ((b.numpy() != 0).all(1) | (b.numpy() == 0).all(1)).all()
    check_raises_as_torch("F.dropout1d(lib.ones(2, 3, 4, 5))", "2D or 3D")


# ---------------------------------------------------------------------------------------------
# 9. DataLoader and datasets
# ---------------------------------------------------------------------------------------------
DATA = "import importlib; data = importlib.import_module(lib.__name__ + '.utils.data'); "
DATA_ERRORS = [
    (DATA + "data.DataLoader(data.TensorDataset(lib.ones(3, 2)), prefetch_factor=2)", "prefetch_factor"),
    (DATA + "data.DataLoader(data.TensorDataset(lib.ones(3, 2)), persistent_workers=True)", "persistent_workers"),
    (DATA + "next(iter(data.DataLoader([None, None], batch_size=2)))", "default_collate"),
    (DATA + "next(iter(data.DataLoader([object(), object()], batch_size=2)))", "default_collate"),
    (DATA + "next(iter(data.DataLoader([(1, None), (2, None)], batch_size=2)))", "NoneType"),
    (DATA + "data.TensorDataset(lib.tensor(1.))", "no dimensions"),
]


@pytest.mark.parametrize("code", [DATA + "R = next(iter(data.DataLoader(['a', 'b'], batch_size=2)))",
                                  DATA + "R = next(iter(data.DataLoader([('a', 1.5), ('b', 2.5)], batch_size=2)))",
                                  DATA + "R = len(data.DataLoader(data.TensorDataset(lib.ones(5, 2)), batch_size=2, "
                                         "num_workers=2, prefetch_factor=2, persistent_workers=True))"])
def test_data_values_as_torch(code):
    check_value_as_torch(code)


# ---------------------------------------------------------------------------------------------
# 8. Module API
# ---------------------------------------------------------------------------------------------
MODULE_ERRORS = [
    ("nn.Module().add_module(1, nn.Linear(1, 1))", "string"),
    ("nn.Module().register_parameter(1, None)", "string"),
    ("nn.Module().register_buffer(1, None)", "string"),
    ("nn.Unflatten(1, 4)", "tuple of ints"),
    ("nn.Unflatten(1, (2, 'a'))", "pos 1"),
    ("nn.ModuleDict([nn.Linear(1, 1)])", "element #0"),
    ("nn.ModuleDict([('a', nn.Linear(1, 1), 3)])", "length 3"),
    ("nn.BatchNorm1d(2).get_buffer('weight')", "not a buffer"),
    ("nn.BatchNorm1d(2).get_buffer('nope')", "nope"),
    ("nn.init.dirac_(lib.ones(2, 2))", "3, 4, or 5"),
    ("nn.init.dirac_(lib.empty(3, 2, 3), groups=2)", "groups"),
    ("nn.init.sparse_(lib.ones(2, 2, 2), 0.5)", "2 dimensions"),
    ("nn.utils.vector_to_parameters([1., 2.], [nn.Parameter(lib.ones(2))])", "expected torch.Tensor"),
    ("nn.Linear(3, 4).load_state_dict({'weight': np.ones((4, 3)), 'bias': np.ones(4)})", "ndarray"),
    ("nn.Linear(3, 4).load_state_dict({'weight': [[1.] * 3] * 4, 'bias': [1.] * 4})", "list"),
]

MODULE_VALUES = [
    "R = nn.ParameterList([1.0])[0]",
    "R = [type(v).__name__ for v in nn.ParameterList([1.0, lib.ones(2), 'a'])]",
    "R = repr(nn.ParameterList([1.0, lib.ones(2)])).replace('torch', 'minigrad')",
    "R = list(nn.ParameterList([1.0, lib.ones(2)]).state_dict())",
    "R = nn.ParameterDict({'a': 1})['a']",
    "p = nn.ParameterDict({'a': 1, 'b': lib.ones(2)}); del p['a']; R = (list(p), list(p.state_dict()))",
    "R = repr(nn.ParameterDict({'a': 1, 'b': lib.ones(2)})).replace('torch', 'minigrad')",
    "R = nn.BatchNorm1d(2).get_buffer('running_mean')",
    "R = nn.Sequential(nn.BatchNorm1d(2)).get_buffer('0.running_var')",
    "R = repr(nn.Unflatten(1, [2, 2]))",
    "R = nn.Unflatten(1, [2, 2])(lib.ones(3, 4)).shape",
    "R = nn.init.dirac_(lib.empty(4, 2, 3))",
    "R = nn.init.dirac_(lib.empty(4, 2, 3, 3), groups=2)",
    "R = nn.init.dirac_(lib.empty(6, 4, 1, 3, 3), groups=3)",
    "R = (nn.init.sparse_(lib.ones(10, 4), 0.3) == 0).sum(0)",
    "R = nn.utils.parameters_to_vector(lib.ones(2, 2))",
]


@pytest.mark.parametrize("code", MODULE_VALUES)
def test_module_api_values_as_torch(code):
    check_value_as_torch(code)


def test_sparse_init_draws_from_the_generator():
    g = minigrad.Generator().manual_seed(3)
    a = minigrad.nn.init.sparse_(minigrad.empty(8, 5), 0.5, generator=g)
    b = minigrad.nn.init.sparse_(minigrad.empty(8, 5), 0.5, generator=minigrad.Generator().manual_seed(3))
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert ((a.numpy() == 0).sum(0) == 4).all() and 0 < np.abs(a.numpy()).max() < 0.1


# ---------------------------------------------------------------------------------------------
# 11. LowRankMultivariateNormal
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shapes", [((3,), (3, 2), (3,)), ((2, 3), (3, 2), (3,)), ((3,), (4, 3, 1), (4, 3))])
def test_lowrank_multivariate_normal_as_torch(shapes):
    """Every quantity against torch, with the gradients of loc, cov_factor and cov_diag."""
    loc_s, w_s, d_s = shapes
    value = rand(5, 1, 3, seed=40) if len(loc_s) == 1 and len(w_s) == 2 else rand(5, *(loc_s[:-1] or w_s[:-2]), 3,
                                                                                   seed=40)

    def make(lib, loc, w, d):
        return lib.distributions.LowRankMultivariateNormal(loc, w, d.exp())
    for name in ("log_prob", "entropy", "mean", "variance", "covariance_matrix", "precision_matrix", "scale_tril"):
        def fn(lib, loc, w, d):
            dist = make(lib, loc, w, d)
            return dist.log_prob(lib.tensor(value)) if name == "log_prob" else \
                dist.entropy() if name == "entropy" else getattr(dist, name)
        check(fn, rand(*loc_s, seed=41), rand(*w_s, seed=42), rand(*d_s, seed=43) * 0.3, rtol=1e-6, atol=1e-8)


def test_lowrank_multivariate_normal_samples_and_errors():
    minigrad.manual_seed(0)
    loc = minigrad.tensor([1.0, -1.0, 0.5], dtype=minigrad.float64, requires_grad=True)
    w = minigrad.tensor([[1.0, 0.0], [0.5, 1.0], [0.0, -1.0]], dtype=minigrad.float64, requires_grad=True)
    d = minigrad.tensor([0.5, 0.2, 0.3], dtype=minigrad.float64)
    dist = minigrad.distributions.LowRankMultivariateNormal(loc, w, d)
    x = dist.rsample((20000,))
    assert tuple(x.shape) == (20000, 3) and tuple(dist.sample((2, 4)).shape) == (2, 4, 3)
    np.testing.assert_allclose(np.cov(x.detach().numpy().T), dist.covariance_matrix.detach().numpy(), atol=0.06)
    x.sum().backward()
    assert w.grad is not None and np.allclose(loc.grad.numpy(), 20000)
    e = dist.expand((2,))
    assert tuple(e.batch_shape) == (2,) and tuple(e.log_prob(minigrad.zeros(2, 3, dtype=minigrad.float64)).shape) == (2,)
    D = "D = lib.distributions; "
    check_raises_as_torch(D + "D.LowRankMultivariateNormal(lib.zeros(3), lib.ones(4, 2), lib.ones(3))", "cov_factor")
    check_raises_as_torch(D + "D.LowRankMultivariateNormal(lib.zeros(3), lib.ones(3), lib.ones(3))", "cov_factor")
    check_raises_as_torch(D + "D.LowRankMultivariateNormal(lib.zeros(3), lib.ones(3, 2), lib.ones(2))", "cov_diag")
    check_raises_as_torch(D + "D.LowRankMultivariateNormal(lib.tensor(0.), lib.ones(3, 2), lib.ones(3))", "loc")
    with pytest.raises(ValueError, match="cov_diag"):      # (torch fails later, in its Cholesky factorisation)
        minigrad.distributions.LowRankMultivariateNormal(minigrad.zeros(3), minigrad.ones(3, 2), -minigrad.ones(3))


MORE_ERRORS = [
    ("F.scaled_dot_product_attention(lib.ones(2, 3, 4), lib.ones(2, 3, 4), lib.ones(2, 3, 4), dropout_p=1.5)",
     "dropout probability"),
    ("nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 2, 4), lib.ones(3, 2, 4), "
     "key_padding_mask=lib.ones(3, 3, dtype=lib.bool))", "key_padding_mask"),
    ("nn.BatchNorm1d(3)(lib.ones(2, 3, dtype=lib.int64))", "batch_norm"),
    ("nn.Embedding.from_pretrained(lib.ones(3))", "2-dimensional"),
    ("F.conv2d(lib.ones(1, 3, 8, 8), lib.ones(8, 3, 3, 3), padding=(1, 1, 1))", "padding"),
    ("F.conv2d(lib.ones(1, 3, 8, 8), lib.ones(8, 3, 3, 3), stride=(1, 1, 1))", "stride"),
    ("F.conv2d(lib.ones(1, 3, 8, 8), lib.ones(8, 3, 3, 3), dilation=(1, 1, 1))", "dilation"),
]


def test_embedding_from_pretrained_error_is_a_value_error_too():
    with pytest.raises(ValueError, match="2-dimensional"):
        minigrad.nn.Embedding.from_pretrained(minigrad.ones(3))


@pytest.mark.parametrize("code,word", LOSS_NORM_ERRORS + RNN_ERRORS + LAYER_ERRORS + DATA_ERRORS + MODULE_ERRORS
                         + MORE_ERRORS)
def test_errors_as_torch(code, word):
    check_raises_as_torch(code, word)
