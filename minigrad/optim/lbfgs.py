"""L-BFGS as torch's ``LBFGS``: a quasi-Newton method that keeps the last ``history_size`` steps s and
gradient changes y, and turns the gradient into a direction with the two-loop recursion

    q = -g;  for i newest..oldest: a_i = ρ_i·sᵢ·q,  q -= a_i·yᵢ
    d = H₀·q (H₀ = sᵀy/yᵀy of the newest pair);  for i oldest..newest: b = ρ_i·yᵢ·d,  d += (a_i - b)·sᵢ

then moves by ``lr`` along d (the first step scaled by 1/Σ|g|), or by a strong-Wolfe line search
(``line_search_fn="strong_wolfe"``: bracketing, then cubic interpolation). ``step(closure)`` runs up to
``max_iter`` iterations; the closure re-computes the loss and its gradients. All parameters form one
flat vector (one param group only), and every scalar is kept as torch keeps it (0-d tensors in the
parameters' dtype), so the iterates equal torch's.
"""
from __future__ import annotations

from ..autograd.grad_mode import enable_grad, no_grad
from ..factories import zeros
from ..ops.shape import cat
from ..tensor import Tensor
from .optimizer import Optimizer, _check_common, _scalar


def _num(x):
    return x.item() if isinstance(x, Tensor) else x


