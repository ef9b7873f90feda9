"""minigrad.viz.graph: known graphs drawn in full (every op, leaf and constant), the values and
gradients written in the boxes equal the tensors', the SVG is well-formed XML, and PNG/SVG/HTML files
are written without Graphviz."""
import shutil
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import minigrad
from minigrad import nn, viz

SVG = "{http://www.w3.org/2000/svg}"


def svg_boxes(svg_text):
    """{box id: [text lines]} from the SVG (ids are only on the player's SVG; here: by group order)."""
    root = ET.fromstring(svg_text)
    boxes = []
    for g in root.iter(SVG + "g"):
        if "box" in g.get("class", ""):
            boxes.append((g.get("class").split()[1], [t.text for t in g.iter(SVG + "text")]))
    return root, boxes


def test_x_squared_plus_one_shows_x_and_the_constants():
    x = minigrad.tensor(3.0, requires_grad=True)
    y = x ** 2 + 1
    g = viz.graph(y, values=True)                      # names come from this function's variables
    boxes = {b.id: b for b in g.model.boxes}
    assert [b.kind for b in g.model.boxes].count("const") == 2
    assert boxes["leaf1"].title == "x" and boxes["leaf1"].value.values == 3.0
    assert boxes["const1"].title == "2"                # the exponent: Pow saved it
    # the 1 of "+ 1": Add keeps its constant operand on ctx (ctx.b), so its box shows the value
    assert boxes["const2"].title == "1" and boxes["const2"].note == ""
    assert boxes["out1"].title == "y" and float(boxes["out1"].value.values) == 10.0
    links = {(ln.src, ln.dst) for ln in g.model.links}
    assert links == {("leaf1", "op1"), ("const1", "op1"), ("op1", "op2"), ("const2", "op2"), ("op2", "out1")}
    root, drawn = svg_boxes(g.to_svg())
    assert root.tag == SVG + "svg"
    assert [k for k, _ in drawn] == ["leaf", "op", "const", "op", "const", "output"]
    assert drawn[0][1] == ["x", "()", "data 3"] and drawn[2][1] == ["2"]
    assert drawn[1][1][0] == "PowBackward0" and drawn[3][1] == ["AddBackward0", "data 10"]
    y.backward()
    after = viz.graph(y, values=True).model.boxes[0]
    assert after.grad.text() == "6"                    # dy/dx = 2x


def test_values_and_grads_match_the_tensors():
    minigrad.manual_seed(0)
    a = minigrad.tensor([[1.0, -2.0], [0.5, 4.0]], requires_grad=True)
    big = minigrad.randn(5, 4, requires_grad=True)
    h = a.exp()                                        # Exp saves its output: its data is reachable
    out = (h.sum() * big).sum()
    g = viz.graph(out, params={"a": a, "big": big, "h": h}, values=True)
    by_title = {b.title: b for b in g.model.boxes}
    np.testing.assert_array_equal(by_title["a"].value.values, a.detach().numpy())
    np.testing.assert_allclose(by_title["ExpBackward0"].value.values, np.exp(a.detach().numpy()), rtol=1e-6)
    v = by_title["big"].value                         # 20 values: shape, min, max, norm
    arr = big.detach().numpy()
    assert v.values is None and v.shape == (5, 4)
    assert (v.vmin, v.vmax) == (pytest.approx(arr.min()), pytest.approx(arr.max()))
    assert v.norm == pytest.approx(np.linalg.norm(arr), rel=1e-6)
    assert v.text().startswith("(5, 4) min ")
    out.backward()
    g = viz.graph(out, params={"a": a, "big": big}, values=True)
    by_title = {b.title: b for b in g.model.boxes}
    np.testing.assert_allclose(by_title["a"].grad.values, a.grad.numpy(), rtol=1e-6)
    assert by_title["big"].grad.norm == pytest.approx(np.linalg.norm(big.grad.numpy()), rel=1e-6)
    assert "grad " + by_title["a"].grad.short(viz.model.BOX_CHARS) in g.to_dot()


