"""Minimal repros of what published PyTorch programs (round eight: spatial transformers, ...) met under
``import minigrad as torch``, each cross-checked against torch."""
from __future__ import annotations

import importlib

import numpy as np
import pytest
import torch

import minigrad
from tests.helpers import check


def test_affine_grid_rounds_as_torch_so_identity_theta_hits_pixel_centres():
    # the spatial-transformer tutorial starts from the identity theta: its grid points sit on pixel
    # centres, where grid_sample's bilinear gradient has a kink, so a 1-ulp difference in the grid
    # changes d loss / d theta; the identity's grid must be torch's bit for bit (a random theta's only to
    # float32's rounding: torch's own product kernel, and so its last bit, depends on the CPU it runs on)
    rng = np.random.default_rng(0)
    for shape in ((2, 1, 28, 28), (2, 3, 5, 7), (2, 2, 3, 4, 5)):
        nd = len(shape) - 2
        th = rng.normal(size=(shape[0], nd, nd + 1)).astype(np.float32)
        th[0] = np.eye(nd, nd + 1)
        for ac in (False, True):
            gt = torch.nn.functional.affine_grid(torch.tensor(th), shape, align_corners=ac).numpy()
            gm = minigrad.nn.functional.affine_grid(minigrad.tensor(th), shape, align_corners=ac).numpy()
            np.testing.assert_array_equal(gm[0], gt[0])
            np.testing.assert_allclose(gm[1], gt[1], rtol=1e-6, atol=1e-6)
    th = np.array([[[0.93, 0.071, 0.0537], [-0.089, 1.07, 0.0113]]], np.float32)   # (no grid point on a pixel centre)
    img = rng.random((1, 1, 28, 28)).astype(np.float32)

    def f(lib, theta, x):
        g = lib.nn.functional.affine_grid(theta, (1, 1, 28, 28), align_corners=False)
        return lib.nn.functional.grid_sample(x, g, padding_mode="border", align_corners=False)
    check(f, th, img)


