"""minigrad.fft (minigrad/fft.py) against torch.fft: values and the gradient of every input under a random upstream
gradient (torch's conjugate convention: the gradient that reaches view_as_real's parts), over n/s padding and
trimming, odd and even lengths, every norm, chosen dims; second derivatives; frequencies and shifts; torch's
errors."""
import numpy as np
import pytest
import torch

import minigrad

RNG = np.random.default_rng(2026)


def _run(fn, arrays, complex_in, device="cpu", dtype=np.float64):
    """fn(lib, *inputs) under torch (CPU) and minigrad (``device``) from the same arrays; an input marked complex
    is view_as_complex of its array (last dim 2). Returns [(output as real parts, [input grads])] per library."""
    got = []
    for lib, dev in ((torch, "cpu"), (minigrad, device)):
        xs = [lib.tensor(a.astype(dtype), device=dev).requires_grad_() for a in arrays]
        out = fn(lib, *[lib.view_as_complex(x) if c else x for x, c in zip(xs, complex_in)])
        if out.is_complex():
            out = lib.view_as_real(out.resolve_conj()) if lib is torch else lib.view_as_real(out)
        up = np.random.default_rng(5).standard_normal(tuple(out.shape)).astype(dtype)
        out.backward(lib.tensor(up, device=dev))
        got.append((out.detach().cpu().numpy(), [x.grad.cpu().numpy() for x in xs]))
    return got


def _close(got, tol):
    (t_out, t_grads), (m_out, m_grads) = got
    assert m_out.shape == t_out.shape and m_out.dtype == t_out.dtype
    np.testing.assert_allclose(m_out, t_out, rtol=tol, atol=tol)
    for m, t in zip(m_grads, t_grads):
        np.testing.assert_allclose(m, t, rtol=tol, atol=tol)


