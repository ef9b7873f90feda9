"""Optimizers: trajectories identical to torch's over their option grids, state_dict round trips,
the torch-style user subclass, and hyper-parameter errors."""
import itertools

import numpy as np
import pytest
import torch

import minigrad


def _trajectory(lib, opt_factory, steps=6, dtype="float64"):
    rng = np.random.default_rng(0)
    w0 = rng.standard_normal((3, 4))
    b0 = rng.standard_normal(4)
    x = rng.standard_normal((5, 3))
    dt = getattr(lib, dtype)
    w = lib.tensor(w0, dtype=dt, requires_grad=True)
    b = lib.tensor(b0, dtype=dt, requires_grad=True)
    xs = lib.tensor(x, dtype=dt)
    opt = opt_factory(lib, [w, b])
    out = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((xs @ w + b).tanh() ** 2).sum()
        loss.backward()
        g_before = w.grad.detach().clone()
        opt.step()
        assert np.array_equal(w.grad.detach().numpy(), g_before.numpy()), "step() changed p.grad"
        out.append((w.detach().numpy().copy(), b.detach().numpy().copy()))
    return out


SGD_GRID = [dict(momentum=m, dampening=d, weight_decay=wd, nesterov=n, maximize=mx)
            for m, d, wd, n, mx in itertools.product([0.0, 0.9], [0.0, 0.3], [0.0, 0.1], [False, True], [False, True])
            if not (n and (m == 0 or d != 0))]


@pytest.mark.parametrize("opts", SGD_GRID, ids=lambda o: "-".join(f"{k}{v}" for k, v in o.items()))
def test_sgd_trajectory_matches_torch(opts):
    t = _trajectory(torch, lambda lib, ps: lib.optim.SGD(ps, lr=0.05, **opts))
    m = _trajectory(minigrad, lambda lib, ps: lib.optim.SGD(ps, lr=0.05, **opts))
    for (tw, tb), (mw, mb) in zip(t, m):
        np.testing.assert_allclose(mw, tw, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(mb, tb, rtol=1e-12, atol=1e-14)


ADAM_GRID = [dict(weight_decay=wd, amsgrad=a, maximize=mx) for wd, a, mx in
             itertools.product([0.0, 0.1], [False, True], [False, True])]


@pytest.mark.parametrize("cls", ["Adam", "AdamW"])
@pytest.mark.parametrize("opts", ADAM_GRID, ids=lambda o: "-".join(f"{k}{v}" for k, v in o.items()))
def test_adam_trajectory_matches_torch(cls, opts):
    def factory(lib, ps):
        return getattr(lib.optim, cls)(ps, lr=0.01, betas=(0.8, 0.95), eps=1e-6, **opts)
    t = _trajectory(torch, factory)
    m = _trajectory(minigrad, factory)
    for (tw, tb), (mw, mb) in zip(t, m):
        np.testing.assert_allclose(mw, tw, rtol=1e-11, atol=1e-13)
        np.testing.assert_allclose(mb, tb, rtol=1e-11, atol=1e-13)


def test_float32_sgd_momentum_matches_torch():
    f = lambda lib, ps: lib.optim.SGD(ps, lr=0.01, momentum=0.9)  # noqa: E731
    t = _trajectory(torch, f, 20, "float32")
    m = _trajectory(minigrad, f, 20, "float32")
    np.testing.assert_allclose(m[-1][0], t[-1][0], rtol=1e-5, atol=1e-6)


def test_param_groups_and_state_dict_roundtrip():
    a = minigrad.nn.Parameter(minigrad.ones(2))
    b = minigrad.nn.Parameter(minigrad.ones(3))
    opt = minigrad.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1, momentum=0.9)
    assert opt.param_groups[0]["lr"] == 0.1 and opt.param_groups[1]["lr"] == 0.5
    assert opt.param_groups[1]["momentum"] == 0.9
    (a.sum() + (b * b).sum()).backward()
    opt.step()
    sd = opt.state_dict()
    assert sd["param_groups"][1]["params"] == [1] and set(sd["state"]) == {0, 1}
    opt2 = minigrad.optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.3, momentum=0.9)
    opt2.load_state_dict(sd)
    assert opt2.param_groups[1]["lr"] == 0.5
    np.testing.assert_array_equal(opt2.state[b]["momentum_buffer"].numpy(), opt.state[b]["momentum_buffer"].numpy())
    assert opt2.state[b]["momentum_buffer"] is opt.state[b]["momentum_buffer"]     # (torch copies no tensor)
    with pytest.raises(ValueError, match="parameter groups"):
        minigrad.optim.SGD([a], lr=0.1).load_state_dict(sd)


