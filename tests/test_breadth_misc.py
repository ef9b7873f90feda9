"""NaN-aware max/min, nan_to_num, float_power, ldexp and friends; index_put, masked_scatter, put; unique,
searchsorted, bucketize, bincount, histc, isin: against torch."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, check, rand


def _nan_pair():
    a, b = rand(3, 4, seed=1), rand(3, 4, seed=2)
    b[0, 0] = np.nan
    a[1, 1] = np.nan
    a[2, 2] = b[2, 2]                                     # a tie
    return a, b


ELEMENTWISE = {
    "fmax": (lambda L, x, y: L.fmax(x, y), _nan_pair()),
    "fmin": (lambda L, x, y: x.fmin(y), _nan_pair()),
    "nan_to_num": (lambda L, x: L.nan_to_num(x), [np.array([1.0, np.nan, np.inf, -np.inf, -2.0])]),
    "nan_to_num_values": (lambda L, x: x.nan_to_num(1.0, 5.0, -5.0), [np.array([1.0, np.nan, np.inf, -np.inf])]),
    "nan_to_num_f32": (lambda L, x: L.nan_to_num(x), [np.array([np.nan, np.inf, -np.inf], np.float32)]),
    "float_power": (lambda L, x, y: L.float_power(x.abs(), y), [rand(4, seed=1), rand(4, seed=2)]),
    "float_power_f32_scalar": (lambda L, x: L.float_power(x.abs(), 2), [rand(4, seed=1).astype(np.float32)]),
    "ldexp": (lambda L, x, y: L.ldexp(x, y), [rand(4, seed=1), np.array([1, 2, 3, 0])]),
    "signbit": (lambda L, x: L.signbit(x), [np.array([-0.0, 0.0, -1.0, 2.0])]),
    "heaviside": (lambda L, x, y: L.heaviside(x, y), [np.array([-1.0, 0.0, 2.0]), np.array([0.5, 0.5, 0.5])]),
    "gcd": (lambda L, x, y: L.gcd(x, y), [np.array([4, 6, 9, 0]), np.array([6, 4, 3, 5])]),
    "lcm": (lambda L, x, y: L.lcm(x, y), [np.array([4, 6, 9]), np.array([6, 4, 3])]),
    "nextafter": (lambda L, x, y: L.nextafter(x, y), [np.array([1.0, 2.0]), np.array([2.0, 0.0])]),
    "frexp": (lambda L, x: L.frexp(x), [np.array([1.0, 3.0, -0.3, 0.0])]),
}


NO_DERIVATIVE = ("heaviside",)


def _fmax_as_in_torch_2_15(x, y):
    """torch.fmax with torch >= 2.15's gradient (a tie split half/half, a NaN side gets none)."""
    return torch.where(y.isnan(), x, torch.where(x.isnan(), y, torch.maximum(x, y)))


def _fmin_as_in_torch_2_15(x, y):
    return torch.where(y.isnan(), x, torch.where(x.isnan(), y, torch.minimum(x, y)))


AS_IN_TORCH_2_15 = {"fmax": _fmax_as_in_torch_2_15, "fmin": _fmin_as_in_torch_2_15}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_extras_match_torch(name, device):
    """minigrad follows the newest torch; on torch < 2.15 fmax/fmin (whose gradient at ties and NaNs moved
    in 2.14 and again in 2.15: see test_fmax_fmin_gradient_at_ties_and_nans) run on the torch side as
    2.15 computes them."""
    fn, arrays = ELEMENTWISE[name]
    if name in AS_IN_TORCH_2_15 and TORCH_VERSION < (2, 15):
        fn = (lambda f: lambda L, x, y: f(x, y) if L is torch else getattr(L, name)(x, y))(AS_IN_TORCH_2_15[name])
    check(fn, *arrays, device=device, grad=[False] * len(arrays) if name in NO_DERIVATIVE else None)


# a = [1, 2, nan, 3, nan], b = [1, 1, 1, nan, nan]: a tie, a win, a NaN in a, a NaN in b, both NaN;
# upstream gradient [1, 2, 4, 8, 16]. (grad of a, grad of b) per torch release:
FMAX_FMIN_GRADS = {
    # 2.15: a tie split half/half (as maximum); a NaN side gets nothing; both NaN: all to a
    (2, 15): {"fmax": ([0.5, 2, 0, 8, 16], [0.5, 0, 4, 0, 0]), "fmin": ([0.5, 0, 0, 8, 16], [0.5, 2, 4, 0, 0])},
    # 2.14: maximum's formula: a tie split half/half, but a NaN position sends the full gradient to both
    (2, 14): {"fmax": ([0.5, 2, 4, 8, 16], [0.5, 0, 4, 8, 16]), "fmin": ([0.5, 0, 4, 8, 16], [0.5, 2, 4, 8, 16])},
    # 2.13: a tie's gradient all to a; a NaN side gets nothing; both NaN: all to a
    (2, 13): {"fmax": ([1, 2, 0, 8, 16], [0, 0, 4, 0, 0]), "fmin": ([1, 0, 0, 8, 16], [0, 2, 4, 0, 0])},
}


