"""torch's two views that may not change in place with grad mode on: an output of split/chunk/unbind
(of a tensor that requires grad), and a view made under no_grad of a tensor that requires grad; views
of those views inherit the rule. Every case runs on torch and on minigrad, in both modes."""
import pytest
import torch

import minigrad

CASES = [
    ("split output", "x = lib.randn(4, 3, requires_grad=True) * 1\na, b = x.split(2)\na.add_(1)"),
    ("unbind output", "x = lib.randn(4, 3, requires_grad=True) * 1\na = x.unbind(0)[0]\na.mul_(2)"),
    ("chunk output", "x = lib.randn(4, 3, requires_grad=True) * 1\na = x.chunk(2)[1]\na.zero_()"),
    ("split of a leaf", "x = lib.randn(4, 3, requires_grad=True)\na, b = x.split(2)\na.add_(1)"),
    ("one-part split", "x = lib.randn(4, 3, requires_grad=True) * 1\na, = x.split(4)\na.add_(1)"),
    ("view of a split output", "x = lib.randn(4, 3, requires_grad=True) * 1\na, b = x.split(2)\na[0].add_(1)"),
    ("setitem on unbind output", "x = lib.randn(4, 3, requires_grad=True) * 1\na = x.unbind(0)[0]\na[0] = 5"),
    ("split of a tensor without grad", "x = lib.randn(4, 3)\na, b = x.split(2)\na.add_(1)"),
    ("split output under no_grad", "x = lib.randn(4, 3, requires_grad=True) * 1\na, b = x.split(2)\n"
                                   "with lib.no_grad():\n    a.add_(1)"),
    ("a result computed from a split output", "x = lib.randn(4, 3, requires_grad=True) * 1\n"
                                              "b = x.split(2)[0] * 2\nb.add_(1)"),
    ("tensor_split output", "x = lib.randn(4, 3, requires_grad=True) * 1\na = x.tensor_split(2)[0]\na.add_(1)"),
    ("no_grad view", "x = lib.randn(4, 3, requires_grad=True) * 1\nwith lib.no_grad():\n    v = x[0]\nv.add_(1)"),
    ("no_grad view, copy_", "x = lib.randn(4, 3, requires_grad=True) * 1\nwith lib.no_grad():\n"
                            "    v = x.view(12)\nv.copy_(lib.zeros(12))"),
    ("view of a no_grad view", "x = lib.randn(4, 3, requires_grad=True) * 1\nwith lib.no_grad():\n"
                               "    v = x[0]\nw = v[1:]\nw.add_(1)"),
    ("no_grad view changed under no_grad", "x = lib.randn(4, 3, requires_grad=True) * 1\nwith lib.no_grad():\n"
                                           "    v = x[0]\n    v.add_(1)"),
    ("no_grad view of a tensor without grad", "x = lib.randn(4, 3)\nwith lib.no_grad():\n    v = x[0]\nv.add_(1)"),
    ("detach under no_grad", "x = lib.randn(3, requires_grad=True)\nwith lib.no_grad():\n    d = x.detach()\n"
                             "d.add_(1)"),
]


def _outcome(lib, code):
    try:
        exec(code, {"lib": lib})
    except RuntimeError as exc:
        return "RuntimeError", str(exc)
    return "ok", ""


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
@pytest.mark.parametrize("name,code", CASES, ids=[c[0] for c in CASES])
def test_in_place_on_views_as_torch(name, code, reference):
    expected, _ = _outcome(torch, code)
    with minigrad.reference_mode(reference):
        got, message = _outcome(minigrad, code)
    assert got == expected
    if got == "RuntimeError":
        assert "in place" in message and ("clone()" in message)


def test_the_refusals_say_which_output_and_why():
    x = minigrad.randn(4, 3, requires_grad=True) * 1
    a, b = x.split(2)
    with pytest.raises(RuntimeError, match=r"add_: output 1 of Split is a view"):
        b.add_(1)
    with minigrad.no_grad():
        v = x[0]
    with pytest.raises(RuntimeError, match=r"mul_: a view was created under no_grad"):
        v.mul_(2)
