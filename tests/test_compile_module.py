"""``compile(module)`` returns an OptimizedModule shaped as torch's: ``_orig_mod`` is the only child (state_dict
keys start with ``_orig_mod.``, the prefix programs strip when they load a checkpoint), calls and attributes go
to the original. The same script runs under both libraries and prints the same lines."""
import pickle

import torch

import minigrad


def _script(lib):
    out = []
    m = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.ReLU())
    c = lib.compile(m, backend="eager")          # (torch's eager backend: no C compiler needed)
    out.append((type(c).__name__, list(c.state_dict()), len(c), str(c)))
    try:
        c[0]
    except TypeError as e:
        out.append(type(e).__name__)
    c.eval()
    out.append((m.training, c.training))
    c.train()
    out.append(m.training)
    c.foo = 3
    out.append((m.foo, "foo" in c.__dict__, c._orig_mod is m))
    out.append(tuple(c(lib.ones(1, 2)).shape))
    out.append(type(pickle.loads(pickle.dumps(c))).__name__)
    out.append(type(lib.compile(backend="eager", mode="max-autotune")(m)).__name__)
    sd = c.state_dict()
    m2 = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.ReLU())
    out.append(str(m2.load_state_dict({k.replace("_orig_mod.", ""): v for k, v in sd.items()})))
    out.append(str(c.load_state_dict(sd)))
    out.append(([n for n, _ in c.named_modules()], [n for n, _ in c.named_parameters()]))
    c.to(lib.float64)
    out.append(str(m[0].weight.dtype).replace(lib.__name__, "torch"))
    out.append((isinstance(c, lib.nn.Module), isinstance(c, lib.nn.Sequential)))

    @lib.compile(backend="eager")
    def f(x):
        return x + 1
    out.append(f(lib.ones(1)).tolist())
    return out


def test_compiled_module_is_shaped_as_torchs():
    validate = torch.distributions.Distribution._validate_args
    try:
        assert _script(minigrad) == _script(torch)
    finally:        # (running torch's compiled module switches its distributions' validation off, process-wide)
        torch.distributions.Distribution.set_default_validate_args(validate)


def test_compiled_module_trains_the_original_parameters():
    m = minigrad.nn.Linear(3, 1)
    c = minigrad.compile(m)
    opt = minigrad.optim.SGD(c.parameters(), lr=0.1)
    before = m.weight.detach().clone()
    c(minigrad.ones(2, 3)).sum().backward()
    opt.step()
    assert m.weight.grad is not None and not minigrad.equal(before, m.weight)
