"""The in-place shape methods t_, transpose_, swapdims_, swapaxes_, squeeze_, unsqueeze_, resize_ and
resize_as_, compared with torch: the new shape and values, the gradients that flow through them, the version
counter, and torch's autograd rules (a leaf that requires grad, or a view of one, refuses; a backward that saved
the tensor refuses after it changed; resize_ refuses any tensor that requires grad, even under no_grad)."""
import numpy as np
import pytest
import torch

import minigrad

OPS = {
    "t_": lambda lib, t: t.t_(),
    "transpose_": lambda lib, t: t.transpose_(0, 1),
    "transpose_(-1, 0)": lambda lib, t: t.transpose_(-1, 0),
    "swapdims_": lambda lib, t: t.swapdims_(0, 1),
    "swapaxes_": lambda lib, t: t.swapaxes_(1, 0),
    "squeeze_": lambda lib, t: t.squeeze_(),
    "squeeze_(0)": lambda lib, t: t.squeeze_(0),
    "squeeze_(1)": lambda lib, t: t.squeeze_(1),
    "unsqueeze_": lambda lib, t: t.unsqueeze_(0),
    "unsqueeze_(-1)": lambda lib, t: t.unsqueeze_(-1),
    "resize_": lambda lib, t: t.resize_(3, 2),
    "resize_as_": lambda lib, t: t.resize_as_(lib.zeros(3, 2)),
    "resize_ smaller": lambda lib, t: t.resize_(2),
}


def _start(lib, op, **kw):
    data = [[1.0, -2.0, 3.0]] if "squeeze" in op else [[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]]
    return lib.tensor(data, dtype=lib.float64, **kw)


def _weights(lib, t):
    return lib.arange(t.numel(), dtype=lib.float64).reshape(t.shape) + 1


def _leaf(lib, op):
    return tuple(OPS[op](lib, _start(lib, op, requires_grad=True)).shape)


def _non_leaf(lib, op):
    x = _start(lib, op, requires_grad=True)
    y = x * 2
    v0 = y._version
    out = OPS[op](lib, y)
    assert out is y
    (y * _weights(lib, y)).sum().backward()
    return tuple(y.shape), y._version - v0, y.tolist(), x.grad.tolist()


def _view_of_leaf(lib, op):
    return tuple(OPS[op](lib, _start(lib, op, requires_grad=True)[:]).shape)


def _view_of_non_leaf(lib, op):
    x = _start(lib, op, requires_grad=True)
    y = x * 2
    v = y[:]
    OPS[op](lib, v)
    (v * _weights(lib, v)).sum().backward()
    return tuple(v.shape), tuple(y.shape), x.grad.tolist()


def _view_changed_after(lib, op):
    """the changed view is changed again in place: the write reaches its base, and the gradient follows"""
    x = _start(lib, op, requires_grad=True)
    y = x * 2
    v = y[:]
    OPS[op](lib, v)
    v.mul_(_weights(lib, v))
    (y * y).sum().backward()
    return y.tolist(), x.grad.tolist()


def _older_view_after(lib, op):
    """a view made before the in-place shape change still sees later in-place changes of the tensor"""
    x = _start(lib, op, requires_grad=True)
    y = x * 2
    w = y[0]
    OPS[op](lib, y)
    y.mul_(_weights(lib, y))
    (w * w).sum().backward()
    return w.tolist(), x.grad.tolist()


def _saved_by_mul(lib, op):
    x = _start(lib, op, requires_grad=True)
    y = x * 2
    z = y * y                 # saves y
    OPS[op](lib, y)
    z.sum().backward()


def _under_no_grad(lib, op):
    x = _start(lib, op, requires_grad=True)
    with lib.no_grad():
        OPS[op](lib, x)
    return tuple(x.shape), x.requires_grad, x.is_leaf, x._version


def _plain(lib, op):
    y = _start(lib, op)
    base = y.clone()
    v0 = y._version
    OPS[op](lib, y)
    return tuple(y.shape), y.tolist(), y._version - v0, base.tolist()


SCENARIOS = [_leaf, _non_leaf, _view_of_leaf, _view_of_non_leaf, _view_changed_after, _older_view_after,
             _saved_by_mul, _under_no_grad, _plain]


def _outcome(fn, lib, op):
    try:
        return "value", fn(lib, op)
    except Exception as e:  # noqa: BLE001 -- the class is what is compared
        return "error", e


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f.__name__.strip("_") for f in SCENARIOS])
@pytest.mark.parametrize("op", list(OPS))
def test_inplace_view_op_as_torch(op, scenario):
    (tk, t), (mk, m) = _outcome(scenario, torch, op), _outcome(scenario, minigrad, op)
    assert mk == tk, f"{op} {scenario.__name__}: torch gave {tk} {t!r}, minigrad {mk} {m!r}"
    if tk == "error":
        assert type(m) is type(t), f"{op}: minigrad {m!r} vs torch {t!r}"
        words = ("leaf", "in-place") if "leaf" in str(t) else ("resize",) if "resize" in str(t) else ("modified",)
        assert any(w in str(m) for w in words), f"{op}: {m}"
    else:
        assert repr(m) == repr(t), f"{op} {scenario.__name__}: minigrad {m} vs torch {t}"


def test_resize_to_more_elements_keeps_the_values_in_order():
    """torch leaves the new elements uninitialised; minigrad gives zeros. The first ones are the old values."""
    for lib in (torch, minigrad):
        y = lib.arange(6.0).reshape(2, 3)
        v0 = y._version
        y.resize_(4, 4)
        assert tuple(y.shape) == (4, 4) and y._version == v0 + 1
        np.testing.assert_array_equal(y.reshape(-1)[:6].numpy(), np.arange(6.0))
    assert (minigrad.arange(6.0).resize_(4, 4).reshape(-1)[6:].numpy() == 0).all()


def test_resize_shares_memory_when_it_fits():
    y = minigrad.arange(6.0)
    v = y.view(2, 3)
    v.resize_(4)
    v[0] = 100.0
    assert y[0].item() == 100.0 and tuple(v.shape) == (4,)


@pytest.mark.parametrize("code", ["t.resize_(-1)", "t.resize_(2, -3)", "t.resize_('a')", "t.resize_as_([1, 2])",
                                  "t.squeeze_(3)", "t.unsqueeze_(4)", "t.transpose_(0, 3)", "t.resize_(2.5)",
                                  "lib.ones(2, 3, 4).t_()"])
def test_bad_inplace_view_calls_as_torch(code):
    classes = {}
    for lib in (torch, minigrad):
        try:
            exec(code, {"lib": lib, "t": lib.ones(2, 3)})
            classes[lib] = None
        except Exception as e:  # noqa: BLE001
            classes[lib] = type(e)
    assert classes[torch] is not None
    assert classes[minigrad] is classes[torch], f"{code}: minigrad {classes[minigrad]} vs torch {classes[torch]}"
