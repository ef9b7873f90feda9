"""The step-through player: the backward pass as a story, one frame per step, in HTML or as a GIF.

``story(trace)`` computes, for every step the engine ran, everything a frame shows: the running node,
the gradient that arrived at it (each contribution, and their sum), the chain-rule line with its
numbers, and the state of every node's gradient buffer: empty, *waiting* (some of the gradients it
needs have arrived), *ready* (all of them), *running*, or *done*. That is the rule learners find
hardest, made visible: a node runs only after every node that uses its output has sent its gradient,
and what arrives is summed.

``save_html`` writes one self-contained HTML file (inline SVG, CSS and JavaScript; no network) with
previous / next / play buttons, a slider and the arrow keys. ``animate`` draws the same frames with
matplotlib and writes them as an animated GIF with Pillow.
"""
from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path

import numpy as np

from . import layout as _layout
from .model import build, format_values, num, shape_text

MAX_BUF = 34        # longest buffer text written inside a box


# ---------------------------------------------------------------------------------------------
# the story
# ---------------------------------------------------------------------------------------------
def arrival_text(step) -> str:
    """What arrived at a step, with where each part came from: ``16 = 8 (step 1) + 8 (step 1)``,
    ``1 (from backward())``."""
    parts = [a.grad.text() + (f" (step {a.source})" if a.source else " (from backward())") for a in step.arrivals]
    got = " + ".join(g.text() for g in step.grad_in if g is not None)
    if len(parts) == 1:
        return parts[0]
    return f"{got} = " + " + ".join(parts)


def _sum_text(grads):
    """``8 + 8 = 16`` when the values are known; None when they are not (large tensors)."""
    if any(g.values is None for g in grads):
        return None
    if len(grads) == 1:
        return grads[0].text()
    try:
        total = np.sum([np.asarray(g.values, np.float64) for g in grads], axis=0)
    except ValueError:
        return None
    return " + ".join(g.text() for g in grads) + " = " + format_values(total)


def _buffer_text(grads, wanted, state):
    """The line under a box: its gradient buffer, short enough to fit (the panel has the details)."""
    m = len(grads)
    s = _sum_text(grads)
    if state in ("running", "done"):
        options = [f"grad {s}", f"grad {s.split(' = ')[-1]}"] if s is not None else []
        if m == 1:
            g = grads[0]
            options += [f"grad {g.text()}", f"grad {shape_text(g.shape)} norm {num(g.norm)}"]
        options.append(f"grad: sum of {m}" if m > 1 else "grad: see the panel")
    elif m < wanted:
        options = [f"buffer {' + '.join(g.text() for g in grads)} ({m}/{wanted})",
                   f"buffer {' + '.join(g.short(12) for g in grads)} ({m}/{wanted})",
                   f"buffer: {m} of {wanted} arrived"]
    else:
        options = ([f"buffer {s} ready", f"buffer {s.split(' = ')[-1]} ready"] if s is not None else []) + \
                  ([f"buffer {grads[0].short(16)} ready"] if m == 1 else []) + [f"buffer ready ({m}/{wanted})"]
    return next((o for o in options if len(o) <= MAX_BUF), options[-1])


