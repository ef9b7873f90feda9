"""The docs cannot go stale: every ```python block in docs/*.md runs here, and shown outputs are checked.

Conventions for docs/*.md (invisible when the markdown is rendered):
  * the ```python blocks of one file run in order, sharing one namespace, in a scratch directory;
  * a block right after a line ``<!-- no-run -->`` is skipped (use sparingly: shell commands, or
    code that needs something the test machine lacks);
  * a code block (any language: text, mermaid, ...) right after a line ``<!-- output -->`` must equal
    what the python block before it printed (trailing spaces ignored).

After changing a doc or the code it shows, refresh the shown outputs with
    python3 tests/test_docs.py --update docs/how-backward-works.md
and read the diff before committing it.

This file also checks the other half of "the source is the textbook": every primitive op keeps its
forward, its backward and its one-line derivative together in one class.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NO_RUN = "<!-- no-run -->"
OUTPUT = "<!-- output -->"
FENCE = re.compile(r"^(`{3,})\s*([\w+-]*)")


class Block:
    def __init__(self, lang, start, end, code, marker):
        self.lang = lang          # "python", "text", "mermaid", ...
        self.start = start        # line index of the opening fence (0-based)
        self.end = end            # line index of the closing fence
        self.code = code
        self.marker = marker      # NO_RUN, OUTPUT or None: the non-blank line before the fence


def parse(text: str) -> list[Block]:
    """The fenced code blocks of a markdown text, with the marker line before each."""
    lines = text.split("\n")
    blocks, i, prev = [], 0, None
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if lines[i].strip():
                prev = lines[i].strip()
            i += 1
            continue
        fence, lang = m.group(1), m.group(2).lower()
        j = i + 1
        while j < len(lines) and not lines[j].startswith(fence):
            j += 1
        if j == len(lines):
            raise ValueError(f"line {i + 1}: a code block opened with {fence} is never closed")
        marker = prev if prev in (NO_RUN, OUTPUT) else None
        blocks.append(Block(lang, i, j, "\n".join(lines[i + 1:j]), marker))
        prev = None
        i = j + 1
    return blocks


def _normalize(text: str) -> str:
    """Trailing spaces and memory addresses (``<AddBackward0 object at 0x7f...>``) do not count."""
    text = re.sub(r" at 0x[0-9a-f]+", " at 0x…", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip("\n")


def run_doc(path: Path, workdir: Path):
    """Run a doc's python blocks; return [(output block, what the python block before it printed)]."""
    blocks = parse(path.read_text())
    ns = {"__name__": "__doc__"}
    pending = io.StringIO()
    shown = []
    old = os.getcwd()
    os.chdir(workdir)
    try:
        for b in blocks:
            if b.marker == OUTPUT:
                shown.append((b, pending.getvalue()))
            elif b.lang in ("python", "py", "python3") and b.marker != NO_RUN:
                pending = io.StringIO()
                code = compile(b.code, f"{path.name}, block at line {b.start + 1}", "exec")
                with contextlib.redirect_stdout(pending):
                    exec(code, ns)
    finally:
        os.chdir(old)
    return shown


def _doc_files():
    return sorted(DOCS.glob("*.md")) + [ROOT / "README.md"]


