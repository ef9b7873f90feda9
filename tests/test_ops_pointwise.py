"""Elementwise ops against torch: forward values, dtypes and every input's gradient, with broadcasting."""
import numpy as np
import torch

import minigrad
import pytest

from helpers import check, rand, TORCH_VERSION

BROADCAST_SHAPES = [
    ((3, 4), (3, 4)),
    ((3, 4), (4,)),
    ((3, 1), (1, 4)),
    ((2, 3, 4), (3, 1)),
    ((1,), (2, 3)),
    ((), (3, 2)),
    ((2, 1, 4), (5, 1)),
]
DTYPES = [np.float64, np.float32]

BINARY = {
    "add": lambda t, a, b: a + b,
    "sub": lambda t, a, b: a - b,
    "mul": lambda t, a, b: a * b,
    "div": lambda t, a, b: a / b,
    "add_alpha": lambda t, a, b: t.add(a, b, alpha=0.5),
    "sub_alpha": lambda t, a, b: t.sub(a, b, alpha=2),
    "maximum": lambda t, a, b: t.maximum(a, b),
    "minimum": lambda t, a, b: t.minimum(a, b),
    "pow_pos_base": lambda t, a, b: a.abs() ** b,
    "where": lambda t, a, b: t.where(a > 0, a, b),
    "lerp": lambda t, a, b: t.lerp(a, b, 0.3),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("shapes", BROADCAST_SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_binary(name, shapes, dtype, device):
    a = rand(*shapes[0], dtype=dtype, seed=1)
    b = rand(*shapes[1], dtype=dtype, seed=2)
    if name == "div":
        b = np.where(np.abs(b) < 0.3, 0.7, b).astype(dtype)
    check(BINARY[name], a, b, device=device)


def test_maximum_ties_split_gradient(device):
    a = np.array([1.0, 2.0, 3.0])
    b = np.array([1.0, 0.0, 3.0])
    check(lambda t, x, y: t.maximum(x, y), a, b, device=device)
    check(lambda t, x, y: t.minimum(x, y), a, b, device=device)


SCALAR_OPS = {
    "x+s": lambda t, a: a + 1.5,
    "s+x": lambda t, a: 1.5 + a,
    "x-s": lambda t, a: a - 2,
    "s-x": lambda t, a: 2 - a,
    "x*s": lambda t, a: a * 0.999,
    "s*x": lambda t, a: 3 * a,
    "x/s": lambda t, a: a / 4.0,
    "s/x": lambda t, a: 2.0 / a,
    "x**2": lambda t, a: a ** 2,
    "x**3": lambda t, a: a ** 3,
    "x**0": lambda t, a: a ** 0,
    "|x|**0.5": lambda t, a: a.abs() ** 0.5,
    "2**x": lambda t, a: 2 ** a,
    "neg": lambda t, a: -a,
}


@pytest.mark.parametrize("name", sorted(SCALAR_OPS))
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_scalar_operands_keep_dtype(name, dtype, device):
    a = rand(3, 4, dtype=dtype, seed=3)
    a = np.where(np.abs(a) < 0.2, 0.5, a).astype(dtype)
    check(SCALAR_OPS[name], a, device=device)


UNARY = {
    "exp": lambda t, a: t.exp(a),
    "log": lambda t, a: t.log(a.abs() + 0.1),
    "log1p": lambda t, a: t.log1p(a.abs()),
    "log2": lambda t, a: t.log2(a.abs() + 0.1),
    "sqrt": lambda t, a: t.sqrt(a.abs() + 0.1),
    "rsqrt": lambda t, a: t.rsqrt(a.abs() + 0.1),
    "abs": lambda t, a: t.abs(a),
    "relu": lambda t, a: t.relu(a),
    "sigmoid": lambda t, a: t.sigmoid(a),
    "tanh": lambda t, a: t.tanh(a),
    "sin": lambda t, a: t.sin(a),
    "cos": lambda t, a: t.cos(a),
    "tan": lambda t, a: t.tan(a * 0.5),
    "reciprocal": lambda t, a: t.reciprocal(a.abs() + 0.5),
    "square": lambda t, a: t.square(a),
    "expm1": lambda t, a: t.expm1(a),
    "clamp": lambda t, a: t.clamp(a, -0.5, 0.7),
    "clamp_min": lambda t, a: a.clamp(min=0.1),
    "clamp_max": lambda t, a: a.clamp(max=0.1),
    "sign": lambda t, a: t.sign(a) * a,
    "floor": lambda t, a: t.floor(a) + a,
    "round": lambda t, a: t.round(a) * a,
    "method_chain": lambda t, a: a.exp().mul(2).sub(a.sin()).div(3),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 2), ()], ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_unary(name, shape, dtype, device):
    a = rand(*shape, dtype=dtype, seed=4)
    check(UNARY[name], a, device=device)


def test_relu_at_zero_and_special_values(device):
    a = np.array([-1.0, 0.0, 2.0, -np.inf, np.inf])
    check(lambda t, x: t.relu(x), a, device=device)


def test_sigmoid_is_finite_at_extremes(device):
    a = np.array([-1e4, -50.0, 0.0, 50.0, 1e4], dtype=np.float32)
    check(lambda t, x: t.sigmoid(x), a, device=device)


def test_clamp_gradient_at_boundaries(device):
    """torch >= 2.14: the gradient of clamp is 0 at the bounds (torch 2.13 gave 1 there)."""
    a = np.array([-1.0, -0.5, 0.0, 0.7, 1.0])
    if TORCH_VERSION >= (2, 14):
        check(lambda t, x: t.clamp(x, -0.5, 0.7), a, device=device)
        return
    x = minigrad.tensor(a, device=device, requires_grad=True)
    up = np.array([0.3, -1.2, 0.7, 2.0, -0.4])
    y = x.clamp(-0.5, 0.7)
    y.backward(minigrad.tensor(up, device=device))
    np.testing.assert_allclose(y.detach().cpu().numpy(), np.clip(a, -0.5, 0.7))
    np.testing.assert_allclose(x.grad.cpu().numpy(), [0.0, 0.0, 0.7, 0.0, 0.0])     # torch >= 2.14
    tx = torch.tensor(a, requires_grad=True)
    tx.clamp(-0.5, 0.7).backward(torch.tensor(up))
    np.testing.assert_allclose(tx.grad.numpy(), [0.0, -1.2, 0.7, 2.0, 0.0])         # torch 2.13: 1 at bounds


def test_pow_tensor_exponent_with_zero_base(device):
    a = np.array([0.0, 1.0, 2.0, 0.0])
    b = np.array([2.0, 3.0, 0.5, 0.0])
    check(lambda t, x, y: x ** y, a, b, device=device)


def test_clamp_with_tensor_bounds(device):
    a, lo, hi = rand(4, 3, seed=1), rand(4, 3, seed=2) - 1, rand(3, seed=3) + 1
    check(lambda t, x, l, h: t.clamp(x, l, h), a, lo, hi, device=device)


@pytest.mark.parametrize("expr", [
    lambda t, a: a.int() + 1,
    lambda t, a: a.long() * 2.5,
    lambda t, a: a.long() / 2,
    lambda t, a: a.long() // 3,
    lambda t, a: a.long() % 3,
    lambda t, a: (a > 0) + 1,
    lambda t, a: (a > 0) * 1.5,
    lambda t, a: a.float() + a.double(),
    lambda t, a: a.long().float().exp(),
    lambda t, a: t.exp(a.long()),
    lambda t, a: a.int() + a.long(),
    lambda t, a: a + t.tensor(2.0, dtype=t.float64, device=a.device),
    lambda t, a: a.long() + t.tensor(2.5, device=a.device),
    lambda t, a: a.float() * t.tensor([2.0], dtype=t.float64, device=a.device),
    lambda t, a: a.bool() & (a > 1),
    lambda t, a: ~(a > 0),
    lambda t, a: (a > 0) | (a < -1),
    lambda t, a: a.half().float(),
    lambda t, a: t.remainder(a, 1.5),
    lambda t, a: t.fmod(a, 1.5),
    lambda t, a: t.div(a, 0.7, rounding_mode="floor"),
    lambda t, a: t.div(a, 0.7, rounding_mode="trunc"),
    lambda t, a: t.div(a.long(), 2, rounding_mode="trunc"),
], ids=lambda f: "")
def test_dtype_promotion_like_torch(expr, device):
    a = (rand(3, 4, seed=5) * 3).astype(np.float32)
    check(expr, a, device=device, grad=[False])


def test_remainder_gradient(device):
    a = rand(3, 4, seed=6) * 3
    check(lambda t, x: t.remainder(x, 1.5), a, device=device)
