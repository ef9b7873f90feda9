"""Composite nn ops recorded as one node with torch's name (MseLossBackward0, NllLossBackward0,
BinaryCrossEntropyWithLogitsBackward0, AddmmBackward0 over TBackward0 for Linear...): the graph walked
through ``next_functions`` equals torch's (names compared without torch's trailing digit), and every
output and input gradient equals torch's, also through ``create_graph=True``."""

import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, check, rand

REDUCTIONS = ["mean", "sum", "none"]


def _name(fn):
    """torch's names, numbers included (MseLossBackward0); torch calls a leaf's node
    torch::autograd::AccumulateGrad, minigrad AccumulateGrad (the class name in both)."""
    return fn.name().replace("torch::autograd::", "")


def _tree(fn, depth=5):
    """The graph below ``fn`` as nested (name, [children]). The None entries (inputs that need no
    gradient) are left out here: minigrad's view/shape nodes also list their non-tensor arguments;
    the exact edges of the nodes built in minigrad/ops/nn_nodes.py are checked in _edges below."""
    if depth == 0:
        return (_name(fn), "...")
    return (_name(fn), [_tree(n, depth - 1) for n, _ in fn.next_functions if n is not None])


def _edges(fn):
    """The node's inputs in order (None: needs no gradient). Trailing Nones are dropped: minigrad also
    lists a class-index target (as a constant input for minigrad.viz), torch does not."""
    out = [None if n is None else _name(n) for n, _ in fn.next_functions]
    while out and out[-1] is None:
        out.pop()
    return out


def _graphs(build):
    out = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        out.append(_tree(build(lib).grad_fn))
    return out


def _x(lib, shape=(4, 3), grad=True):
    return lib.tensor(rand(*shape, seed=1), dtype=lib.float32, requires_grad=grad)


GRAPHS = {
    "linear": lambda t: t.nn.Linear(3, 2)(_x(t)),
    "linear-input-without-grad": lambda t: t.nn.Linear(3, 2)(_x(t, grad=False)),
    "linear-no-bias": lambda t: t.nn.Linear(3, 2, bias=False)(_x(t)),
    "linear-3d-input": lambda t: t.nn.Linear(3, 2)(_x(t, (5, 4, 3))),
    "linear-1d-input": lambda t: t.nn.Linear(3, 2)(_x(t, (3,), grad=False)),
    "mse": lambda t: t.nn.functional.mse_loss(t.nn.Linear(3, 2)(_x(t)), t.zeros(4, 2)),
    "mse-module-target-grad": lambda t: t.nn.MSELoss(reduction="sum")(_x(t), _x(t).exp()),
    "cross_entropy": lambda t: t.nn.CrossEntropyLoss()(t.nn.Linear(3, 5)(_x(t)), t.tensor([0, 4, 1, 1])),
    "nll": lambda t: t.nn.functional.nll_loss(_x(t).log_softmax(1), t.tensor([0, 2, 1, 1])),
    "nll-weighted": lambda t: t.nn.NLLLoss(weight=t.ones(3))(_x(t), t.tensor([0, 2, 1, 1])),
    "bce_with_logits": lambda t: t.nn.BCEWithLogitsLoss(pos_weight=t.ones(3))(_x(t), t.ones(4, 3)),
    "bce": lambda t: t.nn.BCELoss()(_x(t).sigmoid(), t.ones(4, 3) * 0.5),
    "smooth_l1": lambda t: t.nn.functional.smooth_l1_loss(_x(t), t.zeros(4, 3), beta=0.5),
    "huber": lambda t: t.nn.functional.huber_loss(_x(t), t.zeros(4, 3), delta=0.5),
    "embedding": lambda t: t.nn.Embedding(6, 3)(t.tensor([[1, 2], [5, 0]])),
    "mlp-mse": lambda t: t.nn.functional.mse_loss(
        t.nn.Sequential(t.nn.Linear(3, 4), t.nn.ReLU(), t.nn.Linear(4, 1))(_x(t)), t.zeros(4, 1)),
}


