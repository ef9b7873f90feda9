"""SparseAdam: torch's lazy Adam for the gradients of ``nn.Embedding(sparse=True)``. minigrad's gradients
are dense, but such an embedding notes which rows its gradient covers (the looked-up rows, less
padding_idx: the indices of torch's sparse gradient); only those rows' moments and values are updated:
    m_r += (1-β1)(g_r - m_r)      v_r += (1-β2)(g_r² - v_r)
    p_r -= lr·√(1-β2^t)/(1-β1^t) · m_r / (√v_r + eps)
A gradient that came from elsewhere (a dense one) is refused, as torch refuses it."""
from __future__ import annotations

import math

from .. import backend
from ..autograd.grad_mode import no_grad
from ..factories import zeros_like
from ..tensor import _wrap
from .optimizer import Optimizer, _check_common


class SparseAdam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize: bool = False):
        if not 0.0 < lr:                                  # (torch's SparseAdam refuses lr=0 too)
            raise ValueError(f"Invalid learning rate: {lr} (SparseAdam needs lr > 0)")
        _check_common("SparseAdam", lr, eps=eps, betas=betas)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, maximize=maximize))

    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                rows = p.__dict__.pop("_sparse_rows", None)
                if rows is None:
                    raise RuntimeError("SparseAdam does not support dense gradients, please consider Adam instead "
                                       "(SparseAdam updates the rows of an nn.Embedding(sparse=True) / "
                                       "F.embedding(..., sparse=True) that backward reached)")
                self._update(group, p, _wrap(backend.to_device(rows, p.device)))
        return loss

    def _update(self, group, p, rows):
        state = self.state[p]
        if not state:
            state.update(step=0, exp_avg=zeros_like(p), exp_avg_sq=zeros_like(p))
        state["step"] += 1
        beta1, beta2 = group["betas"]
        with no_grad():
            g = p.grad[rows]
            if group["maximize"]:
                g = -g
            m_old, v_old = state["exp_avg"][rows], state["exp_avg_sq"][rows]
            m_step, v_step = (g - m_old) * (1 - beta1), (g * g - v_old) * (1 - beta2)
            state["exp_avg"][rows] = m_old + m_step
            state["exp_avg_sq"][rows] = v_old + v_step
            t = state["step"]
            step_size = group["lr"] * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
            p[rows] = p[rows] - step_size * (m_step + m_old) / ((v_step + v_old).sqrt() + group["eps"])
