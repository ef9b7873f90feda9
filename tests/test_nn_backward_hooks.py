"""Module backward hooks (register_full_backward_hook, register_full_backward_pre_hook,
register_backward_hook) and forward-hook options, run on torch and on minigrad from the same weights:
what each hook sees (values, and which entries are None), what a returned tuple changes, handles."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from minigrad.nn import module as mg_module

LIBS = {"torch": torch, "minigrad": minigrad}


def _np(t):
    return None if t is None else np.array(t.detach().cpu().numpy())


def _same(build, lib_name, seed=0):
    """The module ``build(lib)`` for ``lib_name``, with the weights of torch's copy (made under ``seed``)."""
    torch.manual_seed(seed)
    tm = build(torch).double()
    if lib_name == "torch":
        return tm
    mm = build(minigrad).double()
    mm.load_state_dict({k: minigrad.tensor(v.detach().numpy()) for k, v in tm.state_dict().items()})
    return mm


def _inputs(lib, shapes, requires=None, seed=1):
    rng = np.random.default_rng(seed)
    requires = requires or [True] * len(shapes)
    return [lib.tensor(rng.standard_normal(s), requires_grad=r) for s, r in zip(shapes, requires)]


def _record(log, name, ret=None):
    def hook(module, grad_input, grad_output):
        log.append((name, [_np(g) for g in grad_input], [_np(g) for g in grad_output]))
        return ret(grad_input) if ret else None
    return hook


def _run(lib_name, build, shapes, register, requires=None, pick=lambda out: out):
    """Forward, backward with a random upstream gradient; returns (hook log, input grads, param grads)."""
    lib = LIBS[lib_name]
    m = _same(build, lib_name)
    log = []
    register(m, log)
    xs = _inputs(lib, shapes, requires)
    out = pick(m(*xs))
    up = lib.tensor(np.random.default_rng(7).standard_normal(tuple(out.shape)))
    out.backward(up)
    return log, [_np(x.grad) for x in xs], {k: _np(p.grad) for k, p in m.named_parameters()}


def _compare(a, b):
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        a, b = list(a.values()), list(b.values())
    if isinstance(a, (list, tuple)):
        assert len(a) == len(b), (a, b)
        for x, y in zip(a, b):
            _compare(x, y)
    elif a is None or b is None:
        assert a is None and b is None, f"torch {a!r} vs minigrad {b!r}"
    elif isinstance(a, str):
        assert a == b
    else:
        np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-12)


