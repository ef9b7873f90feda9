"""Whole small programs (round twenty) in the style of published tutorials and examples, of kinds the earlier
batches had not run: a SegNet with MaxUnpool, conv-BN fusion, batched Jacobians (is_grads_batched), StackDataset
and __getitems__ datasets, optimizer step hooks (global ones too), multi-gradient hooks, attention with
add_bias_kv/add_zero_attn/kdim/vdim and scaled_dot_product_attention's options, LU/QR factor-and-solve, state-dict
load hooks and assign=True, LocalResponseNorm/ChannelShuffle, SELU/AlphaDropout/RReLU, fractional max-pooling,
hand-written Adam with addcdiv_, cyclic and multiplicative schedules, torch.gradient and cumulative_trapezoid,
window functions (torch.signal.windows), beam search with take_along_dim, constrained parameters (transform_to),
rank-one updates, index_reduce/scatter_reduce pooling, sliding windows, in-place random fills, storage facts,
histograms (histogramdd), GaussianNLL/PoissonNLL, metric-learning losses, upsampling and padding modes,
transposed convolutions, lazy modules, global module hooks, GradScaler, a sparse GCN, sparse embeddings, Adafactor,
custom parametrizations, stack_module_state ensembles, linalg.eig with gradients, setup_context Functions,
integer arithmetic, a complex-valued model, testing.assert_close messages, RMSNorm, transformed distributions,
EmbeddingBag offsets, module reprs, mark_dirty, stable sorts, transformer options, dtype conversions, LSTM
projections, _foreach ops, grad API details, optimizer resumption, NumPy interop, setup boilerplate, clip_grad variants,
WaveNet, Glow's actnorm and 1x1 convolution, NeRF rendering, SIREN, an F test with Kumaraswamy and Pareto draws, and
an LKJ-prior covariance fit with Wishart and von Mises draws. They run
unchanged under torch and under the import swap; the runner and the comparison are round fifteen's
(tests/test_programs15.py); the programs are in tests/programs20/. Below them, what the programs needed."""
from __future__ import annotations

import pathlib

import numpy as np
import pytest
import torch

import minigrad
from tests.test_programs15 import _both, assert_all_swap, assert_prints_as_torch

HERE = pathlib.Path(__file__).parent / "programs20"
PROGRAMS = sorted(p.name for p in HERE.glob("p*.py"))


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_prints_what_torch_prints(name):
    assert_prints_as_torch(name, HERE)


def test_the_programs_are_there_and_swap_every_import():
    assert_all_swap(HERE, PROGRAMS, 50)


