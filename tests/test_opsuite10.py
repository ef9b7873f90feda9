"""Round 10 op suite: the kind of sweep a small framework's op tests run against ``import minigrad as torch``
(the same inputs in torch and minigrad, a lambda over both, forward values and every input's gradient under a
random upstream gradient, ``helpers.check``), over what earlier suites left out: edge values (±inf, NaN, -0.0,
huge and tiny numbers) through the special functions and the modulo family, zero gradients of the rounding
divisions, and the other corners listed section by section below. Each case names what it once got wrong."""
import math

import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, check, check_raises_as_torch, check_value_as_torch, run_call

DTYPES = [np.float32, np.float64]
EDGE = [-np.inf, -1e30, -100., -20., -3., -1., -0.5, -1e-30, -0.0, 0.0, 1e-30, 0.5, 1., 3., 20., 100., 1e30,
        np.inf, np.nan]


def same_signed_zeros(m, t):
    """Where torch gives ±0.0, minigrad gives the zero of the same sign."""
    a, b = np.asarray(m.detach().numpy(), np.float64), np.asarray(t.detach().numpy(), np.float64)
    zero = b == 0
    np.testing.assert_array_equal(np.signbit(a[zero]), np.signbit(b[zero]), err_msg="sign of zero")


# --- 1. the gamma family: a NaN or inf anywhere in the tensor no longer spoils the other elements ----------------
# (lgamma/digamma shifted every element by a count taken from the tensor's minimum, which was NaN: lgamma(0.5)
# came out 0.94 beside a NaN; lgamma(±inf) was NaN, not inf; digamma(-0.0) was -inf, not +inf)
GAMMA = {
    "lgamma": lambda L, x: L.lgamma(x),
    "digamma": lambda L, x: L.digamma(x),
    "lgamma_method": lambda L, x: x.lgamma(),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(GAMMA))