def story(trace, output=None):
    """(model, frames): the graph and, per step, what the player shows (see the module docstring)."""
    if not trace.steps:
        raise ValueError("player: this trace recorded no step; run backward() inside `with trace() as tr:` first")
    model = build(output, trace.params, trace, values=True)
    for b in model.boxes:
        b.grad = None                  # the leaves' .grad appears as the steps add to it, not before
    box_of = {b.node: b.id for b in model.boxes if b.kind in ("op", "leaf")}
    link_of = {}
    for ln in model.links:
        if not ln.src.startswith("const") and not ln.dst.startswith("out"):
            link_of[(ln.dst, ln.slot)] = f"{ln.src}-{ln.dst}-{ln.slot}"
    frames = []
    buffers, done, labels, leaf_grads, passes = {}, set(), {}, {}, None
    for s in trace.steps:
        if s.pass_index != passes:                 # a new backward pass starts from empty buffers
            buffers, done, labels, leaf_grads, passes = {}, set(), {}, {}, s.pass_index
        me = box_of.get(s.node)
        if s.leaf_grad is not None:
            leaf_grads[me] = f"grad {s.leaf_grad.text()}"
        buffers[me] = [a.grad for a in s.arrivals]
        hot = []
        for e in s.grad_out:
            if e.node is None or e.grad is None:
                continue
            buffers.setdefault(box_of.get(e.node), []).append(e.grad)
            key = link_of.get((me, e.input))
            if key:
                hot.append(key)
                labels[key] = e.grad.short()
        status, buf = {}, {}
        for b in model.boxes:
            if b.kind not in ("op", "leaf"):
                continue
            if b.id == me:
                st = "running"
            elif b.id in done:
                st = "done"
            elif buffers.get(b.id):
                st = "ready" if len(buffers[b.id]) >= max(trace.consumers(b.node, s.pass_index), 1) else "waiting"
            else:
                st = ""
            status[b.id] = st
            if b.id in leaf_grads:
                buf[b.id] = leaf_grads[b.id] if len(leaf_grads[b.id]) <= MAX_BUF else "grad (see the panel)"
            elif buffers.get(b.id):
                buf[b.id] = _buffer_text(buffers[b.id], max(trace.consumers(b.node, s.pass_index), 1), st)
        frames.append({
            "n": s.index, "box": me, "name": s.name, "arriving": arrival_text(s), "explain": s.explanation,
            "derivative": s.derivative, "source": s.source, "status": status, "buf": buf, "hot": hot,
            "labels": dict(labels),
        })
        done.add(me)
    return model, frames


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------
_CSS = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 12px; color: #222; }
#player { display: flex; gap: 16px; align-items: flex-start; }
#graph { flex: 1 1 auto; min-width: 0; max-height: calc(100vh - 30px); overflow: auto;
  border: 1px solid #ddd; border-radius: 6px; padding: 4px; }
