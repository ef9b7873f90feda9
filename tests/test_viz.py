"""minigrad.viz: the DOT/Mermaid text names every op and leaf of known graphs, with edges in the direction
data flows; draw() renders with Graphviz when it is there and degrades to a .dot file when it is not."""
import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

import minigrad
from minigrad import viz
from minigrad.viz.model import edges

ROOT = Path(__file__).resolve().parent.parent
NODE = re.compile(r'^\s+(\w+) \[label="((?:[^"\\]|\\.)*)"', re.M)
EDGE = re.compile(r'^\s+(\w+) -> (\w+)(?: \[(?:label="([^"]*)")?[^\]]*\])?;', re.M)


def parse_dot(text):
    """{box id: label lines} and [(source label, target label, edge label)]: the graph as drawn."""
    boxes = {i: label.replace('\\"', '"').split("\\n") for i, label in NODE.findall(text)}
    edges = [(boxes[a][0], boxes[b][0], lab) for a, b, lab in EDGE.findall(text)]
    return boxes, edges


def walk(root):
    seen, stack = [], [root]
    while stack:
        n = stack.pop()
        if n not in seen:
            seen.append(n)
            stack.extend(nxt for nxt, _ in edges(n) if nxt is not None)   # (what the engine runs, drawn)
    return seen


def test_reused_variable_graph():
    x = minigrad.tensor(2.0, requires_grad=True)
    w = minigrad.tensor(3.0, requires_grad=True)
    z = x * w + x
    text = viz.to_dot(z, params={"x": x, "w": w, "z": z})
    assert text.startswith("digraph backward_graph {") and text.rstrip().endswith("}")
    boxes, edges = parse_dot(text)
    assert sorted(lines[0] for lines in boxes.values()) == ["AddBackward0", "MulBackward0", "w", "x", "z"]
    assert sorted(edges) == sorted([("x", "MulBackward0", ""), ("w", "MulBackward0", ""),
                                    ("MulBackward0", "AddBackward0", ""), ("x", "AddBackward0", ""),
                                    ("AddBackward0", "z", "")])
    # leaves first, in the order the code uses them; ids are stable
    assert list(boxes) == ["leaf1", "leaf2", "op1", "op2", "out1"]
    assert boxes["leaf1"] == ["x", "()"] and boxes["out1"] == ["z", "()"]


def test_every_node_of_a_bigger_graph_is_drawn_once():
    a = minigrad.randn(3, 4, requires_grad=True)
    b = minigrad.randn(4, requires_grad=True)
    c = minigrad.randn(4, 2, requires_grad=True)
    h = (a * b).relu()
    out = ((h @ c).sigmoid().log() + h.sum(dim=1, keepdim=True)).mean()
    boxes, edges = parse_dot(viz.to_dot(out, params={"a": a, "b": b, "c": c, "h": h}))
    nodes = walk(out.grad_fn)
    ops = sorted(n.name() for n in nodes if type(n).__name__ != "AccumulateGrad")
    drawn_ops = sorted(lines[0] for i, lines in boxes.items() if i.startswith("op"))
    assert drawn_ops == ops
    assert {tuple(lines) for i, lines in boxes.items() if i.startswith("leaf")} == {
        ("a", "(3, 4)"), ("b", "(4,)"), ("c", "(4, 2)")}
    # one edge per (input in the graph, consumer), plus the one into the output box
    n_edges = sum(1 for n in nodes for nxt, _ in n.next_functions if nxt is not None)
    assert len(edges) == n_edges + 1
    # h is used twice: both arrows leaving the node that made h carry its name
    assert sorted(lab for src, dst, lab in edges if lab) == ["h", "h"]
    assert {src for src, dst, lab in edges if lab == "h"} == {"ReluBackward0"}


def test_shapes_optional_and_labels_escaped():
    x = minigrad.ones(2, 3, requires_grad=True)
    y = (x * 2).sum()
    assert "(2, 3)" in viz.to_dot(y, params={"x": x})
    assert "(2, 3)" not in viz.to_dot(y, params={"x": x}, show_shapes=False)
    boxes, _ = parse_dot(viz.to_dot(y, params={'the "input"': x}))
    assert boxes["leaf1"] == ['the "input"', "(2, 3)"]
    # a leaf nobody named is described, never called "leaf ()"; the constant 2 has its own box
    unnamed, edges = parse_dot(viz.to_dot(y))
    assert unnamed["leaf1"] == ["leaf (2, 3)", "(2, 3)"] and unnamed["out1"] == ["output", "()"]
    assert unnamed["const1"] == ["2"] and ("2", "MulBackward0", "") in edges
    s = minigrad.tensor(4.0, requires_grad=True)
    assert parse_dot(viz.to_dot(s * 3))[0]["leaf1"] == ["leaf 4", "()"]


