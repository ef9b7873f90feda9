"""Property tests: random broadcastable shapes and random chains of ops, checked against torch."""
import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from helpers import check

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BINARY = [
    lambda t, a, b: a + b, lambda t, a, b: a - b, lambda t, a, b: a * b,
    lambda t, a, b: a / (b.abs() + 0.5), lambda t, a, b: t.maximum(a, b), lambda t, a, b: t.where(a > b, a, b * 2),
    lambda t, a, b: (a.abs() + 0.1) ** (b * 0.5),
]
UNARY = [
    lambda t, a: a.exp() * 0.1, lambda t, a: (a.abs() + 0.5).log(), lambda t, a: a.relu(), lambda t, a: a.tanh(),
    lambda t, a: a.sigmoid(), lambda t, a: (a * a + 0.1).sqrt(), lambda t, a: a.clamp(-1, 1), lambda t, a: -a,
    lambda t, a: a.sin(), lambda t, a: a * 3 - 1,
]


@SETTINGS
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4),
       op=st.sampled_from(BINARY), seed=st.integers(0, 2 ** 16))
def test_binary_ops_on_random_broadcast_shapes(shapes, op, seed):
    rng = np.random.default_rng(seed)
    a = rng.uniform(-2, 2, shapes.input_shapes[0])
    b = rng.uniform(-2, 2, shapes.input_shapes[1])
    check(op, a, b)


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=1, max_dims=4, max_side=5), data=st.data(), seed=st.integers(0, 2 ** 16))
def test_reductions_on_random_shapes(shape, data, seed):
    nd = len(shape)
    dim = data.draw(st.integers(-nd, nd - 1))
    keepdim = data.draw(st.booleans())
    op = data.draw(st.sampled_from(["sum", "mean", "amax", "softmax", "log_softmax", "logsumexp", "norm"]))
    a = np.random.default_rng(seed).uniform(-2, 2, shape)
    if op in ("softmax", "log_softmax"):
        check(lambda t, x: getattr(x, op)(dim), a)
    elif op == "norm":
        check(lambda t, x: x.norm(dim=dim, keepdim=keepdim), a)
    else:
        check(lambda t, x: getattr(x, op)(dim, keepdim=keepdim), a)


@st.composite
def op_chains(draw):
    steps = draw(st.lists(st.tuples(st.booleans(), st.integers(0, 100), st.integers(0, 100)), min_size=1,
                          max_size=8))
    return steps


@SETTINGS
@given(chain=op_chains(), seed=st.integers(0, 2 ** 16), dtype=st.sampled_from([np.float64, np.float32]))
def test_random_op_chains_reuse_values(chain, seed, dtype):
    """Each step applies a unary op to, or combines two of, the values computed so far (so values are
    reused, making diamonds), then everything is summed."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.5, 1.5, (3, 4)).astype(dtype)
    y = rng.uniform(-1.5, 1.5, (4,)).astype(dtype)

    def f(t, a, b):
        vals = [a, b]
        for binary, i, j in chain:
            u = vals[i % len(vals)]
            if binary:
                vals.append(BINARY[j % len(BINARY)](t, u, vals[j % len(vals)]))
            else:
                vals.append(UNARY[j % len(UNARY)](t, u))
        return vals[-1] + vals[0].sum() * 0.1
    check(f, x, y, rtol=1e-4 if dtype == np.float32 else 1e-7, atol=1e-4 if dtype == np.float32 else 1e-9)
