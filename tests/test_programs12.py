"""Minimal repros of what published PyTorch programs (round twelve: the quickstart, nn.Transformer seq2seq,
Bahdanau attention, U-Net, GCN/GAT, REINFORCE/DQN/PPO/TRPO, style transfer, distillation, pruning, audio
features, jit/compile, ...) met under ``import minigrad as torch``, each cross-checked against torch."""
from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest
import torch

import minigrad
from tests.helpers import check


def _both(build):
    """``build(lib)`` under torch and minigrad, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(torch), build(minigrad)


# --------------------------------------------------------------------------- the pruning tutorial
def _prune(lib):
    return importlib.import_module(lib.__name__ + ".nn.utils.prune")


def test_random_unstructured_prunes_the_entries_torch_prunes_after_manual_seed():
    # torch prunes the entries that draw the *largest* rand_like values; a seeded tutorial then prints the
    # same mask, and ln_structured pruning on top of it picks the same channels
    def build(lib):
        prune = _prune(lib)
        lib.manual_seed(0)
        conv = lib.nn.Conv2d(1, 6, 3)
        prune.random_unstructured(conv, name="weight", amount=0.3)
        first = conv.weight_mask.flatten().tolist()
        prune.ln_structured(conv, name="weight", amount=0.5, n=2, dim=0)
        lin = lib.nn.Linear(5, 4)
        prune.random_unstructured(lin, name="bias", amount=2)
        prune.random_unstructured(lin, name="bias", amount=1)          # among the entries still kept
        return first, conv.weight_mask.flatten(1).sum(1).tolist(), lin.bias_mask.tolist(), lib.rand(1).item()
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- jit names in user code
def test_jit_script_module_and_function_names_answer_isinstance_as_torchs():
    # `if isinstance(model, torch.jit.ScriptModule)` and annotations `-> torch.jit.ScriptModule` in export code
    def build(lib):
        def double(x):
            return x * 2
        scripted = lib.jit.script(lib.nn.Linear(2, 2))
        traced = lib.jit.trace(lib.nn.Linear(2, 2), lib.ones(1, 2))
        fn = lib.jit.script(double)
        fn_traced = lib.jit.trace(double, lib.ones(2))
        return (isinstance(scripted, lib.jit.ScriptModule), isinstance(traced, lib.jit.ScriptModule),
                isinstance(fn, lib.jit.ScriptFunction), isinstance(fn_traced, lib.jit.ScriptFunction),
                isinstance(fn, lib.jit.ScriptModule), isinstance(scripted, lib.jit.ScriptFunction),
                isinstance(lib.nn.Linear(1, 1), lib.jit.ScriptModule), isinstance(3, lib.jit.ScriptModule),
                isinstance(lib.ones(1), lib.jit.ScriptFunction),
                issubclass(lib.jit.ScriptFunction, lib.jit.ScriptModule), fn(lib.ones(1)).tolist())
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- stft / istft (audio features)
_STFT_CASES = [
    dict(n_fft=16, hop_length=4),
    dict(n_fft=16, win_length=10),                              # window zero-padded on both sides
    dict(n_fft=15, hop_length=5, center=False),
    dict(n_fft=8, normalized=True, onesided=False, pad_mode="constant"),
    dict(n_fft=12, hop_length=3, normalized=True, pad_mode="replicate"),
]


def _window(case):
    """A Hamming window of win_length; none (torch's rectangular default) for the uncentred case."""
    return None if case.get("center") is False else np.hamming(case.get("win_length", case["n_fft"]))


@pytest.mark.parametrize("shape", [(50,), (2, 61)])
@pytest.mark.parametrize("case", range(len(_STFT_CASES)))
def test_stft_matches_torchs_spectrum_and_gradient(shape, case):
    kw = _STFT_CASES[case]
    x = np.random.default_rng(case).normal(size=shape)
    w = _window(kw)

    def f(lib, x):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = lib.stft(x, window=None if w is None else lib.tensor(w), return_complex=True, **kw)
        return lib.view_as_real(s)
    check(f, x)


@pytest.mark.parametrize("case", [0, 1, 4])
@pytest.mark.parametrize("length", [None, 40, 57])
def test_istft_inverts_stft_as_torchs_with_gradient(case, length):
    kw = {k: v for k, v in _STFT_CASES[case].items() if k != "pad_mode"}
    x = np.random.default_rng(7).normal(size=(2, 50))
    w = _window(kw)

    def f(lib, x):
        win = lib.tensor(w)
        spec = lib.stft(x, window=win, return_complex=True, **kw)
        return spec.istft(window=win, length=length, **kw)
    if case == 1 and length == 57:       # the padded window's zero tail is where the signal would go on
        for lib in (torch, minigrad):
            with pytest.raises(RuntimeError, match="window overlap add min"):
                f(lib, lib.tensor(x))
        return
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        f(minigrad, minigrad.tensor(x))
    assert any("padded with zeros" in str(w.message) for w in seen) == (length == 57)   # torch warns (once)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = check(f, x)
    if length is None or length <= 50:                       # a perfect reconstruction where it has the samples
        n = out[0].shape[-1]
        np.testing.assert_allclose(out[0].detach().numpy(), x[:, :n], atol=1e-10)


def test_istft_of_a_two_sided_spectrum_and_without_centering():
    x = np.random.default_rng(3).normal(size=40)
    w = np.hanning(10)[1:-1]

    def f(lib, x):
        win = lib.tensor(w)
        two = lib.istft(lib.stft(x, 8, 2, window=win, onesided=False, return_complex=True), 8, 2, window=win,
                        onesided=False)
        raw = lib.istft(lib.stft(x, 8, 2, window=win, center=False, return_complex=True), 8, 2, window=win,
                        center=False)
        return two, raw
    check(f, x)


def test_stft_float32_spectrogram_as_audio_programs_print_it():
    x = np.random.default_rng(0).normal(size=(3, 800)).astype(np.float32)

    def build(lib):
        s = lib.stft(lib.tensor(x), n_fft=128, hop_length=32, window=lib.tensor(np.hanning(128).astype(np.float32)),
                     return_complex=True)
        return tuple(s.shape), str(s.dtype).split(".")[1], s.abs().pow(2).numpy()
    (ts, td, tp), (ms, md, mp) = _both(build)
    assert (ms, md) == (ts, td) == ((3, 65, 26), "complex64")
    np.testing.assert_allclose(mp, tp, rtol=2e-4, atol=1e-3)


def test_stft_return_complex_false_gives_the_parts_with_torchs_warning():
    x = np.random.default_rng(0).normal(size=30)
    for lib in (torch, minigrad):
        with pytest.warns(UserWarning, match="return_complex=False is deprecated"):
            r = lib.stft(lib.tensor(x), 8, window=lib.ones(8, dtype=lib.float64), return_complex=False)
        assert tuple(r.shape) == (5, 16, 2) and not r.is_complex()
    with pytest.warns(UserWarning, match="A window was not provided"):
        minigrad.stft(minigrad.tensor(x), 8, return_complex=True)


@pytest.mark.parametrize("call", [
    "lib.stft(lib.ones(20), 8)",                                              # return_complex not given
    "lib.stft(lib.ones(2, 2, 20), 8, return_complex=True)",                   # a 3-D signal
    "lib.stft(lib.ones(20), 8, window=lib.ones(5), return_complex=True)",     # window of the wrong length
    "lib.stft(lib.ones(20), 8, hop_length=0, return_complex=True)",
    "lib.istft(lib.stft(lib.ones(20), 8, return_complex=True), 10)",          # n_fft does not fit the spectrum
])
def test_stft_bad_calls_raise_runtimeerror_as_torchs(call):
    for lib in (torch, minigrad):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(RuntimeError):
                eval(call, {"lib": lib})


def test_istft_of_a_real_tensor_raises_torch_215s_typeerror():
    # torch 2.13 raised RuntimeError here, 2.15 TypeError with the same message; minigrad speaks 2.15
    with pytest.raises((TypeError, RuntimeError), match="complex-valued input tensor") as t:
        torch.istft(torch.ones(5, 3), 8, window=torch.ones(8))
    with pytest.raises(TypeError, match="complex-valued input tensor") as m:
        minigrad.istft(minigrad.ones(5, 3), 8, window=minigrad.ones(8))
    assert str(m.value) == str(t.value).split(" (Triggered")[0]


def test_stft_is_a_tensor_method():
    x = minigrad.tensor(np.random.default_rng(0).normal(size=33))
    a = x.stft(8, window=minigrad.hann_window(8, dtype=minigrad.float64), return_complex=True)
    b = minigrad.stft(x, 8, window=minigrad.hann_window(8, dtype=minigrad.float64), return_complex=True)
    np.testing.assert_array_equal(minigrad.view_as_real(a).numpy(), minigrad.view_as_real(b).numpy())


# --------------------------------------------------------------------------- gradient layout of a transposed weight
_PRODUCTS = {
    "linear_bias": lambda lib, x, w, b: lib.nn.functional.linear(x, w, b),
    "linear": lambda lib, x, w, b: lib.nn.functional.linear(x, w),
    "linear_3d": lambda lib, x, w, b: lib.nn.functional.linear(x.reshape(2, 3, 4), w, b),
    "matmul_t": lambda lib, x, w, b: x @ w.t(),
    "matmul_T": lambda lib, x, w, b: lib.matmul(x, w.T),
    "mm_t": lambda lib, x, w, b: lib.mm(x, w.t()),
    "addmm": lambda lib, x, w, b: lib.addmm(b, x, w.t()),
    "t_on_the_left": lambda lib, x, w, b: w.t().t() @ x.t(),
    "left_transposed": lambda lib, x, w, b: (x.t() @ lib.ones(6, 3, dtype=lib.float64)) @ w,
}


@pytest.mark.parametrize("name", sorted(_PRODUCTS))
@pytest.mark.parametrize("create_graph", [False, True])
def test_grad_of_a_transposed_operand_is_contiguous_as_torchs(name, create_graph):
    # TRPO / MAML code flattens autograd.grad's results with g.view(-1): torch's mm gives the gradient of a
    # transposed operand in its own layout, so the weight's gradient is contiguous
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(6, 4)), rng.normal(size=(3, 4)), rng.normal(size=3)

    def build(lib):
        ts = [lib.tensor(a, requires_grad=True) for a in (x, w, b)]
        out = _PRODUCTS[name](lib, *ts)
        grads = lib.autograd.grad((out ** 2).sum(), ts[:2], create_graph=create_graph)     # x's and w's
        flat = lib.cat([g.view(-1) for g in grads])
        return [g.is_contiguous() for g in grads], [g.stride() for g in grads], flat.detach().numpy()
    (tc, tstr, tv), (mc, mstr, mv) = _both(build)
    assert mc == tc and mstr == tstr
    np.testing.assert_allclose(mv, tv, rtol=1e-12)