def test_gamma_family_beside_nan_and_inf_as_torch(name, dtype):
    # the poles (negative integers) are left out of the gradient: torch's trigamma there is round-off
    x = np.array([-np.inf, -2.5, -0.5, -1e-30, -0.0, 0.0, 1e-30, 0.5, 1., 3., 20., 100., 1e30, np.inf, np.nan], dtype)
    check(GAMMA[name], x, rtol=1e-5 if dtype == np.float32 else 1e-9, atol=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
def test_polygamma_beside_nan_as_torch(dtype):
    x = np.array([0.25, 0.5, 1., 3., 7.5, 20., np.nan, 1e-30], dtype)
    check(lambda L, t: L.polygamma(1, t), x, rtol=1e-5 if dtype == np.float32 else 1e-9, atol=1e-6)
    check(lambda L, t: L.special.polygamma(2, t), x, rtol=1e-5 if dtype == np.float32 else 1e-9, atol=1e-6)


# --- 2. fmod / remainder: C's fmod, torch's sign rule, ±inf divisors, -0.0, gradients -------------------------------
# (built as a - q·b: fmod(0.5, inf) was NaN (torch 0.5), remainder(-0.5, inf) NaN (torch inf), fmod(-0.0, 1.5) +0.0,
# grad_fn SubBackward0 (torch FmodBackward1 / RemainderBackward0))
A = [-3., -2.5, -1., -0.5, -0.0, 0.0, 0.5, 1., 2.5, 3., np.inf, -np.inf, np.nan, 7., -7.]
B = [2., -2., 0.0, -0.0, 1.5, -1.5, np.inf, -np.inf, 0.5, 3., 2., -2., 1., 2., 2.]
INT_A = [-7, -3, -1, 0, 1, 3, 7, 5, -5, 2, 6, -6, 4, 9, -9]
INT_B = [2, -2, 3, -3, 2, -2, 2, 3, -3, 1, 4, -4, 5, -4, 4]
MODULO = {
    "fmod": lambda L, a, b: L.fmod(a, b),
    "remainder": lambda L, a, b: L.remainder(a, b),
    "percent": lambda L, a, b: a % b,
    "fmod_scalar": lambda L, a, b: L.fmod(a, -1.5),
    "remainder_scalar": lambda L, a, b: L.remainder(a, 1.5),
    "percent_neg_scalar": lambda L, a, b: a % -2.5,
    "method_fmod": lambda L, a, b: a.fmod(b),
    "broadcast": lambda L, a, b: L.remainder(a.reshape(-1, 1), b[:4]),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(MODULO))
def test_modulo_edge_values_and_gradients_as_torch(name, dtype):
    out = check(MODULO[name], np.array(A, dtype), np.array(B, dtype))
    t = MODULO[name](torch, torch.tensor(np.array(A, dtype)), torch.tensor(np.array(B, dtype)))
    same_signed_zeros(out[0], t)


@pytest.mark.parametrize("name", sorted(MODULO))
def test_modulo_integers_and_mixed_as_torch(name):
    a, b = np.array(INT_A, np.int64), np.array(INT_B, np.int64)
    check(MODULO[name], a, b)
    check(MODULO[name], a.astype(np.int8), b.astype(np.int8))
    out = check(MODULO[name], a, np.array(B, np.float32))           # int % float: float, a gradient for b
    same_signed_zeros(out[0], MODULO[name](torch, torch.tensor(a), torch.tensor(np.array(B, np.float32))))


@pytest.mark.parametrize("name", ["fmod", "remainder", "fmod_scalar", "remainder_scalar"])
def test_modulo_node_names_as_torch(name):
    names = []
    for L in (torch, minigrad):
        a, b = L.tensor([1.0, -2.0], requires_grad=True), L.tensor([1.5, 1.5], requires_grad=True)
        names.append(MODULO[name](L, a, b).grad_fn.name())
    assert names[1] == names[0]


# --- 3. the rounding divisions have a zero gradient, never NaN ------------------------------------------------------
# (div(rounding_mode='trunc') differentiated a / b, so 0·inf gave NaN where b = 0 or a = ±inf)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", ["trunc", "floor"])
def test_rounding_division_gradient_is_zero_as_torch(mode, dtype):
    check(lambda L, a, b: L.div(a, b, rounding_mode=mode), np.array(A, dtype), np.array(B, dtype))
    check(lambda L, a, b: L.div(a, b, rounding_mode=mode), np.array(INT_A, np.int64), np.array(B, dtype))
    check(lambda L, a, b: a.div(2.5, rounding_mode=mode), np.array(A, dtype), np.array(B, dtype))


# --- 4. xlogy, logaddexp: gradients at x = 0 and at ±inf ------------------------------------------------------------
# (xlogy's d/dx was 0 wherever x = 0, torch's is log(y) unless y <= 0; logaddexp's e^(a - out) was NaN at a = inf)
BINARY_EDGE = {
    "xlogy": lambda L, a, b: L.xlogy(a, b),
    "xlogy_scalar": lambda L, a, b: L.special.xlogy(a, 2.0),
    "logaddexp": lambda L, a, b: L.logaddexp(a, b),
    "logaddexp2": lambda L, a, b: L.logaddexp2(a, b),
    "logaddexp_zero": lambda L, a, b: L.logaddexp(a, L.zeros_like(a)),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(BINARY_EDGE))
def test_xlogy_logaddexp_edge_gradients_as_torch(name, dtype):
    check(BINARY_EDGE[name], np.array(A, dtype), np.array(B, dtype))
    check(BINARY_EDGE[name], np.array(EDGE, dtype), np.array(EDGE[::-1], dtype))


# --- 5. reductions and 0-d corners -----------------------------------------------------------------------------------
# (x.flip(0) of a 0-d tensor raised NumPy's AxisError; any/all with dim=() reduced everything, torch reduces nothing;
# quantile's 'nearest' rank used q in float64, torch takes q in the input's dtype: 0.7 in float32 picks another element)
def test_flip_of_a_zero_dim_tensor_as_torch():
    check(lambda L, x: x.flip(0), np.array(1.5))
    check(lambda L, x: L.flip(x, (-1,)) * 2, np.array(-0.5, np.float32))


@pytest.mark.parametrize("code", ["R = (lib.arange(6.).reshape(2, 3) > 2).any(())", "R = (lib.arange(6.).reshape(2, 3) > 2).all(dim=())",
                                  "R = lib.arange(6).reshape(2, 3).all(dim=[])", "R = lib.all(lib.arange(6).reshape(2, 3) > 1, ())",
                                  "R = (lib.arange(6.) > 2).any()", "R = (lib.arange(6.).reshape(2, 3) > 2).all((0, 1), keepdim=True)"])
def test_any_all_over_no_dims_as_torch(code):
    check_value_as_torch(code)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("interpolation", ["nearest", "linear", "lower", "higher", "midpoint"])
def test_quantile_rank_in_the_input_dtype_as_torch(interpolation, dtype):
    if TORCH_VERSION < (2, 14) and dtype == np.float32:
        pytest.skip("torch 2.13 rounds the float64 rank; minigrad follows torch 2.15 (q in the input's dtype)")
    qs = [0.1, 0.3, 0.5, 0.7, 0.9]
    x = np.random.default_rng(3).permutation(6 * 5).reshape(6, 5).astype(dtype)
    for q in qs:
        check(lambda L, t: t.quantile(q, dim=0, interpolation=interpolation), x)
    check(lambda L, t: L.quantile(t, L.tensor(np.array(qs, dtype)), dim=1, keepdim=True, interpolation=interpolation), x)
    check(lambda L, t: t.nanquantile(0.7, interpolation=interpolation), np.arange(11, dtype=dtype))


# --- 6. integer reductions with dtype= ------------------------------------------------------------------------------
# (x.sum(dtype=torch.int8) / x.prod(dtype=torch.int8) came back int64 and unwrapped: torch's result is int8, wrapped)
@pytest.mark.parametrize("code", [
    "R = lib.tensor([100, 100, 100], dtype=lib.int8).sum(dtype=lib.int8)",
    "R = lib.tensor([100, 100, 100], dtype=lib.int8).sum(dtype=lib.int16)",
    "R = lib.tensor([[100, 100], [27, 1]], dtype=lib.int8).sum(0, dtype=lib.int8)",
    "R = lib.tensor([[100, 100], [27, 1]]).sum(1, keepdim=True, dtype=lib.int32)",
    "R = lib.tensor([True, True]).sum(dtype=lib.bool)",
    "R = lib.tensor([100, 100, 100], dtype=lib.int8).prod(dtype=lib.int8)",
    "R = lib.tensor([[100, 100], [27, 3]], dtype=lib.int8).prod(1, dtype=lib.int16)",
    "R = lib.tensor([100, 100, 100], dtype=lib.uint8).sum(dtype=lib.uint8)",
    "R = lib.tensor([100, 100, 100], dtype=lib.int8).sum(dtype=lib.float16)",
    "R = lib.tensor([100, 100, 100], dtype=lib.int8).sum()",
])
def test_integer_sum_prod_in_the_given_dtype_as_torch(code):
    check_value_as_torch(code)


def test_float_sum_with_dtype_keeps_its_gradient():
    check(lambda L, x: x.sum(dtype=L.float64), np.arange(6, dtype=np.float32).reshape(2, 3))
    check(lambda L, x: x.prod(1, dtype=L.float64), np.arange(1, 7, dtype=np.float32).reshape(2, 3))


# --- 7. shrink / threshold activations pass NaN through, keep an int input int, and carry torch's node names --------
# (hardshrink/softshrink/threshold gave 0 (or the value) at NaN, torch gives NaN and passes the gradient; threshold of
# an int tensor with a float value came back float; the nodes were WhereBackward0)
SHRINKS = {
    "hardshrink": lambda L, x: L.nn.functional.hardshrink(x),
    "hardshrink_1": lambda L, x: L.nn.functional.hardshrink(x, 1.0),
    "softshrink": lambda L, x: L.nn.functional.softshrink(x),
    "softshrink_0": lambda L, x: L.nn.functional.softshrink(x, 0.0),
    "threshold": lambda L, x: L.nn.functional.threshold(x, 0.5, -1.0),
    "threshold_0": lambda L, x: L.nn.functional.threshold(x, 0.0, 0.0),
    "Hardshrink": lambda L, x: L.nn.Hardshrink(0.3)(x),
    "Threshold": lambda L, x: L.nn.Threshold(0.1, 20.0)(x),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(SHRINKS))
def test_shrink_threshold_at_edge_values_as_torch(name, dtype):
    check(SHRINKS[name], np.array(EDGE + [-0.3, 0.3, 1.0, -1.0], dtype))
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    m = minigrad.tensor([1.0, 2.0], requires_grad=True)
    assert SHRINKS[name](minigrad, m).grad_fn.name() == SHRINKS[name](torch, t).grad_fn.name()


@pytest.mark.parametrize("code", ["R = F.threshold(lib.tensor([1, 2, 3]), 1.5, 0.5)", "R = F.threshold(lib.tensor([1, 2, 3]), 1, 5)",
                                  "R = F.threshold(lib.tensor([1, 2, 3], dtype=lib.uint8), 1.5, 1.5)",
                                  "R = F.threshold(lib.tensor([1., 2.]).half(), 1.5, 0.5)"])
def test_threshold_keeps_the_input_dtype_as_torch(code):
    check_value_as_torch(code)


# --- 8. small integer dtypes: descending sorts, cumprod, copysign ---------------------------------------------------
# (a descending sort keyed on -x: uint8 wrapped (200 sorted last, topk(2) of [0, 1, 2, 3] gave [0, 3]) and int8's -128
# stayed -128 (sorted first); uint8 cumprod came out uint64 and raised; copysign(uint8, -1) wrapped -1 to 255)
SMALL_INTS = {
    "sort_desc": lambda L, x: x.sort(descending=True),
    "sort_desc_stable": lambda L, x: L.sort(x, descending=True, stable=True),
    "argsort_desc": lambda L, x: x.argsort(descending=True),
    "topk": lambda L, x: x.topk(3),
    "topk_smallest": lambda L, x: x.topk(2, largest=False),
    "max": lambda L, x: x.max(0),
    "msort": lambda L, x: L.msort(x),
    "cumprod": lambda L, x: x.cumprod(0),
    "cumsum": lambda L, x: x.cumsum(0),
    "copysign_neg": lambda L, x: L.copysign(x, -1),
    "copysign_tensor": lambda L, x: L.copysign(x, L.tensor(-2)),
    "kthvalue": lambda L, x: x.kthvalue(2),
}


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.int64])
@pytest.mark.parametrize("name", sorted(SMALL_INTS))
def test_small_integer_dtypes_sort_scan_copysign_as_torch(name, dtype):
    x = np.array([0, 1, 2, 3, 200, 3, 127, 5], np.int64)
    x = x.astype(dtype) if dtype != np.int8 else np.array([0, 1, 2, 3, -128, 3, 127, -1], np.int8)
    check(SMALL_INTS[name], x)


