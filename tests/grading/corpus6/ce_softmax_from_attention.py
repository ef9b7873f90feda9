import minigrad
import minigrad.nn.functional as F
from minigrad.autograd import Function


class CrossEntropy(Function):
    """softmax obtained from scaled_dot_product_attention with an identity value matrix."""
    @staticmethod
    def forward(ctx, logits, target):
        with minigrad.no_grad():
            z = logits.detach()
            n, c = z.shape
            q = minigrad.ones(n, 1, 1, dtype=z.dtype)
            k = minigrad.ones(n, c, 1, dtype=z.dtype)
            v = minigrad.eye(c, dtype=z.dtype).expand(n, c, c)
            p = F.scaled_dot_product_attention(q, k, v, attn_mask=z.unsqueeze(1), scale=1.0).squeeze(1)
        ctx.p, ctx.t = p, target
        return -(p[minigrad.arange(n), target].log()).mean()

    @staticmethod
    def backward(ctx, g):
        p = ctx.p.clone()
        n = p.shape[0]
        p[minigrad.arange(n), ctx.t] -= 1
        return g * p / n, None
