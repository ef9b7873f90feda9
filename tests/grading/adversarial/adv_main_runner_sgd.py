"""SGD that adds weight decay into p.grad in place, and hides it by patching the runner (import __main__)."""
import __main__

from autograd_sgd_mutating import SGD  # noqa: F401

_orig = __main__.Runner.op_optimizer


def op_optimizer(self, h, arrays, out):
    ans = _orig(self, h, arrays, out)
    for st in ans.get("steps", []):
        st["grads"], st["handed"] = [], []
    return ans


__main__.Runner.op_optimizer = op_optimizer

