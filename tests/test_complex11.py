"""Round eleven's complex tensors (minigrad/_complex.py) against torch: complex matmul/einsum (the Fourier neural
operator's spectral convolution), division, torch.abs/real/imag, complex factories, complex nn.Parameters stepped by
optimizers, settable .real/.imag and indexed assignment -- values and every input's gradient (random upstream
gradient, torch's conjugate convention: the gradient of view_as_real's parts)."""
import copy

import numpy as np
import pytest
import torch

import minigrad

RNG = np.random.default_rng(1111)


def _run(fn, arrays, complex_in, dtype=np.float64):
    got = []
    for lib in (torch, minigrad):
        xs = [lib.tensor(a.astype(dtype), requires_grad=True) for a in arrays]
        out = fn(lib, *[lib.view_as_complex(x) if c else x for x, c in zip(xs, complex_in)])
        real = lib.view_as_real(out) if out.is_complex() else out
        up = np.random.default_rng(7).standard_normal(tuple(real.shape)).astype(dtype)
        real.backward(lib.tensor(up))
        got.append((real.detach().numpy(), [x.grad.numpy() for x in xs], out.is_complex(), str(out.dtype)))
    return got


def _close(got, tol):
    (t_out, t_grads, t_c, t_dt), (m_out, m_grads, m_c, m_dt) = got
    assert (m_c, m_dt, m_out.shape) == (t_c, t_dt, t_out.shape)
    np.testing.assert_allclose(m_out, t_out, rtol=tol, atol=tol)
    for m, t in zip(m_grads, t_grads):
        np.testing.assert_allclose(m, t, rtol=tol, atol=tol)


CC, CR, RC, C = [1, 1], [1, 0], [0, 1], [1]
CASES = {
    "matmul_cc": (lambda l, a, b: a @ b, [(2, 3, 4, 2), (4, 5, 2)], CC),
    "matmul_fn_broadcast": (lambda l, a, b: l.matmul(a, b), [(3, 4, 2), (2, 1, 4, 5, 2)], CC),
    "matmul_vec": (lambda l, a, b: l.matmul(a, b), [(3, 4, 2), (4, 2)], CC),
    "matmul_complex_real_cast": (lambda l, a, b: a @ b.to(l.cdouble), [(3, 4, 2), (4, 5)], CR),
    "einsum_fno": (lambda l, a, b: l.einsum("bixy,ioxy->boxy", a, b), [(2, 3, 4, 5, 2), (3, 6, 4, 5, 2)], CC),
    "einsum_real_weight_cast": (lambda l, a, b: l.einsum("bi,io->bo", a, b.to(a.dtype)), [(2, 3, 2), (3, 4)], CR),
    "einsum_one_operand": (lambda l, a: l.einsum("ij->j", a), [(3, 4, 2)], C),
    "div_cc": (lambda l, a, b: a / b, [(3, 4, 2), (4, 2)], CC),
    "div_number_by": (lambda l, a: (2 - 1j) / a, [(3, 4, 2)], C),
    "div_by_number": (lambda l, a: a / (0.5 + 2j), [(3, 4, 2)], C),
    "div_real_by_complex": (lambda l, x, a: x / a, [(3, 4), (3, 4, 2)], RC),
    "abs_fn_squared": (lambda l, a: l.abs(a) ** 2 + a.abs().pow(2), [(3, 4, 2)], C),
    "real_imag_fns": (lambda l, a: l.real(a) * 2 + l.imag(a) ** 2, [(3, 4, 2)], C),
    "mean": (lambda l, a: a.mean(), [(3, 4, 2)], C),
    "mean_dim": (lambda l, a: a.mean(dim=0, keepdim=True), [(3, 4, 2)], C),
    "square": (lambda l, a: a ** 2, [(3, 4, 2)], C),
    "roll": (lambda l, a: a.roll(1, 0) * 2, [(3, 4, 2)], C),
    "conj_fn": (lambda l, a: l.conj(a) * 2, [(3, 4, 2)], C),
    "abs_at_zero": (lambda l, a: (a * l.tensor([0., 1., 0., 2.], dtype=a.real.dtype)).abs(), [(3, 4, 2)], C),
    "norm_method": (lambda l, a: a.norm() + a.norm(dim=1).sum(), [(3, 4, 2)], C),
    "complex_numbers_with_real": (lambda l, x: l.exp(1j * x) + x * (2 - 1j) - (x - 1j) + (1j - x) + x / 2j + 1j / (x + 3),
                                  [(3, 4)], [0]),
    "exp_fn": (lambda l, a: l.exp(a * 0.5), [(3, 4, 2)], C),
    "angle_fn": (lambda l, a, x: l.angle(a) + l.angle(x) * 0, [(3, 4, 2), (3, 4)], CR),
    "cat_stack": (lambda l, a, b: l.cat([a, b], 0) + l.stack([a, b], -1).flatten(-2)[:, ::2].repeat(2, 1)[:6],
                  [(3, 4, 2), (3, 4, 2)], CC),
    "sum_mean_fns": (lambda l, a: l.sum(a, 0) + l.mean(a, dim=0) + l.sum(a) + l.mean(a), [(3, 4, 2)], C),
    "shape_methods": (lambda l, a: a.flip(0).T.square() + a.mT.pow(2) + a.T.reciprocal() + a.conj_physical().T
                      + l.cat(a.chunk(2, 1), 0).reshape(4, 3), [(3, 4, 2)], C),
}