# --------------------------------------------------------------------------- linalg.eig's gradient
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("which", ["L", "V", "LV"])
def test_eig_gradient_through_eigenvalues_and_eigenvectors_matches_torchs(dtype, which):
    """A batch with complex pairs; the eigenvectors enter through a phase-free normalisation (first component 1),
    each part weighted at random, so every term of the backward formula is exercised."""
    rng = np.random.default_rng(7)
    a = rng.standard_normal((2, 4, 4))
    wr, wi, wl = rng.standard_normal((2, 4, 4)), rng.standard_normal((2, 4, 4)), rng.standard_normal((2, 4))

    def build(lib):
        A = lib.tensor(a, dtype=getattr(lib, dtype), requires_grad=True)
        L, V = lib.linalg.eig(A)
        Vn = V / V[..., 0:1, :]
        loss = 0
        if "V" in which:
            loss = loss + (Vn.real * lib.tensor(wr, dtype=A.dtype)).sum()
            loss = loss + (Vn.imag * lib.tensor(wi, dtype=A.dtype)).sum()
        if "L" in which:
            loss = loss + (L.abs() * lib.tensor(wl, dtype=A.dtype)).sum()
        loss.backward()
        return type(L.grad_fn).__name__, A.grad.numpy()
    (tn, tg), (mn, mg) = _both(build)
    assert mn == tn == "LinalgEigBackward0"
    tol = dict(rtol=1e-3, atol=1e-3) if dtype == "float32" else dict(rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(mg, tg, **tol)


def test_eig_refuses_a_loss_that_depends_on_the_eigenvectors_phase_as_torch():
    a = np.random.default_rng(1).standard_normal((3, 3))
    for lib in (torch, minigrad):
        A = lib.tensor(a, requires_grad=True)
        with pytest.raises(RuntimeError, match=r"linalg_eig_backward: The eigenvectors in the complex case"):
            lib.linalg.eig(A)[1].real.sum().backward()
    A = minigrad.tensor(a, requires_grad=True)
    with pytest.raises(NotImplementedError, match="linalg.eig: a second derivative"):
        minigrad.autograd.grad(minigrad.linalg.eig(A)[0].abs().sum(), A, create_graph=True)


# --------------------------------------------------------------------------- hooks
def test_multi_grad_hook_all_and_any_modes_as_torch():
    def build(lib):
        from importlib import import_module
        register = import_module(lib.__name__ + ".autograd.graph").register_multi_grad_hook
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor([3.0, -1.0], requires_grad=True)
        mid = a * 2                                         # (a non-leaf among the tensors)
        seen = []
        h = register((mid, b), lambda gs: seen.append([None if g is None else g.tolist() for g in gs]))
        (mid * b).sum().backward(retain_graph=True)
        mid.sum().backward(retain_graph=True)               # b takes no part
        h.remove()
        (mid * b).sum().backward(retain_graph=True)         # removed: nothing
        first = []
        h2 = register((a, b), lambda g: first.append(g.tolist()), mode="any")
        (a.exp() + b * 3).sum().backward()
        h2.remove()
        return seen, len(first)
    t, m = _both(build)
    assert m == t
    with pytest.raises(ValueError, match="Expects mode to be one of"):
        minigrad.autograd.graph.register_multi_grad_hook((minigrad.ones(1, requires_grad=True),), print, mode="x")


def test_global_optimizer_step_hooks_run_around_an_optimizers_own_as_torch():
    def build(lib):
        from importlib import import_module
        optimizer = import_module(lib.__name__ + ".optim.optimizer")
        order = []
        p = lib.nn.Parameter(lib.ones(2))
        opt = lib.optim.SGD([p], lr=0.1)
        opt.register_step_pre_hook(lambda o, a, k: order.append("own pre"))
        opt.register_step_post_hook(lambda o, a, k: order.append("own post"))
        hs = [optimizer.register_optimizer_step_pre_hook(lambda o, a, k: order.append("global pre")),
              optimizer.register_optimizer_step_post_hook(lambda o, a, k: order.append(type(o).__name__))]
        p.grad = lib.ones(2)
        opt.step()
        lib.optim.Adam([p]).step()
        for h in hs:
            h.remove()
        opt.step()
        return order
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- functions the programs called
WINDOWS = [("gaussian", {"std": 1.5}), ("exponential", {"tau": 2.0}), ("exponential", {"center": 1.0, "sym": False}),
           ("cosine", {}), ("nuttall", {}), ("hann", {}), ("hamming", {}), ("blackman", {}), ("bartlett", {}),
           ("kaiser", {"beta": 3.0}), ("general_cosine", {"a": [0.5, 0.3, 0.2]}), ("general_hamming", {"alpha": 0.6})]


@pytest.mark.parametrize("name,kw", WINDOWS, ids=[f"{n}{i}" for i, (n, _) in enumerate(WINDOWS)])
def test_signal_windows_as_torchs(name, kw):
    for M in (0, 1, 2, 5, 8):
        for sym in (True, False):
            kk = dict(kw)
            kk.setdefault("sym", sym)
            for dt in ("float32", "float64"):
                t = getattr(torch.signal.windows, name)(M, dtype=getattr(torch, dt), **kk)
                m = getattr(minigrad.signal.windows, name)(M, dtype=getattr(minigrad, dt), **kk)
                assert str(m.dtype) == str(t.dtype) and tuple(m.shape) == tuple(t.shape)
                np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-6, atol=1e-7)


def test_histogramdd_as_torchs():
    rng = np.random.default_rng(0)
    pts, w = rng.standard_normal((60, 3)).astype(np.float32), rng.random(60).astype(np.float32)
    for kw in [dict(bins=4), dict(bins=[2, 3, 4]), dict(bins=3, density=True),
               dict(bins=[2, 2, 2], range=[-1.0, 1.0, -2.0, 2.0, 0.0, 1.0]), dict(bins=3, weight=True)]:
        def build(lib):
            k = dict(kw)
            if k.get("weight"):
                k["weight"] = lib.tensor(w)
            h, edges = lib.histogramdd(lib.tensor(pts), **k)
            return h.numpy(), [e.numpy() for e in edges]
        (th, te), (mh, me) = _both(build)
        np.testing.assert_allclose(mh, th, rtol=1e-5, atol=1e-6)
        for a, b in zip(me, te):
            np.testing.assert_allclose(a, b, rtol=1e-6)


def test_is_set_to_and_a_complex_tensors_sizes_as_torch():
    def build(lib):
        x = lib.arange(6.0).view(2, 3)
        z = lib.zeros(3, dtype=lib.complex64)
        return (x.is_set_to(x), x.is_set_to(x.view(2, 3)), x.is_set_to(x.t()), x.is_set_to(x.clone()),
                x[0].is_set_to(x[0]), x[0].is_set_to(x[1]), z.element_size(), z.nbytes, z.itemsize)
    t, m = _both(build)
    assert m == t


