"""Whole small programs (round seventeen), of kinds the earlier rounds had not run: architectures from papers
(DenseNet/SE, ConvNeXt, MobileNet, PointNet, GAT, TextCNN, capsules, MADE, PixelCNN, Swin, MLP-Mixer, a LLaMA
block with a KV cache, a DEQ, a Hamiltonian network), training recipes (WGAN-GP, CycleGAN losses, MAML, SAM, Lion,
Lookahead, EWC, evolution strategies, temperature scaling), classic algorithms written with tensors (Sinkhorn,
EM for a Gaussian mixture, a Kalman smoother, t-SNE, spectral clustering, NMF, Newton and conjugate gradient) and
the tutorials' printouts (layer shapes, summaries, error checks, type promotion, collate). They run unchanged
under torch and under the import swap; the runner and the comparison are round fifteen's
(tests/test_programs15.py); the programs are in tests/programs17/."""
from __future__ import annotations

import io
import pathlib

import numpy as np
import pytest

from tests.helpers import check
from tests.test_programs15 import _both, assert_all_swap, assert_prints_as_torch

HERE = pathlib.Path(__file__).parent / "programs17"
PROGRAMS = sorted(p.name for p in HERE.glob("p*.py"))


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_prints_what_torch_prints(name):
    assert_prints_as_torch(name, HERE)


def test_the_programs_are_there_and_swap_every_import():
    assert_all_swap(HERE, PROGRAMS, 60)


# --------------------------------------------------------------------------- what the programs needed
def test_index_add_is_one_index_add_node_as_torch():
    """A GAT's softmax denominators ``zeros(N, H).index_add_(0, dst, w)`` print ``IndexAddBackward0``, whose edges
    are the input's (None for a plain zeros) and the source's, with or without alpha."""
    def build(lib):
        x = lib.zeros(3, requires_grad=True)
        s = lib.ones(2, 2, requires_grad=True)
        i = lib.tensor([0, 2])
        outs = [x.index_add(0, i, s[0]), x.index_add(0, i, s[1], alpha=2), lib.zeros(3).index_add_(0, i, s[0]),
                x.clone().index_add_(0, i, s[1]), lib.zeros(2, 3).index_add(1, i, s)]
        return [(o.grad_fn.name(), [None if f is None else f.name() for f, _ in o.grad_fn.next_functions],
                 o.tolist()) for o in outs]
    t, m = _both(build)
    assert m == t


def test_index_add_gradients_match_torch():
    rng = np.random.default_rng(2)
    idx = np.array([0, 2, 0, 1])
    check(lambda lib, a, s: a.index_add(0, lib.tensor(idx), s, alpha=-1.5), rng.standard_normal((3, 2)),
          rng.standard_normal((4, 2)))
    check(lambda lib, a, s: (a * 1).index_add_(1, lib.tensor(idx), s), rng.standard_normal((2, 3)),
          rng.standard_normal((2, 4)))


def test_a_distributions_lazy_probs_keep_the_graph_after_sample_as_torch():
    """``Categorical(logits=...)``: ``probs`` first read inside ``sample()`` (under no_grad) is computed with grad
    mode on, as torch's lazy_property does; so a later ``entropy()`` still sends gradient to the logits."""
    def build(lib):
        D = lib.distributions
        lg = lib.tensor([0.1, 0.3, -0.2], requires_grad=True)
        d = D.Categorical(logits=lg * 2)
        d.sample()
        probs = d.probs
        d.entropy().backward()
        b = D.Bernoulli(logits=lg)
        b.sample()
        with lib.no_grad():
            inside = D.Categorical(logits=lg).probs          # computed under enable_grad even here, as torch
        return (probs.grad_fn.name(), np.round(lg.grad.numpy(), 6).tolist(), b.probs.requires_grad,
                inside.requires_grad)
    t, m = _both(build)
    assert m == t


