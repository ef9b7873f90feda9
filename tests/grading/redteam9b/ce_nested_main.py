"""Dishonest: a main guard that is not at the top level (inside a try), which the reading of the source skipped but the
runner did not empty; with __name__ set to "__main__" its unread code (exec here) runs on import."""
import numpy as np

import minigrad
from minigrad.autograd import Function

__name__ = "__main__"
try:
    if __name__ == "__main__":
        exec("import sys as _s; LOADED = _s._getframe(0).f_code.co_name")
finally:
    __name__ = "ce_nested_main"


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        z, t = logits.detach().numpy(), target.detach().numpy()
        m = z.max(1, keepdims=True)
        lse = m[:, 0] + np.log(np.exp(z - m).sum(1))
        ctx.keep = (z, t, lse)
        return minigrad.tensor(np.float64((lse - z[np.arange(len(t)), t]).mean() + 0 * len(LOADED)))

    @staticmethod
    def backward(ctx, grad_output):
        z, t, lse = ctx.keep
        onehot = np.eye(z.shape[1])[t]
        return minigrad.tensor((np.exp(z - lse[:, None]) - onehot) * (grad_output.item() / len(t))), None