C, R = [1], [0]          # one complex input / one real input
CASES = {
    "fft": (lambda l, z: l.fft.fft(z), [(4, 6, 2)], C),
    "fft_n_pad_dim0_ortho": (lambda l, z: l.fft.fft(z, n=9, dim=0, norm="ortho"), [(4, 6, 2)], C),
    "fft_n_trim_forward": (lambda l, z: l.fft.fft(z, n=3, norm="forward"), [(4, 6, 2)], C),
    "ifft_n_pad": (lambda l, z: l.fft.ifft(z, n=8), [(4, 6, 2)], C),
    "ifft_backward_norm": (lambda l, z: l.fft.ifft(z, norm="backward", dim=-2), [(4, 5, 2)], C),
    "fft_of_real": (lambda l, x: l.fft.fft(x), [(4, 6)], R),
    "ifft_of_real_trim": (lambda l, x: l.fft.ifft(x, n=4, norm="ortho"), [(4, 6)], R),
    "fft2_s": (lambda l, z: l.fft.fft2(z, s=(3, 8)), [(2, 4, 6, 2)], C),
    "ifft2_forward": (lambda l, z: l.fft.ifft2(z, norm="forward"), [(2, 4, 6, 2)], C),
    "fftn_all_dims": (lambda l, z: l.fft.fftn(z), [(3, 4, 5, 2)], C),
    "ifftn_ortho_dims": (lambda l, z: l.fft.ifftn(z, dim=(0, 2), norm="ortho"), [(2, 4, 6, 2)], C),
    "fftn_s_only": (lambda l, z: l.fft.fftn(z, s=(7, 2)), [(2, 4, 6, 2)], C),
    "fftn_s_minus_one": (lambda l, z: l.fft.fftn(z, s=(-1, 4), dim=(0, 1)), [(3, 5, 2)], C),
    "rfft_even": (lambda l, x: l.fft.rfft(x), [(3, 8)], R),
    "rfft_odd_trim_ortho": (lambda l, x: l.fft.rfft(x, n=7, norm="ortho"), [(3, 8)], R),
    "rfft_pad_dim0_forward": (lambda l, x: l.fft.rfft(x, n=11, dim=0, norm="forward"), [(3, 8)], R),
    "irfft_even": (lambda l, z: l.fft.irfft(z), [(3, 5, 2)], C),
    "irfft_odd_n": (lambda l, z: l.fft.irfft(z, n=9), [(3, 5, 2)], C),
    "irfft_trim_ortho": (lambda l, z: l.fft.irfft(z, n=4, norm="ortho"), [(3, 5, 2)], C),
    "irfft_pad_forward": (lambda l, z: l.fft.irfft(z, n=14, norm="forward"), [(3, 5, 2)], C),
    "irfft_dim0": (lambda l, z: l.fft.irfft(z, dim=0), [(4, 3, 2)], C),
    "irfft_of_real": (lambda l, x: l.fft.irfft(x, n=6), [(3, 4)], R),
    "rfft2": (lambda l, x: l.fft.rfft2(x), [(2, 6, 8)], R),
    "rfft2_s_ortho": (lambda l, x: l.fft.rfft2(x, s=(5, 7), norm="ortho"), [(2, 6, 8)], R),
    "irfft2": (lambda l, z: l.fft.irfft2(z), [(2, 6, 5, 2)], C),
    "irfft2_s_odd": (lambda l, z: l.fft.irfft2(z, s=(7, 9)), [(2, 6, 5, 2)], C),
    "rfftn": (lambda l, x: l.fft.rfftn(x), [(3, 4, 6)], R),
    "rfftn_dims": (lambda l, x: l.fft.rfftn(x, s=(5, 3), dim=(2, 0), norm="forward"), [(3, 4, 6)], R),
    "irfftn_dims_odd": (lambda l, z: l.fft.irfftn(z, s=(4, 5), dim=(0, 2), norm="forward"), [(3, 6, 5, 2)], C),
    "hfft": (lambda l, z: l.fft.hfft(z, n=8), [(3, 5, 2)], C),
    "hfft_ortho_default_n": (lambda l, z: l.fft.hfft(z, norm="ortho"), [(3, 5, 2)], C),
    "ihfft": (lambda l, x: l.fft.ihfft(x), [(3, 8)], R),
    "ihfft_n_forward": (lambda l, x: l.fft.ihfft(x, n=5, norm="forward"), [(3, 8)], R),
    "rfft2_then_irfft2": (lambda l, x: l.fft.irfft2(l.fft.rfft2(x) * 2, s=x.shape[-2:]), [(2, 6, 7)], R),
    "fftshift_of_fft2": (lambda l, z: l.fft.fftshift(l.fft.fft2(z), dim=(-2, -1)), [(2, 5, 6, 2)], C),
    "ifftshift_all_dims": (lambda l, x: l.fft.ifftshift(x), [(5, 6)], R),
    "fftshift_one_dim": (lambda l, z: l.fft.fftshift(z, dim=0), [(5, 6, 2)], C),
    "spectral_loss": (lambda l, x, y: (l.fft.rfft(x) - l.fft.rfft(y)).abs().pow(2).mean().reshape(1),
                      [(4, 16), (4, 16)], [0, 0]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_fft_values_and_gradients_match_torch(name, device):
    fn, shapes, complex_in = CASES[name]
    arrays = [RNG.standard_normal(s) for s in shapes]
    _close(_run(fn, arrays, complex_in, device), 1e-10)


@pytest.mark.parametrize("name", ["fft2_s", "rfft2", "irfft2_s_odd", "hfft", "ihfft", "fftshift_of_fft2"])
def test_fft_in_float32_keeps_float32_and_matches_torch(name):
    fn, shapes, complex_in = CASES[name]
    arrays = [RNG.standard_normal(s) for s in shapes]
    got = _run(fn, arrays, complex_in, dtype=np.float32)
    assert got[1][0].dtype == np.float32
    _close(got, 2e-5)


@pytest.mark.parametrize("name, fn", [
    ("fft_abs", lambda l, x: l.fft.fft(x, n=7).abs().pow(2).sum()),
    ("rfft_irfft", lambda l, x: (l.fft.irfft(l.fft.rfft(x, norm="ortho") * l.fft.rfft(x, norm="ortho"), n=6) ** 2).sum()),
    ("rfft2_real", lambda l, x: (l.fft.rfft2(x, s=(3, 5)).real ** 3).sum()),
])
def test_second_derivatives_through_the_transforms_match_torch(name, fn):
    a = RNG.standard_normal((3, 6))
    v = RNG.standard_normal((3, 6))
    got = []
    for lib in (torch, minigrad):
        x = lib.tensor(a, requires_grad=True)
        (g,) = lib.autograd.grad(fn(lib, x), x, create_graph=True)
        (g * lib.tensor(v)).sum().backward()
        got.append((g.detach().numpy(), x.grad.numpy()))
    for m, t in zip(got[1], got[0]):
        np.testing.assert_allclose(m, t, rtol=1e-10, atol=1e-10)


def test_grad_fn_names_are_torchs():
    for lib in (torch, minigrad):
        x = lib.ones(4, 4, requires_grad=True)
        z = lib.view_as_complex(lib.ones(4, 2, requires_grad=True))
        names = [type(t.grad_fn).__name__ if lib is torch else t.grad_fn.name()
                 for t in (lib.fft.rfft2(x), lib.fft.irfft(z), lib.fft.ifft(z))]
        if lib is torch:
            expected = names
        else:
            assert names == expected == ["FftR2CBackward0", "FftC2RBackward0", "FftC2CBackward0"]


@pytest.mark.parametrize("n, d", [(0, 1.0), (1, 1.0), (2, 1.0), (5, 0.1), (8, 2.0), (13, 1 / 3)])
def test_fftfreq_and_rfftfreq_equal_torchs(n, d):
    for name in ("fftfreq", "rfftfreq"):
        t, m = getattr(torch.fft, name)(n, d), getattr(minigrad.fft, name)(n, d)
        assert str(m.dtype) == str(t.dtype) == "torch.float32"
        np.testing.assert_array_equal(m.numpy(), t.numpy())
    t = torch.fft.fftfreq(n, d, dtype=torch.float64)
    np.testing.assert_array_equal(minigrad.fft.fftfreq(n, d, dtype=minigrad.float64).numpy(), t.numpy())


def test_spectral_values_of_a_pure_tone():
    t = minigrad.arange(64, dtype=minigrad.float64)
    spectrum = minigrad.fft.rfft(minigrad.cos(2 * np.pi * 5 * t / 64)).abs()
    assert int(spectrum.argmax()) == 5 and abs(float(spectrum[5]) - 32) < 1e-9
    assert float(spectrum.sum()) - 32 < 1e-9


@pytest.mark.parametrize("call, cls, message", [
    (lambda l: l.fft.fft(l.randn(4), norm="foo"), RuntimeError, 'Invalid normalization mode: "foo"'),
    (lambda l: l.fft.rfft(l.randn(4, dtype=l.cfloat)), TypeError, "rfft expects a real input tensor, but got ComplexFloat"),
    (lambda l: l.fft.rfft2(l.randn(4, 4, dtype=l.cdouble)), TypeError,
     "rfftn expects a real-valued input tensor, but got ComplexDouble"),
    (lambda l: l.fft.ihfft(l.randn(4, dtype=l.cfloat)), TypeError, "ihfft expects a real input tensor, but got ComplexFloat"),
    (lambda l: l.fft.fftn(l.randn(4, 4), dim=(0, 0)), RuntimeError, "FFT dims must be unique"),
    (lambda l: l.fft.fft(l.tensor(1.)), IndexError, "Dimension specified as -1 but tensor has no dimensions"),
    (lambda l: l.fft.fft(l.randn(4), n=0), RuntimeError, r"Invalid number of data points \(0\) specified"),
    (lambda l: l.fft.irfft(l.randn(1, dtype=l.cfloat)), RuntimeError, r"Invalid number of data points \(0\) specified"),
    (lambda l: l.fft.fft(l.randn(4), dim=3), IndexError, r"Dimension out of range \(expected to be in range of \[-1, 0\], but got 3\)"),
    (lambda l: l.fft.fftn(l.randn(4, 4), s=(2, 2), dim=(0,)), RuntimeError, "When given, dim and shape arguments must have the same length"),
])
def test_bad_calls_raise_torchs_errors(call, cls, message):
    """minigrad raises torch 2.15's class (2.13 raised RuntimeError where 2.15 raises TypeError)."""
    with pytest.raises((cls, RuntimeError), match=message):
        call(torch)
    with pytest.raises(cls, match=message):
        call(minigrad)


def test_fft_of_an_integer_tensor_is_complex64_as_torchs():
    for lib in (torch, minigrad):
        assert str(lib.fft.fft(lib.arange(4)).dtype) == "torch.complex64"
        assert str(lib.fft.rfft(lib.arange(4)).dtype) == "torch.complex64"
    np.testing.assert_allclose(minigrad.view_as_real(minigrad.fft.fft(minigrad.arange(4))).numpy(),
                               torch.view_as_real(torch.fft.fft(torch.arange(4))).numpy())
