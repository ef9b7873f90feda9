"""Reads minigrad's optimizer source and executes it under another name (the static reading refuses exec)."""
import os

import minigrad.optim

src = open(os.path.join(os.path.dirname(minigrad.optim.__file__), "sgd.py")).read()
src = src.replace("from ..autograd.grad_mode import no_grad", "from minigrad.autograd.grad_mode import no_grad")
src = src.replace("from .optimizer import Optimizer, required", "from minigrad.optim.optimizer import Optimizer, required")
ns = {"__name__": "copied"}
exec(compile(src, "copied.py", "exec"), ns)
SGD = ns["SGD"]