ASSERT_CLOSE_CASES = [
    lambda lib: (1.0, 1.1), lambda lib: (1, 2), lambda lib: (True, False), lambda lib: (1.0, 2),
    lambda lib: (lib.tensor(1.0), lib.tensor(2.0)), lambda lib: (lib.tensor([1.0, 0.0]), lib.tensor([1.5, 0.0])),
    lambda lib: (lib.tensor([1.0, 1.0]), lib.tensor([0.0, 1.0])), lambda lib: (lib.tensor([float("nan")]),) * 2,
    lambda lib: (lib.tensor([1.0, float("inf")]), lib.tensor([1.0, 1.0])),
    lambda lib: (lib.tensor([1, 2], dtype=lib.uint8), lib.tensor([3, 2], dtype=lib.uint8)),
    lambda lib: (lib.tensor([True, False]), lib.tensor([True, True])),
    lambda lib: (lib.tensor([[1.0, 2.0], [3.0, 4.0]]), lib.tensor([[1.0, 2.0], [3.0, 4.1]])),
    lambda lib: (lib.tensor([1 + 1j]), lib.tensor([1 + 2j])),
    lambda lib: (lib.tensor([1.0], dtype=lib.float16), lib.tensor([1.01], dtype=lib.float16)),
]


@pytest.mark.parametrize("case", range(len(ASSERT_CLOSE_CASES)))
def test_assert_close_says_what_torchs_says(case):
    def build(lib):
        try:
            lib.testing.assert_close(*ASSERT_CLOSE_CASES[case](lib))
        except AssertionError as e:
            return str(e)
        return "passed"
    t, m = _both(build)
    assert m == t


def test_assert_close_with_tolerances_and_mixed_dtypes_as_torch():
    def build(lib):
        out = []
        for args, kw in [((lib.tensor([1, 2, 3]), lib.tensor([1, 2, 4])), dict(rtol=0.1, atol=0)),
                         ((lib.tensor([1.0, 2.0]), lib.tensor([1.0, 3.0], dtype=lib.float64)), dict(check_dtype=False)),
                         ((lib.tensor([1.0, 2.0]), lib.tensor([1.0, 3.0])), dict(msg="custom"))]:
            try:
                lib.testing.assert_close(*args, **kw)
                out.append("passed")
            except AssertionError as e:
                out.append(str(e))
        return out
    t, m = _both(build)
    assert m == t


def test_the_loader_reads_a_batch_through_getitems_as_torch():
    def build(lib):
        data = lib.utils.data

        class Table(data.Dataset):
            def __init__(self):
                self.calls = []

            def __len__(self):
                return 7

            def __getitem__(self, i):
                self.calls.append("item")
                return lib.tensor(float(i))

            def __getitems__(self, idx):
                self.calls.append(list(idx))
                return [lib.tensor(float(i)) for i in idx]
        ds = Table()
        out = [b.tolist() for b in data.DataLoader(ds, batch_size=3)]
        out += [b.tolist() for b in data.DataLoader(data.Subset(ds, [6, 0, 2]), batch_size=2)]
        out += [b["x"].tolist() for b in data.DataLoader(data.StackDataset(x=ds), batch_size=4)]
        out += [b.tolist() for b in data.DataLoader(ds, batch_size=None, sampler=[1])]
        return out, ds.calls
    t, m = _both(build)
    assert m == t


def test_numpy_ufuncs_on_tensors_give_tensors_as_torch():
    def build(lib):
        out = []
        for r in (np.exp(lib.tensor([0.0, 1.0])), np.sqrt(lib.tensor(4.0)),
                  np.maximum(lib.tensor([1.0, 3.0]), lib.tensor([2.0, 2.0])),
                  np.log(lib.tensor([1.0, 2.0], dtype=lib.float64)), np.float64(2.0) * lib.ones(2)):
            out.append((type(r).__name__, str(r.dtype), np.round(r.numpy(), 4).tolist()))
        arr = np.zeros(2)
        np.add(arr, lib.ones(2), out=arr)
        out.append((type(arr).__name__, arr.tolist()))
        try:
            np.exp(lib.ones(2, requires_grad=True))
        except RuntimeError as e:
            out.append(str(e).split(".")[0])
        return out
    t, m = _both(build)
    assert m == t