def test_fisher_vector_product_through_flattened_grads_matches_torch():
    # the TRPO step: grads of a KL with create_graph, flattened with view(-1), dotted with v, differentiated again
    rng = np.random.default_rng(1)
    obs = rng.normal(size=(8, 4))
    w1, b1, w2, b2 = rng.normal(size=(5, 4)), rng.normal(size=5), rng.normal(size=(3, 5)), rng.normal(size=3)

    def fvp(lib, w1, b1, w2, b2):
        o = lib.tensor(obs)
        params = [w1, b1, w2, b2]
        with lib.no_grad():
            old = lib.nn.functional.linear(lib.tanh(lib.nn.functional.linear(o, w1, b1)), w2, b2).log_softmax(-1)
        new = lib.nn.functional.linear(lib.tanh(lib.nn.functional.linear(o, w1, b1)), w2, b2).log_softmax(-1)
        kl = (old.exp() * (old - new)).sum(-1).mean()
        g = lib.autograd.grad(kl, params, create_graph=True)
        flat = lib.cat([p.view(-1) for p in g])
        v = lib.arange(flat.numel(), dtype=lib.float64) / 10
        hv = lib.autograd.grad((flat * v).sum(), params, create_graph=True)
        return lib.cat([h.contiguous().view(-1) for h in hv])
    check(fvp, w1, b1, w2, b2)