def test_several_outputs_a_leaf_output_and_multi_output_nodes():
    x = minigrad.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    lo, hi = x.split(2)                                    # one node per piece, or one node with 2 outputs
    boxes, edges = parse_dot(viz.to_dot([lo.exp(), hi * 2]))
    assert [b[0] for i, b in boxes.items() if i.startswith("out")] == ["output 0", "output 1"]
    assert {"ExpBackward0", "MulBackward0"} <= {b[0] for b in boxes.values()}
    leaf_only, _ = parse_dot(viz.to_dot(x, params={"x": x}))
    assert list(leaf_only.values()) == [["x", "(4,)"]]


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="requires_grad=True"):
        viz.to_dot(minigrad.ones(3) * 2)
    with pytest.raises(TypeError, match="expected a tensor"):
        viz.to_dot([1, 2])
    with pytest.raises(TypeError, match="trace="):
        viz.to_dot(minigrad.ones(1, requires_grad=True) * 2, trace="not a trace")


def test_deep_graph_needs_no_recursion():
    x = minigrad.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(3000):
        y = y * 1.0001
    boxes, edges = parse_dot(viz.to_dot(y))
    # the leaf, 3000 MulBackward0, their 3000 constants 1.0001, the output
    assert len(boxes) == 6002 and len(edges) == 6001
    assert sum(1 for b in boxes.values() if b == ["1"]) == 3000     # 1.0001 in 4 significant digits


def test_trace_numbers_the_ops():
    x = minigrad.tensor(2.0, requires_grad=True)
    w = minigrad.tensor(3.0, requires_grad=True)
    z = x * w + x
    with minigrad.autograd.trace() as tr:
        z.backward()
    boxes, _ = parse_dot(viz.to_dot(z, trace=tr))
    assert sorted(b[0] for i, b in boxes.items() if i.startswith("op")) == ["1. AddBackward0", "2. MulBackward0"]


def test_mermaid_has_the_same_graph():
    x = minigrad.tensor(2.0, requires_grad=True)
    w = minigrad.tensor(3.0, requires_grad=True)
    h = x * w
    z = h + x
    text = viz.to_mermaid(z, params={"x": x, "w": w, "h": h})
    assert text.startswith("flowchart TB\n")
    assert '    leaf1["x<br>()"]:::leaf' in text and '    op2["AddBackward0"]:::op' in text
    assert '    op1 -->|"h"| op2' in text and "    leaf1 --> op2" in text and "    op2 --> out1" in text


# ---------------------------------------------------------------------------------------------
# the conv classifier of the seed: input (1, 1, 4, 4) -> Conv2d(1, 4, 4, bias=False) -> (1, 4) logits
# -> cross-entropy with an int64 target
# ---------------------------------------------------------------------------------------------
def _conv_classifier():
    from minigrad import nn
    model = nn.Conv2d(1, 4, kernel_size=4, bias=False)
    x = minigrad.randn(1, 1, 4, 4)
    logits = model(x).view(1, 4)
    loss = nn.CrossEntropyLoss()(logits, minigrad.tensor([2]))
    return model, logits, loss


def _conv_classifier_functional():
    import minigrad.nn.functional as F
    weight = minigrad.randn(4, 1, 4, 4, requires_grad=True)     # the same graph, without the module
    logits = F.conv2d(minigrad.randn(1, 1, 4, 4), weight).view(1, 4)
    loss = F.cross_entropy(logits, minigrad.tensor([2]))
    return weight, logits, loss


def _check_conv_graph(loss, params, logits):
    text = viz.to_dot(loss, params=params)
    boxes, edges = parse_dot(text)
    ops = sorted(n.name() for n in walk(loss.grad_fn) if type(n).__name__ != "AccumulateGrad")
    assert sorted(b[0] for i, b in boxes.items() if i.startswith("op")) == ops
    assert {tuple(b) for i, b in boxes.items() if i.startswith("leaf")} == {("weight", "(4, 1, 4, 4)")}
    assert boxes["out1"] == ["output", "()"]
    assert any(n.startswith("LogSoftmax") or n.startswith("CrossEntropy") for n in ops)
    assert "logits" in {lab for _, _, lab in edges}
    assert logits.grad_fn.name() in ops


def test_conv_classifier_graph_with_nn():
    model, logits, loss = _conv_classifier()
    params = list(model.named_parameters()) + [("logits", logits)]
    _check_conv_graph(loss, params, logits)
    assert parse_dot(viz.to_dot(loss, params=model))[0]["leaf1"] == ["weight", "(4, 1, 4, 4)"]   # a module
    with minigrad.autograd.trace(params=model.named_parameters()) as tr:
        loss.backward()
    assert tr.steps[-1].name == "AccumulateGrad (weight)"
    assert tr.steps[-1].grad_in[0].shape == (4, 1, 4, 4)


