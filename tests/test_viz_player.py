"""The trace's story, checked against gradients derived by hand: what arrives at each node (and from
which step), the "wait for every consumer, then sum" rule, the chain-rule lines, and the player files
(self-contained HTML, GIF) built from them."""
import re

import numpy as np
import pytest

import minigrad
from minigrad.viz.player import arrival_text, player_html, story


def reused():
    """e = d², d = a·b + a, at a = 2, b = 3. By hand: c = ab = 6, d = 8, e = 64;
    de/dd = 2d = 16; de/da = 16·(b + 1) = 64 (two paths, summed); de/db = 16·a = 32."""
    a = minigrad.tensor(2.0, requires_grad=True)
    b = minigrad.tensor(3.0, requires_grad=True)
    c = a * b
    d = c + a
    e = d * d
    with minigrad.autograd.trace() as tr:
        e.backward()
    return a, b, e, tr


def test_steps_against_the_hand_derivation():
    a, b, e, tr = reused()
    assert [s.name for s in tr.steps] == ["MulBackward0 (e)", "AddBackward0 (d)", "MulBackward0 (c)",
                                          "AccumulateGrad (b)", "AccumulateGrad (a)"]
    mul_e, add_d, mul_c, acc_b, acc_a = tr.steps
    # step 1: backward() starts with de/de = 1; d is used twice by e = d·d: 2 shares of d = 8
    assert [(x.source, x.sender, x.grad.text()) for x in mul_e.arrivals] == [(0, "backward()", "1")]
    assert [float(x.grad.values) for x in mul_e.grad_out] == [8.0, 8.0]
    # step 2: d waited for both shares and summed them: 8 + 8 = 16 = de/dd
    assert add_d.waits_for == 2
    assert [(x.source, float(x.grad.values)) for x in add_d.arrivals] == [(1, 8.0), (1, 8.0)]
    assert float(add_d.grad_in[0].values) == 16.0
    # step 3: c = a·b gets 16 and sends 16·b = 48 to a and 16·a = 32 to b
    assert [float(x.grad.values) for x in mul_c.grad_out] == [48.0, 32.0]
    # a is used twice (in a·b and in + a): it runs last, after both shares arrived: 16 + 48 = 64
    assert acc_a.waits_for == 2 and [x.source for x in acc_a.arrivals] == [2, 3]
    assert float(acc_a.grad_in[0].values) == 64.0 == a.grad.item()
    assert float(acc_b.grad_in[0].values) == 32.0 == b.grad.item()
    assert arrival_text(add_d) == "16 = 8 (step 1) + 8 (step 1)"
    assert arrival_text(acc_a) == "64 = 16 (step 2) + 48 (step 3)"
    assert arrival_text(mul_e) == "1 (from backward())"


def test_chain_rule_lines():
    a, b, e, tr = reused()
    assert tr.explain(1) == ("MulBackward0 (e): upstream 1 × d = 1 × 8 = 8 → AddBackward0 (d);  "
                             "upstream 1 × d = 1 × 8 = 8 → AddBackward0 (d)")
    assert tr.explain(2) == "AddBackward0 (d): upstream 16 × 1 = 16 → MulBackward0 (c);  upstream 16 × 1 = 16 → a"
    assert tr.explain(3) == "MulBackward0 (c): upstream 16 × b = 16 × 3 = 48 → a;  upstream 16 × a = 16 × 2 = 32 → b"
    assert tr.explain(5) == "AccumulateGrad (a): a.grad = 0 + 64 = 64"
    assert tr.explain(tr.steps[3]) == tr.steps[3].explanation == "AccumulateGrad (b): b.grad = 0 + 32 = 32"
    for bad in (0, 6, "1"):
        with pytest.raises(IndexError, match="steps 1 to 5"):
            tr.explain(bad)


def test_constants_and_a_second_pass_in_the_lines():
    x = minigrad.tensor(3.0, requires_grad=True)
    y = x ** 2 + 1
    with minigrad.autograd.trace() as tr:
        y.backward(retain_graph=True)
        y.backward()
    assert tr.explain(2) == "PowBackward0: upstream 1 × 2·x^(2-1) = 1 × 6 = 6 → x"
    assert tr.explain(3) == "AccumulateGrad (x): x.grad = 0 + 6 = 6"
    assert tr.explain(6) == "AccumulateGrad (x): x.grad = 6 + 6 = 12"         # .grad accumulates
    assert x.grad.item() == 12.0


def test_player_frames_show_the_buffers_filling():
    a, b, e, tr = reused()
    model, frames = story(tr, e)
    ids = {bx.title: bx.id for bx in model.boxes if bx.kind == "leaf"}
    by_node = {bx.node: bx.id for bx in model.boxes if bx.kind in ("op", "leaf")}
    f1, f2, f3, f4, f5 = frames
    assert [f["box"] for f in frames] == [by_node[s.node] for s in tr.steps]
    assert f1["status"][by_node[e.grad_fn]] == "running"
    # after step 1 both shares of d are in AddBackward0's buffer: it is ready
    add = next(bx.id for bx in model.boxes if bx.title == "AddBackward0")
    assert f1["status"][add] == "ready" and f1["buf"][add] == "buffer 8 + 8 = 16 ready"
    # after step 2 one share of a has arrived: a waits for the second one
    assert f2["status"][ids["a"]] == "waiting" and f2["buf"][ids["a"]] == "buffer 16 (1/2)"
    assert f3["status"][ids["a"]] == "ready" and f3["buf"][ids["a"]] == "buffer 16 + 48 = 64 ready"
    assert f5["status"][ids["a"]] == "running" and f5["buf"][ids["a"]] == "grad 64"
    assert f5["status"][add] == "done"
    # the arrows of step 3 carry 48 and 32
    assert sorted(f3["labels"][k] for k in f3["hot"]) == ["32", "48"]
    assert [f["explain"] for f in frames] == [s.explanation for s in tr.steps]


