"""Minimal repros of what published PyTorch programs (round ten: the official tutorials, d2l.ai chapters, RL, flows,
GNNs, tricks of the trade) met under ``import minigrad as torch``, each cross-checked against torch."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import minigrad


def _both(build):
    """``build(lib)`` under torch and minigrad, warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(torch), build(minigrad)


# --------------------------------------------------------------------------- printing
def test_optimizer_repr_with_two_param_groups_has_torchs_blank_line():
    # the transfer-learning tutorial prints an Adam with a backbone group and a head group
    def build(lib):
        a, b = lib.nn.Linear(2, 2), lib.nn.Linear(2, 1)
        return repr(lib.optim.Adam([{"params": a.parameters(), "lr": 1e-4}, {"params": b.parameters()}], lr=1e-3)), \
            repr(lib.optim.SGD(a.parameters(), lr=0.1))
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- torch's samplers after manual_seed
def _draws(lib, seed, make):
    lib.manual_seed(seed)
    out = make(lib, lib.distributions)
    return [o.detach().numpy().tolist() if hasattr(o, "detach") else o for o in out] + [lib.rand(1).item()]


_SAMPLERS = {
    "poisson": lambda lib, D: [lib.poisson(lib.tensor([1.0, 4.0, 10.0, 0.0, 0.3, 25.0, 150.0, 9.99, 1e4])),
                               lib.poisson(lib.tensor([3.0, 12.0], dtype=lib.float64)), D.Poisson(3.5).sample((6,))],
    "gamma": lambda lib, D: [D.Gamma(lib.tensor([0.3, 1.0, 2.0, 0.05, 7.5, 100.0]), 2.0).sample((3,)),
                             D.Gamma(lib.tensor([0.3, 4.0], dtype=lib.float64), 1.0).sample((3,)),
                             D.Chi2(3.0).sample((4,))],
    "dirichlet_beta": lambda lib, D: [D.Dirichlet(lib.tensor([1.0, 2.0, 3.0])).sample((3,)),
                                      D.Dirichlet(lib.tensor([0.1, 0.2], dtype=lib.float64)).sample((2,)),
                                      D.Beta(2.0, 3.0).sample((4,)), D.Beta(lib.tensor([0.5]), lib.tensor([0.5])).sample()],
    "student_t": lambda lib, D: [D.StudentT(4.0).sample((5,)), D.StudentT(lib.tensor([2.5, 30.0]), 1.0, 2.0).sample((2,))],
    "binomial": lambda lib, D: [D.Binomial(n, lib.tensor(p)).sample((6,)) for n, p in
                                ((10, 0.3), (100, 0.4), (50, 0.9), (1000, 0.02), (5, 0.97), (0, 0.5), (30, 0.0), (7, 1.0))]
                               + [D.Binomial(lib.tensor([[20.0], [300.0]]), lib.tensor([0.25, 0.6, 0.999],
                                                                                      dtype=lib.float64)).sample((5,))],
    "negative_binomial": lambda lib, D: [D.NegativeBinomial(5.0, lib.tensor([0.3, 0.7])).sample((4,))],
}


@pytest.mark.parametrize("name", sorted(_SAMPLERS))
def test_rejection_samplers_draw_torchs_numbers_after_manual_seed(name):
    # published programs print Poisson noise, Beta mixup weights, Dirichlet exploration noise, binomial
    # counts right after torch.manual_seed: the same numbers, and the stream left where torch leaves it
    t, m = _both(lambda lib: _draws(lib, 42, _SAMPLERS[name]))
    assert m == t


def test_gamma_rsample_keeps_torchs_draws_and_its_gradient_in_the_concentration():
    def build(lib):
        lib.manual_seed(1)
        c = lib.tensor([0.5, 3.0], requires_grad=True)
        x = lib.distributions.Gamma(c, 2.0).rsample((3,))
        x.sum().backward()
        return x.detach().numpy(), c.grad.numpy()
    (tx, tg), (mx, mg) = _both(build)
    assert mx.tolist() == tx.tolist()
    np.testing.assert_allclose(mg, tg, rtol=1e-4)


def test_weibull_draws_torchs_exponentials():
    # torch: Exponential(1) by exponential_(), then x^(1/k), then scale·x (was uniforms of its own)
    def build(lib):
        lib.manual_seed(3)
        d = lib.distributions.Weibull(lib.tensor([0.5, 2.0]), lib.tensor([3.0, 0.7]))
        return d.sample((5,)).numpy(), lib.rand(1).numpy()
    (ts, tr), (ms, mr) = _both(build)
    np.testing.assert_allclose(ms, ts, rtol=1e-6)         # (float32 pow: a last-bit difference at most)
    assert mr.tolist() == tr.tolist()