def test_conv_classifier_graph_functional():
    weight, logits, loss = _conv_classifier_functional()
    _check_conv_graph(loss, {"weight": weight, "logits": logits}, logits)


# ---------------------------------------------------------------------------------------------
# draw(): with and without Graphviz
# ---------------------------------------------------------------------------------------------
def _small():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    return x, (x * x).sum()


def test_draw_without_graphviz_uses_its_own_layout(tmp_path, monkeypatch, capsys):
    import xml.etree.ElementTree as ET
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    x, y = _small()
    written = viz.draw(y, tmp_path / "graph.svg", params={"x": x})
    assert written == tmp_path / "graph.svg"
    root = ET.fromstring(written.read_text())
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"x", "MulBackward0", "SumBackward0", "output"} <= set(texts)
    png = viz.draw(y, tmp_path / "graph.png", params={"x": x})
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert capsys.readouterr().out == ""


def test_draw_dot_text_and_bad_suffix(tmp_path):
    x, y = _small()
    p = viz.draw(y, tmp_path / "sub" / "g.dot")
    assert p.read_text().startswith("digraph")
    with pytest.raises(ValueError, match=r"\.svg, \.png, \.pdf or \.dot"):
        viz.draw(y, tmp_path / "g.jpeg")


def _fake_dot(tmp_path, body):
    exe = tmp_path / "bin" / "dot"
    exe.parent.mkdir()
    exe.write_text(f"#!{sys.executable}\nimport sys\n{body}\n")
    exe.chmod(0o755)
    return str(exe)


def test_draw_calls_graphviz_when_present(tmp_path, monkeypatch):
    """A stand-in `dot` checks what draw() sends it (format, output path, DOT on stdin)."""
    fake = _fake_dot(tmp_path, "args = sys.argv[1:]\n"
                               "src = sys.stdin.read()\n"
                               "assert args[0] == '-Tpng' and args[1] == '-o', args\n"
                               "open(args[2], 'w').write('rendered:' + src)")
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: fake if name == "dot" else None)
    x, y = _small()
    p = viz.draw(y, tmp_path / "graph.png", params={"x": x})
    assert p == tmp_path / "graph.png"
    assert p.read_text() == "rendered:" + viz.to_dot(y, params={"x": x})


def test_draw_reports_graphviz_failure(tmp_path, monkeypatch):
    fake = _fake_dot(tmp_path, "sys.stderr.write('syntax error in line 1'); sys.exit(1)")
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: fake)
    x, y = _small()
    with pytest.raises(RuntimeError, match="syntax error in line 1"):
        viz.draw(y, tmp_path / "graph.svg")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_draw_with_real_graphviz(tmp_path):
    x, y = _small()
    p = viz.draw(y, tmp_path / "graph.svg", params={"x": x})
    assert "<svg" in p.read_text()


# ---------------------------------------------------------------------------------------------
# the demo
# ---------------------------------------------------------------------------------------------
def test_backward_walkthrough_demo(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("backward_walkthrough",
                                                  ROOT / "demos" / "backward_walkthrough.py")
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    out_dir = tmp_path / "out"
    tr = demo.main(["--out", str(out_dir), "--seed", "3"])
    out = capsys.readouterr().out
    assert "AccumulateGrad (w)" in out
    names = ["graph.svg", "graph.png", "graph.dot", "player.html", "backward.gif", "trace.txt"]
    for name in names:                                      # each file is written and reported
        assert (out_dir / name).stat().st_size > 0 and f"wrote {out_dir / name}" in out
    assert (out_dir / "graph.dot").read_text().startswith("digraph")
    assert (out_dir / "trace.txt").read_text().strip() == str(tr)
    assert max(len(line) for line in str(tr).splitlines()) <= 100     # fits a terminal
    assert (out_dir / "backward.gif").read_bytes()[:6] == b"GIF89a"
    # the trace's numbers are the chain rule's
    minigrad.manual_seed(3)
    hand = demo.by_hand(demo.build())
    to_w = next(e for s in tr.steps for e in s.grad_out if e.target == "w")
    assert to_w.grad.values.tolist() == pytest.approx(hand["dloss/dw"], rel=1e-5)
    to_b = next(e for s in tr.steps for e in s.grad_out if e.target == "b")
    assert float(to_b.grad.values) == pytest.approx(hand["dloss/db"], rel=1e-5)
    # --seed changes the example
    other = demo.main(["--out", str(tmp_path / "other"), "--seed", "4"])
    to_w4 = next(e for s in other.steps for e in s.grad_out if e.target == "w")
    assert to_w4.grad.values.tolist() != to_w.grad.values.tolist()