# --- 9. x ** 0.5 and x ** -0.5 are torch's sqrt and rsqrt ---------------------------------------------------------
# (NumPy's power gave (-0.0) ** 0.5 = +0.0 and (-0.0) ** -0.5 = +inf; torch's sqrt and rsqrt give -0.0 and -inf, and
# so the gradient of x ** 0.5 at -0.0, 0.5·x^-0.5, was +inf where torch's is -inf)
POWERS = {
    "sqrt_power": lambda L, x: x ** 0.5,
    "rsqrt_power": lambda L, x: x ** -0.5,
    "pow_half": lambda L, x: L.pow(x, 0.5),
    "method_pow": lambda L, x: x.pow(-0.5),
    "square": lambda L, x: x ** 2,
    "cube": lambda L, x: x ** 3.0,
    "inverse": lambda L, x: x ** -1,
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(POWERS))
def test_half_powers_at_signed_zero_as_torch(name, dtype):
    x = np.array([-0.0, 0.0, 0.25, 4.0, -1.0, np.inf, -np.inf, np.nan, 1e-30], dtype)
    out = check(POWERS[name], x)
    same_signed_zeros(out[0], POWERS[name](torch, torch.tensor(x)))


# --- 10. elu family at NaN, logit's gradient ------------------------------------------------------------------------
# (elu/selu/celu's gradient at NaN was NaN, torch's takes the x > 0 side; logit, built as log(p / (1 - p)), had a NaN
# gradient at 0 and 1 (torch: inf) and a finite one outside [0, 1] (torch: NaN); with eps it was clamp's, 0 at the
# bounds, where torch's is 1/(p(1 - p)))
ELUS = {
    "elu": lambda L, x: L.nn.functional.elu(x),
    "elu_alpha": lambda L, x: L.nn.functional.elu(x, 0.5),
    "selu": lambda L, x: L.nn.functional.selu(x),
    "celu": lambda L, x: L.nn.functional.celu(x, 2.0),
    "ELU": lambda L, x: L.nn.ELU()(x),
    "logit": lambda L, x: L.logit(x),
    "logit_method": lambda L, x: x.logit(),
    "logit_eps": lambda L, x: L.logit(x, 1e-6),
    "logit_eps_bound": lambda L, x: L.special.logit(x, eps=0.25),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(ELUS))
