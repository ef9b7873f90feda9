"""Round 13 op suite: what a sweep of every name torch and minigrad share (round 12's grid, plus in-place
variants on clones and through views, out= arguments and 3-D inputs with dims) still found different from
torch -- values, gradients, gradient dtypes, and the class of the exception for calls torch refuses. Each
section names what minigrad once did instead."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check, raises_like_torch, run_call

rng = np.random.default_rng(13)


def value_like_torch(code):
    """torch and minigrad both accept ``code``; ``R`` has the same shape, dtype and values."""
    (tk, t), (mk, m) = run_call(torch, code), run_call(minigrad, code)
    assert tk == "value", f"{code}: torch raised {t!r}"
    assert mk == "value", f"{code}: minigrad raised {m!r}"
    assert tuple(m.shape) == tuple(t.shape) and str(m.dtype) == str(t.dtype), (code, m, t)
    np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=1e-6, atol=1e-9, equal_nan=True)


# --- 1. det's gradient at a singular matrix under create_graph: the cofactor matrix (adjugateᵀ) from the SVD, as
# torch, and its second derivative (minigrad gave 0 and 0); without create_graph 0, as torch --------------------------
SINGULAR = {
    "2x2 rank 1": [[1.0, 2.0], [2.0, 4.0]],
    "3x3 rank 2": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
    "3x3 one zero row": [[0.0, 0.0, 0.0], [1.0, 2.0, 0.5], [3.0, -1.0, 2.0]],
    "batch, one singular": [[[1.0, 2.0], [2.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]]],
}


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("case", list(SINGULAR))
def test_det_gradient_at_a_singular_matrix_under_create_graph_as_torch(case, reference):
    a = np.array(SINGULAR[case])
    w = rng.standard_normal(a.shape)
    got = []
    for lib in (torch, minigrad):
        with minigrad.reference_mode(reference):
            A = lib.tensor(a, requires_grad=True)
            g, = lib.autograd.grad(lib.det(A).sum(), A, create_graph=True)
            g2, = lib.autograd.grad((g * lib.tensor(w)).sum(), A)
            got.append((g.detach().numpy(), g2.numpy()))
    (tg, tg2), (mg, mg2) = got
    assert np.abs(tg).max() > 0.5, "the case has a nonzero cofactor matrix"
    np.testing.assert_allclose(mg, tg, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(mg2, tg2, rtol=1e-7, atol=1e-9)


def test_det_gradient_at_an_exactly_singular_matrix_without_create_graph_is_zero_as_torch():
    check(lambda L, A: L.det(A), np.array([[1.0, 2.0], [2.0, 4.0]]))
    check(lambda L, A: L.det(A), np.zeros((3, 3)))


# --- 2. tensordot: a contracted dim of size 1 broadcasts against its partner, as torch (minigrad refused the call)
@pytest.mark.parametrize("shapes,dims", [
    (((3, 1), (1, 4)), 2),
    (((3, 4), (1, 4)), ([0], [0])),
    (((1, 4), (3, 4)), ([0], [0])),
    (((2, 3, 1), (1, 5)), 1),
    (((0, 3), (1, 3)), 2),
])
def test_tensordot_broadcasts_size_one_contracted_dims_as_torch(shapes, dims):
    a, b = (rng.standard_normal(s) for s in shapes)
    check(lambda L, x, y: L.tensordot(x, y, dims), a, b)


def test_tensordot_still_refuses_sizes_that_do_not_match():
    raises_like_torch("lib.tensordot(lib.ones(3, 4), lib.ones(2, 4), dims=([0], [0]))", "contracted dimensions")


# --- 3. losses: soft_margin_loss refuses a target that requires grad (with grad mode on), as torch; hinge_embedding
# of integer tensors stays integer with the margin truncated (minigrad gave floats, and a mean of them) ----------------
def test_soft_margin_loss_refuses_a_target_that_requires_grad_as_torch():
    raises_like_torch("x = lib.randn(3, 4); y = lib.randn(3, 4, requires_grad=True)\n"
                      "R = F.soft_margin_loss(x, y)", "target")
    value_like_torch("x = lib.randn(3, 4, requires_grad=True); y = lib.randn(3, 4, requires_grad=True)\n"
                     "with lib.no_grad(): R = F.soft_margin_loss(x, y)")
    check(lambda L, x, y: L.nn.functional.soft_margin_loss(x, y), rng.standard_normal((3, 4)),
          np.sign(rng.standard_normal((3, 4))), grad=[True, False])


@pytest.mark.parametrize("code", [
    "R = F.hinge_embedding_loss(lib.tensor([1, 0, 3]), lib.tensor([-1, -1, 1]), margin=1.5, reduction='none')",
    "R = F.hinge_embedding_loss(lib.tensor([1, 0, 3]), lib.tensor([-1., -1., 1.]), reduction='sum')",
    "R = F.hinge_embedding_loss(lib.tensor([1, 0, 3], dtype=lib.int32), lib.tensor([-1, 1, -1]), reduction='none')",
    "R = F.hinge_embedding_loss(lib.tensor([1., 0., 3.]), lib.tensor([-1, -1, 1]), margin=1.5, reduction='none')",
])
def test_hinge_embedding_loss_of_integer_tensors_as_torch(code):
    value_like_torch(code)


def test_hinge_embedding_loss_mean_of_integers_is_refused_as_torch():
    raises_like_torch("R = F.hinge_embedding_loss(lib.tensor([1, 2]), lib.tensor([1, -1]))", "mean")


@pytest.mark.parametrize("code,word", [
    ("F.margin_ranking_loss(lib.ones(3, 4), lib.ones(4), lib.ones(3, 4))", "same dimension"),
    ("F.margin_ranking_loss(lib.ones(()), lib.ones(3, 4), lib.ones(3, 4))", "same dimension"),
    ("F.triplet_margin_loss(lib.ones(3, 4), lib.ones(4), lib.ones(3, 4))", "same number of dimensions"),
    ("F.triplet_margin_with_distance_loss(lib.ones(3, 4), lib.ones(3, 4), lib.ones(()))", "same number of dimensions"),
])
def test_ranking_losses_refuse_inputs_of_different_dimensionality_as_torch(code, word):
    raises_like_torch(code, word)


# --- 4. refusals torch makes and minigrad did not: bool kernels, mixed dtypes, 0-d dims, complex parts -------------
@pytest.mark.parametrize("code,word", [
    ("b = lib.tensor([[True, False], [False, True]]); lib.einsum('ij,jk', b, b)", "bool"),
    ("b = lib.tensor([[True, False], [False, True]]); lib.tensordot(b, b, 1)", "bool"),
    ("b = lib.tensor([[True, False], [False, True]]); lib.trace(b)", "bool"),
    ("b = lib.tensor([True, False]); lib.addcmul(b, b, b)", "bool"),
    ("b = lib.tensor([True, False]); lib.clamp(b, b, b)", "bool"),
    ("b = lib.tensor([False, True]); lib.searchsorted(b, b)", "bool"),
    ("b = lib.tensor([[True, False]]); F.linear(b, b)", "bool"),
    ("lib.isin(lib.tensor([True, False]), lib.tensor([1, 2]))", "bool"),
    ("lib.isin(lib.tensor([1, 2]), lib.tensor([True]))", "bool"),
    ("lib.gcd(lib.tensor([True]), lib.tensor([True]))", "gcd"),
    ("lib.lcm(lib.tensor([1.5]), lib.tensor([2.0]))", "lcm"),
    ("lib.cdist(lib.ones(3, 4), lib.ones(2, 4, dtype=lib.float64))", "float"),
    ("lib.median(lib.tensor(2.0), dim=-2, keepdim=True)", "range"),
    ("lib.nanmedian(lib.tensor(2), dim=1)", "range"),
    ("lib.median(lib.tensor(True), dim=-2)", "range"),
    ("lib.mode(lib.tensor(2.0), dim=-2)", "range"),
    ("lib.complex(lib.ones(2, dtype=lib.int64), lib.ones(2, dtype=lib.int64))", "Float or Double"),
    ("lib.complex(lib.ones(2), lib.ones(2, dtype=lib.float64))", "scalar type"),
    ("lib.polar(lib.ones(2), lib.ones(2, dtype=lib.int64))", "Float or Double"),
    ("lib.polar(lib.ones(2, dtype=lib.uint8), lib.ones(2, dtype=lib.int8))", "Float or Double"),
    ("x = lib.ones(3); x.float_power_(2)", "float_power_"),
    ("x = lib.ones(3, dtype=lib.int64); x.float_power_(2.5)", "float_power_"),
])
def test_calls_torch_refuses_are_refused(code, word):
    raises_like_torch(code, word)


@pytest.mark.parametrize("code", [
    "b = lib.tensor([True, False]); i = lib.tensor([3, 4]); R = lib.addcmul(b, i, i)",
    "b = lib.tensor([True, False]); i = lib.tensor([1, 2]); R = lib.clamp(b, i, i)",
    "b = lib.tensor([True, False]); i = lib.tensor([1, 2]); R = lib.clamp(i, b, b)",
    "R = lib.isin(lib.tensor([1, 2, 3]), lib.tensor([2, 5]))",
    "R = lib.median(lib.tensor(2.0), dim=-1, keepdim=True).values",
    "R = lib.mode(lib.tensor(3), 0).values",
    "R = lib.polar(lib.tensor([2.0, 1.0]), lib.tensor([0.5, -1.0])).real",
    "R = lib.complex(lib.tensor([2.0, 1.0], dtype=lib.float64), lib.tensor([0.5, -1.0], dtype=lib.float64)).imag",
    "x = lib.ones(3, dtype=lib.float64); x.float_power_(2.5); R = x",
])
def test_neighbouring_calls_torch_accepts_still_work(code):
    value_like_torch(code)


def test_complex_of_half_parts_is_refused_with_a_fix():
    with pytest.raises(RuntimeError, match="complex32"):
        minigrad.complex(minigrad.ones(2, dtype=minigrad.float16), minigrad.ones(2, dtype=minigrad.float16))
    with pytest.raises(RuntimeError, match="complex32"):
        minigrad.polar(minigrad.ones(2, dtype=minigrad.float16), minigrad.ones(2, dtype=minigrad.float16))


# --- 5. in place with an operand of a wider float dtype: the tensor keeps its dtype, the operand's gradient keeps
# the operand's (minigrad sent float32 into a float64 leaf's .grad); x.copysign_(x) differentiates, as torch ---------
@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("call", ["x.add_(y)", "x.sub_(y, alpha=2)", "x.mul_(y)", "x.clamp_(y)", "x.clamp_min_(y)",
                                  "x.copysign_(y)", "x.addcmul_(y, y)", "x.div_(y)"])
def test_in_place_with_a_wider_operand_keeps_each_gradient_dtype_as_torch(call, reference):
    def fn(L, a, b):
        x = a.clone()
        y = b
        exec(call)
        return x
    with minigrad.reference_mode(reference):
        check(fn, rng.uniform(0.5, 1.5, (3, 4)).astype(np.float32), rng.uniform(0.5, 1.5, (3, 4)), rtol=1e-5)


def test_in_place_with_a_wider_operand_shows_torch_s_node():
    a = minigrad.ones(3, requires_grad=True)
    y = minigrad.ones(3, dtype=minigrad.float64, requires_grad=True)
    x = a.clone()
    x.sub_(y)
    assert x.dtype == minigrad.float32 and x.grad_fn.name() == "SubBackward0"
    x.sum().backward()
    assert y.grad.dtype == minigrad.float64 and a.grad.dtype == minigrad.float32


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
def test_copysign_in_place_with_itself_as_torch(reference):
    def fn(L, a):
        x = a.clone() - 0.5
        x.copysign_(x)
        return x
    with minigrad.reference_mode(reference):
        check(fn, np.array([1.0, -2.0, 3.0, 0.25]))
        check(lambda L, a, b: L.copysign(a, b), np.array([1.0, -2.0, 0.0, 3.0]), np.array([-1.0, 2.0, -1.0, -0.0]))


# --- 6. dtype promotion over every pair of dtypes: ldexp keeps a float input's dtype with an integer exponent (float16
# came out float32) and refuses a bool exponent; copysign of a bool/int input computes in the float it promotes to
# (bool with float16 came out float32); gcd/lcm of a bool with an int computes in the int; shifts and powers of
# bools alone are refused, as torch's kernels ----------------------------------------------------------------------
INT_FLOAT = [("float16", "int64"), ("float16", "int8"), ("float32", "int32"), ("int64", "int64"), ("int32", "float16"),
             ("float64", "uint8"), ("uint8", "uint8")]


@pytest.mark.parametrize("a,b", INT_FLOAT)
def test_ldexp_dtype_as_torch(a, b):
    """(Gradients with exponents >= 0: torch 2.13 differentiates 2^e in integers, so a negative e gives it 0.)"""
    x = rng.uniform(0.5, 2.0, (3, 4)).astype(a) if a.startswith("float") else rng.integers(1, 6, (3, 4)).astype(a)
    e = rng.integers(0, 4, (3, 4)).astype(b) if not b.startswith("float") else rng.uniform(-2, 2, (3, 4)).astype(b)
    check(lambda L, t, s: L.ldexp(t, s), x, e, rtol=3e-3 if "float16" in (a, b) else None)
    e = rng.integers(-3, 4, (3, 4)).astype(np.int64)
    check(lambda L, t, s: L.ldexp(t, s), x, e, grad=[False, False])


@pytest.mark.parametrize("code", [
    "R = lib.copysign(lib.tensor([True, False]), lib.tensor([1., -2.], dtype=lib.float16))",
    "R = lib.copysign(lib.tensor([True, False]), lib.tensor(-1., dtype=lib.float64))",
    "R = lib.copysign(lib.tensor([1, -2]), lib.tensor([-1., 2.], dtype=lib.float16))",
    "R = lib.copysign(lib.tensor([1, -2]), -1.0)",
    "R = lib.copysign(lib.tensor([True, False]), lib.tensor([True, True]))",
    "R = lib.gcd(lib.tensor([True, False]), lib.tensor([4, 6]))",
    "R = lib.lcm(lib.tensor([4, 6]), lib.tensor(True))",
    "R = lib.gcd(lib.tensor([4, 6], dtype=lib.uint8), lib.tensor([-4, 3], dtype=lib.int8))",
    "R = lib.ldexp(lib.tensor([1, 2]), lib.tensor([True, False]))",
    "R = lib.tensor([True, False]) << lib.tensor([1, 2])",
    "R = lib.tensor([3, 4]) >> lib.tensor([True, False])",
    "R = lib.tensor([True, False]) ** 2",
])
def test_promoted_dtype_and_value_as_torch(code):
    value_like_torch(code)


@pytest.mark.parametrize("code,word", [
    ("lib.ldexp(lib.ones(3), lib.tensor([True, False, True]))", "bool"),
    ("lib.gcd(lib.tensor([True]), lib.tensor([False]))", "bool"),
    ("b = lib.tensor([True, False]); b << b", "bool"),
    ("b = lib.tensor([True, False]); b >> True", "bool"),
    ("b = lib.tensor([True, False]); True ** b", "bool"),
    ("b = lib.tensor([True, False]); lib.pow(True, b)", "bool"),
])
def test_bool_kernels_torch_lacks_are_refused(code, word):
    raises_like_torch(code, word)


# --- 7. a number where torch wants a tensor as the first argument: torch's TypeError (minigrad computed a value, or
# raised AttributeError) -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call", ["atan2(2.5, x)", "arctan2(2, x)", "fmax(2.5, x)", "fmin(2, x)", "copysign(2.5, x)",
                                  "fmod(2.5, x)", "hypot(2, x)", "logaddexp(x, 2.5)", "logaddexp2(2.5, x)",
                                  "nextafter(2.5, x)", "clamp_min(2.5, x)", "clamp_max(2, x)", "lerp(2.5, x, 0.3)",
                                  "logical_and(2, x)", "logical_xor(2.5, x)", "rsub(2.5, x)", "gcd(2, x)",
                                  "complex(x, 2.5)", "polar(2.5, x)"])
def test_a_number_for_the_input_tensor_is_a_type_error_as_torch(call):
    raises_like_torch(f"x = lib.tensor([1.5, -2.0, 3.0]); lib.{call}", "tensor")


@pytest.mark.parametrize("call", ["atan2(x, y)", "fmax(x, y)", "copysign(x, 2.5)", "fmod(x, 2.5)", "hypot(x, y)",
                                  "logaddexp(x, y)", "lerp(x, y, 0.3)", "remainder(2.5, x)", "clamp_min(x, 0.5)",
                                  "rsub(x, 2.5)", "logical_and(x, y)"])
def test_the_same_calls_with_a_tensor_input_still_work(call):
    value_like_torch(f"x = lib.tensor([1.5, -2.0, 3.0]); y = lib.tensor([0.5, 2.0, -1.0]); R = lib.{call}")


# --- 8. sum/prod/cumsum/cumprod with an out= of another dtype compute in the out tensor's dtype, as torch (minigrad
# summed the floats and then truncated: [0.6, 0.6] into an int64 out gave 1, torch 0) -------------------------------
@pytest.mark.parametrize("call", ["lib.sum(x, 0, out=o)", "lib.prod(x * 3, 0, out=o)", "lib.cumsum(x, 0, out=o)",
                                  "lib.cumprod(x * 3, 1, out=o)", "lib.sum(x, (0, 1), out=o)",
                                  "lib.sum(x.float(), 0, out=o.double())", "lib.sum(x, 1, out=o.float())"])
def test_sums_into_an_out_of_another_dtype_as_torch(call):
    value_like_torch(f"x = lib.tensor([[0.6, 0.7], [0.6, -0.7]], dtype=lib.float64); o = lib.zeros(0, dtype=lib.int64)\n"
                     f"R = {call}")


# --- 9. an in-place comparison of a float tensor in a graph stays in it, as torch: the result requires grad, from
# torch's node (EqBackward1 with a tensor, EqBackward0 with a number), and sends gradient 0 (minigrad dropped the
# tensor out of the graph: x.clone().lt_(y).sum().backward() raised) -------------------------------------------------
@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("op", ["eq_", "ne_", "lt_", "le_", "gt_", "ge_", "greater_", "less_equal_", "not_equal_"])
@pytest.mark.parametrize("other", ["tensor", "number", "wider tensor that requires grad"])
def test_in_place_comparison_stays_in_the_graph_as_torch(op, other, reference):
    x0 = np.array([0.5, -1.0, 2.0, 0.25])
    y0 = np.array([0.5, 1.0, -2.0, 0.3])
    seen = []
    for lib in (torch, minigrad):
        with minigrad.reference_mode(reference):
            a = lib.tensor(x0, requires_grad=True)
            y = {"tensor": lib.tensor(y0), "number": 0.5,
                 "wider tensor that requires grad": lib.tensor(y0.astype(np.float32), requires_grad=True)}[other]
            x = a.clone() if other != "wider tensor that requires grad" else lib.tensor(x0.astype(np.float16))
            r = getattr(x, op)(y)
            assert r is x
            wrt = [t for t in (a, y) if isinstance(t, lib.Tensor) and t.requires_grad]
            grads = lib.autograd.grad((r * 3).sum(), wrt, allow_unused=True)
            seen.append((r.requires_grad, str(r.dtype).split(".")[-1], r.grad_fn.name(), r.detach().numpy().tolist(),
                         [None if g is None else g.numpy().tolist() for g in grads]))
    assert seen[1] == seen[0]


def test_in_place_comparison_without_a_graph_stays_plain():
    x = minigrad.tensor([1.0, 2.0])
    x.lt_(1.5)
    assert x.tolist() == [1.0, 0.0] and not x.requires_grad and x.grad_fn is None
