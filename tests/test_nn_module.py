"""Module behaviour as torch's: registration, traversal, modes, state_dict, to(), repr, init."""
import math
from collections import OrderedDict

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(4 * 5 * 5, 3))
        self.register_buffer("steps", minigrad.zeros(()))
        self.scale = 2.0

    def forward(self, x):
        return self.head(self.conv(x).relu()) * self.scale


def test_registration_and_traversal():
    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == ["conv.weight", "conv.bias", "head.1.weight", "head.1.bias"]
    assert [n for n, _ in net.named_modules()] == ["", "conv", "head", "head.0", "head.1"]
    assert len(list(net.children())) == 2 and len(list(net.modules())) == 5
    assert [n for n, _ in net.named_buffers()] == ["steps"]
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in net.parameters())
    assert net.get_submodule("head.1").out_features == 3
    out = net(minigrad.randn(2, 1, 5, 5))
    assert out.shape == (2, 3)


def test_train_eval_and_dropout():
    net = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
    assert net.training and net[1].training
    net.eval()
    assert not net[1].training
    x = minigrad.randn(3, 4)
    assert np.allclose(net(x).detach().numpy(), net[0](x).detach().numpy())
    net.train()
    y = nn.functional.dropout(minigrad.ones(1000), 0.5, training=True)
    assert set(np.unique(y.numpy()).tolist()) <= {0.0, 2.0} and 300 < (y.numpy() == 0).sum() < 700


def test_state_dict_roundtrip_and_errors():
    a, b = Net(), Net()
    sd = a.state_dict()
    assert list(sd) == ["steps", "conv.weight", "conv.bias", "head.1.weight", "head.1.bias"]   # as torch orders it
    assert not sd["conv.weight"].requires_grad
    res = b.load_state_dict(sd)
    assert res.missing_keys == [] and res.unexpected_keys == []
    x = minigrad.randn(2, 1, 5, 5)
    np.testing.assert_array_equal(a(x).detach().numpy(), b(x).detach().numpy())
    bad = OrderedDict(sd)
    bad["conv.weight"] = minigrad.zeros(2, 1, 3, 3)
    with pytest.raises(RuntimeError, match=r"size mismatch for conv.weight.*torch.Size\(\[2, 1, 3, 3\]\).*torch.Size\(\[4, 1, 3, 3\]\)"):
        b.load_state_dict(bad)
    del bad["conv.weight"]
    bad["extra"] = minigrad.zeros(1)
    with pytest.raises(RuntimeError, match='Missing key.*"conv.weight".*\n.*Unexpected key.*"extra"'):
        b.load_state_dict(bad)
    res = b.load_state_dict(bad, strict=False)
    assert res.missing_keys == ["conv.weight"] and res.unexpected_keys == ["extra"]


