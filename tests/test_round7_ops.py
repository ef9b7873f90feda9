"""Round 7 of the op checks, compared with torch: in-place updates of small int tensors by a 0-d tensor,
the in-place operators torch has (//=, ^=), as_strided, take_along_dim's broadcasting, diff past the length,
reduction dtypes (cumsum(dtype=int32), nansum of ints, all/any of uint8), subtraction with a bool operand,
and the raised classes of the ops that refuse their input. Each case compares the value and every input's
gradient under a random upstream gradient (``helpers.check``), or the raised class and a message that names
the op."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, check, check_raises_as_torch, check_value_as_torch


def f32(a):
    return np.asarray(a, dtype=np.float32)


RNG = np.random.default_rng(7)
X34 = f32(RNG.standard_normal((3, 4)))


# --- in-place updates by a 0-d tensor keep the tensor's dtype (a 0-d tensor does not promote) ---------------
@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "float16"])
@pytest.mark.parametrize("code", [
    "t = lib.ones(3, dtype=lib.{d}) * 100; t *= lib.tensor(3); R = t",
    "t = lib.ones(3, dtype=lib.{d}) * 100; t += lib.tensor(2); t.sub_(lib.tensor(1)); R = t",
    "t = lib.ones(3, dtype=lib.{d}); t.mul_(lib.tensor(300)); R = t",
])
def test_inplace_by_0d_int_tensor_keeps_dtype(dtype, code):
    for reference in (False, True):
        with minigrad.reference_mode(reference):
            check_value_as_torch(code.format(d=dtype))


def test_inplace_uint8_by_float_0d_still_refused():
    check_raises_as_torch("t = lib.ones(3, dtype=lib.uint8); t += lib.tensor(1.5)", "add_")


# --- //= and ^= change the tensor itself (an alias sees the change), as torch ----------------------------
@pytest.mark.parametrize("code", [
    "a = lib.tensor([5, -7]); b = a; a //= 2; R = (b, a is b)",
    "a = lib.tensor([5., -7.]); b = a; a //= 2; R = (b, a is b)",
    "a = lib.tensor([5, 7]); b = a; a ^= 3; R = (b, a is b)",
    "a = lib.tensor([True, False]); b = a; a ^= True; R = (b, a is b)",
])
def test_inplace_floordiv_xor_operators(code):
    check_value_as_torch(code)


# --- as_strided -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn", [
    lambda L, x: L.as_strided(x, (3, 3), (1, 1)),                 # overlapping windows: gradients add up
    lambda L, x: x.as_strided((2, 2, 2), (4, 1, 2), 2),
    lambda L, x: x.as_strided((0, 2), (1, 1)),
    lambda L, x: x.as_strided((), ()),
    lambda L, x: x.as_strided([2, 3], [0, 1]),
])
def test_as_strided(fn):
    check(fn, X34)


def test_as_strided_out_of_bounds_raises():
    check_raises_as_torch("R = lib.ones(3, 4).as_strided((2,), (20,))", "as_strided")


# --- take_along_dim broadcasts input and indices outside dim ---------------------------------------------
@pytest.mark.parametrize("fn", [
    lambda L, x: L.take_along_dim(x, L.tensor([[0], [0], [1]]), 0),
    lambda L, x: L.take_along_dim(x[:1], L.tensor([[0], [2]]), 1),
    lambda L, x: L.take_along_dim(x[:, :1], L.tensor([[0, 0, 0]]), 0),
    lambda L, x: L.take_along_dim(x, L.tensor([[1], [0], [2]]), dim=1),
])
def test_take_along_dim_broadcasts(fn):
    check(fn, X34)


@pytest.mark.parametrize("code, word", [
    ("R = lib.take_along_dim(lib.ones(3, 4), lib.tensor([[0, 1]]), 0)", "take_along_dim"),
    ("R = lib.take_along_dim(lib.ones(3, 4), lib.tensor([0, 1]), 0)", "take_along_dim"),
])
def test_take_along_dim_bad_shapes_raise(code, word):
    check_raises_as_torch(code, word)


# --- diff past the length, reduction dtypes ---------------------------------------------------------------
@pytest.mark.parametrize("fn", [
    lambda L, x: L.diff(x, n=10),
    lambda L, x: L.diff(x, n=4),
    lambda L, x: L.diff(x > 0, n=6),
    lambda L, x: L.diff(x, n=3, dim=0),
    lambda L, x: x.detach().cumsum(1, dtype=L.int32),
    lambda L, x: x.detach().cumprod(1, dtype=L.int16),
    lambda L, x: (x > 0).cumsum(0, dtype=L.uint8),
    lambda L, x: x.long().nansum(),
    lambda L, x: x.int().nansum(1),
    lambda L, x: x.nansum(dtype=L.float64),
    lambda L, x: (x * 3).byte().all(),
    lambda L, x: (x * 3).byte().any(1),
])
def test_diff_and_reduction_dtypes(fn):
    check(fn, X34)


# --- cdist with p=0 counts: a zero gradient (not None), as torch -------------------------------------------
def test_cdist_p0_gradient_is_zero():
    check(lambda L, x, y: L.cdist(x, y, p=0), X34, f32(RNG.standard_normal((2, 4))))


# --- subtraction with a bool operand is refused, as torch 2.15 (2.13 raised RuntimeError, the parent) -------
SUB_BOOL = [
    "R = lib.tensor([True]) - 1",
    "R = lib.tensor([1]) - True",
    "R = lib.tensor([1.]) - lib.tensor([True])",
    "R = lib.tensor(True) - lib.tensor([1.])",
    "R = lib.sub(lib.tensor([1]), True)",
    "t = lib.tensor([1]); t.sub_(True); R = t",
    "t = lib.tensor([1.]); t -= lib.tensor([True]); R = t",
    "R = lib.tensor([True]) - lib.tensor([True])",
]


@pytest.mark.parametrize("code", SUB_BOOL)
def test_sub_with_bool_operand_raises(code):
    for reference in (False, True):
        with minigrad.reference_mode(reference):
            with pytest.raises(NotImplementedError, match="Subtraction"):
                minigrad_env = {"lib": minigrad}
                exec(code, minigrad_env)
    with pytest.raises(RuntimeError):                      # (NotImplementedError is a RuntimeError)
        exec(code, {"lib": torch})
    if TORCH_VERSION >= (2, 15):
        check_raises_as_torch(code, "Subtraction")


def test_add_with_bool_operand_still_works():
    check_value_as_torch("R = (lib.tensor([1.5]) + lib.tensor([True]), lib.tensor([2]) * True, 1 - lib.tensor([2.]))")


# --- raised classes and messages of ops that refuse their input, as torch ----------------------------------
@pytest.mark.parametrize("code, word", [
    ("R = lib.quantile(lib.ones(3), 0.5, interpolation='bad')", "interpolation"),
    ("R = lib.round(lib.tensor([15, -25]), decimals=-1)", "round"),
    ("R = lib.tensor([4, -4]).frac()", "frac"),
    ("R = lib.linalg.vector_norm(lib.ones(3), 'fro')", "ord"),
    ("R = lib.nonzero(lib.ones(3), as_tuple=3)", "as_tuple"),
    ("b = lib.ones(2, 2, dtype=lib.bool); R = b @ b", "Bool"),
])
def test_refusals_as_torch(code, word):
    check_raises_as_torch(code, word)


# --- topk among equal values: torch's CPU order (the C++ library's selection replayed) ---------------------
TIES = f32([[3, 1, 3, 2, 1, 3, 0, 2], [1, 1, 1, 0, 0, 2, 2, 2]])


@pytest.mark.parametrize("fn", [
    lambda L, x: x.topk(3),
    lambda L, x: x.topk(3, largest=False),
    lambda L, x: x.topk(4, sorted=True),
    lambda L, x: x.topk(5, sorted=False),
    lambda L, x: x.topk(1, 0),
    lambda L, x: x.long().topk(3),
    lambda L, x: L.topk(x.flatten(), 7),
])
def test_topk_tie_order_as_torch(fn):
    check(fn, TIES)


def test_topk_tie_order_random_rows():
    """Many rows with many ties, NaNs, both paths (partial sort when k * 64 <= n, else select then sort)."""
    rng = np.random.default_rng(3)
    for trial in range(150):
        n = int(rng.integers(1, 300))
        k = int(rng.integers(0, min(n, 5) + 1)) if trial % 3 == 0 else int(rng.integers(0, n + 1))
        v = rng.integers(0, int(rng.integers(1, 6)), (2, n)).astype(np.float32)
        if trial % 5 == 0:
            v[rng.random((2, n)) < 0.2] = np.nan
        largest, srt = bool(trial % 2), bool(trial % 4 < 2)
        tv, ti = torch.tensor(v).topk(k, 1, largest, srt)
        mv, mi = minigrad.tensor(v).topk(k, 1, largest, srt)
        np.testing.assert_array_equal(mi.numpy(), ti.numpy(), err_msg=f"n={n} k={k} largest={largest} sorted={srt}")
        np.testing.assert_array_equal(mv.numpy(), tv.numpy())


# --- names torch has: scalar_tensor, pdist at the top level, dtype.is_complex -----------------------------
@pytest.mark.parametrize("code", [
    "R = (lib.scalar_tensor(3), lib.scalar_tensor(True), lib.scalar_tensor(2, dtype=lib.int64))",
    "R = lib.scalar_tensor(2.5, dtype=lib.float64)",
    "R = (lib.float32.is_complex, lib.int64.is_complex, lib.complex64.is_complex)",
    "R = lib.pdist(lib.tensor([[0., 0.], [3., 4.], [6., 8.]]))",
])
def test_names_as_torch(code):
    check_value_as_torch(code)


def test_pdist_gradient():
    check(lambda L, x: L.pdist(x, 1.5), X34)


# --- LU and the functions torch builds on it ------------------------------------------------------------------
A233 = f32(RNG.standard_normal((2, 3, 3)))
B233 = f32(RNG.standard_normal((2, 3, 3)))


@pytest.mark.parametrize("fn", [
    lambda L, x, y: L.linalg.lu(x)[1:],
    lambda L, x, y: L.linalg.lu(x[0]),
    lambda L, x, y: L.linalg.lu_factor(x),
    lambda L, x, y: L.linalg.lu_factor_ex(x),
    lambda L, x, y: L.lu_unpack(*L.linalg.lu_factor(x)),
    lambda L, x, y: L.linalg.lu_solve(*L.linalg.lu_factor(x), y),
    lambda L, x, y: L.linalg.lu_solve(*L.linalg.lu_factor(x), y, left=False),
    lambda L, x, y: L.linalg.lu_solve(*L.linalg.lu_factor(x), y, adjoint=True),
    lambda L, x, y: L.linalg.inv_ex(x),
    lambda L, x, y: L.linalg.solve_ex(x, y),
    lambda L, x, y: L.linalg.solve_ex(x, y[..., 0]),
    lambda L, x, y: L.linalg.inv_ex(x * L.tensor([1., 1., 0.]))[1],
    lambda L, x, y: L.linalg.lu_factor_ex(x * L.tensor([0., 1., 1.]))[1:],
    lambda L, x, y: L.linalg.tensorsolve(x[0], y[0, :, 0]),
    lambda L, x, y: L.linalg.tensorinv(L.eye(6).reshape(6, 2, 3) + 0.1 * x.reshape(6, 3)[:, :1].reshape(6, 1, 1),
                                       ind=1),
])
def test_lu_family(fn):
    check(fn, A233, B233, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("fn", [
    lambda L, x: L.linalg.lu(x[..., :2]),                 # tall and wide: values (their gradient is not written)
    lambda L, x: L.linalg.lu(x[..., :2, :]),
    lambda L, x: L.linalg.lu_factor_ex(x[..., :2]),
])
def test_lu_non_square_values(fn):
    check(fn, A233, grad=[False])


@pytest.mark.parametrize("code, word", [
    ("R = lib.linalg.lu_factor(lib.tensor([[1., 2.], [2., 4.]]))", "lu_factor"),
    ("R = lib.linalg.lu_factor_ex(lib.tensor([[1., 2.], [2., 4.]]), check_errors=True)", "lu_factor_ex"),
    ("R = lib.linalg.tensorinv(lib.ones(2, 3), ind=1)", "prod"),
    ("R = lib.linalg.lu(lib.ones(3, 3, dtype=lib.int64))", "lu"),
])
def test_lu_family_refusals(code, word):
    check_raises_as_torch(code, word)


def test_inv_ex_check_errors_raises_linalg_error():
    with pytest.raises(minigrad.linalg.LinAlgError, match="inv_ex"):
        minigrad.linalg.inv_ex(minigrad.tensor([[1., 2.], [2., 4.]]), check_errors=True)
    with pytest.raises(torch.linalg.LinAlgError):
        torch.linalg.inv_ex(torch.tensor([[1., 2.], [2., 4.]]), check_errors=True)


@pytest.mark.parametrize("code", [
    "x = lib.ones(2, 3); R = (x.is_cpu, x.is_inference(), x.is_conj(), x.is_neg(), x.is_meta, x.is_quantized)",
    "x = lib.ones(2, 3); R = (lib.isreal(x), x.isreal(), x.is_same_size(lib.ones(2, 3)), lib.is_same_size(x, x[0]))",
    "x = lib.arange(6.).reshape(2, 3); R = (lib.row_stack([x, x]), x.unsafe_chunk(2, 1), lib.unsafe_split(x, 1))",
    "R = (lib.range(0, 3), lib.range(0, 1, 0.25), lib.range(1, 4, dtype=lib.int64))",
    "R = (lib.empty_strided((2, 3), (3, 1)).shape, lib.ones(2).new_empty_strided((2,), (1,)).dtype)",
    "R = lib.tensor([1., 2., 2., 5.]).histogram(3)",
])
def test_more_torch_names(code):
    check_value_as_torch(code)


# --- linspace rounds as torch (float32 and float64 bit for bit), so histogram's bin edges do too -----------
def test_linspace_bits_as_torch():
    rng = np.random.default_rng(0)
    for trial in range(300):
        a, b = (float(v) for v in rng.standard_normal(2) * 10.0 ** rng.integers(-3, 4))
        n = int(rng.integers(0, 60))
        for dt in ("float32", "float64"):
            t = torch.linspace(a, b, n, dtype=getattr(torch, dt)).numpy()
            m = minigrad.linspace(a, b, n, dtype=getattr(minigrad, dt)).numpy()
            np.testing.assert_array_equal(m, t, err_msg=f"linspace({a}, {b}, {n}, dtype={dt})")


@pytest.mark.parametrize("code, word", [
    ("R = lib.ones(3, 4).index_fill(0, lib.tensor([0.]), 1.)", "index"),
    ("R = lib.ones(3, 4).scatter_reduce(0, lib.tensor([[0]]), lib.ones(1, 1), 'sum', include_self=2)", "include_self"),
    ("R = lib.searchsorted(lib.tensor([3., 1.]), lib.ones(2), sorter=lib.tensor([0]))", "sorter"),
    ("R = lib.histogram(lib.ones(3), bins=-1)", "bins"),
    ("R = lib.bincount(lib.tensor([1, 2]), minlength=-1)", "minlength"),
    ("R = lib.isclose(lib.ones(2), lib.ones(2), rtol=-1)", "rtol"),
    ("R = lib.aminmax(lib.ones(0))", "aminmax"),
    ("R = lib.trace(lib.ones(4))", "trace"),
    ("R = lib.cdist(lib.ones(2, 3, dtype=lib.int64), lib.ones(2, 3, dtype=lib.int64))", "cdist"),
    ("R = lib.linalg.pinv(lib.ones(3, 4, dtype=lib.int64))", "pinv"),
    ("R = lib.tensor({1: 2})", "dict"),
    ("R = lib.tensor([1, object()])", "object"),
    ("R = lib.tensor({1, 2})", "set"),
    ("R = lib.tensor([1, 'a'])", "str"),
])
def test_bad_calls_as_torch(code, word):
    check_raises_as_torch(code, word)


# --- sort (stable=False), kthvalue and mode among equal values: torch's CPU order past 16 elements ----------
@pytest.mark.parametrize("name", ["sort", "sort_desc", "argsort", "msort", "kthvalue", "mode", "median", "unique"])
def test_tie_order_random_rows(name):
    """torch's CPU sort is std::sort (introsort: a stable insertion sort only up to 16 elements), kthvalue its
    own quickselect, mode the last index of the longest run after std::sort; unique keeps NaNs apart."""
    rng = np.random.default_rng(5)
    for trial in range(60):
        n = int(rng.integers(1, 70))
        v = rng.integers(0, int(rng.integers(1, 5)), (3, n)).astype(np.float32 if trial % 4 else np.int64)
        if trial % 6 == 1 and name != "mode":
            v[rng.random((3, n)) < 0.2] = np.nan
        k = int(rng.integers(1, n + 1))
        fn = {"sort": lambda L, x: x.sort(1), "sort_desc": lambda L, x: x.sort(1, descending=True),
              "argsort": lambda L, x: x.argsort(1), "msort": lambda L, x: x.T.msort(),
              "kthvalue": lambda L, x: x.kthvalue(k, 1), "mode": lambda L, x: x.mode(1),
              "median": lambda L, x: x.median(1),
              "unique": lambda L, x: L.unique(x, return_inverse=True, return_counts=True)}[name]
        t, m = fn(torch, torch.tensor(v)), fn(minigrad, minigrad.tensor(v))
        t, m = (t, m) if isinstance(t, tuple) else ((t,), (m,))
        for a, b in zip(t, m):
            np.testing.assert_array_equal(b.numpy(), a.numpy(), err_msg=f"{name} n={n} k={k}")


def test_sort_gradient_follows_torch_tie_order():
    v = f32(np.random.default_rng(1).integers(0, 3, (2, 40)))
    check(lambda L, x: x.sort(1)[0] * L.arange(40.), v)
    check(lambda L, x: x.kthvalue(7, 1)[0], v)


def test_bernoulli_of_probabilities_that_require_grad_gives_zero_gradient():
    check(lambda L, x: L.bernoulli(x), f32([0., 1., 1., 0.]))
    check(lambda L, x: x.bernoulli(), f32([0., 1.]))


def test_quantile_keeps_the_last_nan_past_16_elements():
    x = np.full(24, np.nan, np.float32)
    x[:5] = np.arange(5)
    t = minigrad.tensor(x, requires_grad=True)
    minigrad.quantile(t, 0.4).backward()
    assert t.grad.numpy()[23] == 1 and t.grad.numpy().sum() == 1