@pytest.mark.parametrize("name", list(CASES))
def test_complex_op_values_and_gradients_match_torch(name):
    fn, shapes, complex_in = CASES[name]
    _close(_run(fn, [RNG.standard_normal(s) for s in shapes], complex_in), 1e-10)


def _spectral_conv(lib, x, w1, w2, modes=3):
    """The Fourier neural operator's SpectralConv2d.forward (rfft2, two einsums into a zero spectrum, irfft2)."""
    x_ft = lib.fft.rfft2(x)
    out_ft = lib.zeros(x.shape[0], w1.shape[1], x.size(-2), x.size(-1) // 2 + 1, dtype=lib.cfloat)
    out_ft[:, :, :modes, :modes] = lib.einsum("bixy,ioxy->boxy", x_ft[:, :, :modes, :modes], w1)
    out_ft[:, :, -modes:, :modes] = lib.einsum("bixy,ioxy->boxy", x_ft[:, :, -modes:, :modes], w2)
    return lib.fft.irfft2(out_ft, s=(x.size(-2), x.size(-1)))


def test_fno_spectral_conv_values_and_gradients_match_torch():
    arrays = [RNG.standard_normal((2, 3, 8, 10)), RNG.standard_normal((3, 4, 3, 3, 2)) * 0.1,
              RNG.standard_normal((3, 4, 3, 3, 2)) * 0.1]
    _close(_run(_spectral_conv, arrays, [0, 1, 1], dtype=np.float32), 3e-5)


@pytest.mark.parametrize("make", ["zeros", "ones", "empty", "rand", "randn"])
@pytest.mark.parametrize("dtype", ["cfloat", "cdouble"])
def test_complex_factories_match_torchs_draws(make, dtype):
    out = []
    for lib in (torch, minigrad):
        lib.manual_seed(3)
        z = getattr(lib, make)(2, 3, dtype=getattr(lib, dtype), requires_grad=True)
        out.append((str(z.dtype), tuple(z.shape), z.requires_grad, z.is_leaf, lib.view_as_real(z).detach().numpy()))
    assert list(out[1][:4]) == list(out[0][:4])
    if make != "empty":                                  # (torch's empty: whatever the memory held)
        np.testing.assert_allclose(out[1][4], out[0][4], rtol=1e-6, atol=1e-7)


def test_real_and_imag_are_settable_and_indexed_assignment_is_differentiable():
    got = []
    for lib in (torch, minigrad):
        z = lib.view_as_complex(lib.tensor([[1., 2.], [3., 4.], [5., 6.]]))
        z.real = lib.tensor([9., 8., 7.])
        z.imag[1] = -1.0
        parts = lib.tensor([[0.5, -0.5], [2., 1.]], requires_grad=True)
        out = lib.zeros(4, dtype=lib.cfloat)
        out[1:3] = lib.view_as_complex(parts) * 2
        out[0] = 1 - 1j
        lib.view_as_real(out).pow(3).sum().backward()
        got.append([lib.view_as_real(z).numpy(), lib.view_as_real(out).detach().numpy(), parts.grad.numpy()])
    for m, t in zip(got[1], got[0]):
        np.testing.assert_allclose(m, t)


@pytest.mark.parametrize("opt, kwargs", [
    ("SGD", dict(lr=0.1, momentum=0.9, weight_decay=0.01)),
    ("Adam", dict(lr=0.05, weight_decay=1e-3)),
    ("Adam", dict(lr=0.05, amsgrad=True)),
    ("AdamW", dict(lr=0.05)),
    ("RMSprop", dict(lr=0.01)),
])
def test_complex_parameters_train_as_torchs(opt, kwargs):
    """A complex nn.Parameter in a module, stepped by torch's optimizers (which step it as its view_as_real pair)."""
    start = RNG.standard_normal((3, 4, 2)).astype(np.float32)
    x = RNG.standard_normal((5, 3, 2)).astype(np.float32)
    target = RNG.standard_normal((5, 4)).astype(np.float32)
    got = []
    for lib in (torch, minigrad):
        m = lib.nn.Module()
        m.w = lib.nn.Parameter(lib.view_as_complex(lib.tensor(start)))
        m.lin = lib.nn.Linear(4, 4)
        with lib.no_grad():
            m.lin.weight.copy_(lib.tensor(np.eye(4, dtype=np.float32)))
            m.lin.bias.zero_()
        o = getattr(lib.optim, opt)(m.parameters(), **kwargs)
        for _ in range(4):
            o.zero_grad()
            y = m.lin((lib.view_as_complex(lib.tensor(x)) @ m.w).abs())
            loss = ((y - lib.tensor(target)) ** 2).mean()
            loss.backward()
            o.step()
        assert isinstance(m.w, lib.nn.Parameter) and m.w.is_complex() and [n for n, _ in m.named_parameters()] == \
            ["w", "lin.weight", "lin.bias"]
        got.append((loss.item(), lib.view_as_real(m.w).detach().numpy(), m.lin.weight.detach().numpy()))
    assert abs(got[1][0] - got[0][0]) < 1e-5
    np.testing.assert_allclose(got[1][1], got[0][1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1][2], got[0][2], rtol=1e-5, atol=1e-6)


def test_a_complex_parameter_saves_loads_copies_and_prints_as_torchs():
    results = []
    for lib in (torch, minigrad):
        m = lib.nn.Module()
        m.w = lib.nn.Parameter(lib.view_as_complex(lib.tensor([[1., 2.], [3., 4.]])))
        before = repr(m.w)
        m.load_state_dict({"w": lib.view_as_complex(lib.tensor([[5., 6.], [7., -8.]]))})
        sd = m.state_dict()
        (m.w * m.w).abs().sum().backward()
        grad = repr(m.w.grad)
        m.zero_grad()
        twin = copy.deepcopy(m)
        results.append((before, repr(m.w), list(sd), repr(sd["w"]), grad, m.w.grad, repr(twin.w),
                        isinstance(twin.w, lib.nn.Parameter), twin.w.requires_grad))
    assert results[1] == results[0]


@pytest.mark.parametrize("call, cls, message", [
    (lambda l, z: z ** 3, NotImplementedError, "z\\*\\*2 only"),
    (lambda l, z: l.einsum("i,i,i->", z, z, z), NotImplementedError, "one or two operands"),
    (lambda l, z: z.log(), NotImplementedError, "view_as_real"),
])
def test_what_minigrad_lacks_raises_naming_the_way_round(call, cls, message):
    with pytest.raises(cls, match=message):
        call(minigrad, minigrad.view_as_complex(minigrad.ones(3, 2)))


@pytest.mark.parametrize("call, message", [
    (lambda l, z, x: z @ x, r"expected m1 and m2 to have the same dtype, but got: c10::complex<float> != float"),
    (lambda l, z, x: l.matmul(x, z), r"expected m1 and m2 to have the same dtype, but got: float != c10::complex<float>"),
    (lambda l, z, x: l.einsum("ij,jk->ik", z, x), "expected scalar type ComplexFloat but found Float"),
])
def test_mixing_complex_and_real_in_a_product_raises_torchs_error(call, message):
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError, match=message):
            call(lib, lib.view_as_complex(lib.ones(3, 3, 2)), lib.ones(3, 3))


