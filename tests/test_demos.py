"""The demos run (short), and the seed's classifier and optimizer code gives the same losses under
minigrad as under torch from the same initial weights."""
import importlib.util
import os

import numpy as np
import pytest
import torch

import minigrad

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_demo(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "demos", f"{name}.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_conv_classifier_demo_runs(tmp_path, capsys, device):
    demo = load_demo("conv_classifier")
    res = demo.main(["--out", str(tmp_path), "--device", device, "--seed", "0"])
    assert res["after"] == 100.0
    assert res["losses"][-1] < res["losses"][0]
    (ev_before, ev_after) = res["evaluation"]
    assert ev_after[0] < ev_after[1]          # slightly different input: close; other pattern: far
    assert (tmp_path / "loss_curve.png").stat().st_size > 1000
    assert "after training:  100%" in capsys.readouterr().out


def test_gradient_descent_demo_runs(tmp_path, device):
    demo = load_demo("gradient_descent")
    paths = demo.main(["--out", str(tmp_path), "--steps", "120", "--frames", "6", "--device", device])
    exact = 0.98 ** 120
    assert abs(paths["autograd loop (seed)"][-1] - exact) < 1e-6
    assert abs(paths["your Optimizer subclass"][-1] - exact) < 1e-6
    assert abs(paths["SGD, momentum 0.9"][-1]) < abs(exact)
    assert (tmp_path / "gradient_descent.gif").stat().st_size > 1000


SEED_SCRIPT = '''
class Net(torch.nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = torch.nn.Conv2d(1, 4, kernel_size=4, bias=False)

    def forward(self, x):
        x = self.conv1(x)
        return x.view(-1, 4)


def make_a(i):
    return torch.tensor([[[[0, i, 0, i], [0, i, 0, i], [0, i, 0, i], [0, i, 0, i]]]], dtype=torch.float)


def make_b(i):
    return torch.tensor([[[[i, i, i, i], [0, i, 0, i], [0, i, 0, i], [i, i, i, i]]]], dtype=torch.float)


def run(net, epochs=2):
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    data = []
    for i in range(20):
        data.append((make_a(i), torch.LongTensor([0])))
        data.append((make_b(i), torch.LongTensor([1])))
    losses = []
    for epoch in range(epochs):
        for inputs, labels in data:
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    with torch.no_grad():
        verdict = (torch.max(net(make_a(999999999)), 1)[1] == 0).sum().item()
    return losses, verdict
'''


def _seed_namespace(lib):
    ns = {"torch": lib}
    exec(SEED_SCRIPT, ns)
    return ns


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_seed_classifier_matches_torch_step_by_step(seed):
    torch.manual_seed(seed)
    t_ns, m_ns = _seed_namespace(torch), _seed_namespace(minigrad)
    t_net, m_net = t_ns["Net"](), m_ns["Net"]()
    m_net.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in t_net.state_dict().items()})
    with torch.no_grad():
        t_before = (torch.max(t_net(t_ns["make_a"](999999999)), 1)[1] == 0).sum().item()
    with minigrad.no_grad():
        m_before = (minigrad.max(m_net(m_ns["make_a"](999999999)), 1)[1] == 0).sum().item()
    assert t_before == m_before
    t_losses, t_verdict = t_ns["run"](t_net)
    m_losses, m_verdict = m_ns["run"](m_net)
    np.testing.assert_allclose(m_losses, t_losses, rtol=2e-4, atol=1e-6)
    assert t_verdict == m_verdict
    np.testing.assert_allclose(m_net.conv1.weight.detach().numpy(), t_net.conv1.weight.detach().numpy(),
                               rtol=1e-4, atol=1e-6)