def test_complex_tensor_methods_and_functions_add_sub_mul_div_as_torch():
    """``torch.polar(mag, phase).sub(spec)``, ``torch.sub(z, w)``, ``z.add(w, alpha=2)``, ``torch.mul(x, z)``."""
    def build(lib):
        z = lib.polar(lib.tensor([1.0, 2.0]), lib.tensor([0.5, -1.0]))
        w = lib.complex(lib.tensor([1.0, 0.0]), lib.tensor([1.0, 2.0]))
        x = lib.tensor([3.0, -1.0])
        outs = [z.sub(w), z.add(w, alpha=2), z.mul(w), z.div(w), z.neg(), lib.sub(z, w), lib.add(x, w), lib.mul(x, z),
                lib.div(z, x), z.sub(w, alpha=2)]
        return [np.round(lib.view_as_real(o).numpy(), 5).tolist() for o in outs]
    t, m = _both(build)
    assert m == t


def test_optimizer_state_dict_shares_the_state_tensors_as_torch():
    """torch's ``state_dict()`` hands out the optimizer's live state tensors and ``load_state_dict`` keeps the
    given ones (no copies): a checkpoint dict kept in memory follows the training; deepcopy makes a snapshot."""
    def build(lib):
        import copy
        p = lib.nn.Parameter(lib.ones(2))
        opt = lib.optim.Adam([p], lr=0.1)
        p.grad = lib.ones(2)
        opt.step()
        sd = opt.state_dict()
        snap = copy.deepcopy(opt.state_dict())
        p.grad = lib.ones(2)
        opt.step()
        opt2 = lib.optim.Adam([p], lr=0.1)
        opt2.load_state_dict(sd)
        p.grad = lib.full((2,), 3.0)
        opt2.step()
        sd["param_groups"][0]["lr"] = 5.0
        return (sd["state"][0]["exp_avg"] is opt.state[p]["exp_avg"], sd["state"][0]["step"].item(),
                opt2.state[p]["exp_avg"] is sd["state"][0]["exp_avg"], snap["state"][0]["step"].item(),
                np.round(sd["state"][0]["exp_avg"].numpy(), 6).tolist(), opt.param_groups[0]["lr"])
    t, m = _both(build)
    assert m == t


def test_optimizer_state_survives_a_bytesio_round_trip_as_torch():
    def build(lib):
        p = lib.nn.Parameter(lib.tensor([1.0, -2.0]))
        opt = lib.optim.NAdam([p], lr=0.1, decoupled_weight_decay=True, weight_decay=0.1)
        for _ in range(2):
            p.grad = p.detach() * 2
            opt.step()
        buf = io.BytesIO()
        lib.save(opt.state_dict(), buf)
        buf.seek(0)
        sd = lib.load(buf)
        return sorted(sd["state"][0]), sd["state"][0]["step"].item(), round(sd["state"][0]["mu_product"].item(), 6)
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("case", ["cat-dim0", "cat-dim1", "cat-ndim", "expand", "index", "index-2d", "index-tensor",
                                  "too-many", "bool-many", "bool-none"])
def test_shape_and_index_errors_begin_with_torchs_words(case):
    """The message starts with torch's own sentence (what ``pytest.raises(match=...)`` and tutorials look for);
    minigrad's hint follows in parentheses."""
    calls = {"cat-dim0": lambda lib: lib.cat([lib.ones(2, 3), lib.ones(3, 2)]),
             "cat-dim1": lambda lib: lib.cat([lib.ones(2, 3, 4), lib.ones(2, 5, 6)], 1),
             "cat-ndim": lambda lib: lib.cat([lib.ones(2, 3), lib.ones(2, 3, 1)]),
             "expand": lambda lib: lib.ones(2, 3).expand(4, 3),
             "index": lambda lib: lib.arange(3)[5],
             "index-2d": lambda lib: lib.ones(2, 3)[:, -4],
             "index-tensor": lambda lib: lib.ones(3)[lib.tensor([0, 5])],
             "too-many": lambda lib: lib.ones(2, 3)[1, 2, 3],
             "bool-many": lambda lib: bool(lib.ones(3)),
             "bool-none": lambda lib: bool(lib.tensor([]))}

    def build(lib):
        try:
            calls[case](lib)
        except Exception as e:  # noqa: BLE001 -- the class and the words are what is compared
            return type(e), str(e)
        return None, ""
    (tc, tm), (mc, mm) = _both(build)
    assert mc is tc and mm.startswith(tm), (tm, mm)