def test_func_stack_module_state_for_an_ensemble_under_vmap():
    # the torch.func "model ensembling" tutorial: stack the models' parameters, vmap a functional_call
    rng = np.random.default_rng(0)
    ws = [(rng.normal(size=(3, 4)).astype(np.float32), rng.normal(size=3).astype(np.float32)) for _ in range(3)]
    x = rng.normal(size=(5, 4)).astype(np.float32)
    outs, grads = [], []
    for lib in (torch, minigrad):
        models = []
        for w, b in ws:
            m = lib.nn.Linear(4, 3)
            m.load_state_dict({"weight": lib.tensor(w), "bias": lib.tensor(b)})
            models.append(m)
        models[0].register_buffer("scale", lib.tensor(2.0))
        for m in models[1:]:
            m.register_buffer("scale", lib.tensor(3.0))
        params, buffers = lib.func.stack_module_state(models)
        assert sorted(params) == ["bias", "weight"] and tuple(params["weight"].shape) == (3, 3, 4)
        assert params["weight"].is_leaf and params["weight"].requires_grad and not buffers["scale"].requires_grad
        assert tuple(buffers["scale"].shape) == (3,)

        def fmodel(p, b, xb):
            return lib.func.functional_call(models[0], (p, b), (xb,)) * b["scale"]
        out = lib.func.vmap(fmodel, in_dims=(0, 0, None))(params, buffers, lib.tensor(x))
        out.sum().backward()
        outs.append(out.detach().numpy())
        grads.append(params["weight"].grad.numpy())
        with pytest.raises(RuntimeError, match="same class"):
            lib.func.stack_module_state([models[0], lib.nn.Conv1d(1, 1, 1)])
        with pytest.raises(RuntimeError, match="(?i)at least one"):
            lib.func.stack_module_state([])
    np.testing.assert_allclose(outs[1], outs[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-5, atol=1e-6)


def test_foreach_ops_as_ema_code_uses_them():
    # timm-style EMA: torch._foreach_mul_(ema, d); torch._foreach_add_(ema, params, alpha=1 - d); _foreach_lerp_
    rng = np.random.default_rng(0)
    ws = [rng.normal(size=s).astype(np.float32) for s in ((3, 4), (4,), ())]
    ps = [rng.normal(size=w.shape).astype(np.float32) for w in ws]
    res = {}
    for lib in (torch, minigrad):
        ema = [lib.tensor(w) for w in ws]
        params = [lib.tensor(p) for p in ps]
        assert lib._foreach_mul_(ema, 0.9) is not None
        lib._foreach_add_(ema, params, alpha=0.1)
        lib._foreach_lerp_(ema, params, 0.25)
        lib._foreach_addcmul_(ema, params, params, [0.5, -1.0, 2.0])
        lib._foreach_clamp_min_(ema, -0.5)
        out = (list(lib._foreach_sqrt(lib._foreach_abs(ema))) + list(lib._foreach_norm(ema))
               + list(lib._foreach_add(ema, lib.tensor(1.0), alpha=2)) + list(lib._foreach_sub(ema, params, alpha=2)) + list(lib._foreach_div(ema, [2, 3, 4]))
               + list(lib._foreach_minimum(ema, 0.3)) + list(lib._foreach_pow(2.0, ema)))
        res[lib.__name__] = [o.numpy() for o in ema + out]
        with pytest.raises(RuntimeError, match="same number of tensors"):
            lib._foreach_add(ema, params[:2])
        with pytest.raises(RuntimeError, match="at least one tensor"):
            lib._foreach_mul([], 2.0)
        with pytest.raises(TypeError):
            lib._foreach_add(ema, 2.0, alpha=3)
    for a, b in zip(res["minigrad"], res["torch"], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)

    def f(lib, a, b, c):
        return (lib._foreach_mul([a, b], [c, c]) + lib._foreach_lerp([a, b], [c, c], 0.3)
                + lib._foreach_exp([a, b]) + lib._foreach_norm([a, b]))
    check(f, rng.normal(size=(2, 3)), rng.normal(size=(3,)), rng.normal(size=(3,)))


def _ctc_case(rng, T=7, N=4, C=5, S=3):
    x = rng.normal(size=(T, N, C))
    tl = np.array([3, 0, 2, 1])[:N]
    il = np.array([7, 5, 2, 6])[:N]
    tg = rng.integers(1, C, size=(N, S))
    tg[0, 1] = tg[0, 0]                         # a repeated label: no blank skip between them
    return x, tg, il, tl


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("zero_infinity", [False, True])
def test_ctc_loss_value_and_gradient_as_torch(reduction, zero_infinity):
    # a CTC speech model: log_softmax -> F.ctc_loss / nn.CTCLoss; sample 2 cannot fit its labels (inf)
    rng = np.random.default_rng(0)
    x, tg, il, tl = _ctc_case(rng)
    tl[2] = 3
    for dtype in (np.float64, np.float32):
        def f(lib, x):
            lp = lib.nn.functional.log_softmax(x, 2)
            return lib.nn.CTCLoss(blank=0, reduction=reduction, zero_infinity=zero_infinity)(
                lp, lib.tensor(tg), lib.tensor(il), lib.tensor(tl))
        if zero_infinity or reduction == "none":
            check(f, x.astype(dtype))
        else:                                   # inf loss: compare the value only (the gradient is NaN)
            t = f(torch, torch.tensor(x.astype(dtype)))
            m = f(minigrad, minigrad.tensor(x.astype(dtype)))
            assert m.item() == t.item() == float("inf")


def test_ctc_loss_gradient_on_log_probs_is_torchs_and_targets_forms():
    # read directly on log_probs (retain_grad), torch's CTC gradient is exp(lp) - posterior; 1-D concatenated
    # targets, unbatched input, lists as lengths, grad_fn names
    rng = np.random.default_rng(1)
    x, tg, il, tl = _ctc_case(rng)
    flat = np.concatenate([tg[i, :n] for i, n in enumerate(tl)])
    res = {}
    for lib in (torch, minigrad):
        xt = lib.tensor(x, requires_grad=True)
        lp = xt.log_softmax(2)
        lp.retain_grad()
        loss = lib.nn.functional.ctc_loss(lp, lib.tensor(flat), list(il), list(tl), reduction="none")
        assert type(loss.grad_fn).__name__ == "CtcLossBackward0"
        (loss * lib.tensor([0.5, -1.0, 2.0, 1.5])).sum().backward()
        one = lib.nn.functional.ctc_loss(lp[:, 0], lib.tensor(tg[0]), lib.tensor(7), lib.tensor(3))
        res[lib.__name__] = [loss.detach().numpy(), lp.grad.numpy(), xt.grad.numpy(), one.detach().numpy()]
        with pytest.raises(RuntimeError, match="blank must be in label range"):
            lib.nn.functional.ctc_loss(lp, lib.tensor(tg), lib.tensor(il), lib.tensor(tl), blank=5)
        with pytest.raises(RuntimeError, match="input_lengths to have value at most 7"):
            lib.nn.functional.ctc_loss(lp, lib.tensor(tg), lib.tensor(il + 1), lib.tensor(tl))
        with pytest.raises(RuntimeError, match="size at least 4 at dimension 1"):
            lib.nn.functional.ctc_loss(lp, lib.tensor(tg), lib.tensor(il), lib.tensor(tl + 1))
    for a, b in zip(res["minigrad"], res["torch"], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)


def test_concat_dataset_cumulative_sizes_are_python_ints():
    # printed / json-dumped by data-pipeline code: [30, 40], not [np.int64(30), np.int64(40)]
    for lib in (torch, minigrad):
        data = importlib.import_module(lib.__name__ + ".utils.data")
        c = data.ConcatDataset([data.TensorDataset(lib.zeros(3)), data.TensorDataset(lib.ones(2))])
        assert repr(c.cumulative_sizes) == "[3, 5]" and type(len(c)) is int
        assert data.ConcatDataset.cumsum([[1], [2, 3]]) == [1, 3]
        assert c[-1][0].item() == 1.0 and c[2][0].item() == 0.0


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_interpolate_antialias_as_torch(mode, align_corners):
    # torchvision-style resizing: F.interpolate(..., antialias=True) shrinking (and growing) images
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3, 13, 17))
    for kw in (dict(size=(5, 7)), dict(size=(20, 6)), dict(scale_factor=0.4), dict(size=(13, 9))):
        def f(lib, x):
            return lib.nn.functional.interpolate(x, mode=mode, antialias=True, align_corners=align_corners, **kw)
        check(f, x)
        check(f, x.astype(np.float32))
    name = torch.nn.functional.interpolate(torch.tensor(x, requires_grad=True), size=(5, 7), mode=mode,
                                           antialias=True).grad_fn.name()
    assert minigrad.nn.functional.interpolate(minigrad.tensor(x, requires_grad=True), size=(5, 7), mode=mode,
                                              antialias=True).grad_fn.name() == name