def test_mlp_graph_shows_its_input_and_target():
    minigrad.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    xb, target = minigrad.randn(4, 2), minigrad.randn(4, 1)
    loss = ((model(xb) - target) ** 2).mean()
    g = viz.graph(loss, params=dict(model.named_parameters(), xb=xb, target=target), values=True)
    boxes = {b.id: b for b in g.model.boxes}
    leaves = sorted(b.title for b in boxes.values() if b.kind == "leaf")
    assert leaves == ["0.bias", "0.weight", "2.bias", "2.weight"]
    consts = [b for b in boxes.values() if b.kind == "const"]
    # the batch (saved by the matmul) and the target (kept by Sub as ctx.b), named and valued, and the 2
    assert sorted(b.title for b in consts) == ["2", "target", "xb"]
    xb_box = next(b for b in consts if b.title == "xb")
    assert xb_box.value.shape == (4, 2) and xb_box.value.norm == pytest.approx(np.linalg.norm(xb.numpy()))
    sub = next(b for b in boxes.values() if b.title == "SubBackward0")
    into_sub = sorted(boxes[ln.src].kind for ln in g.model.links if ln.dst == sub.id)
    assert into_sub == ["const", "op"]                 # two arrows: prediction and target
    ops = sorted(b.title for b in boxes.values() if b.kind == "op")
    walked, stack = set(), [loss.grad_fn]
    while stack:
        n = stack.pop()
        if n not in walked:
            walked.add(n)
            stack.extend(m for m, _ in n.next_functions if m is not None)
    assert ops == sorted(n.name() for n in walked if type(n).__name__ != "AccumulateGrad")


def test_with_a_trace_edges_carry_the_gradients_and_steps():
    x = minigrad.tensor(2.0, requires_grad=True)
    w = minigrad.tensor(3.0, requires_grad=True)
    z = x * w + x
    with minigrad.autograd.trace() as tr:
        z.backward()
    g = viz.graph(z, trace=tr, values=True)
    boxes = {b.id: b for b in g.model.boxes}
    by_pair = {(boxes[ln.src].title, boxes[ln.dst].title): ln for ln in g.model.links}
    assert g.link_text(by_pair[("w", "MulBackward0")]) == "2 (step 2)"      # d(xw)/dw = x = 2
    assert g.link_text(by_pair[("x", "MulBackward0")]) == "3 (step 2)"
    assert g.link_text(by_pair[("x", "AddBackward0")]) == "1 (step 1)"
    assert boxes["leaf1"].steps == [4] and boxes["leaf1"].grad.text() == "4"   # x.grad = 3 + 1
    assert boxes["op2"].lines(values=True)[:2] == ["1. AddBackward0", "data 8"]
    dot = g.to_dot()
    assert "3 (step 2)" in dot and "grad 4" in dot


def test_layout_keeps_boxes_apart_and_inside_the_picture():
    minigrad.manual_seed(1)
    a, b, c = (minigrad.randn(3, requires_grad=True) for _ in range(3))
    s = (a * b + b * c + c * a).sum() + (a - c).relu().sum()
    g = viz.graph(s, values=True)
    lay = g.layout()
    placed = list(lay.boxes.values())
    for i, p in enumerate(placed):
        assert p.x - p.w / 2 >= 0 and p.x + p.w / 2 <= lay.width and p.y >= 0 and p.y + p.h <= lay.height
        for q in placed[i + 1:]:
            apart_x = abs(p.x - q.x) >= (p.w + q.w) / 2
            apart_y = p.y + p.h <= q.y or q.y + q.h <= p.y
            assert apart_x or apart_y, (p, q)
    for ln, pts, _ in lay.links:                       # every arrow points down, the way data flows
        assert pts[-1][1] > pts[0][1]
    assert g.to_svg() == g.to_svg()                    # the same graph gives the same text


def test_save_by_suffix_without_graphviz(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    g = viz.graph(y, values=True)
    ET.fromstring(g.save(tmp_path / "g.svg").read_text())
    assert g._repr_svg_() == (tmp_path / "g.svg").read_text()
    png = g.save(tmp_path / "g.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image
    with Image.open(tmp_path / "g.png") as im:
        w, h = im.size
    assert w > 100 and h > 100
    assert g.save(tmp_path / "g.dot").read_text() == g.to_dot()
    page = g.save(tmp_path / "g.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "http://" not in page.replace(
        "http://www.w3.org/2000/svg", "")
    with pytest.raises(ValueError, match="end the path with"):
        g.save(tmp_path / "g.jpeg")
    assert repr(g) == "<minigrad.viz.Graph: 2 ops, 1 leaves, 0 constants, 1 outputs>"


def test_mermaid_draws_constants_dashed():
    x = minigrad.tensor(3.0, requires_grad=True)
    text = viz.to_mermaid(x * 2, params={"x": x})
    assert '    const1["2"]:::const' in text and "    const1 -.-> op1" in text


def test_cross_entropy_target_is_read_from_the_node():
    """CrossEntropy stores its target on ctx: the graph shows it; the weight it was not given is not drawn."""
    logits = minigrad.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]], requires_grad=True)
    loss = nn.functional.cross_entropy(logits, minigrad.tensor([0, 2]))
    g = viz.graph(loss, params={"logits": logits}, values=True)
    consts = [b for b in g.model.boxes if b.kind == "const"]
    assert [(b.title, b.lines(values=True)) for b in consts] == [("target (2,)", ["target (2,)", "data [0, 2]"])]