def _cubic_min(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimiser of the cubic through (x1, f1, slope g1) and (x2, f2, slope g2), clipped to
    ``bounds`` (default: between x1 and x2); their midpoint when the cubic has no minimum."""
    lo, hi = bounds if bounds is not None else ((x1, x2) if x1 <= x2 else (x2, x1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    disc = d1 ** 2 - g1 * g2
    if disc < 0:
        return (lo + hi) / 2.0
    d2 = disc.sqrt()
    if x1 <= x2:
        at = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        at = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(at, lo), hi)


def _strong_wolfe(evaluate, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """A step t along d with sufficient decrease (f(t) <= f + c1·t·gᵀd) and small slope
    (|g(t)ᵀd| <= -c2·gᵀd): first find a bracket, then shrink it by cubic interpolation.
    Returns (f(t), g(t), t, evaluations)."""
    d_norm = d.abs().max()
    g = g.clone()
    f_new, g_new = evaluate(x, t, d)
    evals = 1
    gtd_new = g_new.dot(d)
    t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
    done = False
    it = 0
    while it < max_ls:                                   # 1. bracketing
        if f_new > (f + c1 * t * gtd) or (it > 1 and f_new >= f_prev):
            br, br_f, br_g, br_gtd = [t_prev, t], [f_prev, f_new], [g_prev, g_new.clone()], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            br, br_f, br_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            br, br_f, br_g, br_gtd = [t_prev, t], [f_prev, f_new], [g_prev, g_new.clone()], [gtd_prev, gtd_new]
            break
        step_lo, step_hi = t + 0.01 * (t - t_prev), t * 10
        t_prev, t = t, _cubic_min(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(step_lo, step_hi))
        f_prev, g_prev, gtd_prev = f_new, g_new.clone(), gtd_new
        f_new, g_new = evaluate(x, t, d)
        evals += 1
        gtd_new = g_new.dot(d)
        it += 1
    if it == max_ls:
        br, br_f, br_g = [0, t], [f, f_new], [g, g_new]
    stalled = False
    low, high = (0, 1) if br_f[0] <= br_f[-1] else (1, 0)
    while not done and it < max_ls:                      # 2. zoom
        if abs(br[1] - br[0]) * d_norm < tolerance_change:
            break
        t = _cubic_min(br[0], br_f[0], br_gtd[0], br[1], br_f[1], br_gtd[1])
        eps = 0.1 * (max(br) - min(br))
        if min(max(br) - t, t - min(br)) < eps:          # too close to an end: move away, or note it
            if stalled or t >= max(br) or t <= min(br):
                t = max(br) - eps if abs(t - max(br)) < abs(t - min(br)) else min(br) + eps
                stalled = False
            else:
                stalled = True
        else:
            stalled = False
        f_new, g_new = evaluate(x, t, d)
        evals += 1
        gtd_new = g_new.dot(d)
        it += 1
        if f_new > (f + c1 * t * gtd) or f_new >= br_f[low]:
            br[high], br_f[high], br_g[high], br_gtd[high] = t, f_new, g_new.clone(), gtd_new
            low, high = (0, 1) if br_f[0] <= br_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (br[high] - br[low]) >= 0:
                br[high], br_f[high], br_g[high], br_gtd[high] = br[low], br_f[low], br_g[low], br_gtd[low]
            br[low], br_f[low], br_g[low], br_gtd[low] = t, f_new, g_new.clone(), gtd_new
    return br_f[low], br_g[low], br[low], evals


class LBFGS(Optimizer):
    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None):
        _check_common("LBFGS", lr)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        super().__init__(params, dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                                      tolerance_change=tolerance_change, history_size=history_size,
                                      line_search_fn=line_search_fn))
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    # the parameters as one flat vector
    def _flat_grad(self):
        return cat([p.grad.reshape(-1) if p.grad is not None else zeros(p.numel(), dtype=p.dtype, device=p.device)
                    for p in self._params], 0)

    def _move(self, t, d):
        offset, t = 0, _num(t)
        for p in self._params:
            n = p.numel()
            p.add_(d[offset:offset + n].view_as(p), alpha=t)
            offset += n

    def _evaluate_at(self, closure, x, t, d):
        """f and g at x + t·d (the parameters are put back to x afterwards)."""
        self._move(t, d)
        loss = float(closure())
        g = self._flat_grad()
        for p, saved in zip(self._params, x):
            p.copy_(saved)
        return loss, g

    @no_grad()
    def step(self, closure):
        if closure is None:
            raise RuntimeError("LBFGS.step needs a closure that zeroes the gradients, computes the loss, calls "
                               "loss.backward() and returns the loss")

        def evaluate():
            with enable_grad():
                return closure()
        group = self.param_groups[0]
        lr, max_iter, max_eval = _scalar(group["lr"]), group["max_iter"], group["max_eval"]
        tol_grad, tol_change = group["tolerance_grad"], group["tolerance_change"]
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)

        orig_loss = evaluate()
        loss = float(orig_loss)
        evals = 1
        state["func_evals"] += 1
        g = self._flat_grad()
        if g.abs().max() <= tol_grad:
            return orig_loss
        d, t = state.get("d"), state.get("t")
        dirs, steps, rho = state.get("old_dirs"), state.get("old_stps"), state.get("ro")
        h_diag, g_prev, loss_prev = state.get("H_diag"), state.get("prev_flat_grad"), state.get("prev_loss")

        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:                       # steepest descent to start
                d, dirs, steps, rho, h_diag = -g, [], [], [], 1
            else:
                y, s = g - g_prev, d * t
                ys = y.dot(s)
                if ys > 1e-10:                             # keep the pair only when curvature is positive
                    if len(dirs) == group["history_size"]:
                        del dirs[0], steps[0], rho[0]
                    dirs.append(y)
                    steps.append(s)
                    rho.append(1.0 / ys)
                    h_diag = ys / y.dot(y)
                al = state.setdefault("al", [None] * group["history_size"])
                q = -g
                for i in range(len(dirs) - 1, -1, -1):
                    al[i] = steps[i].dot(q) * rho[i]
                    q.add_(dirs[i], alpha=-_num(al[i]))
                d = r = q * h_diag
                for i in range(len(dirs)):
                    b = dirs[i].dot(r) * rho[i]
                    r.add_(steps[i], alpha=_num(al[i] - b))
            g_prev = g.clone()
            loss_prev = loss
            t = min(1.0, 1.0 / g.abs().sum()) * lr if state["n_iter"] == 1 else lr
            gtd = g.dot(d)
            if gtd > -tol_change:                          # not a descent direction
                break
            ls_evals = 0
            if group["line_search_fn"] is not None:
                if group["line_search_fn"] != "strong_wolfe":
                    raise RuntimeError("only 'strong_wolfe' is supported")
                x0 = [p.clone() for p in self._params]
                loss, g, t, ls_evals = _strong_wolfe(lambda x, t_, d_: self._evaluate_at(evaluate, x, t_, d_),
                                                     x0, t, d, loss, g, gtd, max_ls=max_eval - evals)
                self._move(t, d)
                converged = g.abs().max() <= tol_grad
            else:
                self._move(t, d)
                converged = False
                if n_iter != max_iter:
                    loss = float(evaluate())
                    g = self._flat_grad()
                    converged = g.abs().max() <= tol_grad
                    ls_evals = 1
            evals += ls_evals
            state["func_evals"] += ls_evals
            if n_iter == max_iter or evals >= max_eval or converged:
                break
            if (d * t).abs().max() <= tol_change or abs(loss - loss_prev) < tol_change:
                break
        state.update(d=d, t=t, old_dirs=dirs, old_stps=steps, ro=rho, H_diag=h_diag, prev_flat_grad=g_prev,
                     prev_loss=loss_prev)
        return orig_loss