# --------------------------------------------------------------------------- storages (the "tensor views" pages)
def test_storage_and_untyped_storage_tell_shared_memory_and_print_as_torch():
    def build(lib):
        t = lib.tensor([10.0, 20.0, 30.0])
        v, e, c = t[1:], t.expand(2, 3), t.clone()
        out = [v.untyped_storage().size(), v.storage().size(), len(v.storage()), v.untyped_storage().nbytes(),
               v.storage().data_ptr() == t.data_ptr(), v.untyped_storage().data_ptr() == t.untyped_storage().data_ptr(),
               c.untyped_storage().data_ptr() == t.untyped_storage().data_ptr(), e.storage().size(),
               t.storage().tolist(), str(t.storage().dtype), t.storage().element_size(),
               t.untyped_storage().element_size(), repr(t.storage()),
               repr(lib.tensor([1, 2], dtype=lib.int16).untyped_storage()),
               repr(lib.arange(6).view(2, 3).t().storage())]
        return out
    t, m = _both(build)
    assert m == t
    with pytest.warns(UserWarning, match="TypedStorage is deprecated"):
        minigrad.ones(2).storage()


# --------------------------------------------------------------------------- PyTorch 2 boilerplate
def test_finfo_and_iinfo_print_as_torch_and_resolution_is_a_power_of_ten():
    def build(lib):
        return ([repr(lib.finfo(d)) for d in (lib.float16, lib.float32, lib.float64)] + [str(lib.finfo())]
                + [repr(lib.iinfo(d)) for d in (lib.int8, lib.uint8, lib.int16, lib.int32, lib.int64)]
                + [lib.finfo(d).resolution for d in (lib.float16, lib.float32, lib.float64)])
    t, m = _both(build)
    assert m == t


def test_device_is_a_context_manager_for_the_default_device():
    # ``with torch.device("cpu"): model = Net()`` (the "set_default_device" recipes)
    before = minigrad.get_default_device()
    with minigrad.device("cpu") as d:
        assert d == minigrad.device("cpu") and minigrad.nn.Linear(2, 2).weight.device == minigrad.device("cpu")
        assert minigrad.get_default_device() == minigrad.device("cpu")
    assert minigrad.get_default_device() == before
    with torch.device("cpu") as td:
        assert str(td) == str(d)
    if not minigrad.cuda.is_available():
        with pytest.raises(RuntimeError):
            with minigrad.device("cuda"):
                pass
        assert minigrad.get_default_device() == before          # a refused device leaves nothing behind


# --------------------------------------------------------------------------- module API
@pytest.mark.parametrize("name, make", [("weight", lambda lib: lib.zeros(2, 2)), ("weight", lambda lib: 3),
                                        ("weight", lambda lib: lib.zeros(2, dtype=lib.long)), ("b", lambda lib: 3),
                                        ("c", lambda lib: 3), ("c", lambda lib: lib.ones(1))])
def test_assigning_the_wrong_kind_to_a_parameter_buffer_or_child_says_torchs_message(name, make):
    def build(lib):
        m = lib.nn.Linear(2, 2)
        m.register_buffer("b", lib.ones(1))
        m.add_module("c", lib.nn.ReLU())
        with pytest.raises(TypeError) as info:
            setattr(m, name, make(lib))
        return str(info.value)
    t, m = _both(build)
    assert m == t


# --------------------------------------------------------------------------- add/sub with alpha: one rounding
def test_add_and_sub_with_alpha_round_once_as_torchs_fused_multiply_add_with_gradients_and_node():
    # optimizers written by hand (and SGD's weight decay / nesterov: g.add(p, alpha=wd)) give torch's bits
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 40)).astype(np.float32), rng.normal(size=(40,)).astype(np.float32)
    up = rng.normal(size=(3, 40)).astype(np.float32)

    def build(lib):
        x, y = lib.tensor(a, requires_grad=True), lib.tensor(b, requires_grad=True)
        outs = [x.add(y, alpha=0.123456789), lib.sub(x, y, alpha=-2.5e-3), x - 0.3 * y, lib.add(x, y, alpha=3)]
        node = outs[0].grad_fn
        (outs[0] * lib.tensor(up) + outs[1] * 2).sum().backward()
        return ([o.detach().numpy() for o in outs], x.grad.numpy(), y.grad.numpy(),
                [type(o.grad_fn).__name__ if lib is torch else o.grad_fn.name() for o in outs[:2]],
                [f[0] is not None for f in node.next_functions])
    (to, tgx, tgy, tn, te), (mo, mgx, mgy, mn, me) = _both(build)
    for t_, m_ in zip(to, mo):
        assert m_.tobytes() == t_.tobytes()
    np.testing.assert_allclose(mgx, tgx, rtol=1e-6)
    np.testing.assert_allclose(mgy, tgy, rtol=1e-5)
    assert mn == tn == ["AddBackward0", "SubBackward0"] and me == te == [True, True]