def test_lgamma_is_exactly_zero_at_one_and_two_and_mvlgamma_is_one_node_as_torch():
    """log Γ(1) = log Γ(2) = 0 exactly (a Poisson log-likelihood of a zero count prints -rate, not -rate - 1e-14)."""
    def build(lib):
        out = []
        for dt in (lib.float32, lib.float64):
            x = lib.tensor([0.5, 1.0, 2.0, 3.5, 10.0], dtype=dt, requires_grad=True)
            mv = lib.special.multigammaln(x + 2, 2)
            out += [lib.lgamma(x).tolist()[1:3], lib.special.gammaln(x).tolist()[1:3], mv.grad_fn.name(),
                    lib.mvlgamma(x, 1).grad_fn.name(), [type(f).__name__ for f, _ in mv.grad_fn.next_functions],
                    repr(lib.distributions.Poisson(lib.tensor([2.5], dtype=dt)).log_prob(lib.tensor([0.0], dtype=dt)))]
        return out
    t, m = _both(build)
    assert m == t
    check(lambda lib, a: lib.mvlgamma(a, 3), np.array([2.5, 3.0, 7.25]))


def test_a_nodes_unsaved_input_reads_as_none_as_torch():
    """``(3 * x).grad_fn._saved_self`` is None in torch (a constant factor: x is not needed), not an error."""
    def build(lib):
        a = lib.tensor([2.0, 3.0], requires_grad=True)
        m1, m2, m3 = 3 * a, a * lib.tensor([1.0, 2.0]), a * a
        return (m1.grad_fn._saved_self, m1.grad_fn._saved_other.tolist(), m2.grad_fn._saved_self,
                m2.grad_fn._saved_other.tolist(), m3.grad_fn._saved_self.tolist(), m3.grad_fn._saved_other is a)
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("setting", ["eval-no-grad", "with-grad", "training", "not-left-aligned", "float-mask",
                                     "with-attn-mask", "batch-second", "norm-first", "odd-heads", "no-nested"])
def test_an_encoder_stack_zeroes_padded_positions_where_torchs_fast_path_does(setting):
    """torch's TransformerEncoder in eval mode without gradients (batch_first, a right-padded key padding mask, no
    attention mask, even heads, post-norm relu/gelu layers) runs on nested tensors: padded positions come back as
    zeros, then through the final norm. Elsewhere every position is computed as usual."""
    def build(lib):
        nn = lib.nn
        lib.manual_seed(0)
        kw = dict(batch_first=setting != "batch-second", norm_first=setting == "norm-first")
        heads = 1 if setting == "odd-heads" else 2
        enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, heads, 16, dropout=0.0, **kw), 2,
                                    norm=nn.LayerNorm(8), enable_nested_tensor=setting != "no-nested")
        with lib.no_grad():
            enc.norm.bias.copy_(lib.linspace(-1, 1, 8))
        if setting != "training":
            enc.eval()
        x = lib.randn(2, 5, 8)
        pad = lib.tensor([[False, False, False, True, True], [False] * 5])
        if setting == "not-left-aligned":
            pad = lib.tensor([[True, False, False, False, True], [False] * 5])
        if setting == "batch-second":
            x, pad = x.transpose(0, 1), pad
        mask = nn.Transformer.generate_square_subsequent_mask(5) if setting == "with-attn-mask" else None
        given = pad.float().masked_fill(pad, float("-inf")) if setting == "float-mask" else pad
        if setting == "with-grad":
            y = enc(x, mask=mask, src_key_padding_mask=given)
        else:
            with lib.no_grad():
                y = enc(x, mask=mask, src_key_padding_mask=given)
        y = y.transpose(0, 1) if setting == "batch-second" else y
        return enc.use_nested_tensor, np.round(y.detach().numpy(), 4).tolist()
    t, m = _both(build)
    assert m == t


