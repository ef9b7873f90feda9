"""Round 12 op suite: a grid sweep of every name torch and minigrad share (torch functions, Tensor methods,
torch.nn.functional) over input kinds a small framework's op tests use -- 0-d, empty (0, 3) / (3, 0), size-1
dims, transposed / stepped / expanded views, int64/int32/uint8/bool/float16/float32/float64, negative dims,
keepdim, ±inf, NaN, -0.0, ties -- compared with torch on values, dtype, shape and every input's gradient
(``helpers.check``), or on the exception class. Section by section, each case names what it once got wrong."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, check, check_raises_as_torch, raises_like_torch

rng = np.random.default_rng(12)
EDGE = np.array([np.inf, -np.inf, np.nan, -0.0, 0.0, 1.0, -1.0, 1e300, 1e-310, -2.5, 0.5, 3.0]).reshape(3, 4)
ZEROS = np.array([0., -0., 0., 1., 0., 2., -0., 0., 0., 0., 3., 0.]).reshape(3, 4)


# --- 1. gradients keep the input's dtype: float16 through amax/amin/max/min/aminmax/logcumsumexp, float64 through
# var/std of an empty tensor (the tie-sharing mask and an infinity made with Python floats were float32, so a float16
# input got a float32 gradient, and var(float64 (0, 3)) a float32 one)
@pytest.mark.parametrize("call", ["L.amax(t)", "L.amin(t, 0)", "L.max(t)", "L.min(t)", "t.max(1).values",
                                  "L.aminmax(t).max", "L.aminmax(t, dim=0).min", "L.logcumsumexp(t, 0)",
                                  "L.logcumsumexp(t, -1)"])
def test_half_gradients_stay_half_as_torch(call):
    x = np.array([[1., 2., 2., 0.5], [3., -1., 3., 3.], [-np.inf, 0., 1., 1.]], np.float16)
    check(lambda L, t: eval(call, {"L": L, "t": t}), x, rtol=2e-3, atol=2e-3)


@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (1,)])
def test_var_std_without_degrees_of_freedom_keep_the_gradient_dtype_as_torch(name, shape):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, t: getattr(L, name)(t), rng.standard_normal(shape))
        check(lambda L, t: getattr(L, name)(t * 1), rng.standard_normal(shape).astype(np.float16), rtol=1e-2)


# --- 2. expm1 is its own op: exact near 0, -0.0 at -0.0, node Expm1Backward0 (it was exp(x) - 1: 1e-10 came out
# 1.00000008e-10, -0.0 came out +0.0, and the node was SubBackward0) -------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_expm1_near_zero_and_at_edges_as_torch(dtype):
    x = np.array([1e-10, -1e-12, -0.0, 0.0, 3.0, -50.0, np.inf, -np.inf, np.nan], dtype)
    m, = check(lambda L, t: L.expm1(t), x, rtol=1e-12 if dtype == np.float64 else 1e-6, atol=0)
    assert np.signbit(m.detach().numpy()[2]), "expm1(-0.0) is -0.0"
    assert m.grad_fn.name() == "Expm1Backward0"
    check(lambda L, t: t.expm1(), np.array([1, -2, 0]))
    check(lambda L, t: L.expm1(t), np.array([0.5, -0.25], np.float16), rtol=1e-3)


# --- 3. diag_embed / diagflat put the values on zero planes: an inf no longer turns the whole plane NaN (it was a
# product with one-hot matrices, inf·0), an empty input works, and the node is DiagEmbedBackward0 ---------------------
@pytest.mark.parametrize("call", ["L.diag_embed(t)", "L.diag_embed(t, 1)", "L.diag_embed(t, -2, 0, 2)",
                                  "L.diag_embed(t, 0, -1, 0)", "L.diagflat(t)", "L.diagflat(t, -1)",
                                  "t.diag_embed()", "t.diagflat(1)"])
@pytest.mark.parametrize("kind", ["edge", "empty", "plain"])
def test_diag_embed_with_infinities_and_empty_inputs_as_torch(call, kind):
    x = {"edge": EDGE, "empty": np.zeros((0, 3)), "plain": rng.standard_normal((2, 3))}[kind]
    out = check(lambda L, t: eval(call, {"L": L, "t": t}), x)
    assert out[0].grad_fn.name() == "DiagEmbedBackward0"


def test_diagonal_and_slice_scatter_of_empty_tensors_as_torch():
    # (an empty view's stride 0 read as "overlapping memory": the write was refused)
    check(lambda L, a, s: L.diagonal_scatter(a, s, 0, -2, -1), np.zeros((0, 3, 3)), np.zeros((0, 3)))
    check(lambda L, a, s: L.slice_scatter(a, s), np.zeros((0, 3)), np.zeros((0, 3)))
    check(lambda L, a, s: L.slice_scatter(a, s, 1), np.zeros((3, 0)), np.zeros((3, 0)))


# --- 4. a 0-d (or empty) input where torch needs a dimension: torch's RuntimeError, not IndexError("tuple index out
# of range") from inside minigrad; flipud of a 0-d tensor was accepted -------------------------------------------------
@pytest.mark.parametrize("code, word", [
    ("lib.tensor(1.).split(2)", "split"), ("lib.split(lib.tensor(1.), 1)", "split"),
    ("lib.chunk(lib.tensor(1.), 2)", "chunk"), ("lib.tensor(3).chunk(1)", "chunk"),
    ("lib.tensor_split(lib.tensor(1.), 2)", "tensor_split"), ("lib.unsafe_split(lib.tensor(1.), 1)", "split"),
    ("lib.diff(lib.tensor(1.))", "diff"), ("lib.tensor(2).diff(2)", "diff"),
    ("lib.fliplr(lib.tensor(1.))", "2-d"), ("lib.fliplr(lib.ones(3))", "2-d"), ("lib.flipud(lib.tensor(1.))", "1-d"),
    ("lib.rot90(lib.tensor(1.))", "dims"), ("lib.rot90(lib.ones(3), 1, [0, -1])", "dims"),
    ("F.glu(lib.tensor(1.))", "scalars"), ("F.glu(lib.tensor(1.), 0)", "scalars"),
    ("lib.searchsorted(lib.tensor(1.), lib.tensor(1.))", "boundaries"),
    ("lib.quantile(lib.zeros(0, 3), 0.5, 0)", "non-empty"), ("lib.nanquantile(lib.zeros(3, 0), 0.5)", "non-empty"),
    ("lib.amax(lib.zeros(0, 3))", "reduction dim"), ("lib.zeros(3, 0).amin()", "reduction dim"),
    ("lib.kthvalue(lib.zeros(3, 0), 1)", "non-zero size"),
    ("lib.pinverse(lib.tensor(2.))", "2 or more dimensions"),
])
def test_dimensionless_and_empty_inputs_raise_as_torch(code, word):
    check_raises_as_torch(code, word)


def test_the_same_ops_on_1d_inputs_still_work_as_torch():
    for call in ["L.split(t, 2)", "L.chunk(t, 2)", "L.tensor_split(t, 2)", "L.diff(t)", "L.flipud(t)", "L.amax(t, 0)"]:
        check(lambda L, t: eval(call, {"L": L, "t": t}), rng.standard_normal(5))
    for call in ["L.rot90(t)", "t.rot90(3, [1, 0])", "L.fliplr(t)"]:
        check(lambda L, t: eval(call, {"L": L, "t": t}), rng.standard_normal((2, 3)))
    check(lambda L, t: L.amax(t, 0), np.zeros((3, 0)))           # a dim given: an empty result, as torch


# --- 5. float16 into the factorisations: torch's NotImplementedError (or its base RuntimeError), not NumPy's
# TypeError "array type float16 is unsupported", nor, for inv / cholesky_inverse / pinverse, a LinAlgError calling
# a well-conditioned matrix singular ----------------------------------------------------------------------------------
@pytest.mark.parametrize("call", ["lib.det(A)", "lib.inverse(A)", "lib.logdet(A)", "lib.slogdet(A)", "lib.svd(A)",
                                  "lib.linalg.svdvals(A)", "lib.geqrf(A)", "lib.cholesky_inverse(A)",
                                  "lib.linalg.cholesky(A)", "lib.linalg.eigh(A)", "lib.linalg.qr(A)",
                                  "lib.linalg.solve(A, A)", "lib.linalg.inv_ex(A)", "lib.pinverse(A)",
                                  "lib.linalg.solve_triangular(A, A, upper=True)", "lib.cholesky_solve(A, A)"])
def test_linalg_of_float16_raises_as_torch(call):
    raises_like_torch(f"A = lib.tensor([[2., 1.], [1., 3.]]).half(); {call}", "half")


def test_matrix_exp_of_float16_still_runs():
    out = minigrad.matrix_exp(minigrad.tensor([[0.1, 0.2], [0.0, 0.3]]).half())
    assert out.dtype == minigrad.float16
    ref = torch.matrix_exp(torch.tensor([[0.1, 0.2], [0.0, 0.3]], dtype=torch.float64)).numpy()
    np.testing.assert_allclose(out.float().numpy(), ref, rtol=2e-3)


def test_geqrf_of_an_integer_matrix_raises_as_torch():
    raises_like_torch("lib.geqrf(lib.ones(3, 3, dtype=lib.int64))", "geqrf")


# --- 6. pinverse(rcond=...): was silently ignored (pinverse(x, 2.5) gave the full pseudo-inverse where torch cuts
# every singular value and gives zeros); now the singular values under rcond·s_max count as zero, as torch ----------
def test_pinverse_rcond_is_not_ignored():
    x = rng.standard_normal((3, 4))
    check(lambda L, t: L.pinverse(t, 1e-6), x)
    check(lambda L, t: t.pinverse(rcond=1e-6), x.T.copy())
    check(lambda L, t: L.pinverse(t, 2.5), x)                          # every singular value cut: zeros
    assert torch.all(torch.pinverse(torch.tensor(x), 2.5) == 0)


# --- 7. cov / corrcoef: one variable gives a 0-d result (was (1, 1)); no degrees of freedom give NaN (was -0.0) -----
@pytest.mark.parametrize("shape", [(1, 4), (4,), (1, 1), (3, 0), (2, 1), (3, 5)])
@pytest.mark.parametrize("name", ["cov", "corrcoef"])
def test_cov_corrcoef_shapes_and_empty_as_torch(shape, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, t: getattr(L, name)(t), rng.standard_normal(shape))


def test_cov_with_weights_and_no_degrees_of_freedom_as_torch():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, t, w: L.cov(t, fweights=w), rng.standard_normal((2, 3)), np.array([1, 0, 0]))
        check(lambda L, t: L.cov(t, correction=3), rng.standard_normal((2, 3)))


# --- 8. cross_entropy with probability targets over an empty batch: NaN (0/0), as torch (was 0.0); a 0-d input
# raises torch's IndexError ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0, 3, 2)])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_probabilities_of_an_empty_batch_as_torch(shape, reduction):
    check(lambda L, x, y: L.nn.functional.cross_entropy(x, y, reduction=reduction), np.zeros(shape),
          np.zeros(shape), grad=[True, False])


def test_cross_entropy_of_a_0d_input_raises_as_torch():
    check_raises_as_torch("F.cross_entropy(lib.tensor(1.), lib.tensor(1.))", "dimension")


# --- 9. cosine_similarity of broadcast inputs: the norms run over the broadcast vectors (it normed (3, 1) against
# (1, 4) along dim 1 before broadcasting: 0.977 where torch gives 0.488), and a 0-d input broadcasts too ----------------
@pytest.mark.parametrize("shapes, dim", [(((3, 1), (1, 4)), 1), (((3, 1), (1, 4)), 0), (((2, 1, 3), (4, 3)), -1),
                                         (((3, 4), ()), 1), (((), (3, 4)), -1), (((1, 4), (3, 4)), 1)])
def test_cosine_similarity_of_broadcast_inputs_as_torch(shapes, dim):
    a, b = (rng.standard_normal(s) for s in shapes)
    check(lambda L, x, y: L.nn.functional.cosine_similarity(x, y, dim=dim), a, b)


# --- 10. gaussian_nll_loss: a float var with integer input and target is a float tensor (it took the input's dtype:
# var 0.3 became 0, clamped to eps, and the loss came out 2458326 where torch gives 7.59); 0-d inputs work ----------
@pytest.mark.parametrize("full", [False, True])
def test_gaussian_nll_loss_with_integer_inputs_and_0d_as_torch(full):
    x, y = rng.integers(-3, 5, (3, 4)), rng.integers(-3, 5, (3, 4))
    check(lambda L, a, b: L.nn.functional.gaussian_nll_loss(a, b, 0.3, full=full), x, y)
    check(lambda L, a, b: L.nn.functional.gaussian_nll_loss(a, b, 0.3, full=full), np.array(1.5), np.array(-0.5))
    check(lambda L, a, b, v: L.nn.functional.gaussian_nll_loss(a, b, v, full=full), np.array(1.5), np.array(-0.5),
          np.array(0.7))


# --- 11. logit(eps < 0) clamps nothing, as torch (a negative eps clamped to [eps, 1 - eps]: a finite gradient where
# torch's is NaN outside [0, 1]) ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("eps", [-1.0, -1e-6, 0.0, 0.1, None])
def test_logit_eps_as_torch(eps):
    x = np.array([-0.5, 0.0, 0.05, 0.3, 1.0, 1.5, np.nan])
    check(lambda L, t: L.logit(t, eps), x)
    check(lambda L, t: t.logit(eps), x.astype(np.float32))


# --- 12. mvlgamma outside x > (p - 1)/2 gives lgamma's values as torch (it raised), a bool input is refused ----------
def test_mvlgamma_outside_its_domain_as_torch():
    check(lambda L, t: L.mvlgamma(t, 2), np.array([0.1, 0.5, 2.0, -1.5, 3.7]))
    check(lambda L, t: L.mvlgamma(t, 4), np.array([1.0, 1.5, 10.0]))
    check(lambda L, t: t.mvlgamma(3), np.array([0, 1, 4]))
    check_raises_as_torch("lib.mvlgamma(lib.tensor([True]), 2)", "boolean")


# --- 13. mT / mH / adjoint of a 0-d tensor are the identity, as torch (minigrad raised; torch 2.15 also warns that
# this is deprecated) ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call", ["t.mT", "t.mH", "t.adjoint()", "L.adjoint(t)"])
def test_matrix_transposes_of_a_0d_tensor_as_torch(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, t: eval(call, {"L": L, "t": t}) * 2, np.array(1.5))
    check_raises_as_torch(f"t = lib.ones(3); R = {call.replace('L.', 'lib.')}", "matrices")


# --- 14. an integer tensor meets a Python int in a float op (true division, xlogy): the int keeps its value (it was
# wrapped into the tensor's dtype first: uint8 / -1 was x / 255, xlogy(uint8, -1) was x·log 255) -----------------------
@pytest.mark.parametrize("call", ["t / -1", "-1 / t", "L.div(t, -3)", "L.true_divide(t, 300)", "t.div(-2)",
                                  "L.xlogy(t, -1)", "L.xlogy(-1, t)", "L.xlogy(t, 300)", "t / 2"])
@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int32, np.bool_])
def test_integer_tensor_and_python_int_in_float_ops_as_torch(call, dtype):
    x = np.array([0, 3, 200, 1], np.int64).astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, t: eval(call, {"L": L, "t": t}), x)


# --- 15. the p-norm's gradient where elements are 0: torch's sign(x)·|x|^(p-1)/‖x‖^(p-1), 0 at x = 0 for p < 1 and for
# 1 < p < 2 (x·|x|^(p-2) was 0·inf = NaN there), and 0 everywhere when a p < 0 norm is 0 ------------------------------
@pytest.mark.parametrize("p", [0.3, 0.5, 1.5, -1.0, -0.5, 2.5, 3.0])
def test_norm_gradient_at_zeros_as_torch(p):
    x = np.array([[0., 0., 1.], [0., 0., 0.], [-2., 0.5, 0.], [1., -1., 2.]])
    check(lambda L, t: L.norm(t, p, dim=1), x)
    check(lambda L, t: t.norm(p, dim=0, keepdim=True), x)
    check(lambda L, t: L.linalg.vector_norm(t, p), x[2:])
    check(lambda L, a, b: L.dist(a, b, p), x, np.zeros((4, 3)))


@pytest.mark.parametrize("p", [0.3, 1.5])
def test_cdist_gradient_at_equal_points_as_torch(p):
    a = np.array([[0., 1., 2.], [1., 1., 0.]])
    check(lambda L, x, y: L.cdist(x, y, p), a, np.array([[0., 1., 2.], [1., 0., 0.], [1., 1., 0.]]))


# --- 16. dtypes: the pointwise losses broadcast input and target first (a float32 input with a 0-d float64 target is a
# float64 loss, minigrad's was float32); block_diag promotes a 0-d tensor as torch (float32, not float64); ldexp of an
# integer tensor by a 0-d float64 exponent is float64 (it was float32) --------------------------------------------------
@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "smooth_l1_loss"])
@pytest.mark.parametrize("reduction", ["mean", "none"])
def test_pointwise_losses_promote_a_0d_target_as_torch(name, reduction):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda L, x, y: getattr(L.nn.functional, name)(x, y, reduction=reduction),
              rng.standard_normal((3, 4)).astype(np.float32), np.array(0.25))
        check(lambda L, x, y: getattr(L.nn.functional, name)(x, y, reduction=reduction),
              np.array(0.25), rng.standard_normal((3, 4)).astype(np.float16), rtol=1e-2, atol=1e-3)


def test_block_diag_and_ldexp_dtypes_as_torch():
    check(lambda L, a, b: L.block_diag(a, b), np.array(2.0), rng.standard_normal((2, 2)).astype(np.float32))
    check(lambda L, a, b, c: L.block_diag(a, b, c), np.array(2.0), np.ones(3, np.float16), np.array([[1, 2]]))
    check(lambda L, a, b: L.ldexp(a, b), np.array([1, 2, -3]), np.array(2.0))
    check(lambda L, a, b: L.ldexp(a, b), np.array([1, 2, -3]), np.array([2, 0, 1]))
    check(lambda L, a, b: L.ldexp(a, b), np.array([1.5, 2.0], np.float32), np.array([2, 3]))


# --- 17. empty contractions: inner with a last dim of 0 (reshape(-1, 0) was refused), scaled_dot_product_attention with
# an embedding size of 0 (1/√0 raised ZeroDivisionError) ----------------------------------------------------------------
def test_empty_contractions_as_torch():
    check(lambda L, a, b: L.inner(a, b), np.zeros((3, 0)), np.zeros((2, 0)))
    check(lambda L, a, b: L.inner(a, b), np.zeros((2, 3, 0)), np.zeros((0,)))
    check(lambda L, q, k, v: L.nn.functional.scaled_dot_product_attention(q, k, v), np.zeros((2, 3, 0)),
          np.zeros((2, 4, 0)), rng.standard_normal((2, 4, 2)))
    check(lambda L, q, k, v: L.nn.functional.scaled_dot_product_attention(q, k, v), np.zeros((3, 0)),
          np.zeros((3, 0)), np.zeros((3, 0)))


# --- 18. histogram: an integer or bool input raises torch's NotImplementedError (was a RuntimeError about bins), a
# non-finite range torch's RuntimeError (was NumPy's ValueError) -------------------------------------------------------
@pytest.mark.parametrize("code, word", [("lib.histogram(lib.tensor([1, 2, 3]))", "histogramdd"),
                                        ("lib.histogram(lib.tensor([True, False]))", "histogramdd"),
                                        ("lib.histogram(lib.tensor([1., float('inf')]))", "not finite"),
                                        ("lib.histogram(lib.tensor([1., float('nan')]), 4)", "not finite")])
def test_histogram_refusals_as_torch(code, word):
    check_raises_as_torch(code, word)


def test_histogram_of_finite_values_still_as_torch():
    x = rng.standard_normal(20)
    t, m = torch.histogram(torch.tensor(x), 5), minigrad.histogram(minigrad.tensor(x), 5)
    np.testing.assert_allclose(m.hist.numpy(), t.hist.numpy())
    np.testing.assert_allclose(m.bin_edges.numpy(), t.bin_edges.numpy(), rtol=1e-12)


# --- 19. torch.gradient of evenly spaced samples is (x[i+1] - x[i-1]) / 2h: an inf at x[i] no longer makes that
# entry NaN (the three-point formula multiplied it by a zero weight) --------------------------------------------------
@pytest.mark.parametrize("spacing", [1, 0.5])
def test_gradient_beside_infinities_as_torch(spacing):
    x = np.array([[np.inf, -np.inf, 1.0, 2.0, np.nan], [0.0, 1e300, -1e300, 3.0, 4.0]])
    check(lambda L, t: L.gradient(t, spacing=spacing), x)
    check(lambda L, t: L.gradient(t, spacing=spacing, dim=1, edge_order=2), x)
    coords = minigrad.tensor([0., 1., 3., 4., 7.]), torch.tensor([0., 1., 3., 4., 7.])   # uneven: all three weights
    got = minigrad.gradient(minigrad.tensor(x[1]), spacing=(coords[0],))[0].numpy()
    want = torch.gradient(torch.tensor(x[1]), spacing=(coords[1],))[0].numpy()
    np.testing.assert_allclose(got, want, equal_nan=True)



# --- 20. nextafter's gradient is 1 only where input != other (there the result is other itself; minigrad sent 1 every-
# where), and integer inputs are refused as torch ----------------------------------------------------------------------
def test_nextafter_gradient_where_the_inputs_meet_as_torch():
    a = np.array([1., 2., np.nan, 3., 0., -0.0, np.inf])
    b = np.array([1., 1., np.nan, 4., -0.0, 0.0, np.inf])
    check(lambda L, x, y: L.nextafter(x, y), a, b)
    check(lambda L, x, y: L.nextafter(x, y), np.array([[1., 2.]]), np.array([[1.], [2.], [3.]]))
    check_raises_as_torch("lib.nextafter(lib.tensor([1, 2]), lib.tensor([2, 2]))", "nextafter")


# --- 21. prod's gradient follows torch's three cases: out / x without zeros (so an inf's neighbours get inf and the inf
# NaN, as torch; the exclusive products gave NaN everywhere, from an inf·0 "ones" column), the exclusive products with
# zeros, and 0 everywhere for two or more zeros over the whole tensor (minigrad gave NaN beside an inf) ----------------
@pytest.mark.parametrize("values", [[np.inf, 2., 3.], [0., np.inf, 2.], [0., np.nan, 2.], [np.nan, 2., 3.],
                                    [1e300, 1e300, 1e-300], [-0.0, 1e300, 1e300], [0., 0., 2.], [1.5, -2., 0.5],
                                    EDGE.ravel().tolist()])
def test_prod_gradient_beside_infinities_and_zeros_as_torch(values):
    x = np.array(values)
    check(lambda L, t: L.prod(t), x)
    check(lambda L, t: L.prod(t.reshape(1, -1), 1), x)
    check(lambda L, t: t.reshape(-1, 1).prod(0, keepdim=True), x)


def test_prod_double_backward_with_zeros_as_torch():
    x = np.array([[0., 0., 2.], [1., 3., 0.], [1., 2., 4.]])
    for call in ("L.prod(t)", "L.prod(t, 1)", "L.prod(t[2:])"):
        def second(L, t):
            g, = L.autograd.grad(eval(call, {"L": L, "t": t}).sum(), t, create_graph=True)
            return g * t
        check(second, x)


# --- 22. inputs torch refuses that minigrad computed: bool cov/trapezoid/cumulative_trapezoid/gradient, uint8
# gradient, float16 quantile/histogram/cdist/pdist, a negative-power or ±inf norm over no elements, pow of two bool
# tensors (whose int8 result was neither torch's dtype nor torch's error) -----------------------------------------------
@pytest.mark.parametrize("code, word", [
    ("lib.cov(lib.tensor([[True, False]]))", "bool"), ("lib.corrcoef(lib.tensor([[True, False]]))", "bool"),
    ("lib.trapezoid(lib.tensor([True, False]))", "bool"), ("lib.cumulative_trapezoid(lib.tensor([True, False]))", "bool"),
    ("lib.gradient(lib.tensor([1, 2, 3], dtype=lib.uint8))", "uint8"),
    ("lib.quantile(lib.ones(3).half(), 0.5)", "float or double"), ("lib.nanquantile(lib.ones(3).half(), 0.5)", "float"),
    ("lib.histogram(lib.ones(3).half())", "histogramdd"), ("lib.cdist(lib.ones(2, 3).half(), lib.ones(2, 3).half())", "half"),
    ("F.pdist(lib.ones(2, 3).half())", "half"),
    ("lib.norm(lib.zeros(0, 3), -1)", "norm"), ("lib.norm(lib.zeros(0, 3), float('inf'))", "norm"),
    ("lib.linalg.vector_norm(lib.zeros(0), float('-inf'))", "norm"), ("lib.norm(lib.zeros(0, 3), -2, dim=0)", "norm"),
    ("lib.tensor([True]) ** lib.tensor([False])", "pow"),
])
def test_inputs_torch_refuses_as_torch(code, word):
    raises_like_torch(code, word)


def test_their_neighbours_still_compute_as_torch():
    check(lambda L, t: L.norm(t, -1, dim=1), np.zeros((0, 3)))          # a reduced dim that is not empty
    check(lambda L, t: L.norm(t, 0.5), np.zeros((0, 3)))
    check(lambda L, t: L.gradient(t)[0], np.array([1, 4, 9], np.int32))
    check(lambda L, t: t ** L.tensor([True, False]), np.array([2, 3]))
    check(lambda L, t: L.quantile(t, 0.3), rng.standard_normal(7).astype(np.float32))


# --- 23. frexp of a subnormal: the mantissa is x / 2^e (x · 2^-e overflowed: 1e-310 gave an inf mantissa), its
# gradient torch's 1 / 2^e ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype, tiny", [(np.float64, 1e-310), (np.float32, 1e-40)])
def test_frexp_of_subnormals_as_torch(dtype, tiny):
    x = np.array([tiny, -tiny, -0.0, np.inf, -np.inf, np.nan, 3.0, -0.3], dtype)
    check(lambda L, t: L.frexp(t), x)
    check(lambda L, t: t.frexp().mantissa * 2, x)


def test_gradient_of_a_0d_bool_is_empty_as_torch():
    assert minigrad.gradient(minigrad.tensor(True)) == () == torch.gradient(torch.tensor(True))


# --- 24. det's gradient at a singular matrix: 0 as torch (torch's solve is scaled by det = 0; minigrad's A⁻¹ raised
# LinAlgError in the backward); the nonsingular members of a batch keep det·A⁻ᵀ ------------------------------------------
@pytest.mark.parametrize("A", [np.zeros((3, 3)), np.array([[1., 2.], [2., 4.]]),
                               np.array([[[1., 2.], [2., 4.]], [[1., 2.], [3., 4.]]]), np.zeros((2, 0, 0))])
def test_det_gradient_at_singular_matrices_as_torch(A):
    check(lambda L, t: L.det(t), A)
    check(lambda L, t: L.linalg.det(t) * 2, A)


# --- 25. comparing an integer tensor with a Python int outside its dtype: torch wraps the int first (uint8 > -1
# compares with 255: all False; minigrad compared values: all True) ------------------------------------------------------
@pytest.mark.parametrize("call", ["u > -1", "u == -1", "u < 256", "u != 256", "L.lt(u, -1)", "L.ge(u, 300)",
                                  "i > 200", "i == -56", "i <= 200", "-1 < u", "u > 2", "i >= -128", "u >= 2.5"])
def test_integer_tensor_compared_with_an_out_of_range_int_as_torch(call):
    u, i = np.array([0, 3, 200, 255], np.uint8), np.array([-128, 0, 100, 127], np.int8)
    check(lambda L, a, b: eval(call, {"L": L, "u": a, "i": b}), u, i)


# --- 26. a dim listed twice is refused also on a 0-d tensor, where 0 and -1 name the same dim (minigrad checked only
# the first entry of the list there) ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["lib.sum(lib.tensor(2.), (0, -1))", "lib.tensor(2.).mean((0, -1))",
                                  "lib.amax(lib.tensor(2.), (-1, 0))", "lib.tensor(3).any((0, -1))",
                                  "lib.tensor(2.).std((0, -1))", "lib.logsumexp(lib.tensor(2.), (0, -1))"])
def test_repeated_dims_of_a_0d_tensor_refused_as_torch(code):
    check_raises_as_torch(code, "multiple times")


@pytest.mark.parametrize("call", ["L.sum(t, (0,))", "L.sum(t, -1)", "L.sum(t, [])", "t.mean((-1,), keepdim=True)",
                                  "L.amax(t, (0,))", "L.logsumexp(t, (-1,))"])
def test_single_dims_of_a_0d_tensor_still_work_as_torch(call):
    check(lambda L, t: eval(call, {"L": L, "t": t}), np.array(1.5))


# --- 27. a bool tensor to a Python bool power stays bool, as torch (NumPy's bool ** bool made it int8) ---------------------
@pytest.mark.parametrize("call", ["t ** True", "t ** False", "L.pow(t, True)", "t.pow(False)", "t ** 2", "t ** 0.5"])
def test_bool_tensor_to_a_python_bool_power_as_torch(call):
    check(lambda L, t: eval(call, {"L": L, "t": t}), np.array([True, False, True]))