def _both(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = _run("torch", *args, **kw)
        m = _run("minigrad", *args, **kw)
    _compare(t, m)
    return m


class TwoIn(object):
    """A module of two inputs and two outputs, for either library."""
    @staticmethod
    def build(lib):
        class Two(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.lin = lib.nn.Linear(3, 3)

            def forward(self, a, b):
                return self.lin(a) * b, (a + b).tanh()
        return Two()


MODULES = {
    "linear": (lambda lib: lib.nn.Linear(4, 3), [(5, 4)]),
    "conv2d": (lambda lib: lib.nn.Conv2d(2, 3, 3, padding=1, stride=2), [(2, 2, 6, 5)]),
    "sequential": (lambda lib: lib.nn.Sequential(lib.nn.Linear(4, 6), lib.nn.Tanh(), lib.nn.Linear(6, 2)), [(3, 4)]),
}


@pytest.mark.parametrize("name", MODULES)
def test_full_backward_hook_sees_torchs_gradients(name):
    build, shapes = MODULES[name]
    log, _, _ = _both(build, shapes, lambda m, log: m.register_full_backward_hook(_record(log, "m")))
    assert len(log) == 1 and log[0][1][0].shape == shapes[0]


def test_hooks_on_submodules_fire_in_backward_order():
    build, shapes = MODULES["sequential"]

    def register(m, log):
        m.register_full_backward_hook(_record(log, "seq"))
        for i, sub in enumerate(m):
            sub.register_full_backward_hook(_record(log, f"sub{i}"))
            sub.register_full_backward_pre_hook(lambda mod, go, i=i: log.append((f"pre{i}", [_np(g) for g in go])))
    log, _, _ = _both(build, shapes, register)
    assert [e[0] for e in log] == ["pre2", "sub2", "pre1", "sub1", "pre0", "sub0", "seq"]


def test_two_inputs_two_outputs():
    # both outputs used, then only the second (the first's grad_output entry is None), then b needing no grad
    _both(TwoIn.build, [(2, 3), (2, 3)], lambda m, log: m.register_full_backward_hook(_record(log, "two")),
          pick=lambda out: out[0] * 2 + out[1])
    log, _, _ = _both(TwoIn.build, [(2, 3), (2, 3)], lambda m, log: m.register_full_backward_hook(_record(log, "t")),
                      pick=lambda out: out[1])
    assert log[0][2][0] is None and log[0][2][1] is not None
    log, grads, _ = _both(TwoIn.build, [(2, 3), (2, 3)],
                          lambda m, log: m.register_full_backward_hook(_record(log, "t")),
                          requires=[True, False], pick=lambda out: out[0])
    # torch hands a tensor input that needs no grad a zero gradient (not None)
    assert grads[1] is None and not log[0][1][1].any()


def test_returned_tuple_replaces_grad_input():
    build, shapes = MODULES["linear"]
    _, grads, params = _both(build, shapes, lambda m, log: m.register_full_backward_hook(
        _record(log, "m", ret=lambda gi: (gi[0] * 3,))))
    _, grads0, params0 = _run("minigrad", build, shapes, lambda m, log: None)
    np.testing.assert_allclose(grads[0], 3 * grads0[0])
    _compare(params0, params)                 # the parameters' gradients are not touched
    _, grads, params = _both(build, shapes, lambda m, log: m.register_full_backward_hook(
        _record(log, "m", ret=lambda gi: (None,))))
    assert grads[0] is None and params["weight"] is not None


def test_pre_hook_replaces_grad_output():
    build, shapes = MODULES["sequential"]

    def register(m, log):
        m[2].register_full_backward_pre_hook(lambda mod, go: (go[0] * -2,))
        m[0].register_full_backward_hook(_record(log, "first"))
    _, grads, params = _both(build, shapes, register)
    _, grads0, params0 = _run("minigrad", build, shapes, lambda m, log: None)
    np.testing.assert_allclose(params["2.weight"], -2 * params0["2.weight"])
    np.testing.assert_allclose(grads[0], -2 * grads0[0])


def test_inplace_activation_after_the_hooked_module():
    """torch refuses ReLU(inplace=True) right after a module with a full backward hook (a view of a
    custom Function's output changed in place); minigrad allows it, and the hook and the gradients
    equal torch's with inplace=False."""
    def build_inplace(lib):
        return lib.nn.Sequential(lib.nn.Linear(4, 3), lib.nn.ReLU(inplace=True), lib.nn.Linear(3, 2))

    def build_plain(lib):
        return lib.nn.Sequential(lib.nn.Linear(4, 3), lib.nn.ReLU(), lib.nn.Linear(3, 2))

    def register(m, log):
        m[0].register_full_backward_hook(_record(log, "lin"))
    with pytest.raises(RuntimeError, match="modified inplace"):
        _run("torch", build_inplace, [(5, 4)], register)
    expected = _run("torch", build_plain, [(5, 4)], register)
    got = _run("minigrad", build_inplace, [(5, 4)], register)
    _compare(expected, got)
    assert len(got[0]) == 1


def test_handle_remove_and_context_manager():
    build, shapes = MODULES["linear"]
    for lib_name in LIBS:
        m = _same(build, lib_name)
        log = []
        h = m.register_full_backward_hook(_record(log, "m"))
        hp = m.register_full_backward_pre_hook(lambda mod, go: log.append("pre"))
        x = _inputs(LIBS[lib_name], shapes)[0]
        m(x).sum().backward()
        h.remove()
        hp.remove()
        m(x).sum().backward()
        assert [e if isinstance(e, str) else e[0] for e in log] == ["pre", "m"], lib_name
        with m.register_full_backward_hook(_record(log, "ctx")):
            m(x).sum().backward()
        m(x).sum().backward()
        assert len(log) == 3 and log[-1][0] == "ctx"


def test_once_per_forward_call_and_per_backward():
    build, shapes = MODULES["linear"]
    for lib_name, lib in LIBS.items():
        m = _same(build, lib_name)
        log = []
        m.register_full_backward_hook(_record(log, "m"))
        x = _inputs(lib, shapes)[0]
        (m(x) + m(x * 2)).sum().backward()
        assert len(log) == 2
        s = m(x).sum()
        s.backward(retain_graph=True)
        s.backward()
        assert len(log) == 4


def test_no_firing_without_grad_and_warning_when_no_input_requires_grad():
    build, shapes = MODULES["linear"]
    for lib_name, lib in LIBS.items():
        m = _same(build, lib_name)
        log = []
        m.register_full_backward_hook(_record(log, "m"))
        x = _inputs(lib, shapes, requires=[False])[0]
        with lib.no_grad():
            assert not m(x).requires_grad
        m.requires_grad_(False)
        assert not m(x).requires_grad
        m.requires_grad_(True)
        assert log == []
        with pytest.warns(UserWarning, match="no inputs require gradients"):
            m(x).sum().backward()           # the weights need grad, x does not: grad_input is (None,)
        assert log[0][1] == [None] and log[0][2][0].shape == (5, 3)
    # with no input requiring grad, such a hook may only return None (or Nones)
    for lib_name, lib in LIBS.items():
        m = _same(build, lib_name)
        m.register_full_backward_hook(lambda mod, gi, go: (lib.ones(1),))
        x = _inputs(lib, shapes, requires=[False])[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(RuntimeError, match="no input requires gradient"):
                m(x).sum().backward()


def test_wrong_number_of_gradients_returned():
    build, shapes = MODULES["linear"]
    for lib_name, lib in LIBS.items():
        x = _inputs(lib, shapes)[0]
        m = _same(build, lib_name)
        m.register_full_backward_hook(lambda mod, gi, go: (gi[0], gi[0]))
        with pytest.raises(RuntimeError, match="invalid number of grad_input, got 2, but expected 1"):
            m(x).sum().backward()
        m = _same(build, lib_name)
        m.register_full_backward_pre_hook(lambda mod, go: (go[0], go[0]))
        with pytest.raises(RuntimeError, match="invalid number of grad_output, got 2, but expected 1"):
            m(x).sum().backward()


def test_legacy_backward_hook():
    """register_backward_hook: torch's deprecated hook. For a one-operation module it sees what a
    full hook sees, in both libraries; minigrad warns at registration that it runs it as a full hook."""
    build = lambda lib: lib.nn.Sigmoid()        # noqa: E731
    _both(build, [(3, 4)], lambda m, log: m.register_backward_hook(_record(log, "legacy")))
    m = minigrad.nn.Linear(2, 2)
    with pytest.warns(FutureWarning, match="deprecated"):
        m.register_backward_hook(lambda *a: None)
    for lib in LIBS.values():
        m = lib.nn.Linear(2, 2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m.register_backward_hook(lambda *a: None)
        with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full"):
            m.register_full_backward_hook(lambda *a: None)
        m = lib.nn.Linear(2, 2)
        m.register_full_backward_hook(lambda *a: None)
        with pytest.raises(RuntimeError, match="Cannot use both regular backward hooks and full"):
            m.register_backward_hook(lambda *a: None)


def test_non_tensor_output_warns_and_skips_hooks():
    for lib in LIBS.values():
        class D(lib.nn.Module):
            def forward(self, a):
                return {"y": a * 2}
        log = []
        d = D()
        d.register_full_backward_hook(_record(log, "d"))
        a = _inputs(lib, [(3,)])[0]
        with pytest.warns(UserWarning, match="module output should be a Tensor or a tuple of Tensors"):
            out = d(a)
        out["y"].sum().backward()
        assert log == [] and np.allclose(_np(a.grad), 2)


def test_kwargs_are_not_in_grad_input():
    class K:
        @staticmethod
        def build(lib):
            class KM(lib.nn.Module):
                def forward(self, a, b=None):
                    return a * b
            return KM()
    for lib_name, lib in LIBS.items():
        log = []
        m = K.build(lib)
        m.register_full_backward_hook(_record(log, "k"))
        a, b = _inputs(lib, [(3,), (3,)])
        m(a, b=b).sum().backward()
        assert len(log[0][1]) == 1 and np.allclose(log[0][1][0], _np(b)), lib_name
        assert np.allclose(_np(b.grad), _np(a)), lib_name


def test_global_backward_and_forward_hooks():
    build, shapes = MODULES["sequential"]
    globals_ = {"torch": torch.nn.modules.module, "minigrad": mg_module}

    def register(m, log):
        lib_mod = globals_["torch" if isinstance(m, torch.nn.Module) else "minigrad"]
        log.append(lib_mod.register_module_full_backward_hook(_record(log, "global")))
    handles = []
    try:
        results = {}
        for lib_name in LIBS:
            log, grads, params = _run(lib_name, build, shapes, register)
            handles.append(log.pop(0))
            results[lib_name] = [e[0] for e in log], log, grads, params
        _compare(results["torch"], results["minigrad"])
        assert len(results["minigrad"][0]) == 4          # the Sequential and its three layers
    finally:
        for h in handles:
            h.remove()
    assert not mg_module._GlobalHooks.on
    for lib_name, lib in LIBS.items():
        seen = []
        h = globals_[lib_name].register_module_forward_hook(lambda mod, args, out: seen.append(type(mod).__name__))
        try:
            lib.nn.Sequential(lib.nn.Linear(2, 2), lib.nn.ReLU())(lib.ones(1, 2))
        finally:
            h.remove()
        assert seen == ["Linear", "ReLU", "Sequential"], lib_name


def test_forward_hook_options():
    for lib_name, lib in LIBS.items():
        order = []
        m = lib.nn.Linear(2, 2)
        m.register_forward_hook(lambda mod, args, out: order.append("a"))
        m.register_forward_hook(lambda mod, args, out: order.append("first"), prepend=True)
        m.register_forward_hook(lambda mod, args, kwargs, out: order.append(("kw", sorted(kwargs))), with_kwargs=True)
        m.register_forward_pre_hook(lambda mod, args: order.append("pre"))
        m.register_forward_pre_hook(lambda mod, args: order.append("pre-first"), prepend=True)

        def swap(mod, args, kwargs):
            return (args[0] * 0,), kwargs
        h = m.register_forward_pre_hook(swap, with_kwargs=True)
        out = m(lib.ones(1, 2))
        assert np.allclose(_np(out), _np(m.bias)), lib_name
        assert order == ["pre-first", "pre", "first", "a", ("kw", [])], (lib_name, order)
        h.remove()
        m.register_forward_pre_hook(lambda mod, args, kwargs: 5, with_kwargs=True)
        with pytest.raises(RuntimeError, match="forward pre-hook must return None or a tuple"):
            m(lib.ones(1, 2))


def test_always_call_forward_hook():
    for lib in LIBS.values():
        class Bad(lib.nn.Module):
            def forward(self, x):
                raise ValueError("boom")
        seen = []
        b = Bad()
        b.register_forward_hook(lambda mod, args, out: seen.append(out), always_call=True)
        b.register_forward_hook(lambda mod, args, out: seen.append("never"))
        with pytest.raises(ValueError, match="boom"):
            b(lib.ones(2))
        assert seen == [None]


def test_modules_without_hooks_get_no_extra_nodes():
    m = minigrad.nn.Linear(3, 2)
    x = minigrad.ones(1, 3, requires_grad=True)
    assert "BackwardHook" not in m(x).grad_fn.name()
    h = m.register_full_backward_hook(lambda *a: None)
    assert m(x).grad_fn.name() == "BackwardHookFunctionBackward"
    h.remove()
    assert "BackwardHook" not in m(x).grad_fn.name()
