"""The demo pictures README.md shows (docs/images/demos/) are small and not stale: the numbers they draw,
recomputed now, match those saved beside them, and the code that draws them has not changed since."""
import importlib.util
import os

import numpy as np
import pytest

pytest.importorskip("sklearn.datasets")                # the digits picture uses scikit-learn's digits
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def pictures():
    spec = importlib.util.spec_from_file_location("make_demo_pictures",
                                                  os.path.join(ROOT, "scripts", "make_demo_pictures.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def fresh_data(pictures):
    return pictures.compute()[0]


def test_pictures_are_not_stale(pictures, fresh_data):
    problems = pictures.stale_reasons(fresh_data)
    assert not problems, "\n".join(problems)


def test_pictures_are_small(pictures):
    for name in pictures.PICTURES:
        size = os.path.getsize(os.path.join(pictures.OUT, name))
        assert 2_000 < size < 120_000, f"{name}: {size} bytes"


def test_gif_has_one_frame_per_picked_step(pictures, fresh_data):
    from PIL import Image
    gif = Image.open(os.path.join(pictures.OUT, "gradient_descent.gif"))
    assert gif.n_frames == len(fresh_data["gd.picks"])


def test_the_check_notices_changed_numbers_and_code(pictures, fresh_data, monkeypatch):
    moved = dict(fresh_data, **{"nmf.2.losses": fresh_data["nmf.2.losses"] * 1.01})
    assert any("nmf.2.losses" in p for p in pictures.stale_reasons(moved))
    real = pictures.source_hashes
    monkeypatch.setattr(pictures, "source_hashes",
                        lambda name: {**real(name), "demos/_common.py": "0" * 64})
    assert any("demos/_common.py changed" in p for p in pictures.stale_reasons(fresh_data))
    assert np.isnan(fresh_data["nmf.4.losses"][1:]).all()          # the naive run's NaN are kept, and compared