def test_a_parameter_dict_from_a_plain_dict_keeps_torchs_sorted_key_order():
    """torch's ParameterDict.update sorts a plain dict's keys (an OrderedDict, a ParameterDict or pairs keep their
    order): the order of named_parameters, state_dict and an optimizer's indices follows it."""
    def build(lib):
        P = lib.nn.Parameter
        d = lib.nn.ParameterDict({"w": P(lib.ones(1)), "b": P(lib.ones(1)), "m": P(lib.ones(1))})
        d.update({"z": P(lib.ones(1)), "a": P(lib.ones(1))})
        d.update([("y", P(lib.ones(1))), ("c", P(lib.ones(1)))])
        from collections import OrderedDict
        d.update(OrderedDict([("q", P(lib.ones(1))), ("d", P(lib.ones(1)))]))
        d.update(lib.nn.ParameterDict({"x": P(lib.ones(1)), "e": P(lib.ones(1))}))
        return list(d.keys()), [n for n, _ in d.named_parameters()], repr(d).count("\n")
    t, m = _both(build)
    assert m == t


def test_module_and_optimizer_reprs_as_torch():
    """``padding='same'`` prints unquoted; RAdam's param_groups list their keys in torch's order."""
    def build(lib):
        p = lib.nn.Parameter(lib.ones(2))
        return (repr(lib.nn.Conv2d(2, 4, (3, 5), padding="same")), repr(lib.nn.Conv1d(2, 3, 3, padding="valid")),
                str(lib.optim.RAdam([p], lr=0.1).state_dict()["param_groups"]),
                str(lib.optim.RAdam([p], decoupled_weight_decay=True).defaults))
    t, m = _both(build)
    assert m == t


def test_a_modules_registries_are_plain_dicts_as_torch():
    """``m._modules.keys()`` prints ``dict_keys([...])`` (torch keeps _parameters/_buffers/_modules in dicts)."""
    def build(lib):
        m = lib.nn.Sequential(lib.nn.Linear(1, 1), lib.nn.ReLU())
        return [repr(d.keys()) for d in (m._modules, m[0]._parameters, lib.nn.BatchNorm1d(2)._buffers)]
    t, m = _both(build)
    assert m == t


def test_the_tf32_flag_follows_the_float32_matmul_precision_as_torch():
    def build(lib):
        seen = [lib.backends.cuda.matmul.allow_tf32, lib.get_float32_matmul_precision()]
        for precision in ("high", "medium", "highest"):
            lib.set_float32_matmul_precision(precision)
            seen.append(lib.backends.cuda.matmul.allow_tf32)
        lib.backends.cuda.matmul.allow_tf32 = True
        seen.append(lib.get_float32_matmul_precision())
        lib.backends.cuda.matmul.allow_tf32 = False
        seen.append(lib.get_float32_matmul_precision())
        return seen
    t, m = _both(build)
    assert m == t


_FAMILIES = {
    "Normal": lambda D, T: D.Normal(T(0.3, -1.0, 0.5), T(1.2, 0.5, 0.8)),
    "Laplace": lambda D, T: D.Laplace(T(0.3, -0.2, 0.5), T(0.7, 1.5, 0.2)),
    "Gumbel": lambda D, T: D.Gumbel(T(0.1, 1.0, -0.5), T(0.9, 0.4, 1.3)),
    "Exponential": lambda D, T: D.Exponential(T(0.5, 2.0, 1.3)),
    "Gamma": lambda D, T: D.Gamma(T(2.0, 0.7, 3.5), T(1.5, 0.3, 2.0)),
    "Beta": lambda D, T: D.Beta(T(2.0, 0.7, 3.5), T(1.5, 0.9, 2.0)),
    "Uniform": lambda D, T: D.Uniform(T(0.1, 0.0, -0.5), T(0.7, 1.0, 0.5)),
    "Pareto": lambda D, T: D.Pareto(T(1.0, 2.0, 0.5), T(3.0, 1.5, 4.0)),
    "Cauchy": lambda D, T: D.Cauchy(T(0.0, 1.0, -2.0), T(1.0, 0.5, 2.0)),
    "Poisson": lambda D, T: D.Poisson(T(1.0, 2.0, 3.0)),
    "Bernoulli": lambda D, T: D.Bernoulli(T(0.2, 0.5, 0.9)),
    "Binomial": lambda D, T: D.Binomial(3, T(0.2, 0.5, 0.9)),
}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("p_name", sorted(_FAMILIES))
def test_kl_divergence_between_families_is_torchs(p_name, dtype):
    """Every pair of these families torch can compute, minigrad computes to the same values (inf where p has mass
    outside q's support); the pairs torch refuses, minigrad refuses with the same NotImplementedError."""
    def build(lib):
        D = lib.distributions

        def T(*v):
            return lib.tensor(v, dtype=getattr(lib, dtype))
        p, out = _FAMILIES[p_name](D, T), {}
        for q_name, make in _FAMILIES.items():
            try:
                out[q_name] = D.kl_divergence(p, make(D, T)).detach().numpy().astype(float)
            except NotImplementedError:
                out[q_name] = "not implemented"
        return out
    t, m = _both(build)
    assert set(t) == set(m)
    for q_name in t:
        if isinstance(t[q_name], str):
            assert m[q_name] == t[q_name], q_name
        else:
            np.testing.assert_allclose(m[q_name], t[q_name], rtol=1e-4 if dtype == "float32" else 1e-9, err_msg=q_name)


