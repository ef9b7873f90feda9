"""Round 20 op suite: what a sweep of ~3,800 calls (elementwise, reductions, indexing, movement, matmul/conv/pooling,
scans, sorting, where/clamp/masks, casts, factories, losses, activations, special functions; 0-d, empty, broadcast,
transposed/stepped/expanded inputs; float16/32/64, int32/64, uint8, bool; inf, NaN, -0.0, huge and tiny values) still
found different from torch on main, each section naming what minigrad did before:

1. + - * / and the operators warned "invalid value encountered" / "overflow encountered" (NumPy's RuntimeWarning) at
   inf - inf, 0 * inf and overflow, where torch is silent; so did prod, mish, hardswish, gelu, norm, bce-with-logits,
   huber_loss and the matrix products (matmul, mm, addmm, linear, einsum, cov: inf · 0 inside a sum);
2. a float16 tensor with a Python number: NumPy rounded the number to float16 first (1e5 -> inf, 0.1 -> 0.09998), so
   float16 0.5 * 1e5 was inf (torch 49984: it computes in float32 and rounds once) and x * 0.1 was off;
3. sum/mean/prod/max/min/median/nanmedian with keepdim=False but no dim: minigrad reduced everything, torch raises
   TypeError (round 19 caught keepdim=True only);
4. var_mean/std_mean's mean where a row holds inf: torch takes it by a running update, so an inf before the last
   element gives NaN (minigrad: inf);
5. polygamma at its poles: trigamma (digamma's gradient) at the negative integers is finite in torch (π²/sin²(πx) with
   sin(π·x) rounded, ~1e32 in float64, ~1e15 in float32; minigrad: inf); for n >= 2 torch gives (-1)^(n+1)·inf at
   0, -1, ... and -inf, NaN at +inf (minigrad: NaN, and 0 at +inf);
6. Python ints past [-2**63, 2**64): torch's OverflowError when they meet a tensor (x + 2**64, x == -2**64, x ** 2**70,
   x.mul_(2**64), clamp bounds; minigrad computed in float), RuntimeError for a bool tensor + 2**63; tensor() of them
   where the result is float (dtype=float32, or beside a float) takes them as floats (minigrad raised ValueError);
7. huber_loss of an infinite difference: inf as torch (minigrad: 0 · inf = NaN);
8. mean and norms of float16: summed in float16 (10 × 10000 overflowed to inf; torch sums in float32 and rounds
   once: 10000), gelu of float16 likewise; an int64 past 65504 cast to float16 warned;
9. special.xlog1py was a where() composition whose d/dx at x = 0 was 0 (torch: log1p(y), 0 only where y <= -1) and
   whose node was WhereBackward0; hardtanh of a uint8 tensor with a negative limit clamped (torch refuses);
10. zero_() of a bool tensor raised in reference mode (fill_ with the int 0: Long into Bool refused).
"""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import check, check_raises_as_torch, check_value_as_torch, raises_like_torch

INF, NAN = np.inf, np.nan


