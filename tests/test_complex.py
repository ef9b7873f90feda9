"""Complex tensors as pairs of real parts (minigrad/_complex.py) against torch's complex tensors: values,
printing, and the gradients that reach the real inputs (random upstream gradient) -- LLaMA's rotary
embedding above all."""
import numpy as np
import pytest
import torch

import minigrad

RNG = np.random.default_rng(11)


def _same(m, t, tol=1e-5):
    m = m.detach().numpy() if hasattr(m, "detach") else m
    t = t.detach().numpy() if hasattr(t, "detach") else t
    np.testing.assert_allclose(m, t, rtol=tol, atol=tol)


def _run(fn, *arrays):
    """fn(lib, *inputs) under both libraries with the same inputs; a random upstream gradient through
    view_as_real when the output is complex. Returns (torch output, minigrad output, grads of each)."""
    outs = []
    for lib in (torch, minigrad):
        xs = [lib.tensor(a, requires_grad=True) for a in arrays]
        out = fn(lib, *xs)
        real = lib.view_as_real(out) if out.is_complex() else out
        real.backward(lib.tensor(np.random.default_rng(3).standard_normal(tuple(real.shape)).astype(arrays[0].dtype)))
        outs.append((out, [x.grad for x in xs]))
    return outs


def _apply_rotary(lib, xq, freqs):
    """Meta's LLaMA apply_rotary_emb (one of q/k), with precompute_freqs_cis's polar."""
    freqs_cis = lib.polar(lib.ones_like(freqs), freqs)
    xq_ = lib.view_as_complex(xq.float().reshape(*xq.shape[:-1], -1, 2))
    shape = [d if i == 1 or i == xq_.ndim - 1 else 1 for i, d in enumerate(xq_.shape)]
    return lib.view_as_real(xq_ * freqs_cis.view(*shape)).flatten(3).type_as(xq)


def test_llama_rotary_embedding_values_and_gradients():
    xq = RNG.standard_normal((2, 5, 3, 8)).astype(np.float32)
    freqs = np.outer(np.arange(5), 1.0 / (10000 ** (np.arange(0, 8, 2) / 8))).astype(np.float32)
    (to, tg), (mo, mg) = _run(_apply_rotary, xq, freqs)
    _same(mo, to)
    for a, b in zip(mg, tg):
        _same(a, b)


@pytest.mark.parametrize("name, fn", [
    ("mul", lambda lib, a, b: lib.view_as_complex(a) * lib.view_as_complex(b)),
    ("add_sub", lambda lib, a, b: lib.view_as_complex(a) + lib.view_as_complex(b) - 2 * lib.view_as_complex(a)),
    ("real_times", lambda lib, a, b: lib.view_as_complex(a) * b[..., 0]),
    ("number", lambda lib, a, b: (1.5 - 2j) * lib.view_as_complex(a) + (0.5 + 1j)),
    ("conj_exp", lambda lib, a, b: lib.view_as_complex(a).conj().exp()),
    ("div_real", lambda lib, a, b: lib.view_as_complex(a) / 4.0),
    ("polar", lambda lib, a, b: lib.polar(a[..., 0].abs() + 0.1, b[..., 1])),
    ("complex", lambda lib, a, b: lib.complex(a[..., 0], b[..., 1])),
    ("abs_angle", lambda lib, a, b: lib.view_as_complex(a).abs() + lib.view_as_complex(b).angle()),
    ("real_imag", lambda lib, a, b: lib.view_as_complex(a).real * lib.view_as_complex(b).imag),
    ("sum", lambda lib, a, b: lib.view_as_complex(a).sum(1)),
    ("sum_all", lambda lib, a, b: lib.view_as_complex(a).sum().unsqueeze(0)),
    ("shapes", lambda lib, a, b: lib.view_as_complex(a).permute(1, 0).reshape(-1)[1:5].unsqueeze(1)),
    ("index", lambda lib, a, b: lib.view_as_complex(a)[..., 1] * lib.view_as_complex(b)[:, 0]),
])
def test_complex_ops_values_and_gradients(name, fn):
    a, b = RNG.standard_normal((2, 3, 4, 2)).astype(np.float64), RNG.standard_normal((2, 3, 4, 2))
    a, b = a.reshape(6, 4, 2), b.reshape(6, 4, 2)
    (to, tg), (mo, mg) = _run(fn, a, b)
    assert mo.is_complex() == to.is_complex() and tuple(mo.shape) == tuple(to.shape)
    _same(minigrad.view_as_real(mo) if mo.is_complex() else mo, torch.view_as_real(to) if to.is_complex() else to)
    for x, y in zip(mg, tg):
        if y is None:
            assert x is None
        else:
            _same(x, y)


