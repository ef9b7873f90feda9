"""Round 11 op suite: what a small framework's op tests call on ``import minigrad as torch`` and earlier
sweeps left out, each compared against torch (values, dtype, shape and every input's gradient under a random
upstream gradient, ``helpers.check``; or the raise class and message). Section by section below, each case
names what it once got wrong."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check

rng = np.random.default_rng(11)
X34 = rng.uniform(0.1, 0.9, (3, 4)).astype(np.float32)
Y34 = rng.uniform(0.1, 0.9, (3, 4)).astype(np.float32)


# --- 1. out= on the module functions: 74 of them refused it (torch.tan(x, out=o): TypeError) -----------------------
OUT_UNARY = ["absolute", "acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctanh", "asin",
             "asinh", "atan", "atanh", "cosh", "deg2rad", "diff", "digamma", "erf", "erfc", "erfinv", "exp2", "fix",
             "hardshrink", "histc", "i0", "lgamma", "logical_not", "logit", "msort", "nan_to_num", "nanmean",
             "nansum", "negative", "norm", "rad2deg", "sgn", "sinc", "sinh", "tan"]
OUT_BINARY = ["arctan2", "atan2", "clamp_max", "clamp_min", "copysign", "eq", "fmax", "fmin", "ge", "greater",
              "greater_equal", "gt", "heaviside", "hypot", "kron", "ldexp", "le", "less", "less_equal", "logaddexp",
              "logaddexp2", "logical_and", "logical_or", "logical_xor", "lt", "ne", "nextafter", "not_equal",
              "tensordot", "xlogy"]


@pytest.mark.parametrize("name", OUT_UNARY + OUT_BINARY)
def test_out_keyword_writes_the_result_as_torch(name):
    n_in = 1 if name in OUT_UNARY else 2
    arrays = [X34, Y34][:n_in]
    results = []
    for lib in (torch, minigrad):
        out = lib.empty(0)
        ret = getattr(lib, name)(*[lib.tensor(a) for a in arrays], out=out)
        assert ret is out, f"{name}(out=...) returns the out tensor itself"
        results.append(out)
    t, m = results
    assert tuple(m.shape) == tuple(t.shape) and str(m.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
    np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-5, atol=1e-6, equal_nan=True)


def test_out_keyword_into_existing_tensor_and_with_grad_as_torch():
    for lib in (torch, minigrad):
        out = lib.zeros(3, 4, dtype=lib.float64)              # a float32 result is cast into a float64 out
        lib.tan(lib.tensor(X34), out=out)
        np.testing.assert_allclose(out.numpy(), np.tan(X34.astype(np.float64)), rtol=1e-6)
        with pytest.raises(RuntimeError, match="out=|automatic differentiation"):
            lib.tan(lib.tensor(X34, requires_grad=True), out=lib.empty(0))
        with pytest.raises(RuntimeError):                      # a float result into an int out tensor
            lib.erf(lib.tensor(X34), out=lib.empty(0, dtype=lib.int64))
        b = lib.empty(0, dtype=lib.bool)
        lib.lt(lib.tensor(X34), lib.tensor(Y34), out=b)
        np.testing.assert_array_equal(b.numpy(), X34 < Y34)


# --- 2. reductions: std/var's bool overload, prod over dim 0 of a 0-d tensor, nanmean(keepdim=True) ---------------
# (x.std(False) raised "dim must be an int"; prod(x0d, 0).backward() raised IndexError; nanmean(x, keepdim=True)
# gave shape () instead of torch's (1, 1, 1))
@pytest.mark.parametrize("name", ["std", "var", "std_mean", "var_mean"])
@pytest.mark.parametrize("unbiased", [False, True])
def test_std_var_take_unbiased_in_dims_place_as_torch(name, unbiased):
    x = rng.standard_normal((3, 4))
    check(lambda L, t: getattr(L, name)(t, unbiased), x)
    if name in ("std", "var"):
        check(lambda L, t: getattr(t, name)(unbiased), x)


@pytest.mark.parametrize("call", ["prod(t, 0)", "prod(t, -1, True)", "t.prod(0)", "prod(t, 0, dtype=L.float64)"])
def test_prod_of_a_0d_tensor_over_its_dim_as_torch(call):
    check(lambda L, t: eval(call, {"L": L, "t": t, "prod": L.prod}), np.array(-1.5))


@pytest.mark.parametrize("shape", [(2, 3, 4), (5,), ()])
def test_nanmean_keepdim_without_dim_as_torch(shape):
    x = rng.standard_normal(shape)
    if x.ndim:
        x.reshape(-1)[::3] = np.nan
    check(lambda L, t: L.nanmean(t, keepdim=True), x)
    check(lambda L, t: t.nanmean(keepdim=True), x)


# --- 3. call forms: Tensor.tile(*sizes), atleast_1d/2d of several tensors, reversed(t) -----------------------------
# (x.tile(2, 1, 1) raised "takes 2 positional arguments"; atleast_2d(a, b) raised; reversed(t) was Python's
# reversed object, torch's is t.flip(0))
@pytest.mark.parametrize("call", ["t.tile(2, 1, 1)", "t.tile(2)", "t.tile((1, 2))", "t.tile([3, 1])",
                                  "t.tile(dims=(2, 2))", "L.tile(t, (2, 1, 1))"])
def test_tile_method_takes_sizes_as_numbers_or_a_tuple_as_torch(call):
    check(lambda L, t: eval(call, {"L": L, "t": t}), rng.standard_normal((2, 3)))


@pytest.mark.parametrize("name", ["atleast_1d", "atleast_2d", "atleast_3d"])
@pytest.mark.parametrize("form", ["separate", "list", "tuple"])
def test_atleast_nd_of_several_tensors_as_torch(name, form):
    a, b, c = np.array(1.5), rng.standard_normal(3), rng.standard_normal((2, 2))

    def fn(L, *ts):
        f = getattr(L, name)
        out = f(*ts) if form == "separate" else f(list(ts) if form == "list" else tuple(ts))
        assert isinstance(out, tuple) and len(out) == 3
        return out
    check(fn, a, b, c)


@pytest.mark.parametrize("shape", [(3,), (3, 2), ()])
def test_reversed_is_flip_along_dim0_as_torch(shape):
    check(lambda L, t: reversed(t * 2), rng.standard_normal(shape))
    check(lambda L, t: L.stack(list(reversed(t * 2))) if t.dim() else t, rng.standard_normal(shape))


# --- 4. missing ops: torch.angle (real), torch.cholesky_inverse, prelu of a 0-d input ------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_angle_of_real_tensors_as_torch(dtype):
    x = np.array([-2., -0.5, -0.0, 0.0, 1.5, np.inf, -np.inf, np.nan], dtype)
    out = check(lambda L, t: L.angle(t), x)
    assert out[0].grad_fn.name() == "AngleBackward0"
    check(lambda L, t: t.angle(), x)
    check(lambda L, t: L.angle(t), np.array([-3, 0, 2]))
    check(lambda L, t: L.angle(t), np.array([True, False]))


@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)])
def test_cholesky_inverse_as_torch(upper, shape):
    a = rng.standard_normal(shape)

    def fn(L, t):
        A = t @ t.mT + L.eye(shape[-1], dtype=t.dtype)
        c = L.linalg.cholesky(A, upper=upper)
        return L.cholesky_inverse(c, upper=upper), c.cholesky_inverse(upper)
    check(fn, a, rtol=1e-6, atol=1e-8)


def test_prelu_of_a_0d_input_stays_0d_as_torch():
    check(lambda L, x, w: L.nn.functional.prelu(x, w), np.array(-1.5), np.array([0.25]))
    check(lambda L, x, w: L.nn.functional.prelu(x, w), np.array(2.5), np.array([0.25]))
    check(lambda L, x, w: L.nn.functional.prelu(x, w), rng.standard_normal((2, 3)), np.array([0.25]))


# --- 5. the gradient of the piecewise-constant ops is zeros even where the upstream gradient is NaN ----------------
# (round/floor/ceil/trunc/sign sent g·0, NaN where g is NaN; torch sends zeros: nan_to_num(log(x) / x.abs().round())
# gave a NaN gradient where torch gives 0)
@pytest.mark.parametrize("name", ["round", "floor", "ceil", "trunc", "sign", "fix"])
def test_piecewise_constant_ops_send_zeros_under_a_nan_gradient_as_torch(name):
    x = np.array([0.3, -0.2, 0.0, 0.7, -0.6, 1.2, 2.5], np.float32)
    check(lambda L, t: L.nan_to_num(L.log(t) / getattr(L, name)(t.abs() + 0.5), nan=0., posinf=1., neginf=-1.), x)
    check(lambda L, t: getattr(L, name)(t) * (t / 0), x)


# --- 6. keyword forms: max/min(input, other=...), x.repeat(repeats=...); min(x, keepdim=True) refused as torch -------
@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_other_keyword_as_torch(name):
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((4,))
    check(lambda L, x, y: getattr(L, name)(x, other=y), a, b)
    check(lambda L, x, y: getattr(L, name)(input=x, other=y), a, b)
    for lib in (torch, minigrad):
        with pytest.raises(TypeError):
            getattr(lib, name)(lib.tensor(a), keepdim=True)


@pytest.mark.parametrize("reps", [(2, 1), (1, 2, 3), [2, 2]])
def test_repeat_repeats_keyword_as_torch(reps):
    check(lambda L, t: t.repeat(repeats=reps), rng.standard_normal((2, 3)))


# --- 7. a float divided by an integer zero is inf/nan, not the integer ZeroDivisionError -----------------------------
# (float_tensor // bool_tensor, float % int_tensor_with_zero, 7.5 % int_tensor raised "integer division by zero")
DIVISIONS = {"floordiv": lambda L, a, b: a // b, "mod": lambda L, a, b: a % b, "fmod": lambda L, a, b: L.fmod(a, b),
             "floor": lambda L, a, b: L.div(a, b, rounding_mode="floor"),
             "trunc": lambda L, a, b: L.div(a, b, rounding_mode="trunc"), "remainder": lambda L, a, b: L.remainder(a, b)}


@pytest.mark.parametrize("name", sorted(DIVISIONS))
@pytest.mark.parametrize("divisor", ["bool", "int"])
def test_float_divided_by_an_integer_zero_as_torch(name, divisor):
    a = np.array([1.5, -2., 0., 3.], np.float32)
    b = np.array([True, False, False, True]) if divisor == "bool" else np.array([2, 0, 0, -3])
    grad = [name != "floordiv"]                         # (torch's floor_divide has no derivative: its own test)
    check(lambda L, x: DIVISIONS[name](L, x, L.tensor(b)), a, grad=grad)
    check(lambda L, x: DIVISIONS[name](L, x.to(L.float64), L.tensor(b)), a, grad=grad)
    if name in ("mod", "floordiv"):
        outs = [DIVISIONS[name](lib, 7.5, lib.tensor(b)) for lib in (torch, minigrad)]
        np.testing.assert_array_equal(outs[1].numpy(), outs[0].numpy())
    for lib in (torch, minigrad):                        # integer by integer zero: still torch's error
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            DIVISIONS[name](lib, lib.tensor([3, 4]), lib.tensor(b[:2]) if divisor == "int" else lib.tensor([1, 0]))


# --- 8. torch's top-level names that were missing: the *_copy twins of the view ops, the in-place nn forms
# (torch.selu_(x)), frobenius_norm / nuclear_norm, Tensor.prelu ---------------------------------------------------
COPIES = {
    "view_copy": lambda L, t: L.view_copy(t, (4, 6)), "view_copy -1": lambda L, t: L.view_copy(t, [-1]),
    "permute_copy": lambda L, t: L.permute_copy(t, (2, 0, 1)), "expand_copy": lambda L, t: L.expand_copy(t[:1], (2, 3, 4)),
    "transpose_copy": lambda L, t: L.transpose_copy(t, 0, -1), "t_copy": lambda L, t: L.t_copy(t[0]),
    "unsqueeze_copy": lambda L, t: L.unsqueeze_copy(t, -1), "squeeze_copy": lambda L, t: L.squeeze_copy(t[:1]),
    "squeeze_copy dim": lambda L, t: L.squeeze_copy(t[:1], 0), "diagonal_copy": lambda L, t: L.diagonal_copy(t, 1, 1, 2),
    "select_copy": lambda L, t: L.select_copy(t, 1, -1), "slice_copy": lambda L, t: L.slice_copy(t, -1, 0, 3, 2),
    "slice_copy default": lambda L, t: L.slice_copy(t), "unbind_copy": lambda L, t: L.unbind_copy(t, 1),
    "split_copy": lambda L, t: L.split_copy(t, 2, -1), "split_with_sizes_copy": lambda L, t: L.split_with_sizes_copy(t, [1, 3], 2),
    "unfold_copy": lambda L, t: L.unfold_copy(t, 2, 2, 1), "as_strided_copy": lambda L, t: L.as_strided_copy(t, (2, 2), (1, 2), 1),
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_copy_twins_of_the_view_ops_as_torch(name):
    out = check(COPIES[name], rng.standard_normal((2, 3, 4)))
    for o in out:
        assert o.is_contiguous()


def test_copy_twin_owns_its_memory_as_torch():
    for lib in (torch, minigrad):
        x = lib.zeros(2, 3)
        y = lib.transpose_copy(x, 0, 1)
        x.add_(1)
        assert float(y.sum()) == 0.0


INPLACE_NN = {"celu_": lambda L, t: L.celu_(t, 0.5), "selu_": lambda L, t: L.selu_(t),
              "rrelu_ eval": lambda L, t: L.rrelu_(t, 0.1, 0.3, False), "threshold_": lambda L, t: L.threshold_(t, 0.2, -5.),
              "dropout_ eval": lambda L, t: L.dropout_(t, 0.5, False), "alpha_dropout_ eval": lambda L, t: L.alpha_dropout_(t, 0.5, False),
              "feature_alpha_dropout_ eval": lambda L, t: L.feature_alpha_dropout_(t, 0.5, False)}


@pytest.mark.parametrize("name", sorted(INPLACE_NN))
def test_top_level_inplace_nn_forms_as_torch(name):
    def fn(L, t):
        y = t * 1
        out = INPLACE_NN[name](L, y)
        assert out is y
        return y
    check(fn, rng.standard_normal((3, 4)))


def test_dropout_inplace_in_training_zeroes_in_place():
    x = minigrad.ones(200)
    y = minigrad.dropout_(x, 0.5, True)
    assert y is x and set(np.unique(x.numpy()).tolist()) <= {0.0, 2.0} and 0 < float((x == 0).sum()) < 200


@pytest.mark.parametrize("call", ["L.frobenius_norm(t, (0,))", "L.frobenius_norm(t, (0, 1), True)", "L.nuclear_norm(t)",
                                  "L.nuclear_norm(t, True)", "L.nuclear_norm(t, (0, 1))", "L.nuclear_norm(t, (1, 0), True)"])
def test_old_norm_names_as_torch(call):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                 # (torch's deprecation warning for frobenius_norm)
        check(lambda L, t: eval(call, {"L": L, "t": t}), rng.standard_normal((3, 4)))


@pytest.mark.parametrize("wshape", [(1,), (3,)])
def test_prelu_method_as_torch(wshape):
    check(lambda L, x, w: x.prelu(w), rng.standard_normal((2, 3, 4)), rng.uniform(0.1, 0.5, wshape))


# --- 9. double backward: cholesky(upper=True) and cumprod with two or more zeros --------------------------------------
# (cholesky upper saved the lower factor, not its output, so a double backward took L as a constant; cumprod's
# backward set a zero's gradient to a constant 0, losing its dependence on the other zeros)
def check_double_backward(fn, *arrays, rtol=1e-7, atol=1e-9):
    """grad of <grad(<fn(x), u>, x), v> in torch and minigrad, float64, random u and v."""
    results = []
    for lib in (torch, minigrad):
        r = np.random.default_rng(3)
        xs = [lib.tensor(a, requires_grad=True) for a in arrays]
        out = fn(lib, *xs)
        u = lib.tensor(r.standard_normal(tuple(out.shape)))
        gs = lib.autograd.grad((out * u).sum(), xs, create_graph=True)
        vs = [lib.tensor(r.standard_normal(a.shape)) for a in arrays]
        g2 = lib.autograd.grad(sum((g * v).sum() for g, v in zip(gs, vs)), xs)
        results.append(([g.detach().numpy() for g in gs], [g.numpy() for g in g2]))
    (tg, tg2), (mg, mg2) = results
    for a, b in zip(mg + mg2, tg + tg2):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)])
def test_cholesky_double_backward_as_torch(upper, shape):
    def fn(L, t):
        return L.linalg.cholesky(t @ t.mT + L.eye(shape[-1], dtype=t.dtype), upper=upper)
    check_double_backward(fn, rng.standard_normal(shape), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("values", [[2., 0., 3., 0., 4.], [0., 0., 0.], [2., 0.5, 3., 0., 4.], [1.5, -2., 0.5, 3.],
                                    [0., 2., 0., 0., 5., 0.]])
def test_cumprod_double_backward_with_zeros_as_torch(values):
    x = np.array(values)
    check_double_backward(lambda L, t: L.cumprod(t, 0), x)
    check_double_backward(lambda L, t: L.cumprod(t.reshape(1, -1).expand(2, -1) * L.tensor([[1.], [-2.]], dtype=t.dtype), 1), x)
    check(lambda L, t: L.cumprod(t, 0), x)              # (the plain backward, which keeps its linear-memory form)


# --- 10. grid_sample(mode='bicubic'): raised NotImplementedError -----------------------------------------------------
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("spread", [0.8, 1.6])            # (1.6: taps and samples outside the image)
def test_grid_sample_bicubic_as_torch(padding_mode, align_corners, spread):
    x, g = rng.standard_normal((2, 3, 5, 6)), rng.uniform(-spread, spread, (2, 4, 3, 2))

    def fn(L, t, grid):
        return L.nn.functional.grid_sample(t, grid, mode="bicubic", padding_mode=padding_mode,
                                           align_corners=align_corners)
    check(fn, x, g, rtol=1e-6, atol=1e-8)
    check(fn, x.astype(np.float32), g.astype(np.float32))
    check_double_backward(fn, x[:1, :1], g[:1], rtol=1e-6, atol=1e-8)


# --- 11. grid_sample of a 5-D volume (trilinear / nearest): raised NotImplementedError -----------------------------
@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_of_a_volume_as_torch(mode, padding_mode, align_corners):
    x, g = rng.standard_normal((2, 3, 4, 5, 3)), rng.uniform(-1.4, 1.4, (2, 2, 3, 4, 3))

    def fn(L, t, grid):
        return L.nn.functional.grid_sample(t, grid, mode=mode, padding_mode=padding_mode, align_corners=align_corners)
    check(fn, x, g, rtol=1e-6, atol=1e-8)
    if mode == "bilinear":
        check_double_backward(fn, x[:1, :1], g[:1], rtol=1e-6, atol=1e-8)


def test_grid_sample_of_a_volume_through_affine_grid_as_torch():
    def fn(L, t, theta):
        F = L.nn.functional
        return F.grid_sample(t, F.affine_grid(theta, (1, 2, 3, 4, 5), align_corners=False), align_corners=False)
    check(fn, rng.standard_normal((1, 2, 3, 4, 5)), np.eye(3, 4)[None] + 0.1 * rng.standard_normal((1, 3, 4)))


@pytest.mark.parametrize("shapes", [((1, 1, 2, 2, 2), (1, 2, 2, 2, 2)), ((1, 1, 2, 2), (1, 2, 2, 3)), ((1, 1, 2, 2), (2, 2, 2, 2))])
def test_grid_sample_shape_mismatch_raises_as_torch(shapes):
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError):
            lib.nn.functional.grid_sample(lib.zeros(shapes[0]), lib.zeros(shapes[1]), align_corners=False)


# --- 12. tensor() of an unsigned NumPy array wider than uint8: was refused with a message naming int64 ---------------
# (the widening to int64 that as_array meant to do looked the type up instead of the dtype; since round 20 the array
# keeps its dtype, as torch's tensor() does: minigrad has uint16/32/64)
@pytest.mark.parametrize("np_dtype", [np.uint16, np.uint32, np.uint64])
def test_tensor_of_wide_unsigned_arrays_keeps_the_values(np_dtype):
    a = np.array([0, 1, 7, np.iinfo(np_dtype).max if np_dtype != np.uint64 else 2 ** 63 - 1], np_dtype)
    t = minigrad.tensor(a)
    assert t.dtype.name == str(torch.tensor(a).dtype).split(".")[1] == np.dtype(np_dtype).name
    np.testing.assert_array_equal(t.numpy(), a)
    np.testing.assert_array_equal((t.long() + 1).numpy(), torch.tensor(a.astype(np.int64)).add(1).numpy())
    assert minigrad.tensor(np.array([1.5], np.longdouble)).dtype == minigrad.float64


def test_tensor_of_a_uint64_past_int64_keeps_it():
    t = minigrad.tensor(np.array([2 ** 64 - 1], np.uint64))
    assert t.dtype == minigrad.uint64 and t.tolist() == [2 ** 64 - 1]
    with pytest.raises(ValueError, match="Overflow"):
        minigrad.as_tensor(2 ** 63)                     # (a Python int never makes a uint64 tensor: torch's error)


# --- 13. chain_matmul of one matrix: its copy, as torch (raised multi_dot's "expected at least 2 tensors") ----------
def test_chain_matmul_of_one_matrix_as_torch():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                 # (torch's deprecation warning)
        out = check(lambda L, a: L.chain_matmul(a), rng.standard_normal((3, 4)))
        assert out[0].grad_fn is not None
        check(lambda L, a, b: L.chain_matmul(a, b), rng.standard_normal((3, 4)), rng.standard_normal((4, 2)))
        for lib in (torch, minigrad):
            with pytest.raises(RuntimeError, match="dimension is 1"):
                lib.chain_matmul(lib.zeros(3))


# --- 14. floor_divide of a float that requires grad: in the graph, and a backward through it raises, as torch -------
# (the result did not require grad, so a loss built on it silently dropped that term)
@pytest.mark.parametrize("call", ["x // 2", "x // y", "5 // x", "L.floor_divide(x, y)", "x.floor_divide(2.5)",
                                  "x.clone().floor_divide_(y)"])
def test_floor_divide_has_no_derivative_as_torch(call):
    for lib in (torch, minigrad):
        x = lib.tensor([1.5, -2.5, 4.], requires_grad=True)
        y = lib.tensor([2., 0.7, -3.])
        out = eval(call, {"L": lib, "x": x, "y": y})
        assert out.requires_grad and out.grad_fn is not None
        with pytest.raises(RuntimeError, match="floor_divide"):
            (out.sum() + x.sum()).backward()
        with lib.no_grad():
            assert not eval(call, {"L": lib, "x": x, "y": y}).requires_grad
    check(lambda L, t: L.div(t, 2, rounding_mode="floor"), np.array([1.5, -2.5, 4.]))     # zero gradients
    check(lambda L, t: L.floor_divide(t.detach(), 2), np.array([1.5, -2.5, 4.]))


def test_floor_divide_of_integers_stays_outside_the_graph():
    for lib in (torch, minigrad):
        assert not (lib.tensor([7, -7]) // 2).requires_grad


# --- 15. geqrf and linalg.householder_product (orgqr): were missing --------------------------------------------------
@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (2, 5, 3)])
def test_geqrf_as_torch(shape):
    a = rng.standard_normal(shape)
    (ta, tt), (ma, mt) = torch.geqrf(torch.tensor(a)), minigrad.geqrf(minigrad.tensor(a))
    np.testing.assert_allclose(ma.numpy(), ta.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(mt.numpy(), tt.numpy(), rtol=1e-10, atol=1e-12)
    assert minigrad.tensor(a).geqrf().tau.shape == tuple(tt.shape)


@pytest.mark.parametrize("shape,k", [((4, 4), 4), ((5, 3), 3), ((5, 3), 2), ((2, 5, 3), 3), ((2, 4, 2), 1)])
def test_householder_product_as_torch(shape, k):
    a = rng.standard_normal(shape)
    h, tau = torch.geqrf(torch.tensor(a))
    h, tau = h.numpy(), tau.numpy()[..., :k]
    out = check(lambda L, A, t: L.linalg.householder_product(A, t), h, tau, rtol=1e-8, atol=1e-10)
    check(lambda L, A, t: L.orgqr(A, t), h, tau, rtol=1e-8, atol=1e-10)
    check(lambda L, A, t: A.orgqr(t), h, tau, rtol=1e-8, atol=1e-10)
    if k == shape[-1]:                                  # the reflectors of a QR give its Q
        np.testing.assert_allclose(out[0].detach().numpy(), np.linalg.qr(a)[0], rtol=1e-8, atol=1e-10)
    check(lambda L, A, t: L.linalg.householder_product(A, t), rng.standard_normal(shape), rng.standard_normal(
        shape[:-2] + (k,)), rtol=1e-8, atol=1e-10)


def test_householder_product_shape_errors_as_torch():
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError):
            lib.linalg.householder_product(lib.zeros(3, 4), lib.zeros(2))      # m < n
        with pytest.raises(RuntimeError):
            lib.linalg.householder_product(lib.zeros(4, 3), lib.zeros(4))      # k > n
