"""inverse, det, slogdet, logdet, solve, cholesky, matrix_power, pinverse, multi_dot, vecdot: forward,
gradients and second derivatives against torch."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import TORCH_VERSION, check, rand

A = rand(3, 4, 4, seed=1) + 4 * np.eye(4)            # well conditioned
B = rand(3, 4, 2, seed=2)


def lin(L, name):
    """torch.linalg.<name>, or minigrad.linalg.<name>."""
    return getattr(L.linalg, name)


CASES = {
    "inverse": (lambda L, a: L.inverse(a), [A]),
    "inv_method_2d": (lambda L, a: a.inverse(), [A[0]]),
    "det": (lambda L, a: L.det(a), [A]),
    "det_negative": (lambda L, a: a.det(), [A[0][[1, 0, 2, 3]]]),
    "slogdet": (lambda L, a: L.slogdet(a), [A]),
    "logdet": (lambda L, a: L.logdet(a @ a.mT), [A]),
    "solve": (lambda L, a, b: lin(L, "solve")(a, b), [A, B]),
    "solve_vector": (lambda L, a, b: lin(L, "solve")(a, b), [A, B[..., 0]]),
    "solve_broadcast": (lambda L, a, b: lin(L, "solve")(a, b), [A[0], B]),
    "solve_right": (lambda L, a, b: lin(L, "solve")(a, b, left=False), [A, B.transpose(0, 2, 1)]),
    "cholesky": (lambda L, a: lin(L, "cholesky")(a @ a.mT), [A]),
    "cholesky_upper": (lambda L, a: lin(L, "cholesky")(a @ a.mT, upper=True), [A]),
    "matrix_power_0": (lambda L, a: L.matrix_power(a, 0), [A]),
    "matrix_power_5": (lambda L, a: a.matrix_power(5) / 1e4, [A]),
    "matrix_power_neg": (lambda L, a: L.matrix_power(a, -2), [A]),
    "pinverse_tall": (lambda L, a: L.pinverse(a), [rand(5, 3, seed=3)]),
    "pinverse_wide": (lambda L, a: a.pinverse(), [rand(3, 5, seed=3)]),
    "multi_dot": (lambda L, a, b, c: lin(L, "multi_dot")([a, b, c]), [rand(3, seed=1), rand(3, 4, seed=2),
                                                                       rand(4, seed=3)]),
    "chain_matmul": (lambda L, a, b: L.chain_matmul(a, b), [rand(2, 3, seed=1), rand(3, 4, seed=2)]),
    "vecdot": (lambda L, a, b: lin(L, "vecdot")(a, b, dim=0), [rand(3, 4, seed=1), rand(3, 1, seed=2)]),
    "linalg_inv": (lambda L, a: lin(L, "inv")(a), [A]),
    "linalg_det": (lambda L, a: lin(L, "det")(a), [A]),
    "linalg_slogdet": (lambda L, a: lin(L, "slogdet")(a), [A]),
    "linalg_matrix_power": (lambda L, a: lin(L, "matrix_power")(a, 3), [A]),
    "linalg_pinv": (lambda L, a: lin(L, "pinv")(a), [rand(5, 3, seed=3)]),
}


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", sorted(CASES))
def test_matrix_functions_match_torch(name, device):
    fn, arrays = CASES[name]
    check(fn, *arrays, device=device)


@pytest.mark.parametrize("name", ["inverse", "det", "slogdet", "solve", "cholesky"])
def test_second_derivatives_match_torch(name):
    fn, arrays = CASES[name]

    def second(L):
        ts = [L.tensor(a, requires_grad=True) for a in arrays]
        out = fn(L, *ts)
        out = out[1] if isinstance(out, tuple) else out
        gs = L.autograd.grad((out * out).sum(), ts, create_graph=True)
        return [g.numpy() for g in L.autograd.grad(sum((g * g).sum() for g in gs), ts)]
    for m, t in zip(second(minigrad), second(torch)):
        np.testing.assert_allclose(m, t, rtol=1e-7, atol=1e-9)


def test_errors_like_torch():
    for L in (torch, minigrad):
        with pytest.raises(RuntimeError):
            L.inverse(L.zeros(2, 2))
        with pytest.raises(RuntimeError):
            L.det(L.zeros(2, 3))
        with pytest.raises(RuntimeError):
            lin(L, "cholesky")(-L.eye(2))
        with pytest.raises(RuntimeError):
            lin(L, "solve")(L.eye(2), L.ones(3, 1))
        with pytest.raises(RuntimeError):
            L.inverse(L.ones(2, 2, dtype=L.int64))


@pytest.mark.parametrize("name", ["solve", "inv", "det", "slogdet", "cholesky"])
def test_integer_matrices_raise_not_implemented(name):
    """torch >= 2.15 raises NotImplementedError for a linalg function given an integer matrix ("Expected a
    floating point or complex tensor as input"); torch 2.13 and 2.14 raised a plain RuntimeError. minigrad
    follows 2.15 (NotImplementedError subclasses RuntimeError, so `except RuntimeError` still catches it)."""
    for L in (torch, minigrad):
        args = [L.eye(2, dtype=L.int64)] + ([L.ones(2, dtype=L.int64)] if name == "solve" else [])
        with pytest.raises(RuntimeError, match="Expected a floating point or complex tensor") as exc:
            lin(L, name)(*args)
        newer = L is minigrad or TORCH_VERSION >= (2, 15)
        assert (exc.type is NotImplementedError) == newer, f"{L.__name__}.linalg.{name}: {exc.type.__name__}"