@pytest.mark.parametrize("pair", ["Uniform-Normal", "Gamma-Normal", "Normal-Laplace", "Exponential-Gamma",
                                  "Beta-Exponential", "Uniform-Beta", "Normal-Gumbel", "Gamma-Gumbel", "Cauchy-Cauchy",
                                  "Pareto-Pareto", "Bernoulli-Poisson", "Beta-Uniform"])
def test_kl_divergence_between_families_gradients_match_torch(pair):
    a, b = pair.split("-")
    params = {"Normal": lambda D, x, y: D.Normal(x, y.exp()), "Laplace": lambda D, x, y: D.Laplace(x, y.exp()),
              "Gumbel": lambda D, x, y: D.Gumbel(x, y.exp()), "Gamma": lambda D, x, y: D.Gamma(x.exp(), y.exp()),
              "Exponential": lambda D, x, y: D.Exponential(x.exp() * y.exp()),
              "Beta": lambda D, x, y: D.Beta(x.exp(), y.exp()),
              "Uniform": lambda D, x, y: D.Uniform(x.sigmoid() * 0.4, 0.5 + y.sigmoid() * 0.5),
              "Cauchy": lambda D, x, y: D.Cauchy(x, y.exp()), "Pareto": lambda D, x, y: D.Pareto(x.exp(), y.exp()),
              "Bernoulli": lambda D, x, y: D.Bernoulli(logits=x + y), "Poisson": lambda D, x, y: D.Poisson(x.exp())}
    if pair == "Beta-Uniform":
        params["Uniform"] = lambda D, x, y: D.Uniform(-x.exp(), 1 + y.exp())
    if pair == "Pareto-Pareto":
        params["Pareto"] = lambda D, x, y: D.Pareto(x.exp(), y.exp() + 1)
    rng = np.random.default_rng(len(pair))
    arrays = [rng.standard_normal(3) * 0.5 for _ in range(4)]

    def kl(lib, x1, y1, x2, y2):
        D = lib.distributions
        out = D.kl_divergence(params[a](D, x1, y1), params[b](D, x2 - 3 * (a == b == "Pareto"), y2))
        assert bool(out.isfinite().all())                       # (q's support covers p's: a real gradient)
        return out
    check(kl, *arrays)


def test_distributions_print_as_torch():
    """torch's repr lists the arg_constraints parameters held as attributes, in arg_constraints' order: those it
    builds on another distribution (HalfNormal, LogNormal, Beta, OneHotCategorical, the relaxed ones, a
    TransformedDistribution) print as ``Name()``; Pareto lists alpha before scale."""
    def build(lib):
        D, t, p = lib.distributions, lib.tensor([1.0, 2.0]), lib.tensor([0.3, 0.6])
        ds = [D.HalfNormal(t), D.LogNormal(t, t), D.Pareto(t, t), D.Beta(t, t), D.OneHotCategorical(p),
              D.RelaxedBernoulli(lib.tensor(0.5), p), D.RelaxedOneHotCategorical(lib.tensor(0.5), p),
              D.TransformedDistribution(D.Normal(t, t), [D.transforms.ExpTransform()]), D.Normal(t, 1.0),
              D.Independent(D.Normal(t, t), 1), D.Gumbel(t, t), D.Weibull(t, t), D.StudentT(t), D.Chi2(t)]
        return [repr(d) for d in ds]
    t, m = _both(build)
    assert m == t


