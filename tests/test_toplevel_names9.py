"""torch's top-level names for nn.functional's operations (with torch's positional signatures), the window
functions, small predicates and aliases, against torch: values, gradients, and the random masks."""
import numpy as np
import pytest
import torch

import minigrad

WINDOWS = ["hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"]


@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("length", [0, 1, 2, 7, 16])
@pytest.mark.parametrize("periodic", [True, False])
def test_windows(name, length, periodic):
    t = getattr(torch, name)(length, periodic)
    m = getattr(minigrad, name)(length, periodic)
    assert str(m.dtype) == str(t.dtype) and tuple(m.shape) == tuple(t.shape)
    np.testing.assert_allclose(m.numpy(), t.numpy(), atol=1e-6)
    t64 = getattr(torch, name)(9, periodic, dtype=torch.float64)
    np.testing.assert_allclose(getattr(minigrad, name)(9, periodic, dtype=minigrad.float64).numpy(), t64.numpy(),
                               rtol=1e-12, atol=1e-15)


def _pair(shape, seed=0):
    a = np.random.default_rng(seed).standard_normal(shape).astype(np.float32)
    return torch.tensor(a, requires_grad=True), minigrad.tensor(a, requires_grad=True)


CALLS = [
    ("layer_norm", lambda L, x, w: L.layer_norm(x, (4,), w[0, 0, 0], None, 1e-5)),
    ("group_norm", lambda L, x, w: L.group_norm(x, 3, w[0, :, 0, 0], None, 1e-5)),
    ("batch_norm", lambda L, x, w: L.batch_norm(x, w[0, :, 0, 0], None, None, None, True, 0.1, 1e-5, False)),
    ("instance_norm", lambda L, x, w: L.instance_norm(x, None, None, None, None, True, 0.1, 1e-5, False)),
    ("rms_norm", lambda L, x, w: L.rms_norm(x, (4,), w[0, 0, 0], 1e-6)),
    ("prelu", lambda L, x, w: L.prelu(x, w[0, :, 0, 0])),
    ("threshold", lambda L, x, w: L.threshold(x, 0.1, -2.0)),
    ("pixel_shuffle", lambda L, x, w: L.pixel_shuffle(L.cat([x, x, x, x], 1), 2)),
    ("pixel_unshuffle", lambda L, x, w: L.pixel_unshuffle(x, 2)),
    ("channel_shuffle", lambda L, x, w: L.channel_shuffle(L.cat([x, x], 1), 2)),
    ("constant_pad_nd", lambda L, x, w: L.constant_pad_nd(x, (1, 2, 0, 1), 0.5)),
    ("embedding", lambda L, x, w: L.embedding(x[0, 0], L.tensor([[0, 3], [1, 1]]))),
    ("bilinear", lambda L, x, w: L.bilinear(x[0, 0], x[1, 0], w[:, 0], None)),
    ("detach", lambda L, x, w: L.detach(x) * 1 + x),
    ("fill", lambda L, x, w: L.fill(x, 2.5) + x),
    ("adaptive_max_pool1d", lambda L, x, w: L.adaptive_max_pool1d(x[0], 2)[0]),
    ("max_pool1d_with_indices", lambda L, x, w: L.max_pool1d_with_indices(x[0], 2)[0]),
]


@pytest.mark.parametrize("name, call", CALLS, ids=[c[0] for c in CALLS])
def test_functional_names_at_top_level(name, call):
    (tx, mx), (tw, mw) = _pair((2, 3, 4, 4)), _pair((3, 3, 4, 4), seed=1)
    t, m = call(torch, tx, tw), call(minigrad, mx, mw)
    assert tuple(m.shape) == tuple(t.shape)
    np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=1e-5, atol=1e-5)
    g = np.random.default_rng(2).standard_normal(tuple(t.shape)).astype(np.float32)
    t.backward(torch.tensor(g))
    m.backward(minigrad.tensor(g))
    for a, b in ((tx, mx), (tw, mw)):
        if a.grad is None:
            assert b.grad is None or not b.grad.numpy().any()
        else:
            np.testing.assert_allclose(b.grad.numpy(), a.grad.numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("code", ["lib.dropout(lib.ones(40), 0.3, True)", "lib.dropout(lib.ones(4), 0.3, False)",
                                  "lib.feature_dropout(lib.ones(2, 6, 3), 0.5, True)",
                                  "lib.alpha_dropout(lib.ones(30), 0.2, True)"])
def test_dropouts_draw_torchs_masks(code):
    torch.manual_seed(3)
    minigrad.manual_seed(3)
    t, m = eval(code, {"lib": torch}), eval(code, {"lib": minigrad})
    np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-6)


