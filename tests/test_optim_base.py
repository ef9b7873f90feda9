"""The Optimizer base against torch's: named parameters, parameter-list errors, duplicate warnings."""
import warnings

import numpy as np
import pytest
import torch

import minigrad


def test_named_parameters_as_torch():
    out = []
    for lib in (torch, minigrad):
        lib.manual_seed(0)
        m = lib.nn.Linear(2, 1)
        with lib.no_grad():
            m.weight.copy_(lib.tensor([[0.5, -1.0]]))
            m.bias.zero_()
        opt = lib.optim.Adam(m.named_parameters(), lr=0.1)
        for _ in range(3):
            opt.zero_grad()
            m(lib.ones(2)).sum().backward()
            opt.step()
        sd = opt.state_dict()
        out.append((opt.param_groups[0]["param_names"], sd["param_groups"][0]["param_names"],
                    sd["param_groups"][0]["params"], m.weight.detach().numpy().copy()))
    assert out[1][:3] == out[0][:3] == (["weight", "bias"], ["weight", "bias"], [0, 1])
    np.testing.assert_allclose(out[1][3], out[0][3], rtol=1e-6)


def _p(lib):
    return lib.zeros(2, requires_grad=True)


BAD = [
    "lib.optim.SGD([], lr=0.1)", "lib.optim.SGD(p, lr=0.1)", "lib.optim.SGD([p * 2], lr=0.1)",
    "lib.optim.SGD([{'params': [p]}, {'params': [p]}], lr=0.1)", "lib.optim.SGD([1.0], lr=0.1)",
    "lib.optim.SGD([('a', p), q], lr=0.1)", "lib.optim.SGD([{'lr': 1}], lr=0.1)",
    "lib.optim.SGD([{'params': {p}}], lr=0.1)",
]


@pytest.mark.parametrize("expr", BAD)
def test_bad_parameter_lists_raise_as_torch(expr):
    def attempt(lib):
        try:
            eval(expr, {"lib": lib, "p": _p(lib), "q": _p(lib)})
        except Exception as e:  # noqa: BLE001 -- the type is what is compared
            return e
        return None
    te, me = attempt(torch), attempt(minigrad)
    assert te is not None, "torch accepted it: the case is mis-listed"
    assert type(me) is type(te), f"{expr}: minigrad raised {me!r}, torch {te!r}"
    assert str(me).startswith(str(te).split(", but got")[0][:50]), f"{expr}: {me} vs torch's {te}"


def test_duplicate_parameter_in_a_group_warns_as_torch():
    for lib in (torch, minigrad):
        p = _p(lib)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            lib.optim.SGD([p, p], lr=0.1)
        assert any("duplicate parameters" in str(x.message) for x in w), lib.__name__


@pytest.mark.parametrize("other", ["two groups", "two params"])
def test_load_state_dict_mismatch_raises_as_torch(other):
    msgs = []
    for lib in (torch, minigrad):
        p, q = _p(lib), _p(lib)
        src = (lib.optim.SGD([{"params": [p]}, {"params": [q]}], lr=0.1) if other == "two groups"
               else lib.optim.SGD([p, q], lr=0.1))
        with pytest.raises(ValueError) as e:
            lib.optim.SGD([p], lr=0.1).load_state_dict(src.state_dict())
        msgs.append(str(e.value))
    assert msgs[1].startswith(msgs[0])
