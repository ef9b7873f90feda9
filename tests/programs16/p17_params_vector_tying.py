"""parameters_to_vector / vector_to_parameters, weight tying, shared parameters counted once."""
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters


class TiedLM(nn.Module):
    def __init__(self, vocab=6, dim=4):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.proj = nn.Linear(dim, vocab, bias=False)
        self.proj.weight = self.emb.weight

    def forward(self, idx):
        return self.proj(torch.tanh(self.emb(idx)))


torch.manual_seed(0)
m = TiedLM()
print(m.proj.weight is m.emb.weight, len(list(m.parameters())), len(m.state_dict()))
v = parameters_to_vector(m.parameters())
print(v.shape, v.requires_grad)
vector_to_parameters(torch.arange(v.numel(), dtype=torch.float32) / 100, m.parameters())
print(m.emb.weight[1], m.proj.weight[1])
out = m(torch.tensor([1, 2]))
nn.functional.cross_entropy(out, torch.tensor([3, 4])).backward()
print(m.emb.weight.grad.shape, m.emb.weight.grad.abs().sum() > 0)
flat = torch.cat([p.grad.reshape(-1) for p in m.parameters()])
print(flat.shape, f"{flat.norm():.4f}")
print(sum(p.numel() for p in m.parameters()), [k for k in m.state_dict()])