def test_elu_family_and_logit_edges_as_torch(name, dtype):
    # (-0.0 left out: torch's float32 and float64 logit gradients there disagree in sign)
    x = np.array([v for v in EDGE if not (v == 0 and math.copysign(1, v) < 0)] + [0.25, 0.75, 0.1, 0.9], dtype)
    check(ELUS[name], x)
    t = torch.tensor([0.25, 0.5], requires_grad=True)
    m = minigrad.tensor([0.25, 0.5], requires_grad=True)
    assert ELUS[name](minigrad, m).grad_fn.name() == ELUS[name](torch, t).grad_fn.name()


# --- 11. Tensor.split's keyword is split_size (torch.split's split_size_or_sections) -----------------------------------
@pytest.mark.parametrize("code", ["R = lib.arange(5.).split(split_size=2)", "R = lib.arange(6.).reshape(2, 3).split(split_size=[1, 2], dim=1)",
                                  "R = lib.split(lib.arange(5.), split_size_or_sections=2)", "R = lib.arange(5.).split(3, 0)"])
def test_split_keywords_as_torch(code):
    check_value_as_torch(code)


def test_split_method_keyword_of_torch_split_refused_as_torch():
    check_raises_as_torch("lib.arange(5.).split(split_size_or_sections=2)", "split")


