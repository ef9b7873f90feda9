# Masks for variable-length sequences as NLP code builds them: lengths to a boolean mask with arange < len,
# masked mean pooling, masked_fill before softmax, attention over padded keys with the fully-masked rows made
# safe with nan_to_num, and masked_select / masked_scatter of the valid tokens; the loss ignores padding.
import torch
import torch.nn.functional as F

torch.manual_seed(0)
lengths = torch.tensor([4, 2, 0, 3])
T, D = 5, 3
h = torch.randn(4, T, D, requires_grad=True)
mask = torch.arange(T)[None, :] < lengths[:, None]
print(mask.int())
denom = mask.sum(1, keepdim=True).clamp(min=1)
pooled = (h * mask.unsqueeze(-1)).sum(1) / denom
print(pooled)
scores = torch.einsum("btd,bd->bt", h, pooled.detach())
att = scores.masked_fill(~mask, float("-inf")).softmax(-1)
safe = torch.nan_to_num(att, nan=0.0)
print(att[2], safe[2], safe.sum(1))
ctx = torch.bmm(safe.unsqueeze(1), h).squeeze(1)
logits = torch.randn(4, T, 6)
tgt = torch.randint(0, 6, (4, T)).masked_fill(~mask, -100)
loss = F.cross_entropy(logits.view(-1, 6), tgt.view(-1), ignore_index=-100) + ctx.pow(2).sum()
loss.backward()
print(f"{loss.item():.6f}", h.grad[1, 2:].abs().sum().item() == 0, h.grad[0, 0])
valid = torch.masked_select(h.detach()[..., 0], mask)
print(valid.shape, valid[:3])
out = torch.zeros(4, T).masked_scatter(mask, torch.arange(9.0))
print(out, mask.long().cumsum(1) * mask)
print(torch.where(mask, torch.ones(4, T), torch.full((4, T), -1.0)).sum(), (~mask).nonzero()[:3])
