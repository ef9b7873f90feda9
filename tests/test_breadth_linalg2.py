"""svd, svdvals, eigh, eigvalsh, qr, lstsq, solve_triangular, cholesky_solve, matrix_exp, linalg.cross,
cond, matrix_rank, cholesky_ex, torch.svd, the singular-value matrix norms and LinAlgError: forward values
and every input's gradient against torch (random upstream gradient), batched and not, float32 and float64;
second derivatives; the bad calls.

Singular and eigen vectors are unique only up to sign, so the checks use what does not depend on the sign:
U diag(S) Vh, |U|, U Uᵀ, the values themselves (Q and R of QR are compared as they are: both libraries use
LAPACK's Householder convention)."""
import math

import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, check, rand

F32 = dict(rtol=2e-3, atol=2e-4)            # float32 decompositions: gradients divide by singular-value gaps


def lin(L):
    return L.linalg


def _sym(a):
    return a + a.mT


def svd_gauge(L, a):
    """Quantities of the SVD that do not depend on the singular vectors' signs."""
    U, S, Vh = lin(L).svd(a, full_matrices=False)
    return (U * S.unsqueeze(-2)) @ Vh, S, U.abs(), Vh.abs(), U @ U.mT, Vh.mT @ Vh


def eigh_gauge(L, a):
    w, V = lin(L).eigh(_sym(a))
    return w, V.abs(), (V * w.unsqueeze(-2)) @ V.mT, V[..., :2] @ V[..., :2].mT


def _cond_by_inverse(L, a, p):
    """minigrad's cond(a, p); on torch the same ‖A‖·‖A⁻¹‖ spelled out, because torch 2.13's own cond for these
    p fails in backward (an in-place write into a saved inverse) -- the forward values are compared as well."""
    if L is minigrad:
        return lin(L).cond(a, p)
    spelled = lin(L).matrix_norm(a, p) * lin(L).matrix_norm(lin(L).inv(a), p)
    np.testing.assert_allclose(lin(L).cond(a.detach(), p).numpy(), spelled.detach().numpy(), rtol=1e-5)
    return spelled


CASES = {
    "svd": (svd_gauge, [(5, 3)]),
    "svd_wide": (svd_gauge, [(3, 5)]),
    "svd_square": (svd_gauge, [(4, 4)]),
    "svd_full_matrices": (lambda L, a: (lambda r: (r.U[..., :3].abs(), r.S, r.Vh.abs()))(lin(L).svd(a)), [(5, 3)]),
    "svdvals": (lambda L, a: lin(L).svdvals(a), [(4, 6)]),
    "svd_legacy": (lambda L, a: (lambda r: ((r.U * r.S.unsqueeze(-2)) @ r.V.mT, r.V.abs(), r.S))(L.svd(a)),
                   [(5, 3)]),
    "svd_legacy_method": (lambda L, a: (lambda r: (r[0].abs(), r[1], r[2].abs()))(a.svd()), [(3, 4)]),
    "eigh": (eigh_gauge, [(4, 4)]),
    "eigh_upper": (lambda L, a: (lambda r: (r[0], r[1].abs()))(lin(L).eigh(a, UPLO="U")), [(4, 4)]),
    "eigvalsh": (lambda L, a: lin(L).eigvalsh(a), [(5, 5)]),
    "qr": (lambda L, a: lin(L).qr(a), [(5, 3)]),
    "qr_square": (lambda L, a: lin(L).qr(a), [(4, 4)]),
    "qr_wide": (lambda L, a: lin(L).qr(a), [(3, 5)]),
    "qr_complete_wide": (lambda L, a: lin(L).qr(a, mode="complete"), [(3, 5)]),
    "lstsq_tall": (lambda L, a, b: lin(L).lstsq(a, b).solution, [(6, 3), (6, 2)]),
    "lstsq_wide": (lambda L, a, b: lin(L).lstsq(a, b).solution, [(3, 5), (3, 2)]),
    "lstsq_vector": (lambda L, a, b: lin(L).lstsq(a, b).solution, [(6, 3), (6,)]),
    "lstsq_gelsd": (lambda L, a, b: lin(L).lstsq(a, b, driver="gelsd"), [(6, 3), (6, 2)]),
    "matrix_exp": (lambda L, a: lin(L).matrix_exp(a), [(4, 4)]),
    "matrix_exp_large_norm": (lambda L, a: lin(L).matrix_exp(3 * a) * 1e-4, [(3, 3)]),
    "matrix_exp_method": (lambda L, a: a.matrix_exp(), [(3, 3)]),
    "cross": (lambda L, a, b: lin(L).cross(a, b), [(4, 3), (4, 3)]),
    "matrix_norm_nuc": (lambda L, a: lin(L).matrix_norm(a, "nuc"), [(5, 3)]),
    "matrix_norm_2": (lambda L, a: lin(L).matrix_norm(a, 2), [(3, 4)]),
    "matrix_norm_-2": (lambda L, a: lin(L).matrix_norm(a, -2), [(4, 4)]),
    "matrix_norm_1": (lambda L, a: lin(L).matrix_norm(a, 1), [(4, 3)]),
    "matrix_norm_-inf": (lambda L, a: lin(L).matrix_norm(a, -math.inf), [(4, 3)]),
    "matrix_norm_dims_keepdim": (lambda L, a: lin(L).matrix_norm(a.unsqueeze(-1), 2, dim=(0 - a.ndim - 1, -1),
                                                                 keepdim=True), [(4, 3)]),
    "norm_nuc": (lambda L, a: lin(L).norm(a, "nuc", dim=(-2, -1)) if a.ndim > 2 else lin(L).norm(a, "nuc"), [(4, 3)]),
    "norm_2_matrix": (lambda L, a: lin(L).norm(a, 2, dim=(-1, -2)) if a.ndim > 2 else lin(L).norm(a, 2), [(3, 4)]),
    "cond": (lambda L, a: lin(L).cond(a), [(4, 4)]),
    "cond_-2": (lambda L, a: lin(L).cond(a, -2), [(5, 3)]),
    "cond_fro": (lambda L, a: _cond_by_inverse(L, a, "fro"), [(4, 4)]),
    "cond_inf": (lambda L, a: _cond_by_inverse(L, a, math.inf), [(4, 4)]),
}