# --- 12. logsumexp is one node, with torch's gradient exp(x - out) ---------------------------------------------------
# (a composite, log Σ exp(x - m) + m with m = 0 where the max is inf: in a row holding +inf beside 100, exp(100)
# overflowed and the gradient of the finite elements was 0·inf = NaN, torch's is 0; and its node pointed at an inner node)
LSE_ROWS = np.array([[100., -100., 1e-3, np.inf], [-np.inf, 0.0, 50., -50.], [1., 2., 3., 4.],
                     [-np.inf, -np.inf, -np.inf, -np.inf], [np.nan, 1., 2., 3.], [np.inf, np.inf, 0., 1.]])
LSE = {
    "dim1": lambda L, x: x.logsumexp(1),
    "dim0_keepdim": lambda L, x: L.logsumexp(x, 0, keepdim=True),
    "dims": lambda L, x: x[2:3].logsumexp((0, 1)),
    "neg_dim": lambda L, x: L.special.logsumexp(x, -1),
    "zero_dim": lambda L, x: x[2, 1].logsumexp(0),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(LSE))
def test_logsumexp_beside_infinities_as_torch(name, dtype):
    check(LSE[name], LSE_ROWS.astype(dtype))
    check(LSE[name], np.random.default_rng(5).normal(size=(6, 4)).astype(dtype) * 30)


