"""nn.init and Module/container misuse compared with torch: where torch raises, minigrad raises the same
type; trunc_normal_ samples the truncated normal (and cannot stall on an interval far from the mean)."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

CASES = [
    "m.register_buffer('a.b', lib.zeros(1))", "m.register_buffer('', lib.zeros(1))",
    "m.register_buffer('weight', lib.zeros(1))", "m.register_buffer('x', 3)",
    "m.add_module('a.b', nn.ReLU())", "m.add_module('', nn.ReLU())", "m.add_module('x', 3)",
    "m.load_state_dict({'weight': lib.zeros(2, 3)})",
    "m.load_state_dict({'weight': lib.zeros(3, 3), 'bias': lib.zeros(2)})",
    "m.load_state_dict({'weight': lib.zeros(2, 2), 'bias': lib.zeros(2), 'extra': lib.zeros(1)})",
    "m.get_submodule('foo')", "m.get_parameter('foo')", "nn.Sequential(nn.ReLU())[3]", "nn.ModuleList([nn.ReLU()])[2]",
    "nn.ModuleList([3])", "nn.Sequential(3)", "nn.ModuleDict({'a': 3})", "m(lib.zeros(3, 3))", "m.foo",
    "nn.utils.clip_grad_norm_(m.parameters(), 1.0, norm_type='foo')",
    "nn.init.orthogonal_(lib.zeros(3))", "nn.init.uniform_(lib.zeros(3), 1, 0)", "nn.init.normal_(lib.zeros(3), 0, -1)",
    "nn.init.trunc_normal_(lib.zeros(3), a=2, b=1)", "nn.init.calculate_gain('foo')", "nn.init.xavier_uniform_(lib.zeros(3))",
    "nn.init.kaiming_uniform_(lib.zeros(3))",
]


@pytest.mark.parametrize("expr", CASES)
def test_misuse_raises_as_torch(expr):
    def attempt(lib):
        lib.manual_seed(0)
        env = {"lib": lib, "nn": lib.nn, "m": lib.nn.Linear(2, 2)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                eval(expr, env)
            except Exception as e:  # noqa: BLE001 -- the type is what is compared
                return e
        return None
    te, me = attempt(torch), attempt(minigrad)
    assert te is not None, "torch accepted it: the case is mis-listed"
    assert isinstance(me, type(te)), f"{expr}: minigrad raised {me!r}, torch {te!r}"


@pytest.mark.parametrize("mean,std,a,b", [(0, 1, -2, 2), (0, 0.02, -2, 2), (0, 1, 3, 3.5), (1, 2, -1, 0)])
def test_trunc_normal_samples_the_truncated_normal(mean, std, a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = minigrad.nn.init.trunc_normal_(minigrad.empty(40000), mean, std, a, b).numpy()
        t = torch.nn.init.trunc_normal_(torch.empty(40000), mean, std, a, b).numpy()
    assert m.min() >= a and m.max() <= b
    np.testing.assert_allclose(m.mean(), t.mean(), atol=4 * t.std() / np.sqrt(len(t)) * 2)
    np.testing.assert_allclose(m.std(), t.std(), rtol=0.03)