def test_feature_dropout_checks_the_rank_only_when_it_draws_as_torch():
    def build(lib):
        F, z = lib.nn.functional, lib.tensor([1.0, -2.0, 3.0])
        out = [F.feature_alpha_dropout(z, 0.2, training=False).tolist(), F.feature_alpha_dropout(z, 0.0, True).tolist(),
               F.dropout2d(z, 0.2, training=False).tolist(), lib.nn.FeatureAlphaDropout(0.3).eval()(z).tolist()]
        try:
            F.feature_alpha_dropout(z, 0.2, training=True)
        except RuntimeError as e:
            out.append(str(e).split(" (")[0])
        return out
    t, m = _both(build)
    assert m == t


def test_assigning_through_a_parametrization_without_right_inverse_is_refused_as_torch():
    def build(lib):
        P = lib.nn.utils.parametrize
        lin = lib.nn.Linear(2, 2)
        P.register_parametrization(lin, "weight", lib.nn.Tanh())
        try:
            lin.weight = lib.zeros(2, 2)
        except RuntimeError as e:
            return str(e)
    t, m = _both(build)
    assert m == t


def test_save_for_forward_is_accepted_in_setup_context():
    class Square(minigrad.autograd.Function):
        @staticmethod
        def forward(x):
            return x * x

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(inputs[0])
            ctx.save_for_forward(inputs[0])

        @staticmethod
        def backward(ctx, g):
            return 2 * ctx.saved_tensors[0] * g
    x = minigrad.tensor([1.0, 3.0], requires_grad=True)
    Square.apply(x).sum().backward()
    assert x.grad.tolist() == [2.0, 6.0]


# --------------------------------------------------------------------------- distributions
def test_the_newer_distributions_draw_and_score_as_torch():
    """Seeded samples (torch's draws: Gammas for F, rand for Kumaraswamy and ContinuousBernoulli, exponential_ for
    Pareto, float64 rejection rounds for VonMises, the onion method for LKJCholesky, Bartlett for Wishart), log_prob,
    cdf/icdf, moments (nan where undefined), entropy, expand, and the reparameterised gradients of the parameters."""
    def build(lib):
        D = lib.distributions
        lib.manual_seed(0)
        out = []
        for make, values in [(D.FisherSnedecor, ([3.0, 1.5, 6.0], [5.0, 2.0, 10.0])),
                             (D.Kumaraswamy, ([2.0, 0.5, 1.0], [3.0, 0.7, 1.0])),
                             (D.Pareto, ([1.0, 2.0, 0.5], [2.0, 0.5, 3.0]))]:
            p1, p2 = (lib.tensor(v, requires_grad=True) for v in values)
            d = make(p1, p2)
            s = d.rsample((3,))
            moments = [d.mean, d.variance] + ([d.mode] if make is not D.Pareto else [])
            (s.sum() + d.log_prob(s.detach()).sum()).backward()
            out += [t.detach().numpy() for t in [s, d.log_prob(s.detach()), *moments, p1.grad, p2.grad]]
            out.append(np.array(d.expand((2, 3)).sample().shape))
        out.append(D.Kumaraswamy(lib.tensor(2.0), lib.tensor(3.0)).entropy().detach().numpy())
        p = lib.tensor([0.1, 0.4995, 0.5, 0.7, 0.99], requires_grad=True)    # (two inside torch's Taylor region)
        cb = D.ContinuousBernoulli(probs=p)
        x = lib.tensor([0.2, 0.5, 0.0, 1.0, 0.9])
        terms = [cb.log_prob(x), cb.mean, cb.variance, cb.entropy(), cb.cdf(x), cb.icdf(x), cb.rsample((2,))]
        sum(t.sum() for t in terms).backward()
        out += [t.detach().numpy() for t in terms] + [p.grad.numpy()]
        out.append(D.ContinuousBernoulli(logits=lib.tensor([-2.0, 3.0])).log_prob(lib.tensor(0.3)).numpy())
        vm = D.VonMises(lib.tensor([0.0, 1.0, -2.0, 3.0]), lib.tensor([2.0, 0.5, 10.0, 1e-6]))
        s = vm.sample((3,))                                     # (rejection rounds in float64, as torch's)
        out += [s.numpy(), vm.log_prob(s).numpy(), vm.variance.numpy(), np.array(vm.expand((2, 4)).sample().shape)]
        for dim, conc in [(2, lib.tensor(1.5)), (3, lib.tensor([0.5, 2.0])), (4, lib.tensor(1.0))]:
            lkj = D.LKJCholesky(dim, conc)                     # (onion method: Beta and normal draws)
            L = lkj.sample((2,))
            out += [L.numpy(), lkj.log_prob(L).numpy(), D.constraints.corr_cholesky.check(L).numpy(),
                    np.array(lkj.expand((3,) + tuple(lkj.batch_shape)).sample().shape)]
        S = lib.tensor([[2.0, 0.5], [0.5, 1.0]])
        for kw in [dict(covariance_matrix=S), dict(precision_matrix=S), dict(scale_tril=lib.linalg.cholesky(S))]:
            w = D.Wishart(lib.tensor(4.0), **kw)                # (Bartlett draws, each sample drawn twice as torch)
            x = w.sample((2,))
            out += [x.numpy(), w.log_prob(x).numpy(), w.mean.numpy(), w.variance.numpy(), w.entropy().numpy()]
        df, L = lib.tensor(4.0, requires_grad=True), lib.tensor([[1.0, 0.0], [0.3, 0.8]], requires_grad=True)
        w = D.Wishart(df, scale_tril=L)
        (w.rsample().sum() + w.log_prob(S)).backward()
        out += [df.grad.numpy(), L.grad.numpy(), np.array(w.expand((3,)).sample().shape)]
        out.append(lib.randn(2).numpy())                       # (the stream after them is torch's)
        return out
    t, m = _both(build)
    assert len(m) == len(t)
    for a, b in zip(m, t):
        np.testing.assert_allclose(a, b, rtol=5e-3, atol=1e-5)      # (a Gamma draw's gradient: ~1e-3 apart)