@pytest.mark.parametrize("name", list(GRAPHS))
def test_graph_nodes_and_next_functions_as_torch(name):
    """Linear on a 1-D or 3-D input reshapes its result back: torch >= 2.15 records that reshape as
    UnsafeViewBackward0, 2.13 and 2.14 as ViewBackward0; minigrad follows 2.15."""
    t, m = _graphs(GRAPHS[name])
    if name in ("linear-3d-input", "linear-1d-input") and TORCH_VERSION < (2, 15):
        assert t[0] == "ViewBackward0" and m[0] == "UnsafeViewBackward0", (t[0], m[0])
        t = ("UnsafeViewBackward0", t[1])
    assert m == t


@pytest.mark.parametrize("name", [n for n in GRAPHS if "3d" not in n and "1d" not in n])
def test_top_node_edges_exactly_as_torch(name):
    out = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        out.append(_edges(GRAPHS[name](lib).grad_fn))
    assert out[1] == out[0]


def test_seed_printout_names_mse_loss():
    x = minigrad.linspace(-1, 1, 8).reshape(8, 1)
    model = minigrad.nn.Linear(1, 1)
    loss = minigrad.nn.MSELoss()(model(x), 2 * x)
    assert "grad_fn=<MseLossBackward0>" in repr(loss)
    assert "grad_fn=<AddmmBackward0>" in repr(model(x))


# ------------------------------------------------------------------------------ values and gradients
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5, 3), (2, 4, 3), (3,), (0, 3)], ids=str)
def test_linear_matches_torch(shape, bias, device):
    arrays = [rand(*shape, seed=1), rand(2, 3, seed=2)] + ([rand(2, seed=3)] if bias else [])
    check(lambda t, x, w, *b: t.nn.functional.linear(x, w, *b), *arrays, device=device)


def test_linear_float32_and_transposed_input(device):
    x = rand(3, 6, seed=1, dtype=np.float32)
    check(lambda t, x, w, b: t.nn.functional.linear(x.t(), w, b), x, rand(4, 3, seed=2, dtype=np.float32),
          rand(4, seed=3, dtype=np.float32), device=device)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("tshape", [(4, 3), (3,), (1, 3)], ids=str)
def test_mse_loss_matches_torch(reduction, tshape, device):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda t, x, y: t.nn.functional.mse_loss(x, y, reduction=reduction), rand(4, 3, seed=1),
              rand(*tshape, seed=2), device=device)


def test_mse_loss_mixed_dtypes_as_torch(device):
    check(lambda t, x, y: t.nn.functional.mse_loss(x, y), rand(4, 3, seed=1, dtype=np.float32), rand(4, 3, seed=2),
          device=device)
    check(lambda t, x, y: t.nn.functional.mse_loss(x, y), rand(4, 3, seed=1, dtype=np.float32),
          np.arange(12).reshape(4, 3), device=device, grad=[True, False])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("beta", [0.0, 0.5, 1.0])
def test_smooth_l1_loss_matches_torch(reduction, beta, device):
    check(lambda t, x, y: t.nn.functional.smooth_l1_loss(x, y, reduction=reduction, beta=beta),
          rand(4, 3, seed=1), rand(4, 3, seed=2), device=device)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("delta", [0.3, 1.0, 2.5])
def test_huber_loss_matches_torch(reduction, delta, device):
    check(lambda t, x, y: t.nn.functional.huber_loss(x, y, reduction=reduction, delta=delta),
          rand(4, 3, seed=1), rand(4, 3, seed=2), device=device)
    check(lambda t, x, y, w: t.nn.functional.huber_loss(x, y, reduction=reduction, delta=delta, weight=w),
          rand(4, 3, seed=1), rand(4, 3, seed=2), rand(4, 3, seed=4, low=0, high=1), device=device,
          grad=[True, True, False])