@pytest.mark.parametrize("path", _doc_files(), ids=lambda p: p.name)
def test_doc_code_blocks_run_and_outputs_match(path, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.syspath_prepend(str(ROOT))
    for block, printed in run_doc(path, tmp_path):
        expected, got = _normalize(block.code), _normalize(printed)
        assert got == expected, (
            f"{path.name}: the output shown at line {block.start + 1} is not what the code prints now.\n"
            f"--- shown\n{expected}\n--- printed\n{got}\n"
            f"Refresh it with: python3 tests/test_docs.py --update {path.relative_to(ROOT)}")


def test_walkthrough_exists_and_is_checked():
    """The walkthrough is there, runs code, and shows outputs that the test above checks."""
    doc = DOCS / "how-backward-works.md"
    blocks = parse(doc.read_text())
    runnable = [b for b in blocks if b.lang == "python" and b.marker != NO_RUN]
    outputs = [b for b in blocks if b.marker == OUTPUT]
    assert len(runnable) >= 5 and len(outputs) >= 5
    skipped = [b for b in blocks if b.marker == NO_RUN]
    assert len(skipped) <= 2, "no-run is for the odd shell command, not for code that should be tested"


def test_parse_markers():
    text = "\n".join([
        "intro", "```python", "print(1)", "```",
        "<!-- output -->", "```text", "1", "```",
        NO_RUN, "", "```python", "raise SystemExit", "```",
        "```bash", "ls", "```",
    ])
    blocks = parse(text)
    assert [(b.lang, b.marker) for b in blocks] == [("python", None), ("text", OUTPUT), ("python", NO_RUN),
                                                    ("bash", None)]
    assert blocks[0].code == "print(1)" and blocks[1].code == "1"
    with pytest.raises(ValueError, match="never closed"):
        parse("```python\nx = 1\n")


def test_run_doc_catches_a_stale_output(tmp_path):
    doc = tmp_path / "d.md"
    doc.write_text("```python\nx = 2\nprint(x * 3)\n```\n<!-- output -->\n```text\n5\n```\n"
                   "<!-- no-run -->\n```python\nraise RuntimeError\n```\n")
    (block, printed), = run_doc(doc, tmp_path)
    assert printed.strip() == "6" and block.code == "5"


# ---------------------------------------------------------------------------------------------
# the source as a textbook: forward, backward and the derivative together
# ---------------------------------------------------------------------------------------------
def _op_classes():
    import minigrad.ops                                       # noqa: F401  (defines every op class)
    from minigrad.autograd.function import Op

    def subclasses(c):
        for s in c.__subclasses__():
            yield s
            yield from subclasses(s)
    return [c for c in subclasses(Op) if c.__module__.startswith("minigrad.ops")]


def _summary(doc):
    """A docstring's first paragraph, on one line."""
    lines = []
    for line in (doc or "").strip().split("\n"):
        if not line.strip():
            break
        lines.append(line.strip())
    return "   ".join(lines)


def test_every_op_shows_forward_backward_and_derivative_together():
    from minigrad.autograd.function import Function
    ops = _op_classes()
    assert len(ops) > 30
    missing = []
    for cls in ops:
        summary = _summary(cls.__doc__)
        states_rule = any(k in summary for k in ("d/d", "backward", "gradient"))
        implemented = cls.forward is not Function.forward and cls.backward is not Function.backward
        if not (states_rule and implemented):
            missing.append(f"{cls.__module__}.{cls.__name__}: docstring summary {summary!r}; forward and "
                           f"backward implemented: {implemented}")
    assert not missing, ("each op class should state its derivative in its docstring's first paragraph "
                         "(e.g. 'out = exp(x).   d/dx = out') and implement forward and backward:\n"
                         + "\n".join(missing))


# ---------------------------------------------------------------------------------------------
# python3 tests/test_docs.py --update docs/x.md: rewrite the shown outputs from what the code prints
# ---------------------------------------------------------------------------------------------
def update(path: Path) -> int:
    import tempfile
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        shown = run_doc(path, Path(tmp))
    lines = path.read_text().split("\n")
    changed = 0
    for block, printed in reversed(shown):           # from the end, so line numbers stay valid
        new = _normalize(printed).split("\n")
        if new != _normalize(block.code).split("\n"):
            changed += 1
        lines[block.start + 1:block.end] = new
    path.write_text("\n".join(lines))
    return changed


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0] != "--update" or len(args) < 2:
        sys.exit("usage: python3 tests/test_docs.py --update docs/FILE.md [...]")
    for name in args[1:]:
        n = update(Path(name))
        print(f"{name}: {n} output block(s) changed")
