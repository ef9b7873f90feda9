# Text generation utilities from language-model sampling scripts: temperature scaling, top-k filtering with
# topk and a -inf fill below the k-th value, nucleus (top-p) filtering with sort, cumsum and scatter back to
# the original order, then torch.multinomial under a seeded generator; repetition penalty with gather/scatter.
import torch
import torch.nn.functional as F


def top_k_top_p_filtering(logits, top_k=0, top_p=1.0, filter_value=-float("inf")):
    if top_k > 0:
        indices_to_remove = logits < torch.topk(logits, top_k)[0][..., -1, None]
        logits = logits.masked_fill(indices_to_remove, filter_value)
    if top_p < 1.0:
        sorted_logits, sorted_indices = torch.sort(logits, descending=True)
        cumulative_probs = torch.cumsum(F.softmax(sorted_logits, dim=-1), dim=-1)
        sorted_indices_to_remove = cumulative_probs > top_p
        sorted_indices_to_remove[..., 1:] = sorted_indices_to_remove[..., :-1].clone()
        sorted_indices_to_remove[..., 0] = 0
        indices_to_remove = sorted_indices_to_remove.scatter(1, sorted_indices, sorted_indices_to_remove)
        logits = logits.masked_fill(indices_to_remove, filter_value)
    return logits


torch.manual_seed(0)
logits = torch.randn(2, 10) * 2
print(top_k_top_p_filtering(logits, top_k=3))
print(top_k_top_p_filtering(logits, top_p=0.8))
g = torch.Generator().manual_seed(123)
for temperature in (0.7, 1.0, 1.5):
    probs = F.softmax(top_k_top_p_filtering(logits / temperature, top_k=5, top_p=0.9), dim=-1)
    print(temperature, torch.multinomial(probs, num_samples=4, replacement=True, generator=g).tolist(),
          probs.max(-1).values)
prev = torch.tensor([[1, 3, 3], [0, 2, 9]])
score = torch.gather(logits, 1, prev)
score = torch.where(score < 0, score * 1.3, score / 1.3)
penalised = logits.scatter(1, prev, score)
print(penalised[:, [0, 1, 2, 3, 9]])
print(torch.multinomial(torch.tensor([0.0, 10.0, 3.0, 0.0]), 2), torch.argmax(penalised, dim=-1, keepdim=True))
print(torch.distributions.Categorical(logits=penalised).sample((3,)).T)