def test_predicates_and_aliases():
    for lib_dtype in ("float32", "int64", "uint8", "bool", "int8", "float16"):
        t, m = torch.zeros(2, dtype=getattr(torch, lib_dtype)), minigrad.zeros(2, dtype=getattr(minigrad, lib_dtype))
        assert minigrad.is_signed(m) == torch.is_signed(t), lib_dtype
        assert minigrad.is_conj(m) is torch.is_conj(t) is False and minigrad.is_neg(m) is torch.is_neg(t) is False
    with minigrad.inference_mode():
        assert minigrad.is_inference(minigrad.ones(1))
    assert not minigrad.is_inference(minigrad.ones(1))
    assert minigrad.vmap is minigrad.func.vmap and minigrad.GradScaler is minigrad.amp.GradScaler
    assert issubclass(minigrad.OutOfMemoryError, RuntimeError) and minigrad.OutOfMemoryError is minigrad.cuda.OutOfMemoryError
    assert issubclass(torch.OutOfMemoryError, RuntimeError)


def test_autocast_state_queries_as_torchs():
    import warnings
    warnings.simplefilter("ignore")

    def probe(lib):
        out = [lib.is_autocast_enabled(), lib.is_autocast_enabled("cpu"), str(lib.get_autocast_dtype("cpu")),
               str(lib.get_autocast_dtype("cuda"))]
        with lib.autocast("cpu"):
            out += [lib.is_autocast_enabled("cpu"), lib.is_autocast_enabled(), str(lib.get_autocast_dtype("cpu"))]
            with lib.autocast("cpu", dtype=lib.float16):
                out.append(str(lib.get_autocast_dtype("cpu")))
            with lib.autocast("cpu", enabled=False):
                out.append(lib.is_autocast_enabled("cpu"))
            out.append(str(lib.get_autocast_dtype("cpu")))
        out += [lib.is_autocast_enabled("cpu"), str(lib.get_autocast_gpu_dtype())]
        return out
    assert probe(minigrad) == probe(torch)


BAD = [
    "nn.Hardtanh(1, -1)", "nn.Threshold(0.5)", "nn.Parameter(lib.ones(2), requires_grad='x')",
    "lib.autograd.set_detect_anomaly('x')", "lib.autograd.functional.jacobian(lambda a: a * 2, [lib.ones(2)])",
    "lib.autograd.functional.jacobian(lambda a: [a * 2], lib.ones(2))",
    "lib.autograd.functional.vjp(lambda a: a * 2, (lib.ones(2), 3))", "lib.autocast('bogus')", "lib.numel(5)",
    "nn.utils.rnn.pack_padded_sequence(lib.ones(3, 4, 2), [3, 2], batch_first=True)", "lib.device(-1)",
]


@pytest.mark.parametrize("code", BAD)
def test_bad_calls_raise_torchs_class_and_message(code):
    errors = []
    for lib in (torch, minigrad):
        with pytest.raises(Exception) as info:
            eval(code, {"lib": lib, "nn": lib.nn})
        errors.append(info.value)
    t, m = errors
    assert type(m) is type(t), (code, m, t)
    assert str(t)[:40] in str(m), (code, str(m), str(t))


def test_a_bare_index_names_a_gpu_without_one():
    assert minigrad.device(5) == minigrad.device("cuda", 5)      # torch 2.15 (2.13 raised here)
    if tuple(int(v) for v in torch.__version__.split(".")[:2]) >= (2, 15):
        assert repr(minigrad.device(5)) == repr(torch.device(5))


def test_more_bad_calls_and_type_names_as_torch():
    for code in ["lib.distributions.Normal(0., 1.).sample(5)",
                 "lib.nn.ParameterDict({'a': lib.nn.Parameter(lib.ones(2))})['b']"]:
        errors = []
        for lib in (torch, minigrad):
            with pytest.raises(Exception) as info:
                eval(code, {"lib": lib})
            errors.append(info.value)
        assert type(errors[1]) is type(errors[0]), code
    for lib in (torch, minigrad):
        m = lib.nn.Linear(2, 2)
        names = [type(m.register_forward_hook(lambda *a: None)).__name__,
                 type(lib.ones(1, requires_grad=True).register_hook(lambda g: g)).__name__,
                 type(lib.manual_seed(1)).__name__]
        assert names == ["RemovableHandle", "RemovableHandle", "Generator"], (lib.__name__, names)