def test_html_is_one_self_contained_file(tmp_path):
    a, b, e, tr = reused()
    page = tr.save_html(tmp_path / "p.html", e).read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|url\(http", page)
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page
    for id_ in ("prev", "play", "next", "slider", "step-node", "step-arriving", "step-explain", "story"):
        assert f'id="{id_}"' in page
    embedded = tr._repr_html_()
    assert embedded.startswith("<iframe srcdoc=") and "&lt;script" in embedded
    assert player_html(tr) != page                     # without the output: no output box, still a player
    assert minigrad.autograd.trace()._repr_html_() == "<pre>(no backward pass ran inside this trace)</pre>"
    with pytest.raises(ValueError, match="no step"):
        minigrad.autograd.trace().save_html(tmp_path / "empty.html")


def test_gif_has_one_frame_per_step(tmp_path):
    from PIL import Image
    a, b, e, tr = reused()
    p = tr.animate(tmp_path / "b.gif", e, fps=2)
    with Image.open(p) as im:
        assert im.n_frames == len(tr.steps) and im.info["duration"] == 500
        frames = []
        for k in range(im.n_frames):
            im.seek(k)
            frames.append(np.asarray(im.convert("RGB")))
    assert all(not np.array_equal(frames[k], frames[k + 1]) for k in range(len(frames) - 1))


def test_each_pass_counts_its_own_consumers():
    """Newton's step: f = x⁴/4 - 2x, g = f'(x) with a graph, then g's own backward. By hand at x = 1:
    f' = x³ - 2 = -1 (two shares at x: 1 from x⁴/4 and -2 from 2x), f'' = 3x² = 3 (one share)."""
    x = minigrad.tensor(1.0, requires_grad=True)
    with minigrad.autograd.trace() as tr:
        f = x ** 4 / 4 - 2 * x
        g, = minigrad.autograd.grad(f, x, create_graph=True)
        h, = minigrad.autograd.grad(g, x)
    assert (g.item(), h.item()) == (-1.0, 3.0)
    assert tr.explain(2) == "MulBackward0: upstream -1 × 2 = -2 → x"
    assert tr.explain(3) == "DivBackward0: upstream 1 × 1/4 = 1 × 0.25 = 0.25 → PowBackward0"
    assert tr.explain(8) == "PowBackward0: upstream 1 × 3·x^(3-1) = 1 × 3 = 3 → x"
    x_node = next(e.node for e in tr.steps[1].grad_out if e.node is not None)     # (2 * x is x * 2, as torch)
    assert tr.consumers(x_node, 1) == 2 and tr.consumers(x_node, 2) == 1 and tr.consumers(x_node) == 3
    model, frames = story(tr)
    x_box = next(b.id for b in model.boxes if b.kind == "leaf")
    assert frames[1]["buf"][x_box] == "buffer -2 (1/2)" and frames[3]["buf"][x_box] == "buffer -2 + 1 = -1 ready"
    assert frames[7]["buf"][x_box] == "buffer 3 ready"         # pass 2: x waits for one share only
    assert [f["n"] for f in frames] == list(range(1, 9))


def test_chain_rule_lines_of_reductions_and_matmul():
    x = minigrad.tensor([1.0, -2.0], requires_grad=True)
    W = minigrad.tensor([[1.0, 2.0], [0.5, -1.0]], requires_grad=True)
    y = (W @ x).tanh().sum()                               # W @ x = [-3, 2.5]
    with minigrad.autograd.trace() as tr:
        y.backward()
    d = 1 - np.tanh(np.array([-3.0, 2.5])) ** 2            # by hand: tanh' = 1 - tanh²
    dt = f"[{d[0]:.4g}, {d[1]:.4g}]"
    assert tr.explain(1) == "SumBackward0 (y): upstream 1 × (1 for every element summed) = [1, 1] → TanhBackward0"
    assert tr.explain(2) == f"TanhBackward0: upstream [1, 1] × (1 - out²) = [1, 1] × {dt} = {dt} → MvBackward0"  # torch names W @ x (matrix @ vector) MvBackward0
    # matmul's derivative is a formula in the upstream gradient g, not a factor
    dW = np.outer(d, [1.0, -2.0])
    dx = d @ np.array([[1.0, 2.0], [0.5, -1.0]])
    line = tr.explain(3)
    assert line.startswith(f"MvBackward0: g = upstream {dt}: g @ bᵀ = ")
    assert f"→ W;  g = upstream {dt}: aᵀ @ g = " in line and line.endswith("→ x")
    np.testing.assert_allclose(W.grad.numpy(), dW, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), dx, rtol=1e-4, atol=1e-6)
