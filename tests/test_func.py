"""minigrad.func against torch.func: per-sample gradients (the tutorial's functional_call + vmap + grad),
nested grad, hessian, jacrev, vjp, vmap's in_dims/out_dims and trees of tensors, and the errors."""
import numpy as np
import pytest
import torch

import minigrad


def _run(lib, fn):
    return fn(lib, __import__(lib.__name__ + ".func", fromlist=["func"]))


def _same(fn, rtol=2e-5, atol=1e-6):
    def plain(r):
        if isinstance(r, dict):
            return {k: plain(v) for k, v in r.items()}
        if isinstance(r, (list, tuple)):
            return [plain(v) for v in r]
        return r.detach().numpy()
    t, m = plain(_run(torch, fn)), plain(_run(minigrad, fn))

    def compare(a, b):
        if isinstance(a, dict):
            assert a.keys() == b.keys()
            for k in a:
                compare(a[k], b[k])
        elif isinstance(a, list):
            assert len(a) == len(b)
            for x, y in zip(a, b):
                compare(x, y)
        else:
            assert a.shape == b.shape
            np.testing.assert_allclose(b, a, rtol=rtol, atol=atol)
    compare(t, m)


def _per_sample_grads(lib, func):
    rng = np.random.default_rng(0)
    model = lib.nn.Sequential(lib.nn.Linear(4, 8), lib.nn.Tanh(), lib.nn.Linear(8, 3))
    model.load_state_dict({k: lib.tensor(rng.standard_normal(tuple(v.shape)).astype(np.float32))
                           for k, v in model.state_dict().items()})
    data = lib.tensor(rng.standard_normal((5, 4)).astype(np.float32))
    targets = lib.tensor([0, 2, 1, 1, 0])
    params = {k: v.detach() for k, v in model.named_parameters()}

    def loss(params, sample, target):
        out = func.functional_call(model, params, (sample.unsqueeze(0),))
        return lib.nn.functional.cross_entropy(out, target.unsqueeze(0))
    grads = func.vmap(func.grad(loss), in_dims=(None, 0, 0))(params, data, targets)
    assert all(p.grad is None for p in model.parameters())          # the module is left as it was
    return grads


@pytest.mark.parametrize("reference", [False, True], ids=["normal", "reference"])
def test_per_sample_gradients_as_torch(reference):
    with minigrad.reference_mode(reference):
        _same(_per_sample_grads)


def _f(x):
    return (x.sin() * x).sum()


CASES = {
    "grad": lambda lib, func: func.grad(_f)(lib.tensor([0.3, 1.2, -2.0])),
    "grad of grad": lambda lib, func: func.grad(lambda x: func.grad(_f)(x).sum())(lib.tensor([0.3, 1.2])),
    "grad argnums": lambda lib, func: func.grad(lambda a, b: (a * b.exp()).sum(), argnums=(0, 1))(
        lib.tensor([1.0, 2.0]), lib.tensor([0.5, -0.5])),
    "grad has_aux": lambda lib, func: func.grad(lambda x: (_f(x), x * 2), has_aux=True)(lib.tensor([0.3, 1.2])),
    "grad_and_value": lambda lib, func: func.grad_and_value(_f)(lib.tensor([0.3, 1.2])),
    "hessian": lambda lib, func: func.hessian(_f)(lib.tensor([0.3, 1.2])),
    "jacrev": lambda lib, func: func.jacrev(lambda x: x.sin() * x.sum())(lib.tensor([0.3, 1.2, 2.0])),
    "jacfwd": lambda lib, func: func.jacfwd(lambda x: x.exp())(lib.tensor([0.3, 1.2])),
    "vjp": lambda lib, func: func.vjp(lambda x: x.sin() * 3, lib.tensor([0.3, 1.2]))[1](lib.tensor([1.0, -2.0])),
    "vmap dot": lambda lib, func: func.vmap(lib.dot)(lib.ones(3, 2), lib.arange(6.0).reshape(3, 2)),
    "vmap dims": lambda lib, func: func.vmap(lambda a: a * 2, in_dims=1, out_dims=1)(lib.arange(6.0).reshape(2, 3)),
    "vmap None": lambda lib, func: func.vmap(lambda a, w: a @ w, in_dims=(0, None))(
        lib.arange(6.0).reshape(3, 2), lib.tensor([[1.0, 2.0], [3.0, 4.0]])),
    "vmap tuple out": lambda lib, func: func.vmap(lambda a: (a.sum(), a * a))(lib.arange(6.0).reshape(3, 2)),
    "vmap of vmap": lambda lib, func: func.vmap(func.vmap(lambda a: a.exp()))(lib.arange(6.0).reshape(3, 2) / 6),
}


@pytest.mark.parametrize("name", list(CASES))
def test_transforms_as_torch(name):
    _same(CASES[name])


def test_errors():
    f = minigrad.func
    with pytest.raises(RuntimeError, match="scalar"):
        f.grad(lambda x: x * 2)(minigrad.ones(2))
    with pytest.raises(ValueError, match="different sizes"):
        f.vmap(lambda a, b: a + b)(minigrad.ones(2), minigrad.ones(3))
    with pytest.raises(ValueError, match="in_dims"):
        f.vmap(lambda a: a, in_dims=None)(minigrad.ones(2))
    model = minigrad.nn.Linear(2, 2)
    with pytest.raises(RuntimeError, match="not a parameter"):
        f.functional_call(model, {"nope": minigrad.ones(2)}, (minigrad.ones(1, 2),))
    w = model.weight
    out = f.functional_call(model, {"weight": minigrad.zeros(2, 2)}, (minigrad.ones(1, 2),))
    assert model.weight is w and np.allclose(out.detach().numpy(), model.bias.detach().numpy())
