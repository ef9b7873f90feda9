"""Draw the pictures of docs/how-backward-works.md (and of the README) into docs/images/backward/.

    python3 scripts/make_backward_pictures.py            # (re)write the pictures
    python3 scripts/make_backward_pictures.py --check    # exit 1, naming them, if any is stale

Each picture is made from the same example as the page that shows it. Graphs are SVG text from
minigrad's own layout, so the same code always gives the same file, and ``tests/test_backward_pictures.py``
compares them as text. The player's GIF depends on the fonts and the matplotlib version of the machine
that draws it, so it is checked through a fingerprint of what it shows (the frames' text and the
graph's layout), kept in ``gif-sources.sha256``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import minigrad as torch                       # noqa: E402
from minigrad import nn, viz                   # noqa: E402

OUT = ROOT / "docs" / "images" / "backward"
FINGERPRINTS = "gif-sources.sha256"


# ---------------------------------------------------------------------------------------------
# the examples of docs/how-backward-works.md
# ---------------------------------------------------------------------------------------------
def x_squared_plus_one():
    x = torch.tensor(3.0, requires_grad=True)
    y = x ** 2 + 1
    before = viz.graph(y, params={"x": x, "y": y}, values=True)
    svg = before.to_svg()                      # drawn now: the data Pow saved is freed by backward
    with torch.autograd.trace(params={"x": x, "y": y}) as tr:
        y.backward()
    return {"x_squared_plus_1.svg": svg,
            "x_squared_plus_1_backward.svg": viz.graph(y, trace=tr, values=True).to_svg()}


def reused_variable():
    x = torch.tensor(2.0, requires_grad=True)
    w = torch.tensor(3.0, requires_grad=True)
    z = x * w + x
    with torch.autograd.trace(params={"x": x, "w": w, "z": z}) as tr:
        z.backward()
    return {"reused_backward.svg": viz.graph(z, trace=tr, values=True).to_svg(),
            "reused_player.gif": (tr, z)}


def mlp():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    xb = torch.randn(4, 2)                     # a batch of 4 inputs
    target = torch.randn(4, 1)
    pred = model(xb)
    loss = ((pred - target) ** 2).mean()
    names = dict(model.named_parameters(), xb=xb, target=target, pred=pred, loss=loss)
    with torch.autograd.trace(params=names) as tr:
        loss.backward()
    return {"mlp_backward.svg": viz.graph(loss, trace=tr, values=True).to_svg()}


def conv_classifier():
    image = torch.arange(16, dtype=torch.float32).reshape(1, 1, 4, 4) / 16
    target = torch.tensor([2])
    conv = nn.Conv2d(1, 4, kernel_size=4, bias=False)
    with torch.no_grad():
        conv.weight.copy_((torch.linspace(-1, 1, 64) / 4).reshape(4, 1, 4, 4))
    scores = conv(image)
    logits = scores.view(1, 4)
    loss = nn.CrossEntropyLoss()(logits, target)
    names = dict(conv.named_parameters(), scores=scores, logits=logits, loss=loss)
    with torch.autograd.trace(params=names) as tr:
        loss.backward()
    return {"conv_classifier_backward.svg": viz.graph(loss, trace=tr, values=True).to_svg()}


EXAMPLES = [x_squared_plus_one, reused_variable, mlp, conv_classifier]


# ---------------------------------------------------------------------------------------------
def pictures() -> dict:
    """{file name: SVG text, or (trace, output) for a GIF}."""
    out = {}
    for make in EXAMPLES:
        out.update(make())
    return out


def gif_fingerprint(trace, output) -> str:
    """sha256 of what the GIF shows: every frame's text and state, and the graph's layout."""
    from minigrad.viz import layout as lay_mod
    from minigrad.viz.player import MAX_BUF, story
    model, frames = story(trace, output)
    g = viz.Graph.__new__(viz.Graph)
    g.model, g.values, g.show_shapes, g.trace = model, True, True, trace
    svg = lay_mod.to_svg(lay_mod.layout(model, g.lines, extra_line=MAX_BUF), lambda ln: "", player=True)
    blob = json.dumps(frames, sort_keys=True, ensure_ascii=False) + svg
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def write(out: Path = OUT) -> list:
    out.mkdir(parents=True, exist_ok=True)
    written, prints = [], []
    for name, what in pictures().items():
        path = out / name
        if isinstance(what, str):
            path.write_text(what, encoding="utf-8")
        else:
            trace, output = what
            trace.animate(path, output, fps=0.8)
            prints.append(f"{gif_fingerprint(trace, output)}  {name}")
        written.append(path)
    (out / FINGERPRINTS).write_text("\n".join(prints) + "\n", encoding="utf-8")
    written.append(out / FINGERPRINTS)
    return written


def stale(out: Path = OUT) -> list:
    """The names of the pictures in ``out`` that the code would now draw differently (or that are missing)."""
    bad = []
    recorded = {}
    fp = out / FINGERPRINTS
    if fp.exists():
        for line in fp.read_text(encoding="utf-8").splitlines():
            if line.strip():
                digest, name = line.split(None, 1)
                recorded[name.strip()] = digest
    for name, what in pictures().items():
        path = out / name
        if not path.exists():
            bad.append(name)
        elif isinstance(what, str):
            if path.read_text(encoding="utf-8") != what:
                bad.append(name)
        elif recorded.get(name) != gif_fingerprint(*what):
            bad.append(name)
    return bad


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(OUT), help="folder of the pictures (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a picture is stale")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if args.check:
        bad = stale(out)
        if bad:
            print("stale pictures (run python3 scripts/make_backward_pictures.py): " + ", ".join(bad))
            return 1
        print(f"pictures in {out} are up to date")
        return 0
    for path in write(out):
        print(f"wrote {os.path.relpath(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