def test_adam_state_dict_continues_identically():
    def run(split):
        minigrad.manual_seed(0)
        w = minigrad.nn.Parameter(minigrad.randn(4, dtype=minigrad.float64))
        opt = minigrad.optim.Adam([w], lr=0.1)
        for i in range(6):
            if split and i == 3:
                sd = opt.state_dict()
                opt = minigrad.optim.Adam([w], lr=0.1)
                opt.load_state_dict(sd)
            opt.zero_grad()
            (w.sin() * w).sum().backward()
            opt.step()
        return w.detach().numpy()
    np.testing.assert_array_equal(run(False), run(True))


def test_torch_style_user_subclass_runs_unchanged():
    class PlainGD(minigrad.optim.Optimizer):
        def __init__(self, params, lr=0.01):
            defaults = dict(lr=lr)
            super().__init__(params, defaults)

        @minigrad.no_grad()
        def step(self, closure=None):
            loss = None
            if closure is not None:
                with minigrad.enable_grad():
                    loss = closure()
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    p.add_(p.grad, alpha=-group["lr"])
            return loss

    x = minigrad.tensor(1.0, requires_grad=True)
    opt = PlainGD([x], lr=0.01)
    for _ in range(800):
        opt.zero_grad()
        loss = x ** 2
        loss.backward()
        opt.step()
    assert abs(x.item() - 0.98 ** 800) < 1e-8


def test_legacy_data_updates_in_user_optimizer():
    class Legacy(minigrad.optim.Optimizer):
        def __init__(self, params, lr):
            super().__init__(params, dict(lr=lr))

        def step(self, closure=None):
            for group in self.param_groups:
                for p in group["params"]:
                    p.data.add_(-group["lr"], p.grad.data)      # the deprecated add_(scalar, tensor) form
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    opt = Legacy([w], 0.5)
    (w * w).sum().backward()
    opt.step()
    assert w.tolist() == [0.0, 0.0]


def test_zero_grad_modes():
    w = minigrad.nn.Parameter(minigrad.ones(2))
    opt = minigrad.optim.SGD([w], lr=0.1)
    (w * 2).sum().backward()
    opt.zero_grad(set_to_none=False)
    assert w.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert w.grad is None


def test_closure():
    w = minigrad.nn.Parameter(minigrad.tensor([2.0]))
    opt = minigrad.optim.SGD([w], lr=0.25)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss
    loss = opt.step(closure)
    assert loss.item() == 4.0 and w.item() == 1.0


@pytest.mark.parametrize("make,msg", [
    (lambda p: minigrad.optim.SGD(p, lr=-0.1), "Invalid learning rate: -0.1"),
    (lambda p: minigrad.optim.SGD(p, lr=0.1, momentum=-1), "Invalid momentum value: -1"),
    (lambda p: minigrad.optim.SGD(p, lr=0.1, nesterov=True), "Nesterov momentum requires a momentum"),
    (lambda p: minigrad.optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "zero dampening"),
    (lambda p: minigrad.optim.SGD([], lr=0.1), "empty parameter list"),
    (lambda p: minigrad.optim.Adam(p, betas=(1.0, 0.9)), "beta parameter at index 0"),
    (lambda p: minigrad.optim.Adam(p, eps=-1), "epsilon"),
    (lambda p: minigrad.optim.SGD([p[0] * 2], lr=0.1), "non-leaf"),
    (lambda p: minigrad.optim.SGD(p[0], lr=0.1), "iterable of Tensors"),
    (lambda p: minigrad.optim.SGD([{"params": p}, {"params": p}], lr=0.1), "more than one parameter group"),
])
def test_invalid_hyper_parameters(make, msg):
    p = [minigrad.nn.Parameter(minigrad.ones(2))]
    with pytest.raises((ValueError, TypeError), match=msg):
        make(p)


def test_lr_scheduler_matches_torch():
    def lrs(lib):
        p = lib.nn.Parameter(lib.ones(1))
        opt = lib.optim.SGD([p], lr=1.0)
        sch = lib.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        out = []
        for _ in range(5):
            opt.step()
            sch.step()
            out.append(opt.param_groups[0]["lr"])
        return out
    assert lrs(minigrad) == lrs(torch)
