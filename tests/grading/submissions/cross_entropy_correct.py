"""A correct cross-entropy submission, written with minigrad tensor operations."""
import minigrad
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits, target):
        m = logits.max(dim=1, keepdim=True).values
        shifted = logits - m
        lse = shifted.exp().sum(dim=1, keepdim=True).log()
        logp = shifted - lse
        n = logits.shape[0]
        ctx.save_for_backward(logp, target)
        return -logp.gather(1, target[:, None]).sum() / n

    @staticmethod
    def backward(ctx, grad):
        logp, target = ctx.saved_tensors
        n, c = logp.shape
        onehot = (minigrad.arange(c, device=logp.device)[None, :] == target[:, None]).to(logp.dtype)
        return grad * (logp.exp() - onehot) / n, None