TRIANGULAR = {   # (upper, left, unitriangular)
    f"{'upper' if u else 'lower'}_{'left' if lf else 'right'}{'_unit' if un else ''}": (u, lf, un)
    for u in (True, False) for lf in (True, False) for un in (False, True)}


def _arrays(shapes, batch, dtype, seed):
    return [rand(*(shape if batch is None else batch + shape), dtype=dtype, seed=seed + i)
            for i, shape in enumerate(shapes)]


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
@pytest.mark.parametrize("batch", [None, (2,)], ids=["single", "batched"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_decompositions_match_torch(name, batch, dtype, device):
    fn, shapes = CASES[name]
    if name == "cross" and batch is not None:
        shapes = [(2, 4, 3), (2, 4, 3)]
        batch = None
    arrays = _arrays(shapes, batch, dtype, seed=10)
    tol = F32 if dtype == np.float32 else {}
    check(fn, *arrays, device=device, **tol)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
@pytest.mark.parametrize("name", sorted(TRIANGULAR))
def test_solve_triangular_matches_torch(name, dtype, device):
    upper, left, unit = TRIANGULAR[name]
    A = rand(2, 4, 4, dtype=dtype, seed=3) + 4 * np.eye(4, dtype=dtype)       # the other triangle is read by no one
    B = rand(3, 1, 4, 2, dtype=dtype, seed=4) if left else rand(2, 4, dtype=dtype, seed=4)   # broadcast batch dims
    check(lambda L, a, b: lin(L).solve_triangular(a, b, upper=upper, left=left, unitriangular=unit), A, B,
          device=device, **(F32 if dtype == np.float32 else {}))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
@pytest.mark.parametrize("upper", [False, True], ids=["lower", "upper"])
def test_cholesky_solve_matches_torch(upper, dtype, device):
    """The factor's gradient is torch's full matrix (not only its triangle); the unused triangle of the factor
    holds noise that both must ignore in the forward pass."""
    L = np.tril(rand(2, 4, 4, dtype=dtype, seed=5)) + 3 * np.eye(4, dtype=dtype)
    if upper:
        L = L.transpose(0, 2, 1)
    noise = rand(2, 4, 4, dtype=dtype, seed=6)
    B = rand(4, 3, dtype=dtype, seed=7)
    fn = lambda lib, b, f, n: lib.cholesky_solve(b, (f + (lib.tril(n, -1) if upper else lib.triu(n, 1))),  # noqa
                                                  upper=upper)
    check(fn, B, L, noise, device=device, grad=[True, True, False], **(F32 if dtype == np.float32 else {}))


@pytest.mark.parametrize("name", ["matrix_exp", "svd", "svd_wide", "svdvals", "eigh", "eigvalsh", "qr", "qr_wide",
                                  "lstsq_tall", "cond", "matrix_norm_nuc"])
def test_second_derivatives_match_torch(name):
    fn, shapes = CASES[name]
    arrays = _arrays(shapes, None, np.float64, seed=20)

    def second(L):
        ts = [L.tensor(a, requires_grad=True) for a in arrays]
        outs = fn(L, *ts)
        outs = outs if isinstance(outs, tuple) else (outs,)
        loss = sum((o * o).sum() for o in outs)
        gs = L.autograd.grad(loss, ts, create_graph=True)
        return [g.numpy() for g in L.autograd.grad(sum((g * g).sum() for g in gs), ts)]
    for m, t in zip(second(minigrad), second(torch)):
        np.testing.assert_allclose(m, t, rtol=1e-6, atol=1e-8)


def test_solve_triangular_second_derivative():
    A = rand(4, 4, seed=8) + 4 * np.eye(4)
    B = rand(4, 2, seed=9)

    def second(L):
        a, b = L.tensor(A, requires_grad=True), L.tensor(B, requires_grad=True)
        x = lin(L).solve_triangular(a, b, upper=False)
        ga, gb = L.autograd.grad((x ** 3).sum(), (a, b), create_graph=True)
        return [g.numpy() for g in L.autograd.grad((ga * gb.sum()).sum() + (gb ** 2).sum(), (a, b))]
    for m, t in zip(second(minigrad), second(torch)):
        np.testing.assert_allclose(m, t, rtol=1e-7, atol=1e-9)


def test_svd_only_values_used_with_repeated_singular_values():
    """A loss of S alone has a gradient even when singular values repeat (no 0/0 from the vector part)."""
    for L in (torch, minigrad):
        a = L.tensor(np.diag([2.0, 2.0, 1.0]), requires_grad=True)
        S = lin(L).svd(a).S
        (S * L.tensor([1.0, 2.0, 3.0], dtype=L.float64)).sum().backward()
        g = a.grad.numpy()
        assert np.isfinite(g).all(), L.__name__
        np.testing.assert_allclose(np.trace(g), 6.0)


def test_svd_legacy_compute_uv_false_and_full_shapes():
    a = rand(2, 5, 3, seed=11)
    for some in (True, False):
        r, t = minigrad.svd(minigrad.tensor(a), some=some), torch.svd(torch.tensor(a), some=some)
        assert [tuple(x.shape) for x in r] == [tuple(x.shape) for x in t]
        np.testing.assert_allclose(np.abs(r.V.numpy()), np.abs(t.V.numpy()), atol=1e-12)
    r, t = minigrad.svd(minigrad.tensor(a), compute_uv=False), torch.svd(torch.tensor(a), compute_uv=False)
    assert [tuple(x.shape) for x in r] == [tuple(x.shape) for x in t] == [(2, 5, 5), (2, 3), (2, 3, 3)]
    assert not r.U.numpy().any() and not r.V.numpy().any()
    np.testing.assert_allclose(r.S.numpy(), t.S.numpy())


def test_lstsq_outputs_follow_the_driver():
    a, b = rand(2, 6, 3, seed=12), rand(2, 6, 2, seed=13)
    for driver, vector in [(d, v) for d in (None, "gelsy", "gels", "gelsd", "gelss") for v in (False, True)]:
        bb = b[..., 0] if vector else b
        r = minigrad.linalg.lstsq(minigrad.tensor(a), minigrad.tensor(bb), driver=driver)
        t = torch.linalg.lstsq(torch.tensor(a), torch.tensor(bb), driver=driver)
        assert type(r).__name__ == type(t).__name__ == "linalg_lstsq"
        for name in ("solution", "residuals", "rank", "singular_values"):
            x, y = getattr(r, name), getattr(t, name)
            assert tuple(x.shape) == tuple(y.shape) and str(x.dtype)[-5:] == str(y.dtype)[-5:], (driver, name)
            np.testing.assert_allclose(x.numpy(), y.numpy(), rtol=1e-8, atol=1e-10, err_msg=f"{driver} {name}")
    r = minigrad.linalg.lstsq(minigrad.tensor(a[0]), minigrad.tensor(b[0]), rcond=1e-3, driver="gelsd")
    assert r.rank.item() == torch.linalg.lstsq(torch.tensor(a[0]), torch.tensor(b[0]), rcond=1e-3, driver="gelsd").rank


def test_lstsq_refuses_a_rank_deficient_matrix():
    """torch returns a basic (gelsy) or minimum-norm (gelsd) solution here; minigrad solves full-rank problems
    only and says so rather than returning what its QR path would give."""
    a = rand(6, 2, seed=16) @ rand(2, 3, seed=17)
    with pytest.raises(RuntimeError, match="rank 2 < 3"):
        minigrad.linalg.lstsq(minigrad.tensor(a), minigrad.tensor(rand(6, 1, seed=18)))


def test_matrix_rank_and_cholesky_ex_match_torch():
    rng = np.random.default_rng(14)
    low = rng.standard_normal((3, 6, 2)) @ rng.standard_normal((3, 2, 5))          # rank 2
    full = rng.standard_normal((6, 5))
    sym = low[0] @ low[0].T
    for a, kw in [(low, {}), (full, {}), (low, dict(atol=1.0)), (low, dict(atol=0.0)), (full, dict(rtol=0.5)),
                  (sym, dict(hermitian=True)),
                  (low.astype(np.float32), {}), (np.zeros((2, 3)), {})]:
        r = minigrad.linalg.matrix_rank(minigrad.tensor(a), **kw)
        t = torch.linalg.matrix_rank(torch.tensor(a), **kw)
        assert r.dtype == minigrad.int64 and r.numpy().tolist() == t.numpy().tolist(), kw
    spd = full.T @ full
    bad = spd.copy()
    bad[2, 2] = -50.0                                                 # the leading minor of order 3 fails
    batch = np.stack([spd, bad, -np.eye(5)])
    for upper in (False, True):
        (L, info), (tL, tinfo) = (minigrad.linalg.cholesky_ex(minigrad.tensor(batch), upper=upper),
                                  torch.linalg.cholesky_ex(torch.tensor(batch), upper=upper))
        assert info.dtype == minigrad.int32 and info.numpy().tolist() == tinfo.numpy().tolist() == [0, 3, 1]
        np.testing.assert_allclose(L.numpy()[0], tL.numpy()[0], rtol=1e-10)
    ok = minigrad.linalg.cholesky_ex(minigrad.tensor(spd))
    assert ok.info.item() == 0 and ok.info.shape == ()


def test_linalg_error_is_a_runtime_error_raised_as_torch():
    assert issubclass(minigrad.linalg.LinAlgError, RuntimeError)
    singular = [[1.0, 2.0], [2.0, 4.0]]
    calls = [
        lambda L: L.linalg.inv(L.zeros(2, 2)),
        lambda L: L.inverse(L.zeros(3, 2, 2)),
        lambda L: L.linalg.solve(L.tensor(singular), L.ones(2)),
        lambda L: L.linalg.cholesky(-L.eye(2)),
        lambda L: L.linalg.cholesky(L.tensor(singular)),
        lambda L: L.linalg.cholesky_ex(-L.eye(2), check_errors=True),
    ]
    for call in calls:
        for L in (torch, minigrad):
            with pytest.raises(L.linalg.LinAlgError) as exc:
                call(L)
            assert isinstance(exc.value, RuntimeError)
        assert "linalg." in str(exc.value)
    # a singular matrix in cond gives inf (not an exception), as torch
    for p in ("fro", 1):
        for L in (torch, minigrad):
            assert math.isinf(L.linalg.cond(L.tensor(singular, dtype=L.float64), p).item())


BAD_CALLS = [  # (code run with lib = torch or minigrad, a word minigrad's message must have)
    ("lib.linalg.eigh(lib.ones(2, 3))", "square"),
    ("lib.linalg.eigvalsh(lib.ones(3, 2, 4))", "square"),
    ("lib.linalg.eigh(lib.eye(2), UPLO='X')", "UPLO"),
    ("lib.linalg.matrix_exp(lib.ones(2, 3))", "square"),
    ("lib.linalg.svd(lib.ones(3))", "2 dimensions"),
    ("lib.linalg.svd(lib.ones(2, 2, dtype=lib.int64))", "floating point"),
    ("lib.linalg.qr(lib.ones(2, 2, dtype=lib.int64))", "floating point"),
    ("lib.linalg.qr(lib.ones(3, 2), mode='x')", "mode"),
    ("lib.linalg.solve_triangular(lib.eye(2), lib.ones(2), upper=True)", "2 dimensions"),
    ("lib.linalg.solve_triangular(lib.eye(2), lib.ones(3, 1), upper=True)", "Incompatible"),
    ("lib.cholesky_solve(lib.ones(2, 1), lib.eye(2, dtype=lib.float64))", "dtype"),
    ("lib.linalg.lstsq(lib.ones(3, 2), lib.ones(4, 2))", "size(-2)"),
    ("lib.linalg.lstsq(lib.ones(3, 2), lib.ones(3, 2, dtype=lib.float64))", "dtype"),
    ("lib.linalg.matrix_norm(lib.ones(3), ord=2)", "2 dimensions"),
    ("lib.linalg.matrix_norm(lib.ones(3, 3), ord=3)", "Order 3"),
    ("lib.linalg.norm(lib.ones(2, 2, 2), ord=2)", "1D or 2D"),
    ("lib.linalg.cross(lib.ones(3, 2), lib.ones(3, 2))", "length 3"),
    ("lib.linalg.cross(lib.ones(4, 3), lib.ones(2, 4, 3))", "number of dimensions"),
]


@pytest.mark.parametrize("code,word", BAD_CALLS, ids=[c for c, _ in BAD_CALLS])
def test_bad_calls_raise_as_torch(code, word):
    """Both libraries refuse, with an exception of the same family (minigrad raises NotImplementedError, a
    RuntimeError subclass, for integer matrices, as torch >= 2.15 does) and minigrad's message names the problem."""
    env_t, env_m = {"lib": torch}, {"lib": minigrad}
    with pytest.raises((RuntimeError, TypeError)) as t:
        exec(code, env_t)
    with pytest.raises((RuntimeError, TypeError)) as m:
        exec(code, env_m)
    assert isinstance(m.value, RuntimeError) == isinstance(t.value, RuntimeError), (m.value, t.value)
    assert word.lower() in str(m.value).lower(), str(m.value)


def test_solve_triangular_needs_upper_and_a_zero_diagonal_is_refused():
    """``upper`` is keyword-only and required (a TypeError in both). With a zero on the diagonal torch returns
    inf/NaN; minigrad raises LinAlgError instead of returning them."""
    for L in (torch, minigrad):
        with pytest.raises(TypeError):
            lin(L).solve_triangular(L.eye(2), L.ones(2, 1))
    assert not np.isfinite(torch.linalg.solve_triangular(torch.zeros(2, 2), torch.ones(2, 1), upper=True)).all()
    with pytest.raises(minigrad.linalg.LinAlgError, match="diagonal"):
        minigrad.linalg.solve_triangular(minigrad.zeros(2, 2), minigrad.ones(2, 1), upper=True)


def test_solve_triangular_mixed_dtypes_compute_in_the_matrix_dtype():
    """torch casts B to A's dtype here (unlike linalg.solve, which refuses); minigrad does the same."""
    check(lambda L, a, b: lin(L).solve_triangular(a, b, upper=True), rand(3, 3, dtype=np.float32, seed=1) + 3 * np.eye(
        3, dtype=np.float32), rand(3, 2, seed=2), rtol=1e-5, atol=1e-6)


def test_legacy_qr_is_removed_as_in_newest_torch():
    """torch 2.14 removed torch.qr and Tensor.qr (2.13 still ran them, with a deprecation warning); minigrad
    follows the newest torch and points at linalg.qr."""
    a = minigrad.ones(3, 2)
    for call in (lambda: minigrad.qr(a), lambda: a.qr(some=False)):
        with pytest.raises(RuntimeError, match="linalg.qr"):
            call()
    if TORCH_VERSION >= (2, 14):
        with pytest.raises(RuntimeError, match="linalg.qr"):
            torch.qr(torch.ones(3, 2))


def test_qr_modes_r_and_complete_backward_refusal():
    a = rand(5, 3, seed=15)
    r, t = minigrad.linalg.qr(minigrad.tensor(a), mode="r"), torch.linalg.qr(torch.tensor(a), mode="r")
    assert tuple(r.Q.shape) == tuple(t.Q.shape) == (0,)
    np.testing.assert_allclose(r.R.numpy(), t.R.numpy(), rtol=1e-12)
    for L in (torch, minigrad):
        x = L.tensor(a, requires_grad=True)
        Q, R = lin(L).qr(x, mode="complete")
        assert tuple(Q.shape) == (5, 5)
        with pytest.raises(RuntimeError, match="complete"):
            (Q.sum() + R.sum()).backward()