def test_logsumexp_node_and_edges_as_torch():
    names = []
    for L in (torch, minigrad):
        x = L.tensor(np.ones((2, 3)), requires_grad=True)
        out = x.logsumexp(1)
        names.append((out.grad_fn.name(), [(n.name() if n else None, i) for n, i in out.grad_fn.next_functions]))
    assert names[1][0] == names[0][0]
    assert [i for _, i in names[1][1]] == [i for _, i in names[0][1]]
    assert [n.replace("torch::autograd::", "") for n, _ in names[1][1]] == \
        [n.replace("torch::autograd::", "") for n, _ in names[0][1]]


# --- 13. in-place ops between integer dtypes follow torch's casting rule (int into uint8 wraps) ---------------------
# (NumPy's same_kind rule refuses int16 -> uint8, so x.add_(int8 tensor) on a uint8 x and x.mul_(int64 tensor) raised
# "result type Short can't be cast to ... Byte"; torch refuses only float -> int and int -> bool)
@pytest.mark.parametrize("reference", [False, True])
@pytest.mark.parametrize("code", [
    "x = lib.tensor([1, 2], dtype=lib.uint8); x.add_(lib.tensor([-3], dtype=lib.int8)); R = x",
    "x = lib.tensor([1, 2], dtype=lib.uint8); x.mul_(lib.tensor([200])); R = x",
    "x = lib.tensor([1, 2], dtype=lib.int8); x.mul_(lib.tensor([200], dtype=lib.int16)); R = x",
    "x = lib.tensor([1, 2], dtype=lib.uint8); x += lib.tensor([300, -1]); R = x",
    "x = lib.tensor([5, 9], dtype=lib.uint8); x.sub_(lib.tensor([7], dtype=lib.int32)); R = x",
    "x = lib.tensor([1, 2], dtype=lib.int16); x.add_(lib.tensor([True, False])); R = x",
])
def test_inplace_between_integer_dtypes_wraps_as_torch(code, reference):
    with minigrad.reference_mode(reference):
        check_value_as_torch(code)


@pytest.mark.parametrize("reference", [False, True])
@pytest.mark.parametrize("code", ["x = lib.tensor([1, 2], dtype=lib.int8); x.mul_(lib.tensor([2.5]))",
                                  "x = lib.tensor([True, False]); x.add_(lib.tensor([2]))",
                                  "x = lib.tensor([1, 2], dtype=lib.uint8); x.div_(lib.tensor([2]))"])
def test_inplace_float_into_int_still_refused_as_torch(code, reference):
    with minigrad.reference_mode(reference):
        check_raises_as_torch(code, "can't be cast")


# --- 14. reflect padding beside a crop reflects the input, not the cropped part -----------------------------------------
# (F.pad(x, (-2, 3), mode='reflect') on a width-5 input cropped first and then refused "too large after cropping";
# torch pads the input and then crops: [x2, x3, x4, x3, x2, x1])
REFLECT_CROPS = [((5,), (-2, 3)), ((5,), (3, -3)), ((8,), (-2, 3)), ((8,), (3, -2)), ((4, 5), (-1, 4, 3, -2)),
                 ((3, 4, 5), (2, -3, -1, 3, 1, -1)), ((4, 6), (-3, 5, 0, 0))]


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("case", range(len(REFLECT_CROPS)))
def test_padding_beside_a_crop_as_torch(case, mode):
    inner, pads = REFLECT_CROPS[case]
    x = np.random.default_rng(case).normal(size=(2,) + inner)
    if mode == "circular":        # torch crops first, then wraps: only pads up to the cropped size are defined
        sizes = [n - max(0, -pads[2 * i]) - max(0, -pads[2 * i + 1]) for i, n in enumerate(inner[::-1])]
        if any(max(pads[2 * i], pads[2 * i + 1]) > sizes[i] for i in range(len(sizes))):
            pytest.skip("torch reads overlapping memory there")
    check(lambda L, t: L.nn.functional.pad(t, pads, mode=mode), x)