def test_huber_loss_module():
    x, y = minigrad.tensor(rand(5, seed=1)), minigrad.tensor(rand(5, seed=2))
    m = minigrad.nn.loss.HuberLoss(delta=0.7)(x, y)
    t = torch.nn.HuberLoss(delta=0.7)(torch.tensor(rand(5, seed=1)), torch.tensor(rand(5, seed=2)))
    np.testing.assert_allclose(m.item(), t.item(), rtol=1e-12)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("pos_weighted", [False, True])
def test_bce_with_logits_matches_torch(reduction, weighted, pos_weighted, device):
    x = rand(4, 3, seed=1) * 20                       # large logits: the stable form is needed
    y = rand(4, 3, seed=2, low=0, high=1)
    w = rand(3, seed=3, low=0.1, high=2) if weighted else None
    pw = rand(3, seed=4, low=0.1, high=3) if pos_weighted else None

    def f(t, x, y, *rest):
        it = iter(rest)
        return t.nn.functional.binary_cross_entropy_with_logits(
            x, y, weight=next(it) if weighted else None, pos_weight=next(it) if pos_weighted else None,
            reduction=reduction)
    extra = [a for a in (w, pw) if a is not None]
    check(f, x, y, *extra, device=device, grad=[True, True] + [False] * len(extra))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_bce_matches_torch(reduction, weighted, device):
    p = rand(4, 3, seed=1, low=0.01, high=0.99)
    p[0, 0], p[1, 1] = 0.0, 1.0                       # the -100 clamps of the logs
    y = rand(4, 3, seed=2, low=0, high=1)
    if weighted:
        check(lambda t, p, y, w: t.nn.functional.binary_cross_entropy(p, y, weight=w, reduction=reduction), p, y,
              rand(4, 1, seed=3, low=0.1, high=2), device=device, grad=[True, True, False])
    else:
        check(lambda t, p, y: t.nn.functional.binary_cross_entropy(p, y, reduction=reduction), p, y, device=device)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("shape", [(5, 4), (2, 4, 3), (4,)], ids=str)
def test_nll_loss_matches_torch(reduction, weighted, shape, device):
    x = rand(*shape, seed=1)
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, size=(shape[0],) + shape[2:]) if len(shape) > 1 else np.array(2)
    if y.ndim:
        y.reshape(-1)[1] = -100
    w = rand(4, seed=2, low=0.1, high=2)
    check(lambda t, x, y, w: t.nn.functional.nll_loss(x, y, weight=w if weighted else None, reduction=reduction),
          x, y, w, device=device, grad=[True, False, False])


@pytest.mark.parametrize("padding_idx", [None, 2, -1])
@pytest.mark.parametrize("freq", [False, True])
def test_embedding_matches_torch(padding_idx, freq, device):
    idx = np.array([[0, 2, 2], [5, 1, 2]])
    check(lambda t, w, i: t.nn.functional.embedding(i, w, padding_idx=padding_idx, scale_grad_by_freq=freq),
          rand(6, 3, seed=1), idx, device=device, grad=[True, False])


def test_embedding_max_norm_renormalises_as_torch():
    w = rand(6, 3, seed=1) * 3
    outs = []
    for lib in (torch, minigrad):
        weight = lib.tensor(w.copy())
        out = lib.nn.functional.embedding(lib.tensor([[0, 2], [2, 5]]), weight, max_norm=1.5)
        outs.append((out.numpy(), weight.numpy()))
    np.testing.assert_allclose(outs[1][0], outs[0][0], rtol=1e-6)
    np.testing.assert_allclose(outs[1][1], outs[0][1], rtol=1e-6)


def test_embedding_module_options_and_from_pretrained():
    table = rand(4, 2, seed=1)
    for lib in (torch, minigrad):
        e = lib.nn.Embedding.from_pretrained(lib.tensor(table), padding_idx=1)
        assert not e.weight.requires_grad and e.padding_idx == 1
        np.testing.assert_array_equal(e(lib.tensor([3])).detach().numpy(), table[[3]])
    assert minigrad.nn.Embedding(5, 2, padding_idx=-1).padding_idx == torch.nn.Embedding(5, 2, padding_idx=-1).padding_idx
    assert np.all(minigrad.nn.Embedding(5, 2, padding_idx=3).weight[3].detach().numpy() == 0)