def test_linear_layer_grads_flatten_with_view_after_autograd_grad():
    def build(lib):
        lib.manual_seed(0)
        net = lib.nn.Sequential(lib.nn.Linear(4, 8), lib.nn.Tanh(), lib.nn.Linear(8, 2, bias=False))
        loss = net(lib.randn(5, 4)).pow(2).mean()
        grads = lib.autograd.grad(loss, list(net.parameters()), create_graph=True)
        return lib.cat([g.view(-1) for g in grads]).detach().numpy()
    t, m = _both(build)
    np.testing.assert_allclose(m, t, rtol=1e-5, atol=1e-7)


# --------------------------------------------------------------------------- layer classes as torch's
def test_adaptive_max_pool2d_module_returns_indices_and_is_not_an_avg_pool():
    # SegNet-style code: nn.AdaptiveMaxPool2d(size, return_indices=True), then MaxUnpool2d with the indices
    x = np.random.default_rng(0).normal(size=(2, 3, 7, 5))

    def f(lib, x):
        out, idx = lib.nn.AdaptiveMaxPool2d((3, 2), return_indices=True)(x)
        picked = x.flatten(2).gather(2, idx.flatten(2))           # the indices point into each input plane
        return out, idx, picked, lib.nn.AdaptiveMaxPool2d(2)(x)
    check(f, x)

    def build(lib):
        pool = lib.nn.AdaptiveMaxPool2d((3, None), return_indices=True)
        return repr(pool), pool.return_indices, isinstance(pool, lib.nn.AdaptiveAvgPool2d)
    t, m = _both(build)
    assert m == t