def test_half_cauchy_inverse_gamma_and_straight_through_one_hot_as_torch():
    """Bayesian-regression priors (HalfCauchy for a scale, InverseGamma for a variance), the straight-through
    OneHotCategorical of discrete VAEs, and the Softplus/Abs transforms: values, draws from the same seed, reprs."""
    def build(lib):
        D = lib.distributions
        lib.manual_seed(3)
        hc = D.HalfCauchy(lib.tensor([0.5, 2.0]))
        ig = D.InverseGamma(lib.tensor([0.5, 1.5, 3.0]), lib.tensor(2.0))
        x = lib.tensor([[0.3], [1.0], [4.0]])
        st = D.OneHotCategoricalStraightThrough(logits=lib.tensor([0.2, -0.5, 1.0]))
        sp, ab = D.transforms.SoftplusTransform(), D.transforms.AbsTransform()
        v = lib.tensor([-2.0, 0.1, 3.0])

        def r(t):
            return np.round(t.detach().numpy().astype(float), 5).tolist()
        return ([r(hc.log_prob(x)), r(hc.cdf(x)), r(hc.icdf(lib.tensor([0.1, 0.9]))), r(hc.entropy()), r(hc.mean),
                 r(hc.mode), r(hc.rsample((2,))), repr(hc), hc.support, hc.batch_shape],
                [r(ig.log_prob(x)), r(ig.entropy()), r(ig.mean), r(ig.mode), r(ig.variance), repr(ig),
                 tuple(ig.rsample((4,)).shape), str(ig.support)],
                [r(st.rsample((3,))), st.has_rsample, repr(st)],
                [r(sp(v)), r(sp.inv(sp(v))), r(sp.log_abs_det_jacobian(v, sp(v))), r(ab(v)), r(ab.inv(ab(v))),
                 repr(sp), repr(ab), ab.bijective, str(sp.codomain)])
    t, m = _both(build)
    assert repr(m) == repr(t)
    check(lambda lib, s, x: lib.distributions.HalfCauchy(s.exp()).log_prob(x.abs()), np.array([0.1, -0.4]),
          np.array([0.5, 2.0]))
    check(lambda lib, a, b, x: lib.distributions.InverseGamma(a.exp(), b.exp()).log_prob(x.abs() + 0.1)
          + lib.distributions.InverseGamma(a.exp(), b.exp()).entropy(), np.array([0.3, 1.2]), np.array([-0.2, 0.4]),
          np.array([0.7, 1.9]))
    check(lambda lib, lg: lib.distributions.OneHotCategoricalStraightThrough(logits=lg).rsample()
          * lib.tensor([1.0, 2.0, 3.0]), np.array([0.2, -0.5, 1.0]))


def test_transforms_print_and_compare_as_torch():
    """``transform_to(constraints.positive)`` prints torch's multi-line ComposeTransform (AffineTransform shows no
    parameters); == is torch's: the same kind with the same parameters (an IndependentTransform: only itself)."""
    def build(lib):
        T, C = lib.distributions.transforms, lib.distributions.constraints
        to = lib.distributions.transform_to
        reprs = [repr(t) for t in (T.AffineTransform(0.5, 2.0), T.ComposeTransform([T.ExpTransform(), T.AffineTransform(
            1.0, 2.0)]), T.ComposeTransform([]), to(C.positive), to(C.interval(0, 2)), to(C.greater_than(1.0)),
            T.ExpTransform().inv, T.IndependentTransform(T.SigmoidTransform(), 1))]
        t2 = lib.tensor([1.0, 2.0])
        eq = [T.PowerTransform(2.0) == T.PowerTransform(lib.tensor(2.0)),
              T.PowerTransform(2.0) == T.PowerTransform(3.0),
              T.AffineTransform(t2, 1) == T.AffineTransform(t2.clone(), 1),
              T.AffineTransform(0, 1) != T.AffineTransform(0, 2),
              T.ExpTransform().inv == T.ExpTransform().inv, T.ExpTransform() == T.SigmoidTransform(),
              T.IndependentTransform(T.ExpTransform(), 1) == T.IndependentTransform(T.ExpTransform(), 1),
              T.ComposeTransform([T.ExpTransform()]) == T.ComposeTransform([T.ExpTransform()])]
        try:
            hash(T.ExpTransform())
            hashable = True
        except TypeError:
            hashable = False
        return reprs, eq, hashable
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("kind", ["LSTM-proj-bi-2", "GRU-nobias", "RNN-bi"])
def test_rnn_all_weights_lists_each_layer_and_direction_as_torch(kind):
    def build(lib):
        nn = lib.nn
        m = {"LSTM-proj-bi-2": lambda: nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2),
             "GRU-nobias": lambda: nn.GRU(2, 3, bias=False), "RNN-bi": lambda: nn.RNN(2, 3, bidirectional=True)}[kind]()
        names = {id(p): n for n, p in m.named_parameters()}
        return (m._flat_weights_names, [[names[id(p)] for p in w] for w in m.all_weights],
                [tuple(p.shape) for p in m._flat_weights])
    t, m = _both(build)
    assert m == t


