"""Cross-entropy with minigrad tensor methods: logsumexp, gather, softmax, one_hot, and a 0-d tensor."""
import minigrad
import minigrad.nn.functional as F
from minigrad.autograd import Function


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, logits: minigrad.Tensor, target: minigrad.Tensor) -> minigrad.Tensor:
        lse = logits.logsumexp(dim=1)
        picked = logits.gather(1, target.unsqueeze(1)).squeeze(1)
        ctx.save_for_backward(logits, target)
        return (lse - picked).mean()

    @staticmethod
    def backward(ctx, grad_output):
        logits, target = ctx.saved_tensors
        n, c = logits.shape
        p = F.softmax(logits, dim=1)
        onehot = F.one_hot(target, c).to(logits.dtype)
        return grad_output * (p - onehot) / n, None
