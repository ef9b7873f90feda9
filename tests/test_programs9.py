"""Minimal repros of what published PyTorch programs (round nine: nanoGPT, makemore, LLaMA, BERT, d2l.ai, ...)
met under ``import minigrad as torch``, each cross-checked against torch."""
from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest
import torch

import minigrad
from tests.helpers import check_raises_as_torch, check_value_as_torch


def _both(build):
    """``build(lib)`` under torch and minigrad, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(torch), build(minigrad)


def _np(t):
    return t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else t.detach().numpy()


# --------------------------------------------------------------------------- lazy modules (d2l.ai)
def _d2l_resnetish(lib):
    nn = lib.nn
    return nn.Sequential(nn.LazyConv2d(4, kernel_size=3, padding=1), nn.LazyBatchNorm2d(), nn.ReLU(),
                         nn.LazyConvTranspose2d(3, 2, stride=2), nn.LazyInstanceNorm2d(), nn.Flatten(),
                         nn.LazyLinear(8), nn.LazyBatchNorm1d(), nn.Tanh(), nn.LazyLinear(3),
                         nn.Unflatten(1, (1, 3)), nn.LazyConv1d(2, 1))


@pytest.mark.parametrize("opt_first", [False, True])
def test_lazy_modules_infer_shapes_become_their_class_and_train_as_torch(opt_first):
    # d2l.ai builds every model from Lazy layers, runs a dummy batch, then re-initialises by
    # ``type(m) == nn.Linear`` (true only once the LazyLinear has become a Linear)
    x = np.random.default_rng(0).normal(size=(4, 2, 5, 5)).astype(np.float32)
    nets = _both(_d2l_resnetish)
    for lib, net in zip((torch, minigrad), nets):
        assert type(net[6]).__name__ == "LazyLinear" and isinstance(net[6], lib.nn.Linear)
        with pytest.raises(ValueError, match="uninitialized parameter"):
            sum(p.numel() for p in net.parameters())
        with pytest.raises(RuntimeError, match="shape of an uninitialized"):
            net[0].weight.shape
        assert repr(net[6].weight) == "<UninitializedParameter>"
    assert [repr(m) for m in nets[1]] == [repr(m) for m in nets[0]]
    opts = [lib.optim.SGD(n.parameters(), lr=0.1, momentum=0.9) for lib, n in zip((torch, minigrad), nets)] \
        if opt_first else None
    tnet, mnet = nets
    tnet(torch.tensor(x[:2]))
    mnet(minigrad.tensor(x[:2]))
    assert [type(m).__name__ for m in mnet] == [type(m).__name__ for m in tnet]
    assert type(mnet[6]) is minigrad.nn.Linear and type(mnet[1]) is minigrad.nn.BatchNorm2d
    assert [repr(m) for m in mnet] == [repr(m) for m in tnet]
    assert [type(p).__name__ for p in mnet.parameters()] == ["Parameter"] * len(list(tnet.parameters()))
    assert list(mnet.state_dict()) == list(tnet.state_dict())
    for k, v in tnet.state_dict().items():                   # torch's init of the rest (norms: ones, zeros)
        if k.split(".")[0] in ("1", "4", "7") and k.endswith(("weight", "bias", "num_batches_tracked")):
            np.testing.assert_allclose(mnet.state_dict()[k].numpy(), v.numpy())
    mnet.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in tnet.state_dict().items()})
    if not opt_first:
        opts = [torch.optim.SGD(tnet.parameters(), lr=0.1, momentum=0.9),
                minigrad.optim.SGD(mnet.parameters(), lr=0.1, momentum=0.9)]
    for lib, net, opt in zip((torch, minigrad), nets, opts):
        for _ in range(2):
            loss = net(lib.tensor(x)).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    for (k, tv), (k2, mv) in zip(tnet.state_dict().items(), mnet.state_dict().items()):
        np.testing.assert_allclose(mv.numpy(), tv.numpy(), rtol=1e-4, atol=1e-5, err_msg=k)


def test_lazy_module_loads_a_checkpoint_to_take_its_shapes_and_to_changes_dtype_first():
    def build(lib):
        conv = lib.nn.LazyConv2d(4, 3)
        conv.load_state_dict(lib.nn.Conv2d(2, 4, 3).state_dict())
        lin = lib.nn.LazyLinear(3).to(lib.float64)
        lin(lib.ones(2, 5, dtype=lib.float64))
        bn = lib.nn.LazyBatchNorm1d(affine=False)
        return conv, lin, bn
    (tc, tl, tb), (mc, ml, mb) = _both(build)
    assert type(mc).__name__ == type(tc).__name__ == "LazyConv2d"
    assert tuple(mc.weight.shape) == tuple(tc.weight.shape) == (4, 2, 3, 3)
    assert (repr(ml), str(ml.weight.dtype)) == (repr(tl), str(tl.weight.dtype))
    assert repr(mb) == repr(tb) and list(mb.state_dict()) == list(tb.state_dict())
    assert type(copy.deepcopy(minigrad.nn.LazyLinear(3)).weight).__name__ == "UninitializedParameter"


def test_lazy_module_errors_as_torch():
    check_raises_as_torch("R = nn.LazyConv2d(4, 3)(lib.ones(3))", "LazyConv2d")
    check_raises_as_torch("R = nn.LazyConv2d(4, 3, groups=2)(lib.ones(1, 3, 5, 5))", "divisible by groups")
    check_raises_as_torch("R = nn.LazyLinear(3).weight * 2", "uninitialized parameter")
    check_value_as_torch("m = nn.LazyConv1d(4, 3); R = (m(lib.ones(2, 5)).shape, type(m).__name__)")


def test_custom_lazy_module_with_lazy_module_mixin():
    def build(lib):
        class Scale(lib.nn.modules.lazy.LazyModuleMixin, lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.w = lib.nn.parameter.UninitializedParameter()

            def initialize_parameters(self, x):
                if self.has_uninitialized_params():
                    with lib.no_grad():
                        self.w.materialize((x.shape[-1],))
                        self.w.copy_(lib.arange(x.shape[-1], dtype=lib.float32))

            def forward(self, x):
                return x * self.w
        m = Scale()
        return m(lib.ones(2, 3)), m
    (to, tm), (mo, mm) = _both(build)
    np.testing.assert_array_equal(_np(mo), _np(to))
    assert type(mm).__name__ == type(tm).__name__ == "Scale" and type(mm.w) is minigrad.nn.Parameter


# --------------------------------------------------------------------------- torch.optim.Adafactor
@pytest.mark.parametrize("kw", [{}, dict(lr=0.05, weight_decay=0.1, maximize=True),
                                dict(eps=(1e-4, 1e-2), d=1.5, beta2_decay=-0.5)])
def test_adafactor_matches_torch_on_matrices_stacks_vectors_and_scalars(kw):
    rng = np.random.default_rng(0)
    shapes = [(3, 4), (2, 3, 5), (6,), ()]
    init = [rng.normal(size=s).astype(np.float32) for s in shapes]
    grads = [[rng.normal(size=s).astype(np.float32) for s in shapes] for _ in range(4)]
    out = []
    for lib in (torch, minigrad):
        ps = [lib.nn.Parameter(lib.tensor(a)) for a in init]
        opt = lib.optim.Adafactor(ps, **kw)
        for gs in grads:
            for p, g in zip(ps, gs):
                p.grad = lib.tensor(g)
            opt.step()
        sd = opt.state_dict()
        out.append(([_np(p) for p in ps], {i: sorted(st) for i, st in sd["state"].items()},
                    [_np(sd["state"][0]["row_var"]), _np(sd["state"][2]["variance"])], float(sd["state"][1]["step"])))
    (tp, tk, tv, ts), (mp, mk, mv, ms) = out
    assert mk == tk and ms == ts == 4.0
    for a, b in zip(mp + mv, tp + tv):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_adafactor_argument_errors_as_torch():
    check_raises_as_torch("R = optim.Adafactor([nn.Parameter(lib.ones(2))], beta2_decay=0.5)", "beta2_decay")
    check_raises_as_torch("R = optim.Adafactor([nn.Parameter(lib.ones(2))], d=0.5)", "Clipping threshold")
    check_raises_as_torch("R = optim.Adafactor([nn.Parameter(lib.ones(2))], eps=(-1.0, 1e-3))", "epsilon1")


# --------------------------------------------------------------------------- nn.AdaptiveLogSoftmaxWithLoss
def _asm_pair(head_bias):
    tm = torch.nn.AdaptiveLogSoftmaxWithLoss(8, 30, cutoffs=[6, 15], div_value=2.0, head_bias=head_bias)
    mm = minigrad.nn.AdaptiveLogSoftmaxWithLoss(8, 30, cutoffs=[6, 15], div_value=2.0, head_bias=head_bias)
    mm.load_state_dict({k: minigrad.tensor(_np(v)) for k, v in tm.state_dict().items()})
    return tm, mm


@pytest.mark.parametrize("head_bias", [False, True])
def test_adaptive_log_softmax_output_loss_and_every_gradient_as_torch(head_bias):
    tm, mm = _asm_pair(head_bias)
    assert repr(mm) == repr(tm) and list(mm.state_dict()) == list(tm.state_dict())
    rng = np.random.default_rng(0)
    x = rng.normal(size=(9, 8)).astype(np.float32)
    y = np.array([0, 5, 6, 14, 15, 29, 3, 20, 7])
    up = rng.normal(size=9).astype(np.float32)
    res = []
    for lib, m in ((torch, tm), (minigrad, mm)):
        xi = lib.tensor(x, requires_grad=True)
        out = m(xi, lib.tensor(y))
        assert type(out).__name__ == "_ASMoutput" and out._fields == ("output", "loss")
        ((out.output * lib.tensor(up)).sum() + 2 * out.loss).backward()
        res.append([_np(out.output), _np(out.loss), _np(xi.grad)] + [_np(p.grad) for p in m.parameters()]
                   + [_np(m.log_prob(lib.tensor(x))), _np(m.predict(lib.tensor(x)))])
    for a, b in zip(res[1], res[0]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    # one example with a 0-d target
    to, mo = tm(torch.tensor(x[0]), torch.tensor(20)), mm(minigrad.tensor(x[0]), minigrad.tensor(20))
    assert tuple(mo.output.shape) == tuple(to.output.shape) == ()
    np.testing.assert_allclose(_np(mo.output), _np(to.output), rtol=1e-5)


def test_adaptive_log_softmax_errors_as_torch():
    pre = "m = nn.AdaptiveLogSoftmaxWithLoss(8, 30, cutoffs=[6, 15]); "
    check_raises_as_torch(pre + "R = m(lib.zeros(3, 8), lib.tensor([0, 30, 2]))", "Target values should be in [0, 29]")
    check_raises_as_torch(pre + "R = m(lib.zeros(3, 8), lib.tensor([0, 1]))", "same size in the batch")
    check_raises_as_torch(pre + "R = m(lib.zeros(3, 8), lib.zeros(3, 2, dtype=lib.long))", "multi-target")
    check_raises_as_torch("R = nn.AdaptiveLogSoftmaxWithLoss(8, 30, cutoffs=[15, 6])", "cutoffs")
    check_raises_as_torch("R = nn.AdaptiveLogSoftmaxWithLoss(8, 30, cutoffs=[])", "cutoffs")


# --------------------------------------------------------------------------- torch._assert (timm, torchvision)
def test_torch_underscore_assert_as_timm_patch_embed_uses_it():
    check_raises_as_torch("H = 12; R = lib._assert(H == 16, f\"Input height ({H}) doesn't match model (16).\")",
                          "Input height (12)")
    check_raises_as_torch("R = lib._assert(lib.tensor(False), 'bad shape')", "bad shape")
    check_raises_as_torch("R = lib._assert(lib.tensor([True, False]), 'm')", "ambiguous")
    check_value_as_torch("R = lib._assert(lib.tensor(3) > 2, 'fine')")


# --------------------------------------------------------------------------- nn.utils.parametrizations.orthogonal
@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (3, 5), (2, 4, 3)])
@pytest.mark.parametrize("omap", [None, "matrix_exp", "cayley", "householder"])
@pytest.mark.parametrize("triv", [True, False])
def test_orthogonal_parametrization_weight_and_gradient_as_torch(shape, omap, triv):
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=shape).astype(np.float32)
    x = rng.normal(size=(6, shape[-1])).astype(np.float32)
    up = rng.normal(size=(6, shape[-2])).astype(np.float32)
    res = []
    for lib in (torch, minigrad):
        mod = lib.nn.Module()
        mod.weight = lib.nn.Parameter(lib.tensor(w0))
        lib.nn.utils.parametrizations.orthogonal(mod, orthogonal_map=omap, use_trivialization=triv)
        res.append(mod)
    tm, mm = res
    assert list(mm.state_dict()) == list(tm.state_dict())
    if triv and shape[-2] != shape[-1]:
        # the trivialization completes a non-square base with random columns: start from torch's
        mm.load_state_dict({k: minigrad.tensor(_np(v)) for k, v in tm.state_dict().items()})
    else:
        for k, v in tm.state_dict().items():
            np.testing.assert_allclose(_np(mm.state_dict()[k]), _np(v), rtol=1e-4, atol=1e-5, err_msg=k)
    out = []
    for lib, mod in ((torch, tm), (minigrad, mm)):
        W = mod.weight
        (lib.tensor(x) @ W.mT * lib.tensor(up)).sum().backward()
        out.append([_np(W), _np(mod.parametrizations.weight.original.grad)])
    for a, b in zip(out[1], out[0]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_orthogonal_parametrization_errors_as_torch():
    check_raises_as_torch("R = nn.utils.parametrizations.orthogonal(nn.Linear(4, 4), orthogonal_map='qr')",
                          "orthogonal_map has to be one of")
    check_raises_as_torch("R = nn.utils.parametrizations.orthogonal(nn.Linear(4, 4), name='bias')",
                          "Expected a matrix or batch of matrices")
    check_raises_as_torch("m = nn.utils.parametrizations.orthogonal(nn.Linear(4, 4)); m.weight = lib.ones(3, 3)",
                          "Expected a matrix or batch of matrices of shape")


# --------------------------------------------------------------------------- F.kl_div where the target is 0
def test_kl_div_zero_target_times_minus_inf_log_input_is_nan_as_torch():
    # the Annotated Transformer's LabelSmoothing demo feeds predict.log() (log 0 = -inf) with zero targets
    from tests.helpers import check
    x = np.log(np.array([[0, 0.2, 0.7, 0.1, 0], [0.3, 0.2, 0.1, 0.1, 0.3]], np.float32))
    t = np.array([[0, 0.1, 0.6, 0.3, 0.0], [0.0, 0.5, 0.2, 0.2, 0.1]], np.float32)
    for red in ("sum", "none", "batchmean"):
        out = check(lambda lib, a, b: lib.nn.functional.kl_div(a, b, reduction=red), x, t, grad=[False, False])
    x2 = np.log(np.array([[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]], np.float32))
    t2 = np.array([[0.0, 0.3, 0.7], [0.2, -0.1, 0.9]], np.float32)      # a zero and a negative target
    check(lambda lib, a, b: lib.nn.functional.kl_div(a, b, reduction="none"), x2, t2)
    check(lambda lib, a, b: lib.nn.functional.kl_div(a, b, reduction="none"), x2, np.abs(t2))


# --------------------------------------------------------------------------- complex helpers (LLaMA's rotary code)
def test_sparse_csr_refuses_with_a_type_error_naming_coo_and_spmm_of_dense_matrices_is_mm():
    # pygcn builds its adjacency with torch.sparse_coo_tensor (minigrad/sparse.py; tests/test_sparse.py)
    call = "lib.sparse_csr_tensor(lib.tensor([0, 1, 2]), lib.tensor([1, 0]), lib.ones(2), (2, 2))"
    with pytest.raises(TypeError, match=r"sparse_csr_tensor\(\): minigrad has no sparse CSR tensors.*sparse_coo"):
        exec(call, {"lib": minigrad})
    exec(call, {"lib": torch})
    a, b = np.arange(4.).reshape(2, 2), np.arange(6.).reshape(2, 3)
    np.testing.assert_array_equal(minigrad.spmm(minigrad.tensor(a), minigrad.tensor(b)).numpy(),
                                  torch.spmm(torch.tensor(a), torch.tensor(b)).numpy())