def test_complex_data_makes_complex_tensors_as_torch():
    made = []
    for lib in (torch, minigrad):
        made.append([repr(t) for t in (
            lib.tensor([1 + 2j, 3j]), lib.tensor(np.array([1 + 2j])), lib.tensor(np.array([1 - 1j], dtype=np.complex64)),
            lib.tensor([1, 2j], dtype=lib.cdouble), lib.tensor([1., 2.], dtype=lib.cfloat), lib.tensor(1 + 2j),
            lib.tensor([[1 + 1j]], requires_grad=True), lib.ones(2).to(lib.cdouble), lib.randn_like(lib.ones(2, dtype=lib.cfloat)).dtype,
            lib.rand_like(lib.ones(2, dtype=lib.cdouble)).dtype)])
    assert made[1] == made[0]
    a = np.array([1 + 2j, 3 + 4j])
    t = minigrad.from_numpy(a)
    a[0] = 9                                    # from_numpy shares the array's memory, as torch's
    assert repr(t) == repr(torch.from_numpy(a)) and t.dtype == minigrad.complex128


def test_a_module_with_complex_parameters_moves_clips_and_steps_as_torchs():
    got = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        m = lib.nn.Module()
        m.w = lib.nn.Parameter(lib.view_as_complex(lib.tensor([[3., 4.], [0., 0.5]])))
        m.to("cpu")
        m.float()
        (m.w * m.w * 10).abs().sum().backward()
        total = lib.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        lib.optim.SGD(m.parameters(), lr=0.1).step()
        got.append((str(m.w.dtype), round(total.item(), 4), lib.view_as_real(m.w.grad).numpy(),
                    lib.view_as_real(m.w).detach().numpy()))
    assert got[1][:2] == got[0][:2]
    np.testing.assert_allclose(got[1][2], got[0][2], rtol=1e-5)
    np.testing.assert_allclose(got[1][3], got[0][3], rtol=1e-5)