_NOT_SUBCLASSES = [("AdaptiveMaxPool2d", (2,), "AdaptiveAvgPool2d"), ("LogSoftmax", (1,), "Softmax"),
                   ("Fold", (4, 2), "Unfold"), ("LPPool2d", (2, 2), "LPPool1d"), ("LPPool3d", (2, 2), "LPPool1d")]


@pytest.mark.parametrize("name, args, other", _NOT_SUBCLASSES)
def test_layer_classes_are_not_each_others_subclasses_as_in_torch(name, args, other):
    # `if isinstance(m, nn.Softmax)` must not catch a LogSoftmax; repr and forward stay as they were
    def build(lib):
        layer = getattr(lib.nn, name)(*args)
        return isinstance(layer, getattr(lib.nn, other)), repr(layer), issubclass(getattr(lib.nn, name), lib.nn.Module)
    t, m = _both(build)
    assert m == t
    x = np.random.default_rng(1).normal(size=(1, 4, 4, 4)).astype(np.float64)
    if name == "Fold":
        x = np.random.default_rng(1).normal(size=(1, 8, 9))
    if name == "LPPool3d":
        x = np.abs(x).reshape(1, 1, 4, 4, 4)
    check(lambda lib, x: getattr(lib.nn, name)(*args)(x), np.abs(x) if name.startswith("LP") else x)


# --------------------------------------------------------------------------- inference-time Conv/Linear + BN fusion
def _fusion(lib):
    return importlib.import_module(lib.__name__ + ".nn.utils.fusion")


