"""CrossEntropy with torch's optional arguments implemented (weight, ignore_index, reduction,
label_smoothing), taken as keyword arguments with torch's defaults.  The assignment only calls
CrossEntropy.apply(logits, target), i.e. the defaults."""
import numpy as np

import minigrad
from minigrad.autograd import Function

DEFAULTS = dict(weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0)


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target, **kwargs):
        opts = {**DEFAULTS, **kwargs}
        z = logits.detach().numpy()
        t = target.detach().numpy().astype(np.int64)
        n, c = z.shape
        w = np.ones(c) if opts["weight"] is None else np.asarray(opts["weight"].detach().numpy(), dtype=np.float64)
        keep = t != opts["ignore_index"]
        tt = np.where(keep, t, 0)
        m = z.max(axis=1, keepdims=True)
        logp = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
        eps = opts["label_smoothing"]
        q = np.full((n, c), eps / c)
        q[np.arange(n), tt] += 1.0 - eps
        q *= keep[:, None]
        wq = q * w[None, :]
        per_row = -(wq * logp).sum(axis=1)
        w_t = w[tt] * keep
        if opts["reduction"] == "mean":
            denom = w_t.sum() if eps == 0 else keep.sum() if opts["weight"] is None else w_t.sum()
            loss = per_row.sum() / denom
        elif opts["reduction"] == "sum":
            denom, loss = 1.0, per_row.sum()
        else:
            raise NotImplementedError("reduction='none' is not needed here")
        ctx.cache = (np.exp(logp), wq, denom)
        return minigrad.tensor(loss, dtype=minigrad.float64)

    @staticmethod
    def backward(ctx, grad_output, *rest):
        p, wq, denom = ctx.cache
        # d/dz of -sum_c wq_c log p_c = p * sum_c wq_c - wq
        grad = p * wq.sum(axis=1, keepdims=True) - wq
        return minigrad.tensor(grad * (float(grad_output.detach().numpy()) / denom), dtype=minigrad.float64), None