@pytest.mark.parametrize("name", ["fmax", "fmin"])
def test_fmax_fmin_gradient_at_ties_and_nans(name):
    """minigrad gives torch 2.15's gradients; the installed torch gives its own release's (listed above)."""
    nan = float("nan")
    got = {}
    for L in (torch, minigrad):
        a = L.tensor([1.0, 2.0, nan, 3.0, nan], dtype=L.float64, requires_grad=True)
        b = L.tensor([1.0, 1.0, 1.0, nan, nan], dtype=L.float64, requires_grad=True)
        out = getattr(L, name)(a, b)
        out.backward(L.tensor([1.0, 2.0, 4.0, 8.0, 16.0], dtype=L.float64))
        got[L] = (out.detach().numpy(), a.grad.numpy(), b.grad.numpy())
    value = [1, 2, 1, 3, nan] if name == "fmax" else [1, 1, 1, 3, nan]
    release = min(max(TORCH_VERSION, (2, 13)), (2, 15))
    for L, key in ((minigrad, (2, 15)), (torch, release)):
        np.testing.assert_array_equal(got[L][0], value, err_msg=f"{L.__name__}.{name} value")
        np.testing.assert_array_equal(got[L][1], FMAX_FMIN_GRADS[key][name][0], err_msg=f"{L.__name__} grad of a")
        np.testing.assert_array_equal(got[L][2], FMAX_FMIN_GRADS[key][name][1], err_msg=f"{L.__name__} grad of b")


@pytest.mark.parametrize("name", NO_DERIVATIVE)
def test_no_derivative_ops_are_in_the_graph_and_refuse_backward(name):
    fn, arrays = ELEMENTWISE[name]
    for L in (torch, minigrad):
        ts = [L.tensor(a, requires_grad=True) for a in arrays]
        out = fn(L, *ts)
        out = out[0] if isinstance(out, tuple) else out
        assert out.requires_grad
        with pytest.raises(RuntimeError, match="not implemented"):
            out.sum().backward()


def test_ldexp_negative_exponent_forward():
    # torch's own ldexp gradient is 0 for negative int exponents (2**-1 computed in integers); the value is
    # 0.5·x in both libraries and minigrad's gradient is 2**other
    x = minigrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = minigrad.ldexp(x, minigrad.tensor([1, -1, 0]))
    np.testing.assert_allclose(y.detach().numpy(), torch.ldexp(torch.tensor([1.0, 2.0, 3.0]),
                                                              torch.tensor([1, -1, 0])).numpy())
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 0.5, 1.0])