@pytest.mark.parametrize("wrong", ["input0", "input1", "output1"])
def test_gradcheck_failure_shows_torchs_jacobians(wrong):
    """The error begins as torch's: which output and input, then the numerical and the analytical Jacobian."""
    def build(lib):
        class F(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x, y):
                ctx.save_for_backward(x, y)
                return x * y, x.sin() + y

            @staticmethod
            def backward(ctx, g1, g2):
                x, y = ctx.saved_tensors
                gx = g1 * y * (2 if wrong == "input0" else 1) + g2 * x.cos() * (3 if wrong == "output1" else 1)
                gy = g1 * x * (-1 if wrong == "input1" else 1) + g2
                return gx, gy
        x = lib.tensor([0.5, -1.0], dtype=lib.float64, requires_grad=True)
        y = lib.tensor([1.5, 0.25], dtype=lib.float64, requires_grad=True)
        try:
            lib.autograd.gradcheck(F.apply, (x, y))
        except RuntimeError as e:
            return type(e).__name__, str(e)
    (tc, tm), (mc, mm) = _both(build)
    assert mc == tc and mm.startswith(tm.rstrip("\n") + "\n"), (tm, mm)


def test_gradcheck_of_a_transposed_input_perturbs_the_input_itself():
    """A transposed (non-contiguous) input: each element is nudged in place (a reshaped copy would leave the
    function's input unchanged and every numerical derivative zero), as torch's check does."""
    def build(lib):
        y = lib.tensor([[1.5, 0.25, 2.0], [-0.5, 2.0, 0.1]], dtype=lib.float64).T.requires_grad_()
        w = lib.tensor([[0.3, -1.2], [2.0, 0.5], [1.0, 1.0]], dtype=lib.float64).T.requires_grad_()
        return (y.is_contiguous(), lib.autograd.gradcheck(lambda t: t.sin() * t, (y,)),
                lib.autograd.gradcheck(lambda a, b: a @ b, (y, w)), lib.autograd.gradgradcheck(lambda t: t ** 3, (y,)),
                lib.autograd.gradcheck(lambda t: t.detach() * t, (y,), raise_exception=False))
    t, m = _both(build)
    assert m == t == (False, True, True, True, False)


def test_nn_utils_submodules_clip_grad_and_convert_parameters_as_torch():
    def build(lib):
        from importlib import import_module
        cg = import_module(lib.__name__ + ".nn.utils.clip_grad")
        cp = import_module(lib.__name__ + ".nn.utils.convert_parameters")
        p = lib.nn.Parameter(lib.tensor([1.0, -2.0]))
        p.grad = lib.tensor([3.0, 4.0])
        total = cg.clip_grad_norm_([p], 1.0)
        vec = cp.parameters_to_vector([p, lib.nn.Parameter(lib.ones(2, 2))])
        return (cg.clip_grad_norm_ is lib.nn.utils.clip_grad_norm_, lib.nn.utils.clip_grad.clip_grad_value_ is
                lib.nn.utils.clip_grad_value_, round(total.item(), 5), np.round(p.grad.numpy(), 5).tolist(),
                vec.tolist(), cp.vector_to_parameters is lib.nn.utils.vector_to_parameters)
    t, m = _both(build)
    assert m == t
