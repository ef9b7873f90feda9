"""The pictures in docs/images/backward/ are what scripts/make_backward_pictures.py draws today: SVGs
compared as text, the player's GIF through the fingerprint of what it shows. After changing the
drawing code or the examples, run `python3 scripts/make_backward_pictures.py` and commit the result."""
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images" / "backward"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_backward_pictures",
                                                  ROOT / "scripts" / "make_backward_pictures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_pictures_are_up_to_date(script):
    assert script.stale(IMAGES) == [], "run: python3 scripts/make_backward_pictures.py"


def test_a_changed_picture_is_detected(script, tmp_path):
    for p in IMAGES.iterdir():
        (tmp_path / p.name).write_bytes(p.read_bytes())
    svg = tmp_path / "x_squared_plus_1.svg"
    svg.write_text(svg.read_text().replace("PowBackward0", "PowBackwards"))
    fp = tmp_path / script.FINGERPRINTS
    fp.write_text(fp.read_text().replace("a", "b", 1))
    (tmp_path / "mlp_backward.svg").unlink()
    assert sorted(script.stale(tmp_path)) == ["mlp_backward.svg", "reused_player.gif", "x_squared_plus_1.svg"]
    assert script.main(["--check", "--out", str(tmp_path)]) == 1


def test_every_picture_is_shown_and_well_formed(script):
    page = (ROOT / "docs" / "how-backward-works.md").read_text()
    linked = set(re.findall(r"\]\(images/backward/([\w.]+)\)", page))
    drawn = set(script.pictures())
    assert linked == drawn
    for name in drawn:
        if name.endswith(".svg"):
            root = ET.fromstring((IMAGES / name).read_text())
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (IMAGES / "reused_player.gif").read_bytes()[:6] == b"GIF89a"