# ------------------------------------------------------------------------------ second derivatives
SECOND = {
    "mse": lambda t, x, y: t.nn.functional.mse_loss(x.tanh(), y),
    "bce_with_logits": lambda t, x, y: t.nn.functional.binary_cross_entropy_with_logits(x, y.sigmoid()),
    "bce": lambda t, x, y: t.nn.functional.binary_cross_entropy(x.sigmoid(), y.sigmoid(), reduction="sum"),
    "huber": lambda t, x, y: t.nn.functional.huber_loss(x * 2, y, delta=0.8),
    "smooth_l1": lambda t, x, y: t.nn.functional.smooth_l1_loss(x * 2, y, beta=0.8),
    "linear": lambda t, x, y: t.nn.functional.linear(x, y, y[:, 0]).pow(2).sum(),
    "cross_entropy": lambda t, x, y: t.nn.functional.cross_entropy(x @ y, t.tensor([0, 2, 1])),
}


@pytest.mark.parametrize("name", list(SECOND))
def test_create_graph_second_derivatives_match_torch(name):
    res = []
    for lib in (torch, minigrad):
        x = lib.tensor(rand(3, 3, seed=1), requires_grad=True)
        y = lib.tensor(rand(3, 3, seed=2), requires_grad=True)
        gx, gy = lib.autograd.grad(SECOND[name](lib, x, y), [x, y], create_graph=True)
        h = lib.autograd.grad((gx * gx).sum() + (gx * gy).sum(), [x, y], allow_unused=True)
        res.append([None if g is None else g.detach().numpy() for g in (gx, gy) + tuple(h)])
    for t, m in zip(*res):
        if t is None:
            assert m is None or np.allclose(m, 0)
        else:
            np.testing.assert_allclose(m, t, rtol=1e-7, atol=1e-9)


# ------------------------------------------------------------------------------ normalisation nodes
GRAPHS_NORM = {
    "batchnorm-train": lambda t: t.nn.BatchNorm1d(3)(_x(t)),
    "batchnorm-eval": lambda t: t.nn.BatchNorm1d(3).eval()(_x(t)),
    "batchnorm-no-affine": lambda t: t.nn.BatchNorm1d(3, affine=False)(_x(t)),
    "batchnorm2d": lambda t: t.nn.BatchNorm2d(3)(_x(t, (2, 3, 2, 2))),
    "layernorm": lambda t: t.nn.LayerNorm(3)(_x(t)),
    "layernorm-no-affine": lambda t: t.nn.LayerNorm((4, 3), elementwise_affine=False)(_x(t, (2, 4, 3))),
}


@pytest.mark.parametrize("name", list(GRAPHS_NORM))
def test_normalisation_graphs_as_torch(name):
    t, m = _graphs(GRAPHS_NORM[name])
    assert m == t
    out = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        out.append(_edges(GRAPHS_NORM[name](lib).grad_fn))
    assert out[1] == out[0]


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("shape", [(5, 3), (4, 3, 6), (2, 3, 4, 5)], ids=str)
def test_batch_norm_matches_torch(shape, affine, training, device):
    rm, rv = rand(3, seed=5), rand(3, seed=6, low=0.5, high=2)

    def f(t, x, w, b):
        mean, var = t.tensor(rm, device=x.device), t.tensor(rv, device=x.device)
        out = t.nn.functional.batch_norm(x, mean, var, w if affine else None, b if affine else None,
                                         training=training, momentum=0.3, eps=1e-3)
        return out, mean, var                            # the running statistics after the update too
    check(f, rand(*shape, seed=1) * 3 + 1, rand(3, seed=2), rand(3, seed=3), device=device,
          grad=[True, affine, affine])