def test_corr_cholesky_transform_as_torchs():
    """transform_to(corr_cholesky): forward, inverse, log|det J| and their gradients with a random upstream, for
    D = 2, 3, 4 and a batch."""
    rng = np.random.default_rng(3)
    for shape in [(1,), (3,), (2, 6)]:
        x = rng.standard_normal(shape)
        g = rng.standard_normal(shape)

        def build(lib):
            t = lib.distributions.transform_to(lib.distributions.constraints.corr_cholesky)
            xt = lib.tensor(x, requires_grad=True)
            y = t(xt)
            back = t.inv(y)
            ld = t.log_abs_det_jacobian(xt, y)
            (y.sum() + (back * lib.tensor(g)).sum() + ld.sum()).backward()
            return (type(t).__name__, y.detach().numpy(), back.detach().numpy(), ld.detach().numpy(), xt.grad.numpy(),
                    t.forward_shape(shape), t.inverse_shape(tuple(y.shape)))
        t, m = _both(build)
        assert m[0] == t[0] and m[5:] == t[5:]
        for a, b in zip(m[1:5], t[1:5]):
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-10)


def test_logistic_normal_shape_changing_transforms_and_copulas_as_torch():
    """A TransformedDistribution's event shape follows each transform's forward_shape (stick-breaking adds a
    coordinate, CorrCholesky makes a matrix of a vector, Reshape regroups), and log_prob sums the right dims."""
    def build(lib):
        D, out = lib.distributions, []
        T = D.transforms
        lib.manual_seed(0)
        loc = lib.tensor([0.5, -0.2], requires_grad=True)
        d = D.LogisticNormal(loc, lib.tensor([1.0, 0.5]))
        x = d.rsample((3,))
        (x.sum() + d.log_prob(x.detach()).sum()).backward()
        out += [x.detach().numpy(), d.log_prob(x).detach().numpy(), loc.grad.numpy(),
                D.LogisticNormal(0.0, 1.0).sample().numpy()]
        shapes = [tuple(d.batch_shape), tuple(d.event_shape)]
        for base, t in [(D.Normal(lib.zeros(2), 1.0), T.StickBreakingTransform()),
                        (D.Normal(lib.zeros(3), 1.0), T.CorrCholeskyTransform()),
                        (D.Normal(lib.zeros(2, 4), 1.0), T.ReshapeTransform((4,), (2, 2)))]:
            td = D.TransformedDistribution(base, t)
            v = td.sample()
            shapes.append((tuple(td.batch_shape), tuple(td.event_shape), tuple(v.shape)))
            out.append(td.log_prob(v).numpy())
        pd = T.PositiveDefiniteTransform()
        m = pd(lib.tensor([[0.1, 5.0], [0.3, -0.2]]))
        out += [m.numpy(), pd.inv(m).numpy()]
        cop = D.TransformedDistribution(D.MultivariateNormal(lib.zeros(2), lib.tensor([[1.0, 0.7], [0.7, 1.0]])),
                                        [T.CumulativeDistributionTransform(D.Normal(0.0, 1.0))])
        s = cop.sample((2,))
        out += [s.numpy(), cop.log_prob(s).numpy()]
        return out, shapes
    (t, ts), (m, ms) = _both(build)
    assert ms == ts
    for a, b in zip(m, t):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