def test_load_torch_state_dict_values():
    tnet = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.Flatten(),
                               torch.nn.Linear(36, 2))
    mnet = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(36, 2))
    mnet.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in tnet.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((2, 1, 3, 3)).astype(np.float32)
    np.testing.assert_allclose(mnet(minigrad.tensor(x)).detach().numpy(),
                               tnet(torch.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-6)


def test_to_dtype_keeps_parameter_identity():
    net = Net()
    w = net.conv.weight
    opt = minigrad.optim.SGD(net.parameters(), lr=0.1)
    net.double()
    assert net.conv.weight is w and w.dtype == minigrad.float64 and net.steps.dtype == minigrad.float64
    net(minigrad.randn(1, 1, 5, 5, dtype=minigrad.float64)).sum().backward()
    opt.step()
    with pytest.raises(TypeError, match="floating point"):
        net.to(minigrad.int64)


def test_repr_like_torch():
    net = nn.Sequential(nn.Conv2d(1, 4, kernel_size=4, bias=False), nn.ReLU(), nn.Linear(4, 2))
    tnet = torch.nn.Sequential(torch.nn.Conv2d(1, 4, kernel_size=4, bias=False), torch.nn.ReLU(),
                               torch.nn.Linear(4, 2))
    assert repr(net) == repr(tnet)
    assert repr(nn.MaxPool2d(2)) == repr(torch.nn.MaxPool2d(2))
    assert repr(nn.Dropout(0.3)) == repr(torch.nn.Dropout(0.3))


def test_default_init_matches_torch_distribution():
    minigrad.manual_seed(0)
    lin = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    w = lin.weight.detach().numpy()
    assert abs(w.max() - bound) < 0.01 * bound and abs(w.min() + bound) < 0.01 * bound
    assert abs(w.std() - bound / math.sqrt(3)) < 0.02 * bound
    conv = nn.Conv2d(8, 16, 3)
    cb = 1 / math.sqrt(8 * 9)
    assert abs(np.abs(conv.weight.detach().numpy()).max() - cb) < 0.05 * cb


def test_init_functions():
    w = minigrad.empty(64, 32)
    nn.init.xavier_uniform_(w)
    assert np.abs(w.numpy()).max() <= math.sqrt(6 / 96) + 1e-6
    nn.init.kaiming_normal_(w, nonlinearity="relu")
    assert abs(w.numpy().std() - math.sqrt(2 / 32)) < 0.03
    nn.init.constant_(w, 0.5)
    assert (w.numpy() == 0.5).all()
    nn.init.zeros_(w)
    assert w.sum().item() == 0
    p = nn.Parameter(minigrad.ones(3))
    nn.init.normal_(p)              # works on a parameter that requires grad (no graph recorded)
    assert p.is_leaf and p.requires_grad


def test_setattr_rules():
    m = nn.Module()
    m.w = nn.Parameter(minigrad.ones(2))
    with pytest.raises(TypeError, match="cannot assign 'torch.FloatTensor' as parameter 'w'"):
        m.w = minigrad.ones(2)
    m.w = None
    assert list(m.parameters()) == []

    class NoInit(nn.Module):
        def __init__(self):
            self.x = nn.Linear(1, 1)
    with pytest.raises(AttributeError, match="super\\(\\).__init__\\(\\)"):
        NoInit()


def test_modulelist_moduledict_and_hooks():
    ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    assert len(ml) == 3 and len(list(ml.parameters())) == 6
    md = nn.ModuleDict({"a": nn.ReLU(), "b": nn.Tanh()})
    assert list(md.keys()) == ["a", "b"]
    lin = nn.Linear(2, 2)
    seen = []
    h = lin.register_forward_hook(lambda mod, inp, out: seen.append(out.shape))
    lin(minigrad.ones(1, 2))
    h.remove()
    lin(minigrad.ones(1, 2))
    assert seen == [(1, 2)]


def test_batchnorm_and_layernorm_match_torch():
    x = np.random.default_rng(0).standard_normal((4, 3, 5, 5)).astype(np.float32)
    tb, mb = torch.nn.BatchNorm2d(3), nn.BatchNorm2d(3)
    for _ in range(2):
        np.testing.assert_allclose(mb(minigrad.tensor(x)).detach().numpy(), tb(torch.tensor(x)).detach().numpy(),
                                   rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(mb.running_var.numpy(), tb.running_var.numpy(), rtol=1e-5)
    mb.eval(), tb.eval()
    np.testing.assert_allclose(mb(minigrad.tensor(x)).detach().numpy(), tb(torch.tensor(x)).detach().numpy(),
                               rtol=1e-4, atol=1e-5)
    tl, ml = torch.nn.LayerNorm(5), nn.LayerNorm(5)
    np.testing.assert_allclose(ml(minigrad.tensor(x)).detach().numpy(), tl(torch.tensor(x)).detach().numpy(),
                               rtol=1e-4, atol=1e-5)


def test_linear_input_error():
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(3x5 and 4x2\).*in_features=4"):
        nn.Linear(4, 2)(minigrad.ones(3, 5))


def test_clip_grad_norm():
    p = nn.Parameter(minigrad.tensor([3.0, 4.0]))
    p.grad = minigrad.tensor([3.0, 4.0])
    total = nn.utils.clip_grad_norm_([p], 1.0)
    assert abs(total.item() - 5.0) < 1e-6 and abs(p.grad.norm().item() - 1.0) < 1e-4
