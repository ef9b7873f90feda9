"""The smaller torch names published programs use, cross-checked with torch: helpers composed from existing ops
(values and gradients), GradScaler's algorithm, autocast, anomaly detection, testing.assert_close, and the
entry points that have nothing to do in one process on one device (compile, jit, checkpoint, distributed)."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import check_raises_as_torch, check_value_as_torch


def _array(t):
    if getattr(t, "_is_zerotensor", lambda: False)():       # torch's gradient of sign: a ZeroTensor
        return np.zeros(tuple(t.shape))
    return t.numpy()


def _grads_match(fn, *arrays, reference=False):
    """fn(lib, *tensors) -> tensor: value and every input's gradient (random upstream) equal torch's."""
    outs = []
    for lib in (torch, minigrad):
        with minigrad.reference_mode(reference):
            xs = [lib.tensor(a, requires_grad=True) for a in arrays]
            y = fn(lib, *xs)
            g = np.random.default_rng(5).standard_normal(tuple(y.shape))
            grads = lib.autograd.grad(y, xs, lib.tensor(g, dtype=y.dtype), allow_unused=True)
            outs.append((y.detach().numpy(), [None if d is None else _array(d) for d in grads]))
    (ty, tg), (my, mg) = outs
    np.testing.assert_allclose(my, ty, rtol=1e-6, atol=1e-9)
    for a, b in zip(mg, tg):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9)


R = np.random.default_rng(0)
COMPOSED = {
    "sgn": (lambda lib, x: lib.sgn(x), R.standard_normal(5)),
    "hsplit": (lambda lib, x: lib.hsplit(x, [1])[1] * 2, R.standard_normal((2, 3))),
    "vsplit": (lambda lib, x: x.vsplit(2)[1], R.standard_normal((4, 3))),
    "dsplit": (lambda lib, x: lib.dsplit(x, [1, 2])[2], R.standard_normal((2, 2, 4))),
    "select_scatter": (lambda lib, x, s: lib.select_scatter(x, s, 1, 0), R.standard_normal((2, 3)),
                       R.standard_normal(2)),
    "slice_scatter": (lambda lib, x, s: lib.slice_scatter(x, s, 1, 0, 4, 2), R.standard_normal((2, 4)),
                      R.standard_normal((2, 2))),
    "diagonal_scatter": (lambda lib, x, s: x.diagonal_scatter(s, 1), R.standard_normal((3, 3)), R.standard_normal(2)),
    "combinations": (lambda lib, x: lib.combinations(x, 2), R.standard_normal(4)),
    "combinations with replacement": (lambda lib, x: lib.combinations(x, 3, with_replacement=True),
                                      R.standard_normal(3)),
    "cumulative_trapezoid": (lambda lib, y: lib.cumulative_trapezoid(y, dx=0.5), R.standard_normal((2, 5))),
    "cumulative_trapezoid x": (lambda lib, y, x: lib.cumulative_trapezoid(y, x, dim=0), R.standard_normal((4, 2)),
                               np.sort(R.standard_normal(4))),
    "narrow_copy": (lambda lib, x: x.narrow_copy(1, 1, 2), R.standard_normal((2, 4))),
    "split_with_sizes": (lambda lib, x: x.split_with_sizes([1, 3], 1)[1], R.standard_normal((2, 4))),
    "baddbmm": (lambda lib, c, a, b: c.baddbmm(a, b, beta=0.5, alpha=2.0), R.standard_normal((2, 2, 3)),
                R.standard_normal((2, 2, 4)), R.standard_normal((2, 4, 3))),
    "tril_ of a copy": (lambda lib, x: (x * 1).tril_(-1) * 3, R.standard_normal((3, 3))),
    "triu_ of a copy": (lambda lib, x: (x * 1).triu_(1), R.standard_normal((3, 4))),
    "square_": (lambda lib, x: (x + 0).square_(), R.standard_normal(4)),
    "real and conj": (lambda lib, x: x.real + x.conj() + lib.resolve_conj(x), R.standard_normal(3)),
    "cosine_similarity": (lambda lib, a, b: lib.cosine_similarity(a, b, dim=1), R.standard_normal((3, 4)),
                          R.standard_normal((3, 4))),
    "pairwise_distance": (lambda lib, a, b: lib.pairwise_distance(a, b), R.standard_normal((3, 4)),
                          R.standard_normal((3, 4))),
}


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("name", list(COMPOSED))
def test_composed_helpers_as_torch(name, reference):
    fn, *arrays = COMPOSED[name]
    _grads_match(fn, *arrays, reference=reference)


@pytest.mark.parametrize("code", [
    "R = lib.unravel_index(lib.tensor([4, -1, 0]), (2, 3))",
    "R = lib.unravel_index(lib.tensor(5), 6)",
    "R = [lib.can_cast(a, b) for a in (lib.float32, lib.int64, lib.bool, lib.uint8) "
    "for b in (lib.float64, lib.int8, lib.bool)]",
    "R = lib.typename(lib.ones(2)).split('.')[-1]",
    "R = lib.vander(lib.tensor([1.5, -2.0, 0.5]), 4)",
    "R = lib.vander(lib.tensor([1.5, -2.0]), increasing=True)",
    "R = lib.is_nonzero(lib.tensor([1.5]))",
    "R = lib.is_complex(lib.ones(2))",
    "R = lib.combinations(lib.arange(3.0), 0)",
    "R = lib.combinations(lib.arange(2.0), 3)",
    "R = lib.vander(lib.tensor([1, 2, 3]))",
    "R = lib.vander(lib.tensor([1.0, 2.0]), N=0)",
    "R = lib.cumulative_trapezoid(lib.tensor([1.0, 2.0]), dx=2.0)",
    "R = lib.ones(2, 3).tril_()",
    "R = lib.hsplit(lib.arange(6.0), 3)",
])
def test_values_as_torch(code):
    check_value_as_torch(code)


@pytest.mark.parametrize("code, word", [
    ("R = lib.is_nonzero(lib.ones(2))", "more than one value"),
    ("R = lib.is_nonzero(lib.ones(0))", "no values"),
    ("R = lib.vsplit(lib.ones(3), 3)", "vsplit"),
    ("R = lib.hsplit(lib.ones(2, 3), 2)", "hsplit"),
    ("R = lib.select_scatter(lib.ones(2, 3), lib.ones(2), 0, 0)", "size"),
    ("R = lib.vander(lib.ones(2, 2))", "one-dimensional"),
    ("R = lib.combinations(lib.ones(2, 2))", "1D"),
    ("R = lib.unravel_index(lib.tensor([1.5]), (2, 3))", "integer"),
    ("R = lib.zeros(2, dtype=lib.bfloat16).numpy()", "bfloat16"),
])
def test_errors_as_torch(code, word):
    if "bfloat16" in code:                  # torch has bfloat16 tensors; minigrad names the dtype and refuses it
        with pytest.raises(TypeError, match=word):
            exec(code, {"lib": minigrad})
        return
    check_raises_as_torch(code, word)


def test_imag_of_a_real_tensor_is_refused():
    """torch >= 2.15 raises TypeError (2.13 raised RuntimeError); minigrad follows the newest."""
    with pytest.raises((TypeError, RuntimeError), match="imag is not implemented"):
        torch.ones(2).imag
    with pytest.raises(TypeError, match="imag is not implemented"):
        minigrad.ones(2).imag


# --- GradScaler: the same scales, skipped steps and parameters as torch's (CPU scaler) -------------------------
def _scaler_run(lib, Scaler):
    lib.manual_seed(0)
    w = lib.nn.Parameter(lib.tensor([1.0, -2.0, 0.5]))
    opt = lib.optim.SGD([w], lr=0.1)
    scaler = Scaler(init_scale=2.0 ** 10, growth_factor=2.0, backoff_factor=0.25, growth_interval=2)
    seen = []
    for step in range(7):
        opt.zero_grad()
        loss = (w * w * (step + 1)).sum()
        scaler.scale(loss).backward()
        if step in (2, 5):                       # an overflowed gradient: the step is skipped, the scale shrinks
            with lib.no_grad():
                w.grad[1] = float("inf")
        if step == 4:
            scaler.unscale_(opt)
            lib.nn.utils.clip_grad_norm_([w], 1.0)
        result = scaler.step(opt)
        scaler.update()
        seen.append((scaler.get_scale(), w.detach().numpy().copy(), result is None))
    return seen, scaler.state_dict()


def test_grad_scaler_as_torch():
    t_seen, t_state = _scaler_run(torch, lambda **k: torch.amp.GradScaler("cpu", **k))
    m_seen, m_state = _scaler_run(minigrad, lambda **k: minigrad.amp.GradScaler("cpu", **k))
    for (ts, tw, tskip), (ms, mw, mskip) in zip(t_seen, m_seen):
        assert ms == ts and mskip == tskip
        np.testing.assert_allclose(mw, tw, rtol=1e-6)
    assert {k: float(v) for k, v in m_state.items()} == {k: float(v) for k, v in t_state.items()}


def test_grad_scaler_misuse_and_disabled():
    s = minigrad.amp.GradScaler("cpu")
    w = minigrad.nn.Parameter(minigrad.ones(2))
    opt = minigrad.optim.SGD([w], lr=0.1)
    s.scale(w.sum()).backward()
    s.unscale_(opt)
    with pytest.raises(RuntimeError, match="already been called"):
        s.unscale_(opt)
    with pytest.raises(RuntimeError, match="Closure"):
        s.step(opt, closure=lambda: 0.0)
    off = minigrad.amp.GradScaler("cpu", enabled=False)
    loss = w.sum()
    assert off.scale(loss) is loss and off.get_scale() == 1.0 and off.state_dict() == {}
    with pytest.warns(UserWarning, match="CUDA is not available"):
        cuda_scaler = minigrad.cuda.amp.GradScaler()
    assert not cuda_scaler.is_enabled()


def test_autocast_keeps_full_precision_and_says_so():
    import minigrad.amp as amp
    amp._TOLD.discard("cpu")
    x = minigrad.ones(2, 3)
    with pytest.warns(UserWarning, match="no mixed precision"):
        with minigrad.autocast("cpu", dtype=minigrad.float16):
            y = x @ x.t()
    assert y.dtype == minigrad.float32
    with pytest.warns(UserWarning, match="CUDA is not available"):
        ctx = minigrad.cuda.amp.autocast()
    with ctx:
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with minigrad.autocast("cpu", enabled=False):
            pass

    @minigrad.autocast("cpu")
    def f(a):
        return a * 2
    assert f(x).dtype == minigrad.float32


# --- anomaly detection: backward stops at the node that made the NaN ---------------------------------------------
@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
def test_detect_anomaly_names_the_node(reference):
    for lib in (torch, minigrad):
        with minigrad.reference_mode(reference):
            x = lib.tensor([0.0, 4.0], requires_grad=True)
            (x.sqrt() * 0).sum().backward()                   # sqrt's gradient at 0 is inf · 0: NaN
            assert np.isnan(x.grad.numpy()[0])
            x.grad = None
            with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
                ctx = lib.autograd.detect_anomaly()
            with ctx, pytest.raises(RuntimeError, match=r"Function 'SqrtBackward0?' returned nan values in its "
                                                        r"0th output"):
                (x.sqrt() * 0).sum().backward()
            assert not lib.is_anomaly_enabled()
            with lib.autograd.set_detect_anomaly(True, check_nan=False):
                (x.sqrt() * 0).sum().backward()               # NaN checks off: no error
            assert not lib.is_anomaly_enabled()


# --- testing.assert_close -------------------------------------------------------------------------------------------
CLOSE = [
    ("lib.ones(3)", "lib.ones(3) + 1e-6"),
    ("lib.ones(3)", "lib.ones(3) + 1e-4"),
    ("lib.ones(3, dtype=lib.float64)", "lib.ones(3, dtype=lib.float64) + 1e-8"),
    ("lib.ones(3, dtype=lib.float64)", "lib.ones(3, dtype=lib.float64) + 1e-6"),
    ("lib.ones(2)", "lib.ones(3)"),
    ("lib.ones(2)", "lib.ones(2, dtype=lib.float64)"),
    ("lib.tensor([1.0, float('nan')])", "lib.tensor([1.0, float('nan')])"),
    ("lib.arange(3)", "lib.arange(3)"),
    ("lib.arange(3)", "lib.arange(3) + 1"),
    ("[lib.ones(2), 1.0]", "[lib.ones(2), 1.0 + 1e-9]"),
    ("{'a': lib.ones(2)}", "{'a': lib.zeros(2)}"),
    ("1.0", "1.0 + 1e-3"),
]


@pytest.mark.parametrize("actual, expected", CLOSE)
def test_assert_close_as_torch(actual, expected):
    results = []
    for lib in (torch, minigrad):
        env = {"lib": lib}
        try:
            lib.testing.assert_close(eval(actual, env), eval(expected, env))
            results.append(None)
        except Exception as e:  # noqa: BLE001 -- the class is compared
            results.append(type(e).__name__)
    assert results[1] == results[0]


def test_assert_close_options_and_message():
    m = minigrad
    m.testing.assert_close(m.tensor([1.0, float("nan")]), m.tensor([1.0, float("nan")]), equal_nan=True)
    m.testing.assert_close(m.ones(2), m.ones(2, dtype=m.float64), check_dtype=False)
    m.testing.assert_close(m.ones(2), m.ones(2) + 0.01, rtol=0, atol=0.1)
    with pytest.raises(ValueError, match="rtol"):
        m.testing.assert_close(m.ones(2), m.ones(2), atol=1.0)
    with pytest.raises(AssertionError, match=r"Mismatched elements: 1 / 3 \(33.3%\)") as info:
        m.testing.assert_close(m.tensor([1.0, 2.0, 3.0]), m.tensor([1.0, 2.5, 3.0]))
    assert "at index (1,)" in str(info.value)
    t = m.testing.make_tensor((2, 3), dtype=m.float64, low=-1, high=1)
    assert t.shape == (2, 3) and t.dtype == m.float64 and float(t.abs().max()) <= 1


# --- entry points with nothing to do here ----------------------------------------------------------------------------
def test_compile_jit_checkpoint_and_single_process_names():
    m = minigrad
    model = m.nn.Linear(3, 2)
    assert m.compile(model)._orig_mod is model and m.compile()(model)._orig_mod is model and m.jit.script(model) is model

    @m.compile(mode="max-autotune")
    def f(a):
        return a + 1
    assert f(m.ones(1)).item() == 2.0
    from minigrad.utils.checkpoint import checkpoint, checkpoint_sequential
    x = m.ones(2, 3, requires_grad=True)
    checkpoint(model, x, use_reentrant=False).sum().backward()
    g1 = x.grad.clone()
    x.grad = None
    model(x).sum().backward()
    np.testing.assert_array_equal(g1.numpy(), x.grad.numpy())
    seq = m.nn.Sequential(m.nn.Linear(3, 3), m.nn.ReLU(), m.nn.Linear(3, 1))
    np.testing.assert_array_equal(checkpoint_sequential(seq, 2, x).detach().numpy(), seq(x).detach().numpy())
    from minigrad.nn.attention import SDPBackend, sdpa_kernel
    q = m.ones(1, 2, 3)
    with sdpa_kernel([SDPBackend.MATH, SDPBackend.FLASH_ATTENTION]):
        assert m.nn.functional.scaled_dot_product_attention(q, q, q).shape == (1, 2, 3)
    import minigrad.distributed as dist
    assert not dist.is_available() and not dist.is_initialized()
    with pytest.raises(RuntimeError, match="process group"):
        dist.get_rank()
    from minigrad.nn.parallel import DataParallel, DistributedDataParallel
    dp = DataParallel(model)
    assert dp.module is model and np.array_equal(dp(x).detach().numpy(), model(x).detach().numpy())
    with pytest.raises(ValueError, match="process group"):            # (torch's class for it)
        DistributedDataParallel(model)
    assert m.bfloat16 != m.float16 and str(m.bfloat16) == "torch.bfloat16"


@pytest.mark.parametrize("lib", [torch, minigrad], ids=["torch", "minigrad"])
def test_set_default_tensor_type(lib):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            lib.set_default_tensor_type(lib.DoubleTensor)
            assert lib.tensor([1.5]).dtype == lib.float64 and lib.zeros(2).dtype == lib.float64
            lib.set_default_tensor_type("torch.FloatTensor")
            assert lib.tensor([1.5]).dtype == lib.float32
            with pytest.raises(TypeError, match="floating-point"):
                lib.set_default_tensor_type("torch.LongTensor")
        finally:
            lib.set_default_dtype(lib.float32)


def test_inference_mode_flag_and_set_grad_enabled_type_as_torch():
    import torch
    for lib in (minigrad, torch):
        seen = [lib.is_inference_mode_enabled()]
        with lib.inference_mode():
            seen += [lib.is_inference_mode_enabled(), lib.is_grad_enabled()]
            with lib.inference_mode(False):
                seen.append(lib.is_inference_mode_enabled())

        @lib.inference_mode()
        def f():
            return lib.is_inference_mode_enabled()
        seen += [f(), lib.is_inference_mode_enabled(), lib.is_grad_enabled()]
        assert seen == [False, True, False, False, True, False, True], lib.__name__
        with pytest.raises(TypeError):
            lib.set_grad_enabled("x")


@pytest.mark.parametrize("expr", ["lib.softmax(x)", "x.softmax()", "lib.log_softmax(x)", "x.log_softmax()",
                                  "x.softmax(dim=None)", "x.log_softmax(None)"])
def test_softmax_needs_a_dim_except_in_functional(expr):
    import torch
    for lib in (torch, minigrad):
        x = lib.ones(2, 3)
        with pytest.raises(TypeError):
            eval(expr)
    x = minigrad.ones(2, 3)
    assert minigrad.softmax(x, 1).shape == (2, 3) and x.log_softmax(dim=-1).shape == (2, 3)


@pytest.mark.parametrize("method,args", [("uniform_", (0.0, 0.0)), ("normal_", ()), ("bernoulli_", (0.5,)),
                                         ("exponential_", ()), ("random_", (0, 5))])
def test_random_fill_in_a_graph_gives_the_old_values_no_gradient(method, args):
    import torch
    out = []
    for lib in (torch, minigrad):
        a = lib.ones(3, requires_grad=True)
        b = a * 2
        c = b[1:]
        getattr(c, method)(*args)                  # through a view: only b[1:] is overwritten
        (b * 3).sum().backward()
        out.append((a.grad.tolist(), c.grad_fn.name() if lib is minigrad else None))
    assert out[1][0] == out[0][0] == [6.0, 0.0, 0.0]