def test_batch_norm_module_running_stats_and_cumulative_momentum():
    x = rand(6, 3, 4, seed=1)
    res = []
    for lib in (torch, minigrad):
        bn = lib.nn.BatchNorm1d(3, momentum=None)
        for i in range(3):
            bn(lib.tensor(x * (i + 1), dtype=lib.float32))
        bn.eval()
        res.append((bn.running_mean.numpy(), bn.running_var.numpy(), int(bn.num_batches_tracked),
                    bn(lib.tensor(x, dtype=lib.float32)).detach().numpy()))
    for a, b in zip(res[1], res[0]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("shape,normalized", [((4, 5), (5,)), ((2, 3, 4), (3, 4)), ((6,), (6,))], ids=str)
def test_layer_norm_matches_torch(shape, normalized, affine, device):
    arrays = [rand(*shape, seed=1) * 2 + 1] + ([rand(*normalized, seed=2), rand(*normalized, seed=3)] if affine else [])
    check(lambda t, x, *wb: t.nn.functional.layer_norm(x, normalized, *wb, eps=1e-4), *arrays, device=device)


@pytest.mark.parametrize("name", ["batch_norm", "layer_norm", "batch_norm_eval"])
def test_normalisation_second_derivatives_match_torch(name):
    res = []
    for lib in (torch, minigrad):
        x = lib.tensor(rand(4, 3, seed=1), requires_grad=True)
        w = lib.tensor(rand(3, seed=2), requires_grad=True)
        if name == "layer_norm":
            y = lib.nn.functional.layer_norm(x, (3,), w, None)
        else:
            y = lib.nn.functional.batch_norm(x, lib.zeros(3, dtype=lib.float64), lib.ones(3, dtype=lib.float64),
                                             w, None, training=name == "batch_norm")
        loss = (y.tanh() * lib.tensor(rand(4, 3, seed=4))).sum()
        gx, gw = lib.autograd.grad(loss, [x, w], create_graph=True)
        h = lib.autograd.grad((gx ** 2).sum() + (gw ** 2).sum(), [x, w])
        res.append([g.detach().numpy() for g in (gx, gw) + tuple(h)])
    for t, m in zip(*res):
        np.testing.assert_allclose(m, t, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("fn", ["leaky_relu", "elu"])
@pytest.mark.parametrize("param", [0.01, 0.3, 1.5])
def test_leaky_relu_and_elu_match_torch(fn, param, device):
    x = rand(5, 4, seed=1)
    x[0, 0] = 0.0
    kw = {"negative_slope": param} if fn == "leaky_relu" else {"alpha": param}
    check(lambda t, x: getattr(t.nn.functional, fn)(x, **kw), x, device=device)
    check(lambda t, x: getattr(t.nn.functional, fn)(x, **kw), x.astype(np.float32), device=device)
    t, m = _graphs(lambda lib: getattr(lib.nn.functional, fn)(_x(lib), **kw))
    assert m == t


def test_elu_leaky_second_derivative_match_torch():
    res = []
    for lib in (torch, minigrad):
        x = lib.tensor(rand(6, seed=1), requires_grad=True)
        y = lib.nn.functional.elu(x, 0.7) * 2 + lib.nn.functional.leaky_relu(x, 0.2) ** 2
        g, = lib.autograd.grad(y.sum(), x, create_graph=True)
        h, = lib.autograd.grad((g ** 2).sum(), x)
        res.append((g.detach().numpy(), h.numpy()))
    for a, b in zip(res[1], res[0]):
        np.testing.assert_allclose(a, b, rtol=1e-10)


def test_nll_loss_gradient_has_no_negative_zeros():
    x = minigrad.tensor([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]], requires_grad=True)
    minigrad.nn.functional.nll_loss(x, minigrad.tensor([2, 0])).backward()
    t = torch.tensor([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]], requires_grad=True)
    torch.nn.functional.nll_loss(t, torch.tensor([2, 0])).backward()
    np.testing.assert_array_equal(np.signbit(x.grad.numpy()), np.signbit(t.grad.numpy()))
