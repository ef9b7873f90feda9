"""Adafactor (Shazeer & Stern, 2018) as torch's single-tensor update. A matrix (or a stack of them) keeps
only a row and a column average of g² instead of a full second moment:
    t-th step:  β2ᵗ weight = t^beta2_decay,   ρ = min(lr, 1/√t),   α = max(eps2, RMS(p)) · ρ
    p ← p·(1 - lr·weight_decay)                                   (decoupled, after α is read)
    matrix:  R ← lerp(R, mean_cols(g²), t^beta2_decay),  C ← lerp(C, mean_rows(g²), t^beta2_decay),
             v = R C / mean(R)        vector:  v ← lerp(v, g², t^beta2_decay)
    u = g / √max(v, eps1²),   p ← p - α/max(1, RMS(u)/d) · u
eps1 defaults to the dtype's machine epsilon."""
from __future__ import annotations

from .. import dtypes
from ..autograd.grad_mode import no_grad
from ..factories import zeros
from .optimizer import Optimizer, _scalar, count_step


class Adafactor(Optimizer):
    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, *,
                 foreach=None, maximize=False):
        if not 0.0 <= _scalar(lr):
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not 0.0 <= eps[0]:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= eps[1]:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        super().__init__(params, dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize))

    def _init_state(self, group, p):
        g = p.grad
        if g.dim() > 1:
            return {"row_var": zeros((*g.shape[:-1], 1), dtype=g.dtype, device=g.device),
                    "col_var": zeros((*g.shape[:-2], 1, g.shape[-1]), dtype=g.dtype, device=g.device)}
        return {"variance": zeros(tuple(g.shape), dtype=g.dtype, device=g.device)}

    @no_grad()
    def step(self, closure=None):
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, wd, d, beta2_decay = _scalar(group["lr"]), group["weight_decay"], group["d"], group["beta2_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = -p.grad if group["maximize"] else p.grad
                state = self._state_of(group, p)
                t = float(count_step(state))
                eps1 = group["eps"][0] if group["eps"][0] is not None else dtypes.finfo(p.dtype).eps
                weight = t ** beta2_decay
                alpha = max(group["eps"][1], p.norm(2).item() / p.numel() ** 0.5) * min(lr, 1 / t ** 0.5)
                if wd != 0:
                    p.mul_(1 - lr * wd)
                if g.dim() > 1:
                    row, col = state["row_var"], state["col_var"]
                    row.lerp_((g * g).mean(dim=-1, keepdim=True), weight)
                    col.lerp_((g * g).mean(dim=-2, keepdim=True), weight)
                    v = (row @ col).div_(row.mean(dim=-2, keepdim=True).clamp_(min=eps1))
                else:
                    state["variance"].lerp_(g * g, weight)
                    v = state["variance"].clone()
                update = v.clamp_(min=eps1 * eps1).rsqrt_().mul_(g)
                denom = max(1.0, update.norm(2).item() / (update.numel() ** 0.5 * d))
                p.add_(update, alpha=-alpha / denom)
        return loss