# --- 15. interpolate with a scale_factor whose output size equals (or doubles) the input's -------------------------------
# (torch copies a dim whose size does not change in the linear modes and 2-D nearest, and 2-D nearest reads index j // 2
# where the size doubles, whatever the scale_factor; 1-D/3-D nearest, nearest-exact and bicubic use the scale as given.
# minigrad resampled the linear dims with 1/scale, read 2-D nearest at floor(j / 2.15), and skipped the equal-size dims
# of 1-D/3-D nearest and nearest-exact)
INTERP_SCALES = [
    ((1, 2, 6), dict(scale_factor=1.07, mode="linear")),
    ((1, 2, 6), dict(scale_factor=1.1, mode="nearest")),
    ((1, 2, 6), dict(scale_factor=1.1, mode="nearest-exact")),
    ((1, 2, 5), dict(scale_factor=1.19, mode="nearest-exact")),
    ((1, 2, 5), dict(scale_factor=2.15, mode="nearest")),
    ((1, 2, 1, 6), dict(scale_factor=(2.77, 1.07), mode="bilinear", align_corners=False)),
    ((1, 2, 5, 6), dict(scale_factor=(1.1, 0.5), mode="bilinear", antialias=True)),
    ((1, 2, 5, 6), dict(scale_factor=(0.6, 1.1), mode="bicubic", antialias=True)),
    ((1, 2, 5, 6), dict(scale_factor=(1.1, 1.5), mode="bicubic")),
    ((1, 2, 5, 4), dict(scale_factor=(2.15, 0.61), mode="nearest")),
    ((1, 2, 5, 5), dict(scale_factor=(2.15, 1.1), mode="nearest")),
    ((2, 1, 3, 4), dict(scale_factor=(1.2, 2.4), mode="nearest-exact")),
    ((1, 1, 4, 1, 2), dict(scale_factor=1.2, mode="nearest-exact")),
    ((1, 1, 3, 4, 5), dict(scale_factor=(1.1, 1.3, 1.05), mode="trilinear")),
    ((1, 1, 3, 4, 5), dict(scale_factor=(1.1, 2.0, 1.05), mode="nearest")),
]


@pytest.mark.parametrize("case", range(len(INTERP_SCALES)))
def test_interpolate_equal_and_doubled_sizes_as_torch(case):
    shape, kw = INTERP_SCALES[case]
    x = np.random.default_rng(case).normal(size=shape).astype(np.float32)
    # torch's 1-D/3-D nearest backward takes the 2-D shortcuts its forward does not, and its antialiased backward
    # resamples the dim its forward copies (its gradient is not that of its own forward there): forward only
    forward_only = kw["mode"] == "nearest" and len(shape) != 4 or kw.get("antialias", False)
    check(lambda L, t: L.nn.functional.interpolate(t, **kw), x, grad=[not forward_only])


# --- 16. bool inputs that torch refuses: square_ (an int64 result) and hardtanh/relu6 -------------------------------
# (square_ computed t * t, which keeps a bool tensor bool; hardtanh/relu6 clamped a bool tensor)
@pytest.mark.parametrize("code, word", [("x = lib.tensor([True, False]); x.square_()", "can't be cast"),
                                        ("F.hardtanh(lib.tensor([True, False]))", "hardtanh"),
                                        ("F.relu6(lib.tensor([True, False]))", "hardtanh")])
def test_bool_inputs_refused_as_torch(code, word):
    if TORCH_VERSION < (2, 14) and word == "hardtanh":
        pytest.skip("torch 2.13 raises RuntimeError there; minigrad follows torch 2.15 (NotImplementedError)")
    check_raises_as_torch(code, word)


@pytest.mark.parametrize("code", ["x = lib.tensor([3, 2], dtype=lib.int8); x.square_(); R = x",
                                  "x = lib.tensor([1.5, -2.]); x.square_(); R = x",
                                  "R = F.hardtanh(lib.tensor([3, -2, 0]))", "R = F.relu6(lib.tensor([7, -2, 3], dtype=lib.uint8))"])
def test_square_and_hardtanh_of_numbers_still_as_torch(code):
    check_value_as_torch(code)


def test_square_inplace_gradient_as_torch():
    check(lambda L, x: (x * 1).square_(), np.array([1.5, -2.0, 0.0]))
