"""RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam (and Adam/AdamW/SGD again) against torch: trajectories
over many steps with several parameters (two of the same shape, one that never gets a gradient), two
param groups, the lr changed between steps, in float64 and float32; state_dict round trips that continue
identically; torch's errors for bad hyper-parameters."""
import itertools
import math

import numpy as np
import pytest
import torch

import minigrad


def _run(lib, cls, opts, steps=25, dtype="float64", lr_change=True, reload_at=None):
    """Train 4 parameters (w1, w2 same shape, b, and `unused` that never gets a gradient) for `steps`
    steps; returns the parameters after each step. Group 2 holds b with its own lr."""
    rng = np.random.default_rng(3)
    dt = getattr(lib, dtype)
    w1 = lib.tensor(rng.standard_normal((3, 4)), dtype=dt, requires_grad=True)
    w2 = lib.tensor(rng.standard_normal((3, 4)), dtype=dt, requires_grad=True)
    b = lib.tensor(rng.standard_normal(4), dtype=dt, requires_grad=True)
    unused = lib.tensor(rng.standard_normal(2), dtype=dt, requires_grad=True)
    x = lib.tensor(rng.standard_normal((5, 3)), dtype=dt)
    groups = [{"params": [w1, w2, unused]}, {"params": [b], "lr": opts.get("lr", 0.01) * 0.5}]
    make = lambda: getattr(lib.optim, cls)(groups, **opts)  # noqa: E731
    opt = make()
    out = []
    for i in range(steps):
        opt.zero_grad()
        loss = ((x @ w1).tanh() * (x @ w2) + b).pow(2).mean() + (w1 * w2).sum() * 0.01
        loss.backward()
        opt.step()
        if lr_change and i == steps // 2:
            opt.param_groups[0]["lr"] *= 0.3
        if reload_at == i:
            sd = opt.state_dict()
            opt = make()
            opt.load_state_dict(sd)
        out.append([t.detach().numpy().copy() for t in (w1, w2, b, unused)])
    return out


GRIDS = {
    "RMSprop": [dict(lr=0.01, alpha=a, eps=1e-6, weight_decay=wd, momentum=m, centered=c, maximize=mx)
                for a, wd, m, c, mx in itertools.product([0.9], [0.0, 0.1], [0.0, 0.8], [False, True],
                                                         [False, True])],
    "Adagrad": [dict(lr=0.05, lr_decay=ld, weight_decay=wd, initial_accumulator_value=iv, eps=1e-10, maximize=mx)
                for ld, wd, iv, mx in itertools.product([0.0, 0.01], [0.0, 0.1], [0.0, 0.5], [False, True])],
    "Adadelta": [dict(lr=lr, rho=r, eps=1e-6, weight_decay=wd, maximize=mx)
                 for lr, r, wd, mx in itertools.product([1.0, 0.5], [0.9, 0.5], [0.0, 0.1], [False, True])],
    "Adamax": [dict(lr=0.01, betas=(0.8, 0.95), eps=1e-8, weight_decay=wd, maximize=mx)
               for wd, mx in itertools.product([0.0, 0.1], [False, True])],
    "NAdam": [dict(lr=0.01, betas=(0.85, 0.99), eps=1e-8, weight_decay=wd, momentum_decay=md,
                   decoupled_weight_decay=dwd, maximize=mx)
              for wd, md, dwd, mx in itertools.product([0.0, 0.1], [4e-3, 0.1], [False, True], [False, True])],
    "RAdam": [dict(lr=0.01, betas=(0.9, b2), eps=1e-8, weight_decay=wd, decoupled_weight_decay=dwd, maximize=mx)
              for b2, wd, dwd, mx in itertools.product([0.999, 0.9], [0.0, 0.1], [False, True], [False, True])],
    "Adam": [dict(lr=0.01, betas=(0.8, 0.95), weight_decay=wd, amsgrad=a, decoupled_weight_decay=d, maximize=mx)
             for wd, a, d, mx in itertools.product([0.0, 0.1], [False, True], [False, True], [False, True])],
    "AdamW": [dict(lr=0.01, weight_decay=wd, amsgrad=a) for wd, a in itertools.product([0.0, 0.1], [False, True])],
    "SGD": [dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)],
    "Rprop": [dict(lr=0.01, etas=e, step_sizes=s, maximize=mx)
              for e, s, mx in itertools.product([(0.5, 1.2), (0.3, 1.5)], [(1e-6, 50), (1e-3, 0.05)], [False, True])],
    "ASGD": [dict(lr=0.05, lambd=lam, alpha=a, t0=t0, weight_decay=wd, maximize=mx)
             for lam, a, t0, wd, mx in itertools.product([1e-4, 0.1], [0.75], [1e6, 5], [0.0, 0.1], [False, True])],
}
CASES = [(cls, o) for cls, grid in GRIDS.items() for o in grid]