#panel { flex: 0 0 380px; }
@media (max-width: 800px) { #player { flex-wrap: wrap; } #panel { flex: 1 1 100%; } }
#controls button { font-size: 15px; padding: 4px 12px; margin-right: 4px; cursor: pointer; }
#slider { width: 100%; margin: 10px 0; }
.label { color: #777; font-size: 12px; text-transform: uppercase; letter-spacing: .05em; margin-top: 10px; }
#step-counter { font-size: 14px; color: #555; }
#step-node { font-size: 20px; font-weight: bold; color: #b34700; }
#step-arriving, #step-explain { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 14px;
  background: #fff8e1; border-radius: 4px; padding: 6px 8px; white-space: pre-wrap; }
#step-derivative, #step-source { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; color: #444; }
#rule { font-size: 13px; color: #444; border-left: 3px solid #f9a825; padding-left: 8px; margin-top: 14px; }
.key span { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin: 0 4px 0 10px; vertical-align: -1px; }
.box.running rect { stroke: #e65100; stroke-width: 3.5px; fill: #ffe0b2; }
.box.waiting rect { stroke: #f9a825; stroke-width: 2.5px; stroke-dasharray: 6 3; }
.box.ready rect { stroke: #f9a825; stroke-width: 3px; }
.box.done { opacity: 0.55; }
.link.hot { stroke: #e65100; stroke-width: 3px; }
.linklabel { font-weight: bold; }
"""

_JS = """
window.playerErrors = [];
window.addEventListener('error', function (e) { window.playerErrors.push(String(e.message)); });
(function () {
  var S = JSON.parse(document.getElementById('story').textContent);
  var k = 0, timer = null;
  function el(id) { return document.getElementById(id); }
  function show(i) {
    k = Math.max(0, Math.min(S.frames.length - 1, i));
    var f = S.frames[k];
    el('step-counter').textContent = 'Step ' + f.n + ' of ' + S.frames.length;
    el('step-node').textContent = f.name;
    el('step-arriving').textContent = f.arriving;
    el('step-explain').textContent = f.explain.split(';  ').join('\\n');
    el('step-derivative').textContent = f.derivative;
    el('step-source').textContent = f.source;
    el('slider').value = k;
    for (var b in S.kinds) {
      var g = el('box-' + b);
      if (g) {
        g.setAttribute('class', 'box ' + S.kinds[b] + (f.status[b] ? ' ' + f.status[b] : ''));
        if (b === f.box && g.scrollIntoView) { g.scrollIntoView({block: 'nearest', inline: 'nearest'}); }
      }
      var t = el('buf-' + b);
      if (t) { t.textContent = f.buf[b] || ''; }
    }
    for (var j = 0; j < S.links.length; j++) {
      var l = S.links[j], p = el('link-' + l), lab = el('linklabel-' + l);
      if (p) { p.setAttribute('class', 'link' + (f.hot.indexOf(l) >= 0 ? ' hot' : '')); }
      if (lab) { lab.textContent = f.labels[l] || ''; }
    }
  }
  function stop() { if (timer !== null) { clearInterval(timer); timer = null; } el('play').textContent = '\\u25B6 play'; }
  function play() {
    if (timer !== null) { stop(); return; }
    if (k >= S.frames.length - 1) { show(0); }
    el('play').textContent = '\\u275A\\u275A pause';
    timer = setInterval(function () { if (k >= S.frames.length - 1) { stop(); } else { show(k + 1); } }, 1300);
  }
  el('prev').addEventListener('click', function () { stop(); show(k - 1); });
  el('next').addEventListener('click', function () { stop(); show(k + 1); });
  el('play').addEventListener('click', play);
  el('slider').addEventListener('input', function () { stop(); show(parseInt(this.value, 10)); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight') { stop(); show(k + 1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft') { stop(); show(k - 1); e.preventDefault(); }
    else if (e.key === ' ') { play(); e.preventDefault(); }
    else if (e.key === 'Home') { stop(); show(0); e.preventDefault(); }
    else if (e.key === 'End') { stop(); show(S.frames.length - 1); e.preventDefault(); }
  });
  show(0);
})();
"""


def _layout_of(model):
    """The player's layout: every box with its values, and room for the gradient buffer under it."""
    return _layout.layout(model, lambda box: box.lines(True, True), extra_line=MAX_BUF)


def player_html(trace, output=None, embed=False, title="backward(), step by step") -> str:
    """The player as HTML text: a whole page, or (``embed=True``, for notebooks) an iframe holding it."""
    model, frames = story(trace, output)
    lay = _layout_of(model)
    svg = _layout.to_svg(lay, lambda ln: "", player=True)
    data = {"frames": frames, "kinds": {b.id: b.kind for b in model.boxes if b.kind in ("op", "leaf")},
            "links": [f"{ln.src}-{ln.dst}-{ln.slot}" for ln in model.links]}
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    n = len(frames)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{_CSS}</style></head>
<body>
<div id="player">
<div id="graph">{svg}</div>
<div id="panel">
<div id="controls"><button id="prev" title="previous step (left arrow)">&#9664; prev</button><button id="play" title="play / pause (space)">&#9654; play</button><button id="next" title="next step (right arrow)">next &#9654;</button></div>
<input id="slider" type="range" min="0" max="{n - 1}" value="0" aria-label="step">
<div id="step-counter"></div>
<div class="label">running</div><div id="step-node"></div>
<div class="label">gradient that arrived (summed)</div><div id="step-arriving"></div>
<div class="label">chain rule</div><div id="step-explain"></div>
<div class="label">derivative, and where it is written</div><div id="step-derivative"></div><div id="step-source"></div>
<div id="rule">A node runs only after <b>every</b> node that uses its output has sent its gradient;
what arrives is <b>summed</b> in its buffer. Keys: &larr; &rarr; to step, space to play.
<div class="key"><span style="background:#ffe0b2;border:2px solid #e65100"></span>running
<span style="border:2px dashed #f9a825"></span>waiting for more
<span style="border:2px solid #f9a825"></span>ready
<span style="background:#ddd;opacity:.6"></span>done</div></div>
</div></div>
<script type="application/json" id="story">{payload}</script>
<script>{_JS}</script>
</body></html>
"""
    if not embed:
        return page
    height = int(max(lay.height + 40, 520))
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:0" '
            'title="backward player"></iframe>')


def save_html(trace, path, output=None) -> Path:
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True)
    path.write_text(player_html(trace, output), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# GIF
# ---------------------------------------------------------------------------------------------
_EDGE = {"running": ("#e65100", 3.0, "-"), "waiting": ("#f9a825", 2.2, "--"), "ready": ("#f9a825", 2.6, "-")}


def animate(trace, path, output=None, fps=1.0, dpi=100) -> Path:
    """Write the story as an animated GIF: one frame per step, ``fps`` frames per second."""
    import matplotlib                  # matplotlib and Pillow are optional: imported only to write a GIF
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch, FancyArrowPatch
    from matplotlib.path import Path as MPath
    from PIL import Image

    model, frames = story(trace, output)
    lay = _layout_of(model)
    lay.width = max(lay.width, 560.0)
    chars = int((lay.width - 16) / _layout.CHAR_W)
    captions = [textwrap.wrap(f"step {f['n']} of {len(frames)}: {f['name']} runs; arrived: {f['arriving']}", chars)
                + textwrap.wrap(f["explain"], chars) for f in frames]
    extra = 16 + 15 * max(len(c) for c in captions)
    links = {f"{ln.src}-{ln.dst}-{ln.slot}": (ln, pts, at) for ln, pts, at in lay.links}
    fig = _layout.figure(lay, lambda ln: "", dpi, None, extra_h=extra)
    ax, canvas, pt = fig.axes[0], fig.canvas, 12 * 72 / 100
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    images = []
    for f, caption in zip(frames, captions):
        def overlay(ax, lay, pt, f=f, caption=caption):
            for bid, st in f["status"].items():
                b = lay.boxes[bid]
                if st in _EDGE or st == "done":
                    colour, lw, ls = _EDGE.get(st, ("#bbbbbb", 1.0, "-"))
                    fc = "#ffe0b2" if st == "running" else ("#ffffff" if st == "done" else "none")
                    alpha = 0.45 if st == "done" else 1.0
                    ax.add_patch(FancyBboxPatch((b.x - b.w / 2, b.y), b.w, b.h, boxstyle="round,pad=0,rounding_size=6",
                                                fc=fc, ec=colour, lw=lw, linestyle=ls, alpha=alpha,
                                                zorder=3 if st != "running" else 1.5))
                    if st == "running":
                        for k, line in enumerate(b.lines):
                            ax.text(b.x, b.y + _layout.PAD_Y + _layout.LINE_H * (k + 1) - 3.5, line, ha="center",
                                    va="baseline", fontsize=pt, family="monospace", zorder=2,
                                    fontweight="bold" if k == 0 else "normal")
                text = f["buf"].get(bid)
                if text:
                    ax.text(b.x, b.y + _layout.PAD_Y + _layout.LINE_H * (len(b.lines) + 1) - 3.5, text,
                            ha="center", va="baseline", fontsize=pt * 0.95, family="monospace", color="#8a3b00",
                            zorder=4)
            for key, text in f["labels"].items():
                ln, pts, at = links[key]
                if key in f["hot"]:
                    verts, codes = [pts[0]], [MPath.MOVETO]
                    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
                        my = (y0 + y1) / 2
                        verts += [(x0, my), (x1, my), (x1, y1)]
                        codes += [MPath.CURVE4] * 3
                    ax.add_patch(FancyArrowPatch(path=MPath(verts, codes), arrowstyle="-|>", mutation_scale=12,
                                                 color="#e65100", lw=2.6, zorder=4))
                ax.text(at[0], at[1], text, fontsize=pt * 0.9, color="#8a3b00", family="monospace",
                        fontweight="bold", zorder=6)
            for k, line in enumerate(caption):
                ax.text(8, lay.height + 18 + 15 * k, line, fontsize=pt, family="monospace", color="#222",
                        va="baseline")
        # the graph is drawn once; each frame draws its highlights over a copy of it
        canvas.restore_region(background)
        before = set(ax.get_children())
        overlay(ax, lay, pt)
        new = [a for a in ax.get_children() if a not in before]
        for a in sorted(new, key=lambda a: a.get_zorder()):
            ax.draw_artist(a)
        rgba = np.asarray(canvas.buffer_rgba())
        images.append(Image.fromarray(rgba[..., :3].copy()).quantize(
            colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE))
        for a in new:
            a.remove()
    plt.close(fig)
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True)
    images[0].save(path, save_all=True, append_images=images[1:], duration=int(1000 / fps), loop=0)
    return path
