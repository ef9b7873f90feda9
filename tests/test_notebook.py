"""docs/notebooks/backward_walkthrough.ipynb runs top to bottom in a fresh Jupyter kernel (ipykernel's
python3, importing this checkout's minigrad through PYTHONPATH), and shows the graphs as SVG and the
player as HTML."""
import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebooks" / "backward_walkthrough.ipynb"


def test_walkthrough_notebook_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT)] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    nb.cells.append(nbformat.v4.new_code_cell("import minigrad; print(minigrad.__file__)"))
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert str(ROOT / "minigrad") in text.strip().splitlines()[-1]          # this checkout's minigrad
    assert "PowBackward0: upstream 1 × 2·x^(2-1) = 1 × 6 = 6 → x" in text
    assert "AccumulateGrad (x): waited for 2, received 1 from AddBackward0 (z) + 3 from MulBackward0" in text
    data = [o.get("data", {}) for o in outputs if o.output_type == "execute_result"]
    svgs = [d["image/svg+xml"] for d in data if "image/svg+xml" in d]
    players = [d["text/html"] for d in data if "text/html" in d]
    assert len(svgs) == 3 and all(s.lstrip().startswith("<svg") for s in svgs)
    assert len(players) == 3 and all(p.startswith("<iframe srcdoc=") for p in players)