X, V = rand(4, 5, seed=1), rand(3, 5, seed=2)
WRITES = {
    "index_put": (lambda L, x, i, v: L.index_put(x, (i,), v), [X, np.array([0, 2, 3]), V]),
    "index_put_accumulate": (lambda L, x, i, v: x.index_put((i,), v, accumulate=True), [X, np.array([0, 2, 0]), V]),
    "index_put_two_accumulate": (lambda L, x, i, j, v: x.index_put((i, j), v, accumulate=True),
                                 [X, np.array([0, 2, 0]), np.array([1, 1, 1]), rand(3, seed=3)]),
    "index_put_broadcast": (lambda L, x, i, j, v: L.index_put(x, (i, j), v),
                            [X, np.array([0, 2, 3]), np.array([1, 1, 4]), rand(1, seed=3)]),
    "masked_scatter": (lambda L, x, m, s: x.masked_scatter(m, s), [X, rand(4, 5, seed=4) > 0, rand(30, seed=5)]),
    "masked_scatter_broadcast": (lambda L, x, m, s: x.masked_scatter(m, s),
                                 [X, rand(5, seed=4) > 0, rand(5, 4, seed=5)]),
    "put": (lambda L, x, i, s: x.put(i, s), [X, np.array([0, 7, 19]), rand(3, seed=6)]),
    "put_accumulate": (lambda L, x, i, s: x.put(i, s, accumulate=True), [X, np.array([0, 7, 0]), rand(3, seed=6)]),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_index_writes_match_torch(name, device):
    fn, arrays = WRITES[name]
    check(fn, *arrays, device=device)


def test_in_place_writes():
    t, m = torch.zeros(3, 4), minigrad.zeros(3, 4)
    t.index_put_((torch.tensor([0, 2]),), torch.ones(4), accumulate=True)
    m.index_put_((minigrad.tensor([0, 2]),), minigrad.ones(4), accumulate=True)
    t.masked_scatter_(t > 0, torch.arange(8.0))
    m.masked_scatter_(m > 0, minigrad.arange(8.0))
    t.put_(torch.tensor([5]), torch.tensor([9.0]))
    m.put_(minigrad.tensor([5]), minigrad.tensor([9.0]))
    t[0, 0] = float("nan")
    m[0, 0] = float("nan")
    t.nan_to_num_(-1.0)
    m.nan_to_num_(-1.0)
    assert m.tolist() == t.tolist()


Y = np.array([[3, 1, 3], [2, 1, 3], [3, 1, 3]])
SEQ = np.sort(rand(7, seed=1))
COUNTING = {
    "unique": (lambda L, t: L.unique(t), [Y]),
    "unique_all": (lambda L, t: L.unique(t, return_inverse=True, return_counts=True), [Y]),
    "unique_dim0": (lambda L, t: L.unique(t, dim=0, return_inverse=True, return_counts=True), [Y]),
    "unique_dim1_method": (lambda L, t: t.unique(dim=1), [Y]),
    "unique_float": (lambda L, t: L.unique(t, return_counts=True), [np.array([2.5, 1.0, 2.5, -1.0])]),
    "unique_consecutive": (lambda L, t: L.unique_consecutive(t, return_inverse=True, return_counts=True),
                           [np.array([1, 1, 2, 2, 2, 3, 1, 1])]),
    "unique_consecutive_dim": (lambda L, t: L.unique_consecutive(t, dim=0, return_counts=True),
                               [np.array([[1, 2], [1, 2], [3, 4], [1, 2]])]),
    "searchsorted": (lambda L, s, v: L.searchsorted(s, v), [SEQ, rand(3, 4, seed=2)]),
    "searchsorted_right_ties": (lambda L, s, v: L.searchsorted(s, v, right=True), [SEQ, SEQ[[2, 4]]]),
    "searchsorted_rows": (lambda L, s, v: L.searchsorted(s, v, side="right"),
                          [np.sort(rand(3, 7, seed=1), -1), rand(3, 4, seed=2)]),
    "bucketize": (lambda L, v, b: L.bucketize(v, b), [rand(3, 4, seed=2), SEQ]),
    "bucketize_right_int32": (lambda L, v, b: L.bucketize(v, b, right=True, out_int32=True),
                              [np.array([SEQ[1], 5.0]), SEQ]),
    "bincount": (lambda L, x: L.bincount(x), [np.array([0, 1, 1, 5])]),
    "bincount_weights": (lambda L, x, w: x.bincount(w, minlength=8), [np.array([0, 1, 1, 5]), rand(4, seed=1)]),
    "histc": (lambda L, x: L.histc(x, bins=7), [rand(50, seed=1)]),
    "histc_range_f32": (lambda L, x: x.histc(bins=4, min=-1, max=1), [rand(50, seed=1).astype(np.float32)]),
    "isin": (lambda L, x, y: L.isin(x, y), [np.array([1, 2, 3, 4]), np.array([2, 4, 6])]),
    "isin_invert": (lambda L, x, y: L.isin(x, y, invert=True), [np.array([1, 2, 3, 4]), np.array([2, 4, 6])]),
}


@pytest.mark.parametrize("name", sorted(COUNTING))
def test_counting_and_searching_match_torch(name, device):
    fn, arrays = COUNTING[name]
    check(fn, *arrays, device=device, grad=[False] * len(arrays))


@pytest.mark.parametrize("call", [
    lambda L: L.bincount(L.tensor([-1, 2])),
    lambda L: L.bincount(L.tensor([[1, 2]])),
    lambda L: L.histc(L.tensor([1, 2])),
    lambda L: L.gcd(L.tensor([1.0]), L.tensor([2.0])),
    lambda L: L.zeros(3).masked_scatter(L.tensor([True, True, False]), L.ones(1)),
    lambda L: L.zeros(3).index_put((L.tensor([0]),), L.ones(1, dtype=L.float64)),
    lambda L: L.bucketize(L.ones(2), L.ones(2, 2)),
    lambda L: L.searchsorted(L.ones(2, 3), L.ones(3, 1)),
    lambda L: L.frexp(L.tensor([1, 2])),
])
def test_bad_calls_raise_like_torch(call):
    with pytest.raises((RuntimeError, NotImplementedError, TypeError)):
        call(torch)
    with pytest.raises((RuntimeError, NotImplementedError, TypeError)):
        call(minigrad)