def test_interpolate_antialias_rejects_other_modes_as_torch():
    for lib in (torch, minigrad):
        for mode, shape in (("nearest", (1, 1, 8, 8)), ("linear", (1, 1, 8)), ("area", (1, 1, 8, 8))):
            with pytest.raises(ValueError, match="Anti-alias option is restricted to bilinear"):
                lib.nn.functional.interpolate(lib.zeros(shape), size=3, mode=mode, antialias=True)


def test_sparse_adam_updates_the_looked_up_rows_of_a_sparse_embedding():
    # recsys / word2vec code: nn.Embedding(sparse=True) + optim.SparseAdam (lazy: untouched rows and their
    # moments stay put), padding_idx rows excluded, two backwards before a step, maximize
    rng = np.random.default_rng(0)
    w = rng.normal(size=(10, 4)).astype(np.float32)
    lw = rng.normal(size=(2, 4)).astype(np.float32)
    batches = [rng.integers(0, 10, size=(3, 5)) for _ in range(4)]
    res = {}
    for lib in (torch, minigrad):
        emb, lin = lib.nn.Embedding(10, 4, sparse=True, padding_idx=2), lib.nn.Linear(4, 2, bias=False)
        with lib.no_grad():
            emb.weight.copy_(lib.tensor(w))
            lin.weight.copy_(lib.tensor(lw))
        sparse_opt = lib.optim.SparseAdam(list(emb.parameters()), lr=0.1, maximize=True)
        dense_opt = lib.optim.Adam(lin.parameters(), lr=0.1)
        seen = []
        for k, idx in enumerate(batches):
            sparse_opt.zero_grad()
            dense_opt.zero_grad()
            lin(emb(lib.tensor(idx))).pow(2).mean().backward()
            if k == 1:
                lin(emb(lib.tensor([[7, 8]]))).sum().backward()
            sparse_opt.step()
            dense_opt.step()
            seen.append(emb.weight.detach().numpy().copy())
        seen.append(sparse_opt.state[emb.weight]["exp_avg_sq"].numpy())
        res[lib.__name__] = seen
        with pytest.raises(RuntimeError, match="SparseAdam does not support dense gradients"):
            p = lib.nn.Parameter(lib.ones(3))
            p.sum().backward()
            lib.optim.SparseAdam([p]).step()
    for a, b in zip(res["minigrad"], res["torch"], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_prune_module_as_the_pruning_tutorial_uses_it():
    # nn.utils.prune: l1 then (iteratively) ln_structured and l1 again, state_dict keys, the masked forward
    # and the gradient on weight_orig, global_unstructured, remove
    rng = np.random.default_rng(0)
    w = rng.normal(size=(6, 5)).astype(np.float32)
    w2 = rng.normal(size=(3, 6)).astype(np.float32)
    x = rng.normal(size=(4, 5)).astype(np.float32)
    res = {}
    for lib in (torch, minigrad):
        prune = importlib.import_module(lib.__name__ + ".nn.utils.prune")
        a, b = lib.nn.Linear(5, 6), lib.nn.Linear(6, 3, bias=False)
        with lib.no_grad():
            a.weight.copy_(lib.tensor(w))
            a.bias.zero_()
            b.weight.copy_(lib.tensor(w2))
        prune.l1_unstructured(a, name="weight", amount=0.2)
        prune.ln_structured(a, name="weight", amount=2, n=2, dim=0)
        prune.l1_unstructured(a, name="weight", amount=3)
        assert list(a.state_dict()) == ["bias", "weight_orig", "weight_mask"]
        assert prune.is_pruned(a) and not prune.is_pruned(b)
        prune.global_unstructured([(b, "weight"), (a, "bias")], pruning_method=prune.L1Unstructured, amount=5)
        out = b(a(lib.tensor(x)))
        out.pow(2).sum().backward()
        got = [a.weight_mask.numpy(), b.weight_mask.numpy(), a.bias_mask.numpy(), out.detach().numpy(),
               a.weight_orig.grad.numpy(), b.weight_orig.grad.numpy()]
        prune.remove(a, "weight")
        assert sorted(n for n, _ in a.named_parameters()) == ["bias_orig", "weight"]
        got.append(a.weight.detach().numpy())
        with pytest.raises(ValueError, match="has to be pruned before pruning can be removed"):
            prune.remove(a, "weight")
        with pytest.raises(ValueError):
            prune.l1_unstructured(b, "weight", amount=1.5)
        res[lib.__name__] = got
    for m, t in zip(res["minigrad"], res["torch"], strict=True):
        np.testing.assert_allclose(m, t, rtol=1e-5, atol=1e-6)


def test_erfinv_and_normal_icdf_of_a_zero_dim_tensor():
    # D.Normal(0, 1).icdf(torch.tensor(0.975)) crashed: arithmetic on 0-d arrays gives NumPy scalars,
    # which the erf helper took for CuPy arrays
    check(lambda lib, x: lib.erfinv(x), np.array(0.95))
    check(lambda lib, x: lib.erfinv(x), np.array(-0.3, dtype=np.float32))
    for lib in (torch, minigrad):
        assert abs(lib.distributions.Normal(0.0, 1.0).icdf(lib.tensor(0.975)).item() - 1.959964) < 1e-5


@pytest.mark.parametrize("make", ["real", "positive", "nonnegative", "greater_than", "less_than", "unit_interval",
                                  "interval", "simplex_biject", "simplex_transform", "independent_positive",
                                  "lower_cholesky"])
def test_biject_to_and_transform_to_as_torch(make):
    # constrained parameters: value = transform_to(constraint)(unconstrained), with log|det J| and inverse
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 3))

    def f(lib, x):
        C, D = lib.distributions.constraints, lib.distributions
        t = {"real": lambda: D.biject_to(C.real), "positive": lambda: D.biject_to(C.positive),
             "nonnegative": lambda: D.transform_to(C.nonnegative),
             "greater_than": lambda: D.biject_to(C.greater_than(2.0)),
             "less_than": lambda: D.biject_to(C.less_than(3.0)), "unit_interval": lambda: D.biject_to(C.unit_interval),
             "interval": lambda: D.transform_to(C.interval(-1.0, 2.0)),
             "simplex_biject": lambda: D.biject_to(C.simplex), "simplex_transform": lambda: D.transform_to(C.simplex),
             "independent_positive": lambda: D.biject_to(C.independent(C.positive, 1)),
             "lower_cholesky": lambda: D.transform_to(C.lower_cholesky)}[make]()
        y = t(x)
        out = [y, t.inv(y)]
        if t.bijective and make != "lower_cholesky":
            out.append(t.log_abs_det_jacobian(x, y))
        return out
    check(f, x)
    for lib in (torch, minigrad):
        with pytest.raises(NotImplementedError, match="Cannot transform _Boolean constraints"):
            lib.distributions.biject_to(lib.distributions.constraints.boolean)
        with pytest.raises(NotImplementedError, match="Cannot transform _LowerCholesky constraints"):
            lib.distributions.biject_to(lib.distributions.constraints.lower_cholesky)
