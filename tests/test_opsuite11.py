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