def _ids(case):
    cls, o = case
    return cls + "-" + "-".join(f"{k}{v}" for k, v in o.items() if k not in ("lr", "eps"))


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_trajectory_float64_matches_torch(case):
    cls, opts = case
    t = _run(torch, cls, opts)
    m = _run(minigrad, cls, opts)
    for step, (ts, ms) in enumerate(zip(t, m)):
        for tp, mp in zip(ts, ms):
            np.testing.assert_allclose(mp, tp, rtol=1e-10, atol=1e-12, err_msg=f"{cls} step {step}")
    np.testing.assert_array_equal(m[-1][3], t[0][3])          # the parameter without a gradient never moves
    assert not np.allclose(m[-1][0], m[0][0])                  # and the others did


@pytest.mark.parametrize("cls", list(GRIDS))
def test_trajectory_float32_matches_torch(cls):
    opts = GRIDS[cls][-1]
    t = _run(torch, cls, opts, steps=40, dtype="float32")
    m = _run(minigrad, cls, opts, steps=40, dtype="float32")
    assert m[-1][0].dtype == np.float32
    for tp, mp in zip(t[-1], m[-1]):
        np.testing.assert_allclose(mp, tp, rtol=2e-4, atol=2e-5)


@pytest.mark.parametrize("cls", list(GRIDS))
def test_state_dict_reload_continues_identically(cls):
    opts = GRIDS[cls][-1]
    straight = _run(minigrad, cls, opts, steps=12)
    reloaded = _run(minigrad, cls, opts, steps=12, reload_at=5)
    torch_run = _run(torch, cls, opts, steps=12, reload_at=5)
    for a, b, c in zip(straight[-1], reloaded[-1], torch_run[-1]):
        # NAdam's mu_product and ASGD's eta/mu (0-d tensors of the default dtype, float32) are cast to the
        # parameter's dtype on loading, by torch too: the reloaded run may then differ from the straight one
        # in float32's last bits; it equals torch's reloaded run
        np.testing.assert_allclose(b, a, rtol=1e-7, atol=1e-10)
        np.testing.assert_allclose(b, c, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("cls", list(GRIDS))
def test_state_dict_layout_matches_torch(cls):
    def sd(lib):
        p = lib.zeros(3, requires_grad=True)
        q = lib.zeros(2, requires_grad=True)
        opt = getattr(lib.optim, cls)([p, q], **GRIDS[cls][-1])
        (p * lib.arange(3.0)).sum().backward()
        opt.step()
        return opt.state_dict()
    t, m = sd(torch), sd(minigrad)
    assert set(m["state"]) == set(t["state"])
    for k in t["state"]:
        assert set(m["state"][k]) == set(t["state"][k])
        for name, v in t["state"][k].items():
            mv = m["state"][k][name]
            tv = v.item() if v.ndim == 0 else v.numpy()
            mv = mv.item() if isinstance(mv, minigrad.Tensor) and mv.ndim == 0 else mv
            mv = mv.numpy() if isinstance(mv, minigrad.Tensor) else mv
            np.testing.assert_allclose(mv, tv, rtol=1e-6, err_msg=f"{cls} state {name}")
    assert set(m["param_groups"][0]) == set(t["param_groups"][0])
    for k, v in t["param_groups"][0].items():
        assert m["param_groups"][0][k] == v, k


def test_adam_decoupled_equals_adamw():
    def run(make):
        p = minigrad.tensor([1.0, -2.0, 3.0], requires_grad=True)
        opt = make([p])
        for _ in range(5):
            opt.zero_grad()
            (p ** 3).sum().backward()
            opt.step()
        return p.detach().numpy()
    a = run(lambda ps: minigrad.optim.Adam(ps, lr=0.1, weight_decay=0.2, decoupled_weight_decay=True))
    b = run(lambda ps: minigrad.optim.AdamW(ps, lr=0.1, weight_decay=0.2))
    np.testing.assert_array_equal(a, b)


def test_tensor_lr_accepted_as_torch():
    for lib in (torch, minigrad):
        p = lib.ones(2, requires_grad=True)
        opt = lib.optim.Adam([p], lr=lib.tensor(0.1))
        p.sum().backward()
        opt.step()
        np.testing.assert_allclose(p.detach().numpy(), [0.9, 0.9], rtol=1e-5)


BAD = [
    "Adam(p, betas=(0.9,))", "AdamW(p, lr=float('nan'))", "Adam(p, lr=-1.0)", "Adam(p, eps=-1.0)",
    "Adam(p, betas=(1.0, 0.9))", "Adam(p, betas=(0.9, 1.0))", "Adam(p, weight_decay=-0.1)",
    "Adam(p, betas=(0, 0.9))", "Adam(p, betas=0.9)", "AdamW(p, betas=(0.9, -0.1))",
    "RMSprop(p, alpha=-1.0)", "RMSprop(p, momentum=-1.0)", "RMSprop(p, lr=-0.1)", "RMSprop(p, eps=float('nan'))",
    "RMSprop(p, weight_decay=-1.0)",
    "Adagrad(p, lr_decay=-1.0)", "Adagrad(p, initial_accumulator_value=-1.0)", "Adagrad(p, eps=-1.0)",
    "Adagrad(p, lr=float('nan'))", "Adagrad(p, weight_decay=-1)",
    "Adadelta(p, rho=2.0)", "Adadelta(p, rho=-0.1)", "Adadelta(p, eps=-1.0)", "Adadelta(p, lr=-1.0)",
    "Adadelta(p, weight_decay=-1.0)",
    "Adamax(p, betas=(1.0, 0.9))", "Adamax(p, betas=(0.9,))", "Adamax(p, lr=-1.0)", "Adamax(p, eps=-1.0)",
    "NAdam(p, momentum_decay=-1.0)", "NAdam(p, betas=(0.9, 1.5))", "NAdam(p, lr=float('nan'))",
    "NAdam(p, weight_decay=-1)", "RAdam(p, weight_decay=-1.0)", "RAdam(p, betas=(-0.1, 0.9))",
    "RAdam(p, eps=-1e-8)", "RAdam(p, betas=(0.9,))",
    "SGD(p, lr=-1.0)", "SGD(p, momentum=-0.5)", "SGD(p, weight_decay=-1.0)", "SGD(p, nesterov=True)",
    "SGD(p, momentum=0.9, dampening=0.1, nesterov=True)", "Adam(p, lr=tensor([0.1, 0.2]))",
    "Rprop(p, etas=(1.0, 1.2))", "Rprop(p, etas=(0.5, 0.9))", "Rprop(p, lr=-1.0)", "ASGD(p, lr=-1.0)",
    "ASGD(p, weight_decay=-1.0)", "LBFGS(p, lr=-1.0)", "LBFGS([{'params': p}, {'params': [tensor([1.0])]}])",
]


@pytest.mark.parametrize("expr", BAD)
def test_bad_hyper_parameters_raise_as_torch(expr):
    def attempt(lib):
        p = [lib.zeros(2, requires_grad=True)]
        env = {"p": p, "tensor": lib.tensor, "LBFGS": lib.optim.LBFGS, **{k: getattr(lib.optim, k) for k in GRIDS}}
        try:
            eval(expr, env)
        except Exception as e:  # noqa: BLE001 -- the type is what is compared
            return e
        return None
    te, me = attempt(torch), attempt(minigrad)
    assert te is not None, "torch accepted it: the case is mis-listed"
    assert type(me) is type(te), f"{expr}: minigrad raised {me!r}, torch {te!r}"
    assert str(me).startswith(str(te)), f"{expr}: {me} vs torch's {te}"


def test_sgd_accepts_nan_lr_as_torch():
    for lib in (torch, minigrad):
        lib.optim.SGD([lib.zeros(2, requires_grad=True)], lr=math.nan)
