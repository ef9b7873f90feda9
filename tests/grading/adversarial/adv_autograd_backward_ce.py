"""Half work: forward with minigrad ops (logsumexp, gather), backward NOT written: minigrad.autograd.grad
of that forward (not refused in cross-entropy). Deserves forward-type points only (forward 20, large logits?)."""
import minigrad
from minigrad.autograd import Function


def _ce(x, t):
    m = x.max(dim=1, keepdim=True)[0] if isinstance(x.max(dim=1, keepdim=True), tuple) else x.max(dim=1, keepdim=True)
    m = m.detach()
    lse = ((x - m).exp().sum(dim=1)).log() + m.reshape(-1)
    picked = x.gather(1, t.reshape(-1, 1)).reshape(-1)
    return (lse - picked).mean()


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        ctx.save_for_backward(logits, target)
        return _ce(logits.detach(), target).detach()

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        xs = x.detach().requires_grad_()
        with minigrad.enable_grad():
            (g,) = minigrad.autograd.grad(_ce(xs, t), [xs], grad)
        return g, None
