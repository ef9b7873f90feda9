"""The demos: their flags, what they print and draw, that the numbers they show are what they claim, and
that the original classifier script gives the same losses under minigrad as under torch."""
import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

import minigrad

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMOS = ["conv_classifier", "gradient_descent", "nmf"]


def load_demo(name):
    spec = importlib.util.spec_from_file_location(f"demo_{name}", os.path.join(ROOT, "demos", f"{name}.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_script(name, *args):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, os.path.join(ROOT, "demos", f"{name}.py"), *args], capture_output=True,
                          text=True, env=env, timeout=120)


# ---- every demo ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", DEMOS)
def test_help_lists_every_option_with_its_default(name):
    res = run_script(name, "--help")
    assert res.returncode == 0, res.stderr
    text = " ".join(res.stdout.split())
    for flag, default in [("--device", "cpu"), ("--seed", "0"), ("--out", "out")]:
        assert flag in text
        assert f"(default: {default})" in text
    options = [w for w in res.stdout.split() if w.startswith("--") and w != "--help"]
    assert text.count("(default:") >= len(set(o.rstrip(",") for o in options)) - 1   # every option but --help
    for word in ("the seed's", "asker", "the question this project"):
        assert word not in res.stdout.lower()


@pytest.mark.skipif(minigrad.cuda.is_available(), reason="this machine has CUDA")
@pytest.mark.parametrize("name", DEMOS)
def test_cuda_on_a_machine_without_it_is_one_line(name, tmp_path):
    res = run_script(name, "--device", "cuda", "--out", str(tmp_path))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "--device cuda" in lines[0] and "--device cpu" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_progress_bar_is_tqdm_and_yields_everything():
    sys.path.insert(0, os.path.join(ROOT, "demos"))
    import _common
    bar = _common.progress(range(5), "x")
    assert type(bar).__module__.startswith("tqdm") and list(bar) == list(range(5))
    assert _common.progress(range(3), "x", enabled=False) == range(3)


# ---- conv classifier ----------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_conv_classifier_numbers_support_its_claims(tmp_path, capsys, device, seed):
    demo = load_demo("conv_classifier")
    res = demo.main(["--out", str(tmp_path), "--device", device, "--seed", str(seed)])
    out = capsys.readouterr().out
    assert res["after"]["clean"] == (100.0, 100.0)          # what the printout claims after training
    assert np.mean(res["after"]["noisy"]) >= 85.0
    assert np.mean(res["after"]["noisy"]) >= np.mean(res["before"]["noisy"])
    assert len(res["losses"]) == 2 * 40 and len(res["epoch_means"]) == 2
    assert res["epoch_means"][1] < res["epoch_means"][0]
    before = np.mean(res["before"]["clean"])
    if before < 100:
        assert f"from {before:.0f}% to 100%" in out
    else:
        assert "already classified" in out
    assert f"wrote {tmp_path / 'loss_curve.png'}" in out
    assert (tmp_path / "loss_curve.png").stat().st_size > 5000


def test_conv_classifier_is_shuffled_per_seed_and_tests_unseen_images():
    demo = load_demo("conv_classifier")
    a = demo.run(seed=0, show_progress=False)
    b = demo.run(seed=1, show_progress=False)
    assert a["labels"][:40] != b["labels"][:40]                     # a different order...
    assert a["labels"][:40] != [0, 1] * 20                          # ...and not the sorted one
    assert sorted(a["labels"][:40]) == [0] * 20 + [1] * 20
    assert a["losses"] != b["losses"]
    assert not set(demo.TEST_INTENSITIES) & set(demo.TRAIN_INTENSITIES)
    assert 0 not in demo.TRAIN_INTENSITIES                         # A(0) == B(0): not a fair example


def test_conv_classifier_linear_model_gives_one_class_per_pattern():
    """The claim in the docstring: scaling an image scales the logits, so clean accuracy is 0% or 100%."""
    demo = load_demo("conv_classifier")
    minigrad.manual_seed(3)
    net = demo.Net()
    with minigrad.no_grad():
        for make in (demo.pattern_a, demo.pattern_b):
            preds = {net(make(i)).argmax(dim=1).item() for i in demo.TEST_INTENSITIES}
            assert len(preds) == 1


# ---- gradient descent -----------------------------------------------------------------------------------
def test_gradient_descent_paths_and_printout(tmp_path, capsys, device):
    demo = load_demo("gradient_descent")
    paths = demo.main(["--out", str(tmp_path), "--steps", "120", "--frames", "6", "--device", device,
                       "--x0", "1.0"])
    exact = 0.98 ** 120
    loop, sub, mom = (paths[n] for n in (demo.LOOP, demo.SUBCLASS, demo.MOMENTUM))
    assert loop[0] == sub[0]                                        # identical at every step...
    assert abs(loop[0][-1] - exact) < 1e-6
    np.testing.assert_allclose(loop[1], 2 * np.array(loop[0]), rtol=1e-6)   # ...and f'(x) = 2x from autograd
    assert abs(mom[0][-1]) < abs(exact)
    out = capsys.readouterr().out
    assert "agree at every step" in out and f"wrote {tmp_path / 'gradient_descent.gif'}" in out


def test_gradient_descent_seed_moves_the_start():
    demo = load_demo("gradient_descent")
    starts = {demo.starting_point(s) for s in range(5)}
    assert len(starts) == 5 and all(0.5 <= abs(x) <= 1.5 for x in starts)
    assert any(x < 0 for x in starts) and any(x > 0 for x in starts)


def test_gradient_descent_frames_follow_the_motion_and_show_both_paths(tmp_path):
    from PIL import Image
    demo = load_demo("gradient_descent")
    paths = demo.run(0.8, steps=800, show_progress=False)
    picks = demo.pick_frames(paths, 30)
    assert picks[0] == 0 and picks[-1] == 800
    assert picks[-2] < 300                           # the motion is over long before step 800 (0.98^300 ~ 0.002)
    assert len(picks) >= 20
    images = demo.render_frames(paths, picks[:3], 0.01)
    red, blue = np.array([214, 39, 40]), np.array([31, 119, 180])   # tab:red ring, tab:blue dot inside it
    for img in images:
        assert (np.abs(img.astype(int) - red).sum(-1) < 60).sum() > 30
        assert (np.abs(img.astype(int) - blue).sum(-1) < 60).sum() > 30
    assert not np.array_equal(images[0], images[1])
    demo.save_gif(images, tmp_path / "g.gif")
    assert Image.open(tmp_path / "g.gif").n_frames == 3


# ---- NMF -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nmf_results():
    demo = load_demo("nmf")
    Xn, k = demo.load_data("synthetic", 0)
    return demo, demo.run_all(Xn, k, 60, seed=0, show_progress=False)


def test_nmf_counts_are_honest(nmf_results):
    demo, results = nmf_results
    neg, bad, ok = results[demo.NAIVE]["counts"]
    assert bad > 0 and neg + bad + ok == 200 * 8 + 8 * 120         # NaN is neither negative nor non-negative
    W = minigrad.tensor([[float("nan"), -1.0, 2.0]])
    assert demo.count_entries(W) == (1, 1, 1)
    for name in (demo.MU1, demo.MU2, demo.PROJECTED):
        assert results[name]["counts"][:2] == (0, 0)
    assert results[demo.ADAM]["counts"][0] > 0


def test_nmf_each_run_is_judged_by_its_own_divergence(nmf_results):
    demo, results = nmf_results
    assert results[demo.MU1]["objective"] == demo.KL
    assert all(results[n]["objective"] == demo.SQ for n in (demo.ADAM, demo.PROJECTED, demo.MU2, demo.NAIVE))
    for name in (demo.MU1, demo.MU2):                                # MU never increases its own divergence
        losses = results[name]["losses"]
        assert all(b <= a * (1 + 1e-12) for a, b in zip(losses, losses[1:]))
    X = minigrad.tensor(demo.load_data("synthetic", 0)[0])
    W, H = demo.init_factors(X.numpy(), 8, 0, "cpu")
    assert results[demo.MU1]["losses"][0] == pytest.approx(demo.objective(X, W, H, demo.KL))


def test_nmf_every_legend_entry_is_drawn(nmf_results, tmp_path, monkeypatch):
    import matplotlib.figure
    demo, results = nmf_results
    figures = []
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", lambda self, *a, **k: figures.append(self))
    demo.plot(results, None, str(tmp_path), "t")
    labelled = [line for ax in figures[0].axes for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert {line.get_label().split(" (")[0] for line in labelled} == set(results)
    for line in labelled:                                          # each has a finite point or an x marker
        y = np.asarray(line.get_ydata(), dtype=float)
        assert np.isfinite(y).any(), line.get_label()
        assert line.get_linestyle() != "None" or line.get_marker() not in ("None", "", None)


def test_nmf_demo_prints_the_comparison_and_what_it_wrote(tmp_path, capsys):
    demo = load_demo("nmf")
    demo.main(["--out", str(tmp_path), "--iters", "30", "--seed", "1"])
    out = capsys.readouterr().out
    assert "NaN from iteration 1" in out
    assert "not an NMF result" in out and "does not rank their speed" in out
    assert f"wrote {tmp_path / 'nmf_loss.png'}" in out
    seed0 = load_demo("nmf").load_data("synthetic", 0)[0]
    assert not np.array_equal(seed0, demo.load_data("synthetic", 1)[0])     # --seed changes the data


# ---- the original classifier script under torch and under minigrad -----------------------------------------
ORIGINAL_SCRIPT = '''
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


def _script_namespace(lib):
    ns = {"torch": lib}
    exec(ORIGINAL_SCRIPT, ns)
    return ns


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_original_classifier_script_matches_torch_step_by_step(seed):
    torch.manual_seed(seed)
    t_ns, m_ns = _script_namespace(torch), _script_namespace(minigrad)
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