def test_sgd_with_weight_decay_and_nesterov_in_reference_mode_gives_torchs_bits():
    rng = np.random.default_rng(1)
    w0, grads = rng.normal(size=(8, 8)).astype(np.float32), rng.normal(size=(3, 8, 8)).astype(np.float32)

    def build(lib):
        p = lib.nn.Parameter(lib.tensor(w0.copy()))
        opt = lib.optim.SGD([p], lr=0.0123, momentum=0.9, nesterov=True, weight_decay=1e-2)
        for g in grads:
            p.grad = lib.tensor(g.copy())
            opt.step()
        return p.detach().numpy()
    with minigrad.reference_mode(True):
        t, m = _both(build)
    assert m.tobytes() == t.tobytes()


# --------------------------------------------------------------------------- linalg result names
def test_linalg_slogdet_prints_as_torch_under_its_result_name_and_keeps_the_gradient():
    a = np.array([[2.0, 1.0], [1.0, 3.0]], np.float32)

    def build(lib):
        A = lib.tensor(a, requires_grad=True)
        r, s = lib.linalg.slogdet(A), lib.slogdet(A)
        text = [repr(r), repr(s), type(r).__name__, type(s).__name__, repr(lib.linalg.slogdet(A.detach()))]
        r.logabsdet.backward()
        return text, A.grad.numpy()
    (tt, tg), (mt, mg) = _both(build)
    assert mt == tt
    np.testing.assert_allclose(mg, tg, rtol=1e-6)


# --------------------------------------------------------------------------- deployment scripts
def test_jit_save_and_load_round_trip_a_traced_module(tmp_path):
    # ``torch.jit.save(torch.jit.trace(model, x), path); torch.jit.load(path)(x)``: the same outputs
    minigrad.manual_seed(0)
    model = minigrad.nn.Sequential(minigrad.nn.Linear(3, 4), minigrad.nn.BatchNorm1d(4), minigrad.nn.ReLU()).eval()
    x = minigrad.randn(5, 3)
    traced = minigrad.jit.trace(model, x)
    path = tmp_path / "m.pt"
    minigrad.jit.save(traced, str(path))
    loaded = minigrad.jit.load(str(path), map_location="cpu")
    assert np.array_equal(loaded(x).detach().numpy(), model(x).detach().numpy())
    assert repr(loaded) == repr(model)
    with pytest.raises(NotImplementedError, match="_extra_files"):
        minigrad.jit.save(traced, str(path), _extra_files={"a.txt": "x"})


# --------------------------------------------------------------------------- lerp: torch's roundings (EMA updates)
@pytest.mark.parametrize("w", [0.1, 0.5, 0.9, -0.2, 1.7, "tensor", "0-d"])
def test_lerp_and_lerp_and_foreach_lerp_give_torchs_bits_with_gradients(w):
    # EMA teachers and AveragedModel's multi-avg: ema.lerp_(p, 1 - decay) / torch._foreach_lerp_(ema, params, w)
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(6, 7)).astype(np.float32), rng.normal(size=(6, 7)).astype(np.float32)
    wt = rng.random((6, 7)).astype(np.float32)
    up = rng.normal(size=(6, 7)).astype(np.float32)

    def build(lib):
        wv = lib.tensor(wt) if w == "tensor" else lib.tensor(0.75) if w == "0-d" else w
        x, y = lib.tensor(a, requires_grad=True), lib.tensor(b, requires_grad=True)
        out = lib.lerp(x, y, wv)
        out.backward(lib.tensor(up))
        ip = lib.tensor(a).lerp_(lib.tensor(b), wv)
        fe = [lib.tensor(a), lib.tensor(b)]
        if not isinstance(wv, float):
            return [out.detach().numpy(), x.grad.numpy(), y.grad.numpy(), ip.numpy()]
        lib._foreach_lerp_(fe, [lib.tensor(b), lib.tensor(a)], wv)
        return [out.detach().numpy(), x.grad.numpy(), y.grad.numpy(), ip.numpy(), fe[0].numpy(), fe[1].numpy()]
    t, m = _both(build)
    for tt, mm in zip(t, m):
        assert mm.tobytes() == tt.tobytes()