@pytest.mark.parametrize("make", [
    lambda lib: lib.polar(lib.ones(4), lib.arange(4.)),
    lambda lib: lib.view_as_complex(lib.tensor([[1e-5, 2.], [300., -4.]])),
    lambda lib: lib.view_as_complex(lib.tensor([[1., 2.], [3., -4.]], dtype=lib.float64)),
    lambda lib: lib.view_as_complex(lib.arange(12.).reshape(2, 3, 2).requires_grad_()),
    lambda lib: lib.view_as_complex(lib.arange(12.).reshape(2, 3, 2)).sum(),
    lambda lib: lib.complex(lib.tensor([-0.0, 1.]), lib.tensor([-0.0, -2.5])),
    lambda lib: lib.view_as_complex(lib.tensor([[1., float("inf")], [float("nan"), 0.]])),
])
def test_complex_tensors_print_as_torchs(make):
    t, m = make(torch), make(minigrad)
    assert repr(m) == repr(t)
    assert (str(m.dtype), tuple(m.shape), m.requires_grad) == (str(t.dtype), tuple(t.shape), t.requires_grad)
    assert minigrad.is_complex(m) and not minigrad.is_complex(minigrad.ones(1))


def test_bad_calls_raise_torchs_errors():
    for lib, cls in ((torch, RuntimeError), (minigrad, RuntimeError)):
        with pytest.raises(cls, match="last dimension of size 2"):
            lib.view_as_complex(lib.ones(3, 3))
    for lib, cls in ((torch, (RuntimeError, NotImplementedError)), (minigrad, NotImplementedError)):
        with pytest.raises(cls, match="half, float and double tensors.*Long"):   # (torch 2.15: NotImplementedError)
            lib.view_as_complex(lib.ones(3, 2).long())
    for lib, cls in ((torch, (RuntimeError, TypeError)), (minigrad, TypeError)):       # (torch 2.15: TypeError)
        with pytest.raises(cls, match="view_as_real is only supported for complex tensors"):
            lib.view_as_real(lib.ones(3, 2))
    with pytest.raises(NotImplementedError, match="view_as_real"):
        minigrad.view_as_complex(minigrad.ones(3, 2)).log()           # an op without a complex form here


def test_a_complex_buffer_moves_with_its_module_and_keeps_its_dtype():
    results = []
    for lib in (torch, minigrad):
        m = lib.nn.Linear(2, 2)
        m.register_buffer("freqs_cis", lib.polar(lib.ones(3), lib.arange(3.)), persistent=False)
        m.to("cpu").double()
        results.append((str(m.freqs_cis.dtype), str(m.weight.dtype), list(m.state_dict()), repr(m.freqs_cis)))
        m.half()
        results.append(repr(m.freqs_cis))
    assert results[:2] == results[2:]


def test_complex_tensors_save_and_load_in_torchs_format_both_ways(tmp_path):
    m_obj = {"c": minigrad.polar(minigrad.ones(3), minigrad.arange(3.)),
             "c2": minigrad.view_as_complex(minigrad.tensor([[1., -2.]], dtype=minigrad.float64))}
    t_obj = {"c": torch.polar(torch.ones(3), torch.arange(3.)),
             "c2": torch.view_as_complex(torch.tensor([[1., -2.]], dtype=torch.float64))}
    minigrad.save(m_obj, tmp_path / "m.pt")
    torch.save(t_obj, tmp_path / "t.pt")
    from_m, from_t = torch.load(tmp_path / "m.pt", weights_only=True), minigrad.load(tmp_path / "t.pt", weights_only=True)
    for k in t_obj:
        assert repr(from_t[k]) == repr(t_obj[k]) and repr(from_m[k]) == repr(t_obj[k])