def silent(fn, *arrays, **kw):
    """``check`` with NumPy's RuntimeWarnings made errors: the values and gradients of torch, and no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        return check(fn, *arrays, **kw)


# --- 1. silent about inf and NaN, as torch ---------------------------------------------------------------------------
A = np.array([INF, -INF, INF, NAN, 0.0, -0.0, 1e30, 2.0, -INF, 0.0])
B = np.array([INF, INF, -INF, 1.0, INF, -INF, 1e30, -0.0, 0.0, NAN])

ARITH = {
    "x + y": lambda L, x, y: x + y,
    "x - y": lambda L, x, y: x - y,
    "x * y": lambda L, x, y: x * y,
    "x / y": lambda L, x, y: x / y,
    "add(x, y, alpha=2)": lambda L, x, y: L.add(x, y, alpha=2),
    "sub(x, y)": lambda L, x, y: L.sub(x, y),
    "mul(x, y)": lambda L, x, y: L.mul(x, y),
    "x - inf": lambda L, x, y: x - float("inf"),
    "inf + x": lambda L, x, y: float("inf") + x,
    "x * 0.0": lambda L, x, y: x * 0.0,
    "0.0 * y": lambda L, x, y: 0.0 * y,
    "x * 1e30": lambda L, x, y: x * 1e30,
    "x.clone() += y": lambda L, x, y: x.clone().__iadd__(y),
}


@pytest.mark.parametrize("name", list(ARITH))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("requires_grad", [True, False])
def test_arithmetic_of_infinities_is_silent(name, dtype, requires_grad):
    silent(ARITH[name], A.astype(dtype), B.astype(dtype), grad=[requires_grad, requires_grad])


E = np.array([0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, 1e30, -1e30, 3.0, -3.0, 0.5])
SILENT_OPS = {
    "prod": (lambda L, x: x.reshape(3, 4).prod(-1), E),
    "prod all": (lambda L, x: x[[0, 4, 9]].prod(), E),
    "mish": (lambda L, x: L.nn.functional.mish(x), E),
    "hardswish": (lambda L, x: L.nn.functional.hardswish(x), E[:8]),
    "norm": (lambda L, x: L.linalg.vector_norm(x[[2, 7, 9]]), E),
    "normalize": (lambda L, x: L.nn.functional.normalize(x.reshape(3, 4)[:, [0, 2, 3]]), E),
    "bce with logits": (lambda L, x: L.nn.functional.binary_cross_entropy_with_logits(
        x[[4, 5, 2, 3]], L.tensor([0.0, 1.0, 0.5, 1.0], dtype=x.dtype)), E),
    "matmul": (lambda L, x: x.reshape(3, 4)[:, [4 % 4, 2]] @ L.tensor([[0.0], [1.0]], dtype=x.dtype), E),
    "mm": (lambda L, x: L.mm(x.reshape(3, 4), L.tensor([[0.0], [1.0], [2.0], [0.0]], dtype=x.dtype)), E),
    "matmul batch": (lambda L, x: x.reshape(3, 1, 4) @ L.zeros(4, 2, dtype=x.dtype), E),
    "linear": (lambda L, x: L.nn.functional.linear(x.reshape(3, 4), L.zeros(2, 4, dtype=x.dtype)), E),
    "linear bias": (lambda L, x: L.nn.functional.linear(x.reshape(3, 4), L.zeros(2, 4, dtype=x.dtype),
                                                        L.ones(2, dtype=x.dtype)), E),
    "addmm": (lambda L, x: L.addmm(L.ones(2, dtype=x.dtype), x.reshape(3, 4), L.zeros(4, 2, dtype=x.dtype)), E),
    "einsum": (lambda L, x: L.einsum("ij,jk->ik", x.reshape(3, 4), L.zeros(4, 2, dtype=x.dtype)), E),
    "dot": (lambda L, x: L.dot(x[[4, 2]], L.tensor([0.0, 1.0], dtype=x.dtype)), E),
    "cov": (lambda L, x: L.cov(x.reshape(3, 4)[:, [0, 2, 3]]), E),
}


@pytest.mark.parametrize("name", list(SILENT_OPS))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_ops_silent_about_infinities(name, dtype):
    fn, x = SILENT_OPS[name]
    silent(fn, x.astype(dtype))


def test_gelu_float16_and_float16_compared_with_a_big_number_are_silent():
    h = np.array([0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, 6e4, -6e4, 3.0, -3.0, 0.5], dtype="float16")
    for approximate in ("none", "tanh"):
        silent(lambda L, x: L.nn.functional.gelu(x, approximate=approximate), h, grad=[False])
    silent(lambda L, x: (x == 1e5, x < 1e5, x >= -7e4), h)


def test_no_warning_where_matmul_meets_infinity_without_a_graph():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for lib in (minigrad, torch):
            with lib.no_grad():
                a, b = lib.tensor([[float("inf"), 1.0]]), lib.tensor([[0.0], [1.0]])
                out = (a @ b, lib.nn.functional.linear(a, b.t(), lib.ones(1)), a * 0.0 - a)
            assert np.isnan(out[0].item()) and np.isnan(out[1].item())


# --- 2. float16 with a Python number: computed in float32, rounded once ----------------------------------------------
H = np.array([1.0, -1.0, 0.5, 0.25, 1000.0, 3.0, -0.3, 65504.0], dtype="float16")
HALF = {
    "x * 1e5": lambda L, x: x * 1e5,
    "1e5 * x": lambda L, x: 1e5 * x,
    "x * 100000": lambda L, x: x * 100000,
    "x * 0.1": lambda L, x: x * 0.1,
    "x / 0.1": lambda L, x: x / 0.1,
    "x - 0.1": lambda L, x: x - 0.1,
    "0.1 - x": lambda L, x: 0.1 - x,
    "x + 70000": lambda L, x: x + 70000,
    "x * 1e-8 * 1e8": lambda L, x: x * 1e-8 * 1e8,
    "mul(x, 1e5)": lambda L, x: L.mul(x, 1e5),
    "add(x, 0.1)": lambda L, x: L.add(x, 0.1),
    "div(x, 3.3)": lambda L, x: L.div(x, 3.3),
}


@pytest.mark.parametrize("name", list(HALF))
@pytest.mark.parametrize("requires_grad", [True, False])
def test_float16_with_a_number_as_torch(name, requires_grad):
    silent(HALF[name], H, grad=[requires_grad], rtol=0, atol=0)


@pytest.mark.parametrize("code", [
    "x = lib.tensor([1.0, -1.0, 0.5, 1000.0], dtype=lib.float16); R = x.mul_(1e5)",
    "x = lib.tensor([1.0, -1.0, 0.5, 1000.0], dtype=lib.float16); R = x.add_(0.1)",
    "x = lib.tensor([1.0, -1.0, 0.5, 1000.0], dtype=lib.float16); x *= 0.1; R = x",
    "R = lib.tensor([1e5, 0.5, -7e4]).half()",
    "R = lib.tensor([1e5, 0.5, -7e4]).to(lib.float16)",
])
def test_float16_in_place_and_casts_as_torch(code):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        check_value_as_torch(code)


# --- 3. keepdim=False without dim: torch's TypeError -----------------------------------------------------------------
@pytest.mark.parametrize("call", ["x.sum(keepdim=False)", "lib.sum(x, keepdim=False)", "x.mean(keepdim=False)",
                                  "lib.mean(x, keepdim=False)", "x.prod(keepdim=False)", "x.max(keepdim=False)",
                                  "lib.max(x, keepdim=False)", "x.min(keepdim=False)", "lib.min(x, keepdim=True)",
                                  "x.median(keepdim=False)", "lib.nanmedian(x, keepdim=False)"])
def test_keepdim_false_without_dim_refused(call):
    check_raises_as_torch(f"x = lib.ones(2, 3); R = {call}", "keepdim")


@pytest.mark.parametrize("call", ["x.sum()", "x.sum(0)", "x.sum(1, False)", "x.sum(None, keepdim=True)", "x.mean()",
                                  "x.mean((0, 1), keepdim=True)", "x.prod()", "x.prod(0, keepdim=False)", "x.max()",
                                  "x.max(1, True)", "x.max(dim=0, keepdim=False)", "lib.min(x, 0)", "x.median()",
                                  "x.median(1, keepdim=True)", "lib.nanmedian(x, 0)", "lib.max(x, x * 2)"])
def test_reductions_without_keepdim_still_work(call):
    check_value_as_torch(f"x = lib.tensor([[1.0, 5.0, 2.0], [4.0, -3.0, 6.0]]); R = {call}")


# --- 4. var_mean / std_mean with inf: torch's running mean -----------------------------------------------------------
ROWS = np.array([[1.0, INF, 2.0], [INF, INF, 1.0], [-INF, INF, 0.0], [1.0, 2.0, INF], [1.0, 2.0, -INF],
                 [INF, 1.0, 2.0], [0.5, -1.0, 3.0], [NAN, 1.0, INF]])


@pytest.mark.parametrize("op", ["var_mean", "std_mean"])
@pytest.mark.parametrize("args", [dict(dim=-1), dict(dim=1, keepdim=True), dict(dim=0), dict(dim=(0, 1)), dict(),
                                  dict(dim=-1, correction=0)])
def test_var_mean_with_infinities_as_torch(op, args):
    silent(lambda L, x: getattr(L, op)(x, **args), ROWS)


def test_var_mean_of_transposed_rows_and_one_element_as_torch():
    silent(lambda L, x: L.var_mean(x.t(), dim=0), ROWS)
    silent(lambda L, x: L.var_mean(x[:, 1:].t(), dim=(0, 1)), ROWS[3:4])
    silent(lambda L, x: L.std_mean(x, dim=1), ROWS[:, :2])


# --- 5. polygamma at its poles; digamma's gradient there -------------------------------------------------------------
POLES = np.array([0.0, -0.0, -1.0, -2.0, -7.0, -2.5, 1.5, INF, -INF, NAN, 1e-3, 30.0])


@pytest.mark.parametrize("n", [1, 2, 3, 4])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_polygamma_at_poles_as_torch(n, dtype):
    x = POLES.astype(dtype)
    check(lambda L, t: L.polygamma(n, t), x, grad=[False], rtol=2e-3 if dtype == "float16" else None)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", ["digamma", "special.psi", "polygamma(0)"])
def test_digamma_gradient_at_poles_as_torch(name, dtype):
    fn = {"digamma": lambda L, t: L.digamma(t), "special.psi": lambda L, t: L.special.psi(t),
          "polygamma(0)": lambda L, t: L.polygamma(0, t)}[name]
    check(fn, POLES.astype(dtype))


# --- 6. Python ints past int64/uint64 --------------------------------------------------------------------------------
@pytest.mark.parametrize("v", ["2**64", "2**70", "-2**63 - 1", "-2**64"])
@pytest.mark.parametrize("expr", ["lib.ones(2) + v", "v * lib.ones(2)", "lib.ones(2, dtype=lib.float64) - v",
                                  "lib.ones(2) / v", "lib.ones(2) ** v", "lib.ones(2) == v", "lib.ones(2) < v",
                                  "lib.ones(2) // v", "lib.ones(2) % v", "lib.add(lib.ones(2), 1, alpha=v)",
                                  "lib.ones(2).mul_(v)", "lib.ones(2, requires_grad=True) * v",
                                  "lib.clamp(lib.ones(2), max=v)", "lib.ones(2).clamp_(min=v)",
                                  "lib.clamp(lib.ones(2, dtype=lib.int64), min=v)"])
def test_huge_python_int_meeting_a_tensor_refused(expr, v):
    check_raises_as_torch(f"v = {v}; R = {expr}", "int")


@pytest.mark.parametrize("v", ["2**63", "2**64 - 1", "-2**63"])
@pytest.mark.parametrize("expr", ["lib.ones(2) + v", "lib.ones(2) * v", "lib.ones(2, dtype=lib.float64) - v",
                                  "lib.ones(2) == v", "lib.ones(2, dtype=lib.int64) + v", "lib.ones(2).mul_(v)"])
def test_python_ints_in_uint64_range_still_join(expr, v):
    check_value_as_torch(f"v = {v}; R = {expr}")


@pytest.mark.parametrize("v", ["2**63", "2**64 - 1"])
def test_bool_tensor_with_a_uint64_int_refused(v):
    check_raises_as_torch(f"R = lib.ones(2, dtype=lib.bool) + {v}", "uint64")


@pytest.mark.parametrize("code", ["R = lib.tensor([2**64], dtype=lib.float32)", "R = lib.tensor([2**70, 1.5])",
                                  "R = lib.tensor([[2**64], [1.0]])", "R = lib.tensor(-2**64, dtype=lib.float64)",
                                  "R = lib.tensor([1.5, 2**200])", "R = lib.tensor([2**64], dtype=lib.bool)",
                                  "R = lib.tensor([-2**63 - 1, 0.5])"])
def test_tensor_of_huge_ints_as_floats(code):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        check_value_as_torch(code)


@pytest.mark.parametrize("code", ["R = lib.tensor([2**64])", "R = lib.tensor(2**63)", "R = lib.tensor([2**64, True])",
                                  "R = lib.tensor([2**63], dtype=lib.int64)", "R = lib.tensor([1.5, 2**1100])"])
def test_tensor_of_huge_ints_refused_elsewhere(code):
    raises_like_torch(code, "")


def test_pow_gradient_with_the_lowest_int64_exponent():
    silent(lambda L, x: x ** -2 ** 63, np.array([1.5, 0.5, 1.0, -1.0]))


# --- 7. huber_loss of an infinite difference -------------------------------------------------------------------------
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("delta", [1.0, 0.5])
def test_huber_loss_of_infinite_differences_as_torch(reduction, delta):
    silent(lambda L, x, y: L.nn.functional.huber_loss(x, y, reduction=reduction, delta=delta),
           np.array([INF, 1.0, NAN, 0.3, -INF, 2.0]), np.array([1.0, INF, 1.0, 0.0, 0.0, 2.2]))


# --- 8. float16 reductions in float32 --------------------------------------------------------------------------------
HALF_REDUCE = {
    "mean": lambda L, x: x.mean(),
    "mean dim": lambda L, x: x.reshape(2, 5).mean(1, keepdim=True),
    "norm": lambda L, x: x.norm(),
    "vector_norm 3": lambda L, x: L.linalg.vector_norm(x.reshape(2, 5), 3, dim=1),
    "norm 1": lambda L, x: x.norm(1),
    "norm inf": lambda L, x: x.norm(float("inf")),
}


@pytest.mark.parametrize("name", list(HALF_REDUCE))
@pytest.mark.parametrize("value", [300.0, 10000.0, -7.5])
def test_float16_mean_and_norms_as_torch(name, value):
    x = np.full(10, value, dtype="float16")
    x[3] = value / 3
    silent(HALF_REDUCE[name], x, rtol=1e-3)


@pytest.mark.parametrize("code", ["R = lib.tensor([70000, 65519, 65520, -70000]).half()",
                                  "R = lib.tensor([70000, 3], dtype=lib.int32).to(lib.float16)"])
def test_int_to_float16_past_its_range_silently_inf(code):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        check_value_as_torch(code)


# --- 9. special.xlog1py: one op with torch's gradient at x = 0 (d/dx = log1p(y); minigrad's where() gave 0) ----------
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_xlog1py_gradients_at_zero_as_torch(dtype):
    x = np.array([0.0, 1.0, 0.0, 0.0, 2.0, -0.0, 0.0, 0.5], dtype)
    y = np.array([2.0, 3.0, -1.0, INF, NAN, -2.0, 0.0, -0.5], dtype)
    silent(lambda L, a, b: L.special.xlog1py(a, b), x, y)
    silent(lambda L, a: L.special.xlog1py(a, 2.5), x)
    silent(lambda L, b: L.special.xlog1py(0.0, b), y)


def test_xlog1py_node_names_as_torch():
    for f in (lambda L, t: L.special.xlog1py(t, L.ones(2)), lambda L, t: L.special.xlog1py(t, 2.0),
              lambda L, t: L.special.xlog1py(2.0, t)):
        assert f(minigrad, minigrad.ones(2, requires_grad=True)).grad_fn.name() == \
            f(torch, torch.ones(2, requires_grad=True)).grad_fn.name()


@pytest.mark.parametrize("call", ["F.hardtanh(x, -1.0, 2.0)", "F.hardtanh(x, -2.0, -1.0)", "F.hardtanh(x)"])
def test_hardtanh_of_uint8_with_negative_limits_refused(call):
    check_raises_as_torch(f"x = lib.tensor([0, 3, 200], dtype=lib.uint8); R = {call}", "unsigned")


def test_hardtanh_of_uint8_with_limits_at_or_above_zero():
    check_value_as_torch("x = lib.tensor([0, 3, 200], dtype=lib.uint8); R = (F.hardtanh(x, 0.0, 5.0), F.relu6(x))")


# --- 10. zero_ of a bool tensor in reference mode (fill_ with the int 0 was refused: Long into Bool) -------------------
@pytest.mark.parametrize("reference", [False, True])
@pytest.mark.parametrize("dtype", ["bool", "uint8", "float16"])
def test_zero_of_any_dtype(reference, dtype):
    with minigrad.reference_mode(reference):
        check_value_as_torch(f"x = lib.tensor([1, 0, 1]).to(lib.{dtype}); R = x.zero_()")