@pytest.mark.parametrize("kind", ["conv", "conv_nobias", "conv_noaffine", "convT", "linear"])
def test_fuse_bn_eval_gives_torchs_fused_layer(kind):
    # the "fusing Convolution and Batch Norm" tutorial and export scripts: fuse, then run the fused copy
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 2, 5, 5) if kind.startswith("conv") else (3, 4)).astype(np.float32)

    def build(lib):
        lib.manual_seed(0)
        nn = lib.nn
        layer = {"conv": lambda: nn.Conv2d(2, 3, 3), "conv_nobias": lambda: nn.Conv2d(2, 3, 3, bias=False),
                 "conv_noaffine": lambda: nn.Conv2d(2, 3, 3),
                 "convT": lambda: nn.ConvTranspose2d(2, 3, 3), "linear": lambda: nn.Linear(4, 3)}[kind]()
        bn = nn.BatchNorm1d(3) if kind == "linear" else nn.BatchNorm2d(3, affine=kind != "conv_noaffine")
        xin = lib.tensor(x)
        for _ in range(3):                                     # running statistics away from 0 and 1
            bn(layer(xin * 2 + 1))
        layer.eval(), bn.eval()
        fu = _fusion(lib)
        fused = (fu.fuse_linear_bn_eval(layer, bn) if kind.startswith("linear")
                 else fu.fuse_conv_bn_eval(layer, bn, transpose=kind == "convT"))
        with lib.no_grad():
            ref, out = bn(layer(xin)), fused(xin)
        return (type(fused).__name__, type(fused.weight).__name__, fused.weight.requires_grad, fused is layer,
                fused.weight.detach().numpy(), fused.bias.detach().numpy(), out.numpy(), ref.numpy())
    t, m = _both(build)
    assert m[:4] == t[:4]
    for a, b in zip(m[4:], t[4:]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(m[6], m[7], rtol=1e-4, atol=1e-5)          # the fused layer computes bn(layer(x))


def test_fuse_bn_refuses_training_modules_as_torchs():
    for lib in (torch, minigrad):
        with pytest.raises(AssertionError, match="Fusion only for eval"):
            _fusion(lib).fuse_conv_bn_eval(lib.nn.Conv2d(1, 2, 3), lib.nn.BatchNorm2d(2))
        lin, bn = lib.nn.Linear(3, 4).eval(), lib.nn.BatchNorm1d(5).eval()
        with pytest.raises(AssertionError, match="linear.out_features == bn.num_features"):
            lib.nn.utils.fuse_linear_bn_eval(lin, bn)


def test_stateless_functional_call_is_funcs_with_a_futurewarning():
    def build(lib):
        lib.manual_seed(0)
        m = lib.nn.Linear(3, 2)
        params = {k: v * 2 for k, v in m.named_parameters()}
        with pytest.warns(FutureWarning, match="torch.func.functional_call"):
            out = lib.nn.utils.stateless.functional_call(m, params, (lib.ones(1, 3),))
        out.sum().backward()
        return out.detach().numpy(), m.weight.grad.numpy(), m.weight.detach().numpy()
    for a, b in zip(build(minigrad), build(torch)):
        np.testing.assert_allclose(a, b, rtol=1e-6)


# --------------------------------------------------------------------------- window functions, computed as torch's
@pytest.mark.parametrize("name", ["hann_window", "hamming_window", "blackman_window", "bartlett_window"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_windows_are_torchs_to_the_last_bit_or_within_an_epsilon(name, dtype):
    # audio programs print and multiply by these; torch computes them op by op in the window's precision
    # (bartlett: exactly; the cosine windows: where the cos implementations differ, by an epsilon at most)
    sizes = list(range(0, 40)) + [400, 512]
    for n in sizes:
        for periodic in (True, False):
            t = getattr(torch, name)(n, periodic=periodic, dtype=getattr(torch, dtype)).numpy()
            m = getattr(minigrad, name)(n, periodic=periodic, dtype=getattr(minigrad, dtype)).numpy()
            assert m.dtype == t.dtype and m.shape == t.shape
            if name == "bartlett_window":
                np.testing.assert_array_equal(m, t)
            else:                                   # windows lie in [0, 1]: within an epsilon of torch's
                np.testing.assert_allclose(m, t, rtol=0, atol=np.finfo(m.dtype).eps)
    t = np.concatenate([getattr(torch, name)(n, dtype=getattr(torch, dtype)).numpy() for n in sizes])
    m = np.concatenate([getattr(minigrad, name)(n, dtype=getattr(minigrad, dtype)).numpy() for n in sizes])
    assert (m != t).mean() < 0.05                                  # nearly all bits equal (before: most differed)


def test_hamming_window_with_alpha_beta_and_bad_length():
    for lib in (torch, minigrad):
        w = lib.hamming_window(10, periodic=False, alpha=0.6, beta=0.4).numpy()
        np.testing.assert_allclose(w, torch.hamming_window(10, periodic=False, alpha=0.6, beta=0.4).numpy(), rtol=0,
                                   atol=np.finfo(np.float32).eps)
    with pytest.raises(RuntimeError, match="hann_window requires non-negative window_length"):
        minigrad.hann_window(-1)
    with pytest.raises(RuntimeError, match="hann_window requires non-negative window_length"):
        torch.hann_window(-1)


# --------------------------------------------------------------------------- randomized low-rank PCA
_LOWRANK = [((20, 8), 3, {}), ((8, 20), 4, {}), ((30, 10), None, dict(center=False)), ((2, 15, 6), 2, dict(niter=0)),
            ((25, 7), 5, dict(niter=4))]


@pytest.mark.parametrize("case", range(len(_LOWRANK)))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_pca_lowrank_draws_torchs_sketch_and_gives_its_factors_up_to_sign(case, dtype):
    # embedding-visualisation scripts: U, S, V = torch.pca_lowrank(X, q=2) after torch.manual_seed; the columns'
    # signs follow the SVD's, which (as for linalg.svd) may differ from torch's LAPACK
    shape, q, kw = _LOWRANK[case]
    A = np.random.default_rng(case).normal(size=shape).astype(dtype)
    res = []
    for lib in (torch, minigrad):
        lib.manual_seed(3)
        U, S, V = lib.pca_lowrank(lib.tensor(A), q=q, **kw)
        res.append((U.numpy(), S.numpy(), V.numpy(), lib.rand(1).item()))
    (tu, ts, tv, tr), (mu, ms, mv, mr) = res
    assert mu.dtype == tu.dtype and mu.shape == tu.shape and mv.shape == tv.shape
    tol = dict(rtol=1e-4, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-9, atol=1e-10)
    sign = np.sign((tu * mu).sum(-2, keepdims=True))
    np.testing.assert_allclose(ms, ts, **tol)
    np.testing.assert_allclose(mu * sign, tu, **tol)
    np.testing.assert_allclose(mv * sign, tv, **tol)
    assert mr == tr                                               # the same draws were taken


def test_svd_lowrank_values_and_gradient_as_torchs():
    A = np.random.default_rng(5).normal(size=(12, 5)) @ np.diag([5.0, 3.0, 1.0, 0.1, 0.01])
    M = np.random.default_rng(6).normal(size=(1, 5))

    def f(lib, A, M):
        lib.manual_seed(0)
        U, S, V = lib.svd_lowrank(A, q=3, niter=3, M=M)
        return S, (U * S.unsqueeze(-2)) @ V.mT                     # sign-free: the values and the rank-3 part
    check(f, A, M, rtol=1e-7, atol=1e-9)


def test_pca_lowrank_bad_q_and_niter_raise_valueerror_as_torchs():
    for lib in (torch, minigrad):
        with pytest.raises(ValueError, match=r"q\(=9\) must be non-negative integer and not greater than"):
            lib.pca_lowrank(lib.ones(4, 8), q=9)
        with pytest.raises(ValueError, match=r"niter\(=-1\) must be non-negative integer"):
            lib.pca_lowrank(lib.ones(4, 8), q=2, niter=-1)
